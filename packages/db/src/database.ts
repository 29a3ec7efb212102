import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { isPostgresUrl, pgliteFactory, postgresFactory } from "./adapter.ts";
import { dataDir } from "./data-dir.ts";
import { lockDirectory } from "./lock.ts";
import { applyMigrations } from "./migrate.ts";

/** Plain parameterised SQL on the same database, for bulk read paths where Prisma's row mapping dominates. */
export interface RawSql {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  prisma: PrismaClient;
  /** Reads only: writes go through Prisma, so they share its transactions. bytea → Uint8Array/Buffer, int8 → string. */
  raw: RawSql;
  backend: "pglite" | "postgres";
  /** Human-readable location, for logs (never includes credentials). */
  where: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… for a server; unset = embedded PGlite under the data directory. */
  url?: string;
  dataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  log?: (line: string) => void;
}

/**
 * Open Vigil's database: PostgreSQL when a URL is given, else PGlite owned exclusively by this process.
 * Migrations run here, in-process, so on PGlite nobody else ever opens the directory.
 */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  const log = options.log ?? (() => {});
  if (isPostgresUrl(url)) {
    if (options.migrate !== false) {
      const applied = await applyMigrations(postgresFactory(url, { forSchemaEngine: true }));
      if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    }
    const prisma = new PrismaClient({ adapter: postgresFactory(url) });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const u = new URL(url);
    return {
      prisma,
      backend: "postgres",
      where: `postgresql://${u.host}${u.pathname}`,
      raw: { query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[] },
      close: async () => {
        await pool.end();
        await prisma.$disconnect();
      },
    };
  }
  const dir = path.join(dataDir(options.dataDir), "pglite");
  const release = lockDirectory(path.dirname(dir));
  let db: PGlite | undefined;
  try {
    db = new PGlite(dir);
    await db.waitReady;
    if (options.migrate !== false) {
      const applied = await applyMigrations(pgliteFactory(db, { forSchemaEngine: true }));
      if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    }
  } catch (e) {
    await db?.close().catch(() => {});
    release();
    throw e;
  }
  const pglite = db;
  const prisma = new PrismaClient({ adapter: pgliteFactory(pglite) });
  return {
    prisma,
    backend: "pglite",
    raw: { query: async <T>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows },
    where: dir,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}
