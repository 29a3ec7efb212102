import pg from "pg";
import { inject } from "vitest";
import type {} from "./global-setup.ts";

/**
 * A fresh PostgreSQL database inside the run's server (the run's own database is shared by files): empty, or a
 * copy of `template` (CREATE DATABASE … TEMPLATE copies it file by file; nobody is connected to the template).
 */
export async function freshPostgres(template?: string): Promise<string> {
  const base = new URL(inject("postgresUrl"));
  const name = `${base.pathname.slice(1)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  await admin.end();
  base.pathname = `/${name}`;
  return base.toString();
}
