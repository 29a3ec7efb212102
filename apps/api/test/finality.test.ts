/**
 * Finality across real processes (issue 9, acceptance 2): the API and five delegate witnesses, each its own
 * `npm run node -- witness` process on loopback, under the policy K = 5, q = 4. Checkpoints become final;
 * with one delegate killed they still do; with two killed they do not, and the API says which delegates
 * failed and why; a delegate that comes back catches up from what it last cosigned.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeVerifierKey } from "@vigil/log";
import { type NodeProcess, startWitness } from "../../node/test/process.ts";
import { loadKeyRing, rawEd25519 } from "../src/keys.ts";
import { BACKENDS, type Running, startVigil } from "./harness.ts";

const ORIGIN = "vigil.example/log";
const NAMES = ["d1", "d2", "d3", "d4", "d5"];

const CHECKPOINT = `query($s: Int!) { checkpoint(size: $s) { size note final cosignatures { name timestamp } finality { reason witnessed missing short { group threshold have } } } }`;
const STATUS = `{ nodeStatus { quorum latestCheckpoint { size final finality { reason missing } } latestFinalCheckpoint { size }
  delegates { name url lastCosignedSize lag lastError } } }`;

interface Status {
  nodeStatus: {
    quorum: string;
    latestCheckpoint: { size: number; final: boolean; finality: { reason: string | null; missing: string[] } };
    latestFinalCheckpoint: { size: number } | null;
    delegates: { name: string; url: string; lastCosignedSize: number | null; lag: number; lastError: string | null }[];
  };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const running: NodeProcess[] = [];
afterAll(async () => {
  for (const w of running) if (w.child.exitCode === null) await w.kill9();
});

describe.each(BACKENDS)("finality with five delegate processes on %s", (backend) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-finality-"));
  const witnessDirs = NAMES.map((n) => path.join(dataDir, "nodes", n));
  let witnesses: NodeProcess[] = [];
  let run: Running;
  let token: string;
  let decision: string;

  const status = async () => {
    const r = await run.gql<Status>(STATUS, {}, token);
    expect(r.errors).toBeUndefined();
    return r.data!.nodeStatus;
  };
  const checkpoint = async (size: number) => {
    const r = await run.gql(CHECKPOINT, { s: size }, token);
    expect(r.errors).toBeUndefined();
    return r.data!.checkpoint as {
      size: number;
      note: string;
      final: boolean;
      cosignatures: { name: string; timestamp: string }[];
      finality: { reason: string | null; witnessed: string[]; missing: string[]; short: { group: string; threshold: number; have: number }[] };
    };
  };
  /** A logged write (a task assignment), then the checkpoint that covers it. */
  const write = async () => {
    const before = (await status()).latestCheckpoint.size;
    const r = await run.gql(
      `mutation($i: AssignTaskInput!) { assignTask(input: $i) { entryIndex } }`,
      { i: { title: `Check ${Date.now()}`, ownerDepartmentCode: "HOSP-RL-01-02" } },
      decision,
    );
    expect(r.errors).toBeUndefined();
    return until("a new checkpoint", async () => {
      const s = await status();
      return s.latestCheckpoint.size > before && s.latestCheckpoint.size;
    });
  };
  const witnessArgs = (i: number, logVkey: string) => ["--data", witnessDirs[i]!, "--log-vkey", logVkey, "--name", `${NAMES[i]}.vigil.test`];

  it("starts the delegates and the API under a K = 5, q = 4 policy", async () => {
    // The keys exist before the API starts, so the delegates can pin the log's key.
    const keys = loadKeyRing(dataDir);
    const logVkey = encodeVerifierKey(ORIGIN, rawEd25519(keys.logPublic));
    // Five processes starting at once on a shared 2-core machine: allow them time.
    witnesses = await Promise.all(NAMES.map((_, i) => startWitness(witnessArgs(i, logVkey), {}, { timeoutMs: 400_000 })));
    running.push(...witnesses);
    const policyFile = path.join(dataDir, "delegates.policy");
    writeFileSync(
      policyFile,
      [
        `log ${logVkey}`,
        ...witnesses.map((w, i) => `witness ${NAMES[i]} ${w.vkey} ${w.url}`),
        `group delegates 4 ${NAMES.join(" ")}`,
        "quorum delegates",
        "",
      ].join("\n"),
    );
    run = await startVigil(backend, { dataDir, config: { witnessPolicyFile: policyFile, witnessTimeoutMs: 15_000, witnessRetryMs: 300 } });
    token = await run.login("auditor@vigil.example");
    decision = await run.login("decision@vigil.example");
    expect((await status()).quorum).toBe("delegates");
  }, 600_000);

  it("makes checkpoints final with every delegate's cosignature, stored and in the note", async () => {
    const size = await write();
    const cp = await until("finality", async () => {
      const c = await checkpoint(size);
      return c.cosignatures.length === 5 && c;
    });
    expect(cp.final).toBe(true);
    expect(cp.finality.reason).toBeNull();
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(NAMES);
    for (const c of cp.cosignatures) expect(Math.abs(Date.parse(c.timestamp) - Date.now())).toBeLessThan(60_000);
    // The note carries the log's signature and one line per delegate key.
    for (const n of NAMES) expect(cp.note).toContain(`\u2014 ${n}.vigil.test `);
    expect(await run.vigil.db.prisma.checkpointCosignature.count({ where: { checkpointSize: BigInt(size) } })).toBe(5);
    const s = await status();
    expect(s.latestFinalCheckpoint?.size).toBe(size);
    expect(s.delegates.map((d) => [d.name, d.lastCosignedSize, d.lag, d.lastError])).toEqual(NAMES.map((n) => [n, size, 0, null]));
  });

  it("stays final with one delegate killed, and names it", async () => {
    await witnesses[2]!.kill9();
    const size = await write();
    const cp = await until("four cosignatures and d3's failure", async () => {
      const c = await checkpoint(size);
      const d3 = (await status()).delegates.find((d) => d.name === "d3")!;
      return c.cosignatures.length === 4 && d3.lastError?.startsWith(`checkpoint ${size}:`) && c;
    });
    expect(cp.final).toBe(true);
    expect(cp.finality.missing).toEqual(["d3"]);
    const d3 = (await status()).delegates.find((d) => d.name === "d3")!;
    expect(d3.lastError).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(d3.lag).toBeGreaterThan(0);
  });

  it("is not final with two delegates killed, and says why", async () => {
    const finalBefore = (await status()).latestFinalCheckpoint!.size;
    await witnesses[4]!.kill9();
    const size = await write();
    const s = await until("both failures recorded", async () => {
      const st = await status();
      const failed = st.delegates.filter((d) => d.lastError?.startsWith(`checkpoint ${size}:`)).map((d) => d.name);
      return failed.length === 2 && st;
    });
    const cp = await checkpoint(size);
    expect(cp.final).toBe(false);
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(["d1", "d2", "d4"]);
    expect(cp.finality.missing).toEqual(["d3", "d5"]);
    expect(cp.finality.short).toEqual([{ group: "delegates", threshold: 4, have: 3 }]);
    expect(cp.finality.reason).toBe("delegates needs 4 cosignatures and has 3; missing: d3, d5");
    expect(s.latestCheckpoint).toMatchObject({ size, final: false, finality: { missing: ["d3", "d5"] } });
    expect(s.latestFinalCheckpoint?.size).toBe(finalBefore);
    expect(s.delegates.filter((d) => d.lastError).map((d) => d.name)).toEqual(["d3", "d5"]);
  });

  it("becomes final again when a killed delegate returns: it catches up from what it last cosigned", async () => {
    const size = (await status()).latestCheckpoint.size;
    const logVkey = encodeVerifierKey(ORIGIN, rawEd25519(run.vigil.services.keys.logPublic));
    witnesses[2] = await startWitness([...witnessArgs(2, logVkey), "--port", new URL(witnesses[2]!.url).port], {}, { timeoutMs: 200_000 });
    running.push(witnesses[2]);
    const cp = await until("d3's catch-up cosignature", async () => {
      const c = await checkpoint(size);
      return c.final && c;
    });
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(["d1", "d2", "d3", "d4"]);
    const d3 = (await status()).delegates.find((d) => d.name === "d3")!;
    expect(d3).toMatchObject({ lastCosignedSize: size, lag: 0, lastError: null });
    expect((await status()).latestFinalCheckpoint?.size).toBe(size);
  }, 300_000);

  it("hands out proofs that carry the cosigned checkpoint, and `log check --policy` judges their finality offline", async () => {
    const size = (await status()).latestCheckpoint.size;
    await run.stop();
    for (const w of witnesses) if (w.child.exitCode === null) await w.kill9();
    const env = { VIGIL_DATA_DIR: dataDir, ...(run.databaseUrl && { DATABASE_URL: run.databaseUrl }) };
    const proved = await ledger(["prove", String(size - 1)], env);
    expect(proved.code).toBe(0);
    const file = path.join(dataDir, "proof.json");
    writeFileSync(file, proved.stdout);
    const checkpointNote = JSON.parse(proved.stdout).checkpoint as string;
    for (const n of ["d1", "d2", "d3", "d4"]) expect(checkpointNote).toContain(`\u2014 ${n}.vigil.test `);
    const ok = await ledger(["check", file, "--policy", path.join(dataDir, "delegates.policy")]);
    expect([ok.code, ok.stdout.trim()]).toEqual([0, "OK: the entry is in the log under a checkpoint signed by the log key and final under the policy"]);
    // The same proof under a stricter policy (all five): not final, and why.
    const strict = path.join(dataDir, "strict.policy");
    writeFileSync(strict, readFileSync(path.join(dataDir, "delegates.policy"), "utf8").replace("group delegates 4", "group delegates 5"));
    const refused = await ledger(["check", file, "--policy", strict]);
    expect([refused.code, refused.stdout.trim()]).toEqual([
      1,
      "FAILED: the checkpoint is not final under the policy: delegates needs 5 cosignatures and has 4; missing: d5",
    ]);
  }, 300_000);
});

const CLI = path.resolve(import.meta.dirname, "../scripts/ledger.ts");
function ledger(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", CLI, ...args], { env: { PATH: process.env.PATH, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}
