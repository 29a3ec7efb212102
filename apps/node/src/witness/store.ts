import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { lockDirectory } from "@vigil/db/lock";
import pg from "pg";

/**
 * The witness's only state: per origin, the latest checkpoint it cosigned (size, root, and the note
 * it serves). On PGlite under the data directory by default, on PostgreSQL when DATABASE_URL is set.
 *
 * Why raw SQL and not @vigil/db's Prisma client: that client is generated from the API's schema and
 * migrations; one table with one compare-and-swap would need a second schema, generator and
 * migration history. A CREATE TABLE IF NOT EXISTS is the whole migration here.
 *
 * Why compare-and-swap: tlog-witness requires checking `old` against the stored size and storing the
 * new checkpoint atomically. The UPDATE only matches the row still holding the head that was checked
 * (or the INSERT only succeeds for a new origin), so of two requests from the same old size exactly
 * one commits, also across processes sharing one PostgreSQL database. The commit completes before
 * the witness answers, so an acknowledged cosignature survives kill -9.
 */

export interface StoredHead {
  readonly size: number;
  readonly root: Uint8Array;
  readonly note: string;
}

export interface WitnessStore {
  readonly backend: "pglite" | "postgres";
  latest(origin: string): Promise<StoredHead | null>;
  /** Records `next` only if the stored head is still `expected` (null: none yet); false when it moved. */
  swap(origin: string, expected: { size: number; root: Uint8Array } | null, next: StoredHead): Promise<boolean>;
  close(): Promise<void>;
}

interface Sql {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; affectedRows: number }>;
  close(): Promise<void>;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS witness_checkpoint (
  origin text PRIMARY KEY,
  size bigint NOT NULL CHECK (size >= 0),
  root bytea NOT NULL CHECK (length(root) = 32),
  note text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

export async function openStore(options: { dataDir: string; databaseUrl?: string }): Promise<WitnessStore> {
  const url = options.databaseUrl;
  let sql: Sql;
  let backend: "pglite" | "postgres";
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    backend = "postgres";
    sql = {
      async query(text, params) {
        const r = await pool.query(text, params);
        return { rows: r.rows, affectedRows: r.rowCount ?? 0 };
      },
      close: () => pool.end(),
    };
  } else {
    const dir = path.join(options.dataDir, "pglite");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // PGlite has no cross-process lock and two owners silently lose commits: the API's lock refuses a second one.
    const release = lockDirectory(options.dataDir);
    const db = new PGlite(dir);
    try {
      await db.waitReady;
    } catch (e) {
      release();
      throw e;
    }
    backend = "pglite";
    sql = {
      async query(text, params) {
        const r = await db.query<Record<string, unknown>>(text, params);
        return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
      },
      async close() {
        await db.close();
        release();
      },
    };
  }
  await sql.query(SCHEMA);
  return {
    backend,
    async latest(origin) {
      const { rows } = await sql.query("SELECT size::text AS size, root, note FROM witness_checkpoint WHERE origin = $1", [origin]);
      if (rows.length === 0) return null;
      return { size: Number(rows[0].size), root: new Uint8Array(rows[0].root as Uint8Array), note: String(rows[0].note) };
    },
    async swap(origin, expected, next) {
      const r =
        expected === null
          ? await sql.query("INSERT INTO witness_checkpoint (origin, size, root, note) VALUES ($1, $2, $3, $4) ON CONFLICT (origin) DO NOTHING", [
              origin,
              next.size,
              next.root,
              next.note,
            ])
          : await sql.query("UPDATE witness_checkpoint SET size = $2, root = $3, note = $4, updated_at = now() WHERE origin = $1 AND size = $5 AND root = $6", [
              origin,
              next.size,
              next.root,
              next.note,
              expected.size,
              expected.root,
            ]);
      return r.affectedRows === 1;
    },
    close: () => sql.close(),
  };
}
