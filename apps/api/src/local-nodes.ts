import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { COSIGNATURE_KEY_TYPE, encodeVerifierKey, publicKeyFromPrivateKey } from "@vigil/log";
import { loadOrCreateKey } from "../../node/src/witness/key.ts";
import { dataDir as resolveDataDir } from "@vigil/db";
import { loadKeyRing, rawEd25519 } from "./keys.ts";

/**
 * The demo's delegates: `count` witness nodes (`apps/node`, role witness) as child processes on loopback,
 * data under `<data dir>/nodes/<name>`, and the delegate policy naming them (K = count, q = ⌊2K/3⌋ + 1),
 * written to `<data dir>/nodes/delegates.policy` for the API to read (VIGIL_WITNESS_POLICY).
 *
 * Why the parent computes the keys and picks the ports: the policy must exist before the API starts, and
 * waiting for five processes to print their keys would delay every start by their boot time. The API
 * offers them checkpoints as soon as they listen (a delegate that is not up yet is retried).
 *
 * The children hold an IPC channel to this process and exit when it closes, so they die with the parent
 * even when it is killed with SIGKILL.
 */
export interface LocalDelegates {
  readonly policyFile: string;
  readonly urls: readonly string[];
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

const MAIN = path.resolve(import.meta.dirname, "../../node/src/main.ts");

export async function startLocalDelegates(options: {
  /** The API's data directory (VIGIL_DATA_DIR; default ./.vigil). */
  dataDir?: string;
  origin: string;
  count?: number;
  log?: (line: string) => void;
}): Promise<LocalDelegates> {
  const count = options.count ?? 5;
  const root = resolveDataDir(options.dataDir);
  const dir = path.join(root, "nodes");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const logVkey = encodeVerifierKey(options.origin, rawEd25519(loadKeyRing(root).logPublic));
  const names = Array.from({ length: count }, (_, i) => `d${i + 1}`);
  const children: ChildProcess[] = [];
  let stopping = false;
  const lines: string[] = [`log ${logVkey}`];
  const urls: string[] = [];
  for (const name of names) {
    const data = path.join(dir, name);
    const keyName = `${name}.vigil.local`;
    const vkey = encodeVerifierKey(keyName, publicKeyFromPrivateKey(loadOrCreateKey(data)), COSIGNATURE_KEY_TYPE);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", MAIN, "witness", "--port", String(port), "--data", data, "--log-vkey", logVkey, "--name", keyName],
      {
        env: { ...process.env, DATABASE_URL: undefined },
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      },
    );
    child.stderr?.on("data", (d: Buffer) => options.log?.(`node ${name}: ${String(d).trimEnd()}`));
    child.on("exit", (code, signal) => {
      if (!stopping) options.log?.(`node ${name} exited (${signal ?? code})`);
    });
    children.push(child);
    lines.push(`witness ${name} ${vkey} ${url}`);
    urls.push(url);
  }
  lines.push(`group delegates ${Math.floor((2 * count) / 3) + 1} ${names.join(" ")}`, "quorum delegates", "");
  const policyFile = path.join(dir, "delegates.policy");
  writeFileSync(policyFile, lines.join("\n"), { mode: 0o600 });
  return {
    policyFile,
    urls,
    pids: children.map((c) => c.pid!),
    async stop() {
      stopping = true;
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once("exit", () => resolve());
              c.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .listen(0, "127.0.0.1", () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      })
      .on("error", reject);
  });
}
