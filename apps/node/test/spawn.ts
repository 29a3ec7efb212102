import pg from "pg";
import { inject } from "vitest";
// The integration project's global setup provides `postgresUrl` (and declares its type).
import type {} from "../../api/test/global-setup.ts";

export { type NodeProcess, startWitness } from "./process.ts";

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
