// URL → Prisma driver-adapter factory. Two back ends, one schema:
//   postgres://… | postgresql://…  → a PostgreSQL server through @prisma/adapter-pg
//   anything else                 → embedded PGlite in a directory this process must own exclusively
import { randomUUID } from "node:crypto";
import pg from "pg";
import { parse } from "pg-connection-string";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export const isPostgresUrl = (url: string | undefined): url is string => /^postgres(ql)?:\/\//.test(url ?? "");

type Patchable = SqlDriverAdapter & { underlyingDriver?: () => pg.Pool; onError?: (e: unknown) => never; client?: PGlite };

/** adapter-pg 7.10 gaps that only the schema engine hits (Prisma Client is unaffected). */
function fixPgForSchemaEngine(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const a = adapter as Patchable;
  const pool = a.underlyingDriver!();
  const query = pool.query.bind(pool) as (sql: string) => Promise<pg.QueryResult>;
  // The schema describer selects pg_catalog "char" columns (OID 18) that adapter-pg cannot map: report them as text.
  (pool as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    const r = await (query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return r;
  };
  // executeScript splits on ';' (breaks $$ bodies, not atomic): send the whole script as one simple query.
  a.executeScript = async (sql: string) => {
    try {
      await query(sql);
    } catch (e) {
      a.onError!(e);
    }
  };
  return a;
}

/** pglite-prisma-adapter 0.7.2 does not await exec(): a failing migration would be recorded as applied. */
function fixPgliteForSchemaEngine(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const a = adapter as Patchable;
  a.executeScript = async (sql: string) => {
    try {
      await a.client!.exec(sql);
    } catch (e) {
      a.onError!(e);
    }
  };
  return a;
}

/** Factory for Prisma Client and the schema engine on a PostgreSQL server. */
export function postgresFactory(url: string, { forSchemaEngine = false } = {}): SqlMigrationAwareDriverAdapterFactory {
  const main = new PrismaPg(url);
  if (!forSchemaEngine) return main;
  const cfg = parse(url);
  return {
    provider: "postgres",
    adapterName: main.adapterName,
    connect: async () => fixPgForSchemaEngine(await main.connect()),
    // adapter-pg's own shadow factory reuses the connection string, so its "shadow" database IS the main one
    // (migrate diff would create and drop tables in production). Make a real throwaway database instead.
    async connectToShadowDb() {
      const admin = new pg.Client(cfg as pg.ClientConfig);
      await admin.connect();
      const name = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      const shadow = fixPgForSchemaEngine(await new PrismaPg({ ...(cfg as pg.PoolConfig), database: name }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      return shadow;
    },
  };
}

/** Factory over an already-open PGlite instance (the caller owns it and its directory lock). */
export function pgliteFactory(db: PGlite, { forSchemaEngine = false } = {}): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPGlite(db);
  if (!forSchemaEngine) return factory;
  const connect = factory.connect.bind(factory);
  const shadow = factory.connectToShadowDb.bind(factory); // memory:// — never touches the real directory
  return {
    provider: "postgres",
    adapterName: factory.adapterName,
    connect: async () => fixPgliteForSchemaEngine(await connect()),
    connectToShadowDb: async () => fixPgliteForSchemaEngine(await shadow()),
  };
}
