import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GqlResult } from "./harness.ts";
import { freePort } from "./replica.ts";
import { TEST_DEMO_ENV } from "./seed-config.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface ApiProcess {
  url: string;
  password: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  login(email: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * `npm start -w @vigil/api`'s entry point (src/main.ts) as its own OS process on a free loopback port, with `env`
 * on top of the test-size demo settings. Resolves once it listens; its output is kept for the error if it exits.
 */
export async function startApiProcess(dataDir: string, env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "apps/api/src/main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...TEST_DEMO_ENV,
      TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.json"),
      PORT: String(port),
      HOST: "127.0.0.1",
      VIGIL_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes("Vigil API on")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (output += d));
    child.on("exit", (code) => reject(new Error(`API process exited (${code}) before listening:\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const password = JSON.parse(readFileSync(path.join(dataDir, "demo-logins.json"), "utf8")).password as string;
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };
  return {
    url,
    password,
    gql,
    async login(email) {
      const r = await gql<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
        e: email,
        p: password,
      });
      if (!r.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(r.errors)}`);
      return r.data.login.token;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
