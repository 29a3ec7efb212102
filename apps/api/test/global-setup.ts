import pg from "pg";
import type { TestProject } from "vitest/node";

const ADMIN_URL = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** One fresh PostgreSQL database per test run, dropped afterwards (even when tests fail). */
export default async function setup(project: TestProject) {
  const name = `vigil_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  project.provide("postgresUrl", url.toString());
  return async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    // The run's database and every per-test one made from its name (harness.freshPostgres).
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [name, `${name}\\_%`]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await c.end();
  };
}
