/**
 * `npm start`'s local delegates: witness child processes on loopback under a policy with q = ⌊2K/3⌋ + 1,
 * that answer tlog-witness requests, and die with their parent even when it is SIGKILLed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkPolicy } from "@vigil/log";

const PARENT = path.resolve(import.meta.dirname, "fixtures/local-nodes-parent.ts");
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("local delegate nodes", () => {
  it("start as children under a K = 2, q = 2 policy, serve add-checkpoint, and exit when the parent is killed", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-nodes-"));
    const parent = spawn(process.execPath, ["--import", "tsx", PARENT, dataDir, "2"], { stdio: ["ignore", "pipe", "inherit"] });
    const info = await new Promise<{ policyFile: string; urls: string[]; pids: number[] }>((resolve, reject) => {
      let out = "";
      parent.stdout!.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!));
      });
      parent.once("exit", () => reject(new Error(`the parent exited: ${out}`)));
    });
    expect(info.policyFile).toBe(path.join(dataDir, "nodes", "delegates.policy"));
    const policy = checkPolicy(readFileSync(info.policyFile, "utf8"));
    expect(policy.ok && policy.policy.groups).toEqual([{ name: "delegates", threshold: 2, members: ["d1", "d2"] }]);
    expect(policy.ok && policy.policy.witnesses.map((w) => w.url)).toEqual(info.urls);
    // Each answers as a witness: a body without a checkpoint is a 400 from the tlog-witness decisions.
    for (const url of info.urls) {
      const deadline = Date.now() + 240_000;
      let status = 0;
      while (status === 0 && Date.now() < deadline) {
        status = await fetch(`${url}/add-checkpoint`, { method: "POST", body: "old 0\n\n" }).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe(400);
    }
    expect(info.pids.every(alive)).toBe(true);
    parent.kill("SIGKILL");
    const deadline = Date.now() + 30_000;
    while (info.pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(info.pids.filter(alive)).toEqual([]);
  }, 300_000);
});
