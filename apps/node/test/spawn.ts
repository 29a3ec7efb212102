import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
// The integration project's global setup provides `postgresUrl` (and declares its type).
import type {} from "../../api/test/global-setup.ts";

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
export async function startWitness(args: string[], env: Record<string, string | undefined> = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "witness", "--port", "0", ...args], {
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
  const deadline = Date.now() + 120_000;
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

/** A fresh database in the run's PostgreSQL (the integration project's global setup provides the server). */
export async function freshPostgres(): Promise<string> {
  const base = new URL(inject("postgresUrl"));
  const name = `${base.pathname.slice(1)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  base.pathname = `/${name}`;
  return base.toString();
}
