// Spawning the node program, shared by the conformance test and the bench (so no vitest import here).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const MAIN = path.join(import.meta.dirname, "../src/main.ts");

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly vkey: string;
  output(): string;
  /** SIGKILL, and wait for the exit. */
  kill9(): Promise<void>;
}

/** Starts `node witness ...` as its own process and waits for `witness vkey:`. */
export async function startWitness(args: string[], env: Record<string, string | undefined> = {}, opts: { timeoutMs?: number } = {}): Promise<NodeProcess> {
  // A free port unless the caller names one (a restarted witness keeps the URL its policy line names).
  const port = args.includes("--port") ? [] : ["--port", "0"];
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "witness", ...port, ...args], {
    env: { ...process.env, DATABASE_URL: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const vkey = /^witness vkey: (\S+)$/m.exec(out);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    if (vkey && port) {
      return {
        child,
        url: `http://127.0.0.1:${port[1]}`,
        vkey: vkey[1],
        output: () => out,
        kill9: async () => {
          child.kill("SIGKILL");
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the witness did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface MirrorProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  /** Resolves once `pattern` appears in the output (rejects if the process exits first or after timeoutMs). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  kill9(): Promise<void>;
}

/** Starts `node mirror ...` as its own process. */
export function startMirror(args: string[], env: Record<string, string | undefined> = {}): MirrorProcess {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "mirror", ...args], {
    env: { ...process.env, DATABASE_URL: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async waitFor(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(out);
        if (m) return m;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the mirror did not print ${pattern}:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    kill9: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
