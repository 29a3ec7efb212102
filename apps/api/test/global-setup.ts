import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { today } from "@vigil/calendar";
import type { TestProject } from "vitest/node";

const ADMIN_URL = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ROOT = path.resolve(import.meta.dirname, "../../..");

/** A seeded installation to start tests from: a data directory, and for PostgreSQL the template database. */
export interface SeedTemplate {
  dataDir: string;
  database?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    seedTemplates: { pglite: SeedTemplate; postgres: SeedTemplate };
  }
}

/**
 * The real first start (seed-template.ts) in a child process, with the root tsconfig (decorators) as the portal runs.
 * `seedEnv`: seed with the config these VIGIL_* variables make (the e2e portal's), instead of TEST_SEED_CONFIG.
 */
export function seedTemplate(dataDir: string, databaseUrl?: string, seedEnv?: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "apps/api/test/seed-template.ts"), dataDir, ...(databaseUrl ? [databaseUrl] : [])],
      {
        cwd: ROOT,
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.json"), VIGIL_TEST_SEED_ENV: seedEnv ? JSON.stringify(seedEnv) : "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seeding the test template in ${dataDir} failed (${code}):\n${output}`))));
  });
}

/**
 * One fresh PostgreSQL database per test run, dropped afterwards (even when tests fail), and the demo seeded
 * ONCE per run (PGlite and PostgreSQL, side by side): startVigil copies it instead of seeding again (harness.ts).
 */
export default async function setup(project: TestProject) {
  // One demo day for the whole run: the workers, the template seedings and every process a test starts inherit it
  // (seed-config.ts), so a run that crosses midnight UTC still seeds one demo everywhere.
  process.env.VIGIL_DEMO_TODAY ||= today();
  const name = `vigil_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const templateDb = `${name}_template`;
  await admin.query(`CREATE DATABASE "${templateDb}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${templateDb}`;
  const pgliteDir = mkdtempSync(path.join(tmpdir(), "vigil-template-pglite-"));
  const postgresDir = mkdtempSync(path.join(tmpdir(), "vigil-template-postgres-"));
  const drop = async () => {
    rmSync(pgliteDir, { recursive: true, force: true });
    rmSync(postgresDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    // The run's database, the template and every per-test one made from its name (harness.freshPostgres).
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [name, `${name}\\_%`]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await c.end();
  };
  try {
    await Promise.all([seedTemplate(pgliteDir), seedTemplate(postgresDir, templateUrl.toString())]);
  } catch (e) {
    await drop();
    throw e;
  }
  project.provide("postgresUrl", url.toString());
  project.provide("seedTemplates", { pglite: { dataDir: pgliteDir }, postgres: { dataDir: postgresDir, database: templateDb } });
  return drop;
}
