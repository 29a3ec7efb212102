import pg from "pg";
import { inject } from "vitest";
import type {} from "./global-setup.ts";

/** A fresh, empty PostgreSQL database inside the run's server (the run's own database is shared by files). */
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
