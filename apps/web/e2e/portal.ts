import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PORTAL_SEED_ENV } from "./seed-env.ts";
import { chromium, type Browser, type Page } from "playwright-core";
import { inject } from "vitest";
import type {} from "./global-setup.ts";

export const WEB_DIR = path.resolve(import.meta.dirname, "..");
export const OUTPUT_DIR = path.resolve(WEB_DIR, "../../test-output/e2e");
mkdirSync(OUTPUT_DIR, { recursive: true });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .listen(0, "127.0.0.1", () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      })
      .on("error", reject);
  });
}

export interface Portal {
  url: string;
  password: string;
  dataDir: string;
  log: () => string;
  stop(): Promise<void>;
}

/**
 * The real portal process (`server.ts`: Next + API + embedded database), as `npm start` runs it. Without extra
 * env (or with `fresh`), it starts from a copy of the demo seeded once per run (e2e/global-setup.ts: PGlite
 * files, keys.json, demo-logins.json): the state its own first start would make, without seeding again. Extra
 * env (e.g. local delegate nodes, which cosign the seed's checkpoints) means a real first start.
 */
export async function startPortal(env: Record<string, string> = {}, opts: { fresh?: boolean } = {}): Promise<Portal> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-e2e-"));
  const copy = !opts.fresh && Object.keys(env).length === 0;
  // The copy's own password is the template's (demo-logins.json); the lock of the seeding process is not copied.
  if (copy) cpSync(inject("portalTemplate"), dataDir, { recursive: true, filter: (src) => path.basename(src) !== "vigil.lock" });
  const password = copy ? (JSON.parse(readFileSync(path.join(dataDir, "demo-logins.json"), "utf8")).password as string) : randomBytes(12).toString("base64url");
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: WEB_DIR,
    // The root tsconfig: it enables the decorators the API needs (apps/web/tsconfig.json does not include the API).
    env: {
      ...process.env,
      PORT: String(port),
      VIGIL_DATA_DIR: dataDir,
      VIGIL_DEMO_PASSWORD: password,
      NODE_ENV: "production",
      TSX_TSCONFIG_PATH: path.resolve(WEB_DIR, "../../tsconfig.json"),
      ...PORTAL_SEED_ENV,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => {
    output += d;
  });
  child.stderr!.on("data", (d) => {
    output += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal did not start in time:\n${output}`)), 240_000);
    const check = () => {
      if (output.includes("Vigil portal on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    password,
    dataDir,
    log: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners("exit");
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function signIn(page: Page, portal: Portal, email: string): Promise<void> {
  await page.goto(`${portal.url}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', portal.password);
  await page.click('button[type="submit"]');
}

/** Any request to a non-loopback host is a bug: the portal must work offline, with no CDN fonts or scripts. */
export function recordExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on("request", (r) => {
    const host = new URL(r.url()).hostname;
    if (!["127.0.0.1", "localhost", "[::1]"].includes(host) && !r.url().startsWith("data:")) external.push(r.url());
  });
  return external;
}

/** A bare GraphQL client of the portal's /graphql, as a department's program would call it (Bearer token, no cookie). */
export function graphqlClient(portal: Portal) {
  return async (query: string, token?: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${portal.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  };
}
