import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { PrismaClient } from "./generated/client.ts";
import { isPostgresUrl, pgliteFactory, postgresFactory } from "./adapter.ts";
import { dataDir } from "./data-dir.ts";
import { lockDirectory } from "./lock.ts";
import { applyMigrations } from "./migrate.ts";

/** Plain parameterised SQL on the same database, for bulk read paths where Prisma's row mapping dominates. */
export interface RawSql {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A streaming read replica of the PostgreSQL server (DATABASE_READ_URL): reads only, possibly behind the primary. */
export interface ReadReplica {
  prisma: PrismaClient;
  raw: RawSql;
  where: string;
}

export interface Database {
  /** The primary, except inside `onReplica(fn)`, where every service's reads go to the replica. */
  readonly prisma: PrismaClient;
  /** Reads only: writes go through Prisma, so they share its transactions. bytea → Uint8Array/Buffer, int8 → string. */
  readonly raw: RawSql;
  backend: "pglite" | "postgres";
  /** Human-readable location, for logs (never includes credentials). */
  where: string;
  /**
   * The rows of `query` (one SELECT, spliced in as it is: build it from trusted values only) as PostgreSQL's binary
   * COPY data, read from the primary in one piece; `BinaryCopyReader` walks it. For bulk reads of bytes (the audit),
   * where decoding rows one by one costs more than the work done on them.
   */
  copyOut(query: string): Promise<Uint8Array>;
  /** The read replica, when one is configured. */
  replica?: ReadReplica;
  /** The primary itself, whatever the current routing (freshness checks compare the two). */
  primary: { prisma: PrismaClient; raw: RawSql };
  /**
   * PostgreSQL only (undefined on PGlite, whose one connection Prisma's transactions own): a connection of the
   * primary to itself, for a transaction of plain SQL off Prisma's path (the log's sequencing step, where each
   * statement runs under a lock every writer waits for). `release(broken)` gives it back, or closes it when the
   * transaction's end is unknown.
   */
  session?(): Promise<Session>;
  /**
   * PGlite only: a transaction of plain SQL on the embedded database, off Prisma's query engine (the log's
   * sequencing step). PGlite runs one transaction at a time, Prisma's included, and a query from outside waits for
   * it: so `fn` must not wait on a read made elsewhere (it would wait for itself).
   */
  transaction?<T>(fn: (tx: RawSql) => Promise<T>): Promise<T>;
  /**
   * Run `fn` with `prisma` and `raw` answering from the replica (a no-op without one). Services keep reading
   * `db.prisma` as before; only the caller that knows a read may be stale (dashboards) opts in.
   */
  onReplica<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * LISTEN on the primary: `message` gets each payload NOTIFYed on `channel` (at the sender's commit); `state`
   * tells whether notifications are being received — false while the connection is lost (any notification in
   * that gap is gone, so whatever they keep fresh must be dropped), true again once it listens anew.
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}

/** One connection: its statements run in order, and a transaction begun on it is its own. */
export interface Session extends RawSql {
  release(broken?: boolean): void;
}

export interface NotificationHandlers {
  message(payload: string): void;
  state(listening: boolean): void;
}

export interface OpenOptions {
  /** postgres://… for a server; unset = embedded PGlite under the data directory. */
  url?: string;
  dataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** postgres://… of a streaming read replica of `url` (PostgreSQL only): dashboards may read there. */
  readUrl?: string;
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
    // Sessions have their own connections: a transaction holding one never starves the reads above.
    const sessions = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 30_000 });
    const primary = { prisma, raw: rawOf(pool) };
    let replica: (ReadReplica & { close(): Promise<void> }) | undefined;
    if (options.readUrl) {
      if (!isPostgresUrl(options.readUrl)) throw new Error("DATABASE_READ_URL must be a postgresql:// URL (a replica of DATABASE_URL).");
      const replicaPrisma = new PrismaClient({ adapter: postgresFactory(options.readUrl) });
      const replicaPool = new pg.Pool({ connectionString: options.readUrl, max: 2 });
      replica = {
        prisma: replicaPrisma,
        raw: rawOf(replicaPool),
        where: whereOf(options.readUrl),
        close: async () => {
          await replicaPool.end();
          await replicaPrisma.$disconnect();
        },
      };
    }
    return routed({
      primary,
      replica,
      backend: "postgres",
      where: whereOf(url),
      listen: (channel, handlers) => listenOnPostgres(url, channel, handlers),
      copyOut: async (query) => {
        const client = await pool.connect();
        let broken = false;
        try {
          const chunks: Buffer[] = [];
          for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT binary)`))) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks);
        } catch (e) {
          // A COPY stopped part-way leaves the connection mid-protocol: never hand it to the next reader.
          broken = true;
          throw e;
        } finally {
          client.release(broken);
        }
      },
      session: async () => {
        const client = await sessions.connect();
        // A connection lost while checked out emits "error" on the client too (its query rejects with it):
        // unheard, that event would end the process.
        let lost: Error | undefined;
        const onError = (e: Error) => (lost = e);
        client.on("error", onError);
        return {
          query: async <T>(sql: string, params?: unknown[]) => {
            // Statements sent together (no parameters) answer with one result each: the last one's rows.
            const r = (await client.query(sql, params)) as pg.QueryResult | pg.QueryResult[];
            return (Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows) as T[];
          },
          release: (broken = false) => {
            client.off("error", onError);
            client.release(broken || lost !== undefined);
          },
        };
      },
      close: async () => {
        await replica?.close();
        await sessions.end();
        await pool.end();
        await prisma.$disconnect();
      },
    });
  }
  if (options.readUrl) throw new Error("DATABASE_READ_URL needs DATABASE_URL: the embedded database has no replicas.");
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
  return routed({
    primary: { prisma, raw: { query: async <T>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows } },
    backend: "pglite",
    where: dir,
    transaction: (fn) => pglite.transaction((tx) => fn({ query: async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows })),
    copyOut: async (query) => {
      const { blob } = await pglite.query(`COPY (${query}) TO '/dev/blob' WITH (FORMAT binary)`);
      if (!blob) throw new Error("PGlite returned no COPY data");
      return new Uint8Array(await blob.arrayBuffer());
    },
    // One process owns the embedded database: its notifications never travel, so they are never lost.
    async listen(channel, handlers) {
      const stop = await pglite.listen(channel, (payload) => handlers.message(payload));
      handlers.state(true);
      return { close: () => stop() };
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  });
}

/** A dedicated connection that LISTENs, reconnecting (after `retryMs`) whenever it is lost. */
async function listenOnPostgres(url: string, channel: string, handlers: NotificationHandlers, retryMs = 500): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const lost = () => {
    if (closed || !client) return;
    client = undefined;
    handlers.state(false);
    retry = setTimeout(() => void connect().catch(() => lost()), retryMs);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on("notification", (n) => {
      if (n.channel === channel) handlers.message(n.payload ?? "");
    });
    c.on("error", lost);
    c.on("end", lost);
    await c.connect();
    await c.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    if (!closed) handlers.state(true);
  };
  try {
    await connect();
  } catch {
    lost();
  }
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

const rawOf = (pool: pg.Pool): RawSql => ({ query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[] });

function whereOf(url: string): string {
  const u = new URL(url);
  return `postgresql://${u.host}${u.pathname}`;
}

/**
 * The Database object services hold: `prisma`/`raw` are looked up per call, so a request that asked for the
 * replica (AsyncLocalStorage, carried through every await of that request only) reads there, and nothing else does.
 */
function routed(parts: {
  primary: { prisma: PrismaClient; raw: RawSql };
  replica?: ReadReplica;
  backend: Database["backend"];
  where: string;
  listen: Database["listen"];
  copyOut: Database["copyOut"];
  session?: Database["session"];
  transaction?: Database["transaction"];
  close(): Promise<void>;
}): Database {
  const route = new AsyncLocalStorage<ReadReplica>();
  const { primary, replica } = parts;
  return {
    get prisma() {
      return (route.getStore() ?? primary).prisma;
    },
    get raw() {
      return (route.getStore() ?? primary).raw;
    },
    backend: parts.backend,
    where: parts.where,
    primary,
    replica,
    onReplica: (fn) => (replica ? route.run(replica, fn) : fn()),
    listen: parts.listen,
    copyOut: parts.copyOut,
    session: parts.session,
    transaction: parts.transaction,
    close: parts.close,
  };
}
