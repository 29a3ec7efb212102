import {
  batchDigest,
  canonicalBytes,
  checkConsistency,
  consistencyProofNodes,
  DEPARTMENT_KEY_KIND,
  encodeEntryBundle,
  TILE_HEIGHT,
  TILE_WIDTH,
  tileWidth,
  DepartmentKeyRegistry,
  decodeDepartmentKey,
  verifyCheckpoint,
  encodeCheckpoint,
  hashFromSubtrees,
  inclusionProofNodes,
  perfectSubtrees,
  signCheckpoint,
  type NodeId,
} from "@vigil/log";
import type { Checkpoint, Database, Department, LogEntry, Prisma, PrismaClient, RawSql, Session } from "@vigil/db";
import { createPublicKey, type KeyObject } from "node:crypto";
import { rawEd25519, signEd25519, type KeyRing } from "../keys.ts";
import { FrontierHasher, leafHash } from "./node-hashes.ts";
import { bytesEqual, toHex } from "@vigil/log";

export interface AppendItem {
  kind: string;
  departmentCode: string | null;
  departmentId: number | null;
  body: unknown;
}

export interface Appended {
  index: bigint;
  leafHash: Uint8Array;
  /** The receipt time signed into the entry (`receivedAt`), e.g. the start of a work order's SLA clock. */
  receivedAt: Date;
}

type Tx = Prisma.TransactionClient | PrismaClient;

/**
 * Plain SQL on one connection, as the sequencing step needs it: through Prisma (a transaction client), or a session
 * of the database of its own. Rows are read driver-independently (Number() of an int8, new Uint8Array of a bytea).
 */
interface Sql {
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
  exec(sql: string, values?: unknown[]): Promise<void>;
  /** Whether a Buffer value travels as binary (node-postgres does; through Prisma, PGlite's adapter took 2× as long). */
  binary: boolean;
}
const viaPrisma = (tx: Tx): Sql => ({
  binary: false,
  query: (sql, values = []) => tx.$queryRawUnsafe(sql, ...values),
  exec: async (sql, values = []) => {
    await tx.$executeRawUnsafe(sql, ...values);
  },
});
/** PGlite's own transaction: bytes as bytea[] (one packed value per column took 1.58 ms of CPU per report, against 1.27). */
const viaTransaction = (tx: RawSql): Sql => ({
  binary: false,
  query: (sql, values) => tx.query(sql, values ?? []),
  exec: async (sql, values) => {
    await tx.query(sql, values ?? []);
  },
});
const viaSession = (session: Session): Sql => ({
  binary: true,
  query: (sql, values) => session.query(sql, values ?? []),
  exec: async (sql, values) => {
    await session.query(sql, values ?? []);
  },
});

/** A json column as a raw query returns it: parsed by one driver, text from another. */
type Json<T> = T | string | null;
const fromJson = <T>(v: Json<T> | undefined): T | null => (v == null ? null : typeof v === "string" ? (JSON.parse(v) as T) : v);

/** One SQL statement and its values, numbered from $1. */
export interface RawStatement {
  sql: string;
  values: unknown[];
}

/** What a service's write sees: its transaction, and the one way to put entries on the log inside it. */
export interface LogWrite extends SequencedWrite {
  tx: Prisma.TransactionClient;
}

/**
 * Entries made ready to append: canonical payloads, leaf hashes and the submitters' signatures, with their receipt
 * time. Made outside the write's turn, so a caller with many chunks prepares the next while one is being stored.
 */
export interface PreparedAppend {
  readonly items: AppendItem[];
  readonly receivedAt: Date;
  readonly payloads: Uint8Array[];
  readonly leafHashes: Uint8Array[];
  readonly signatures: (Uint8Array | null)[];
  readonly signedCounts: (number | null)[];
  readonly runs: { start: number; end: number; who: string | null; signer: KeyObject }[];
}

/** A write that puts entries (and the caller's rows, through `appendWith`) on the log, and nothing else. */
export interface SequencedWrite {
  /** Entries commit with the caller's rows, or not at all. */
  append(items: AppendItem[] | PreparedAppend): Promise<Appended[]>;
  /**
   * `append`, with the caller's own insert (given the entries' indices) folded into the statement that stores the
   * entries: one round trip under the lock instead of two. Returns the entries and that statement's rows
   * (RETURNING). The insert may reference the new entries (a foreign key to their index): the database checks
   * it at the end of the statement, once the entries are in.
   */
  appendWith<R>(items: AppendItem[] | PreparedAppend, insert: (indices: bigint[]) => RawStatement): Promise<{ entries: Appended[]; rows: R[] }>;
  /** The CPU-heavy half of an append (JSON, hashes, signatures), for `append`/`appendWith` to store later. */
  prepare(items: AppendItem[]): PreparedAppend;
  /**
   * Take the sequencer lock now (append takes it anyway): checks made after it see every other process's
   * committed appends, so a batch's checks and its inserts cannot be raced by another instance. With `read`, the
   * caller's checks come back from the same round trip as the log's own pre-append read (its size and new key
   * entries), as JSON values (a bigint column arrives as a number, a date as its text): `read` must select only
   * JSON-representable columns. Without it the result is empty. `locked` is called once the lock is held, before
   * that read.
   */
  lock<R = Record<string, unknown>>(read?: RawStatement, locked?: () => void): Promise<R[]>;
}

type Bytes = Uint8Array;
/** What one append stores: its entries (from `size` on) and the subtree nodes they complete. */
interface AppendRows {
  size: number;
  items: AppendItem[];
  payloads: Bytes[];
  leafHashes: Bytes[];
  signatures: (Bytes | null)[];
  signedCounts: (number | null)[];
  receivedAt: Date;
  nodes: { level: number; index: number; hash: Bytes }[];
}
type AppendStatement = (rows: AppendRows) => { values: unknown[]; entries: string; storeNodes: string };

// The entries and the subtree nodes they complete, as one statement's two parts (`entries` a CTE). receivedAt is
// a UTC timestamp without zone (Prisma's DateTime): converted explicitly, whatever the session TimeZone.

/** Bytes as bytea[] arrays: through Prisma. */
const arrayAppend: AppendStatement = ({ size, items, payloads, leafHashes, signatures, signedCounts, receivedAt, nodes }) => ({
  values: [
    size,
    items.map((it) => it.kind),
    payloads,
    leafHashes,
    items.map((it) => it.departmentId),
    signatures,
    signedCounts,
    receivedAt.toISOString(),
    nodes.map((n) => n.level),
    nodes.map((n) => n.index),
    nodes.map((n) => n.hash),
  ],
  entries: `entries AS (
       INSERT INTO "LogEntry" ("index", "kind", "payload", "leafHash", "departmentId", "signature", "signedCount", "receivedAt")
       SELECT $1::bigint + o - 1, k, p, h, d, s, c, $8::timestamptz AT TIME ZONE 'UTC'
       FROM unnest($2::text[], $3::bytea[], $4::bytea[], $5::int[], $6::bytea[], $7::int[]) WITH ORDINALITY AS t(k, p, h, d, s, c, o)
     )`,
  storeNodes: `INSERT INTO "LogNode" ("level", "index", "hash") SELECT l, i, x FROM unnest($9::int[], $10::bigint[], $11::bytea[]) AS n(l, i, x)`,
});

/**
 * Bytes as one binary value per column, cut apart by the statement: node-postgres sends a bytea[] as hex text,
 * twice its size, encoded here and parsed there (10,000 entries: 240 ms of the statement; 60 ms so).
 * substring() of a NULL start is NULL: an entry that does not start a signed run has no signature.
 */
const packedAppend: AppendStatement = ({ size, items, payloads, leafHashes, signatures, signedCounts, receivedAt, nodes }) => {
  const payload = packBytes(payloads);
  const signature = packBytes(signatures);
  return {
    values: [
      size,
      items.map((it) => it.kind),
      payload.bytes,
      payload.from,
      payload.length,
      Buffer.concat(leafHashes),
      items.map((it) => it.departmentId),
      signature.bytes,
      signature.from,
      signature.length,
      signedCounts,
      receivedAt.toISOString(),
      nodes.map((n) => n.level),
      nodes.map((n) => n.index),
      Buffer.concat(nodes.map((n) => n.hash)),
    ],
    entries: `entries AS (
       INSERT INTO "LogEntry" ("index", "kind", "payload", "leafHash", "departmentId", "signature", "signedCount", "receivedAt")
       SELECT $1::bigint + o - 1, k, substring($3::bytea FROM pf FOR pl), substring($6::bytea FROM (32 * (o - 1) + 1)::int FOR 32), d,
              substring($8::bytea FROM sf FOR sl), c, $12::timestamptz AT TIME ZONE 'UTC'
       FROM unnest($2::text[], $4::int[], $5::int[], $7::int[], $9::int[], $10::int[], $11::int[]) WITH ORDINALITY AS t(k, pf, pl, d, sf, sl, c, o)
     )`,
    storeNodes: `INSERT INTO "LogNode" ("level", "index", "hash")
       SELECT l, i, substring($15::bytea FROM (32 * (o - 1) + 1)::int FOR 32) FROM unnest($13::int[], $14::bigint[]) WITH ORDINALITY AS n(l, i, o)`,
  };
};

/**
 * Byte strings as one value and where each starts (1-based, as substring() counts) and how long it is; a null
 * has a null start.
 */
const packBytes = (parts: readonly (Uint8Array | null)[]): { bytes: Buffer; from: (number | null)[]; length: (number | null)[] } => {
  const from: (number | null)[] = [];
  const length: (number | null)[] = [];
  let at = 1;
  for (const p of parts) {
    from.push(p ? at : null);
    length.push(p ? p.length : null);
    at += p?.length ?? 0;
  }
  return { bytes: Buffer.concat(parts.filter((p): p is Uint8Array => p !== null)), from, length };
};

/** `sql`'s placeholders $1, $2… as $(1 + by), $(2 + by)…: to embed it in a statement that has `by` values before it. */
const shiftPlaceholders = (sql: string, by: number): string => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + by}`);

/** A checkpoint just signed and stored: what delegates are sent. */
export interface PublishedCheckpoint {
  size: number;
  note: string;
}

export interface LogStoreOptions {
  /** Publish at most this often: a burst of writes shares one checkpoint. */
  checkpointDelayMs?: number;
  onCheckpointError?: (e: unknown) => void;
}

/**
 * The log refuses to sign a checkpoint that does not extend the last one it signed: the stored tree shrank, or
 * its prefix no longer hashes to the signed root (someone deleted the tail and appended another history).
 */
export class CheckpointRefused extends Error {
  override readonly name = "CheckpointRefused";
  constructor(
    readonly reason: "shrunk" | "inconsistent" | "unverifiable",
    readonly previous: { size: number; root: Uint8Array },
    readonly size: number,
    message: string,
  ) {
    super(message);
  }
}

/** Any constant shared by all Vigil processes: the sequencing step is serialised across them on this lock. */
const SEQUENCER_LOCK = 0x5e9_1e6;

/** The append right: one transaction at a time, across every process on the database, until it commits. */
const lockSequencer = async (tx: Prisma.TransactionClient): Promise<void> => {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
};

/**
 * The stored Merkle log. Appends take a transaction-scoped advisory lock, so any number of API processes
 * on one PostgreSQL produce a single log with no gap and no fork; the entry rows and the perfect-subtree
 * hashes they complete are written in the caller's transaction, so a report and its entry commit together.
 */
export class LogStore {
  private readonly logKey: { name: string; privateKey: Uint8Array };
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Department keys in force, replayed from the log's committed department-key entries up to `keysSeen`. */
  private departmentKeys = new DepartmentKeyRegistry();
  private keysSeen = -1;
  /**
   * The tree's frontier (its perfect subtrees' hashes) after the last append this process committed. The next
   * append under the lock starts from it when the log still has that size — nobody appended in between — instead
   * of reading the nodes back; any other size reads them.
   */
  private tip: { size: number; frontier: Uint8Array[] } | null = null;
  /** The last checkpoint this process signed: a floor even if the Checkpoint table is edited. */
  private lastSigned: { size: number; root: Uint8Array } | null = null;
  private readonly published: ((cp: PublishedCheckpoint) => void)[] = [];

  constructor(
    private readonly db: Database,
    private readonly keys: KeyRing,
    readonly origin: string,
    private readonly options: LogStoreOptions = {},
  ) {
    this.logKey = { name: origin, privateKey: rawEd25519(keys.log) };
  }

  /**
   * Run `fn` in one transaction with the right to append, then schedule a checkpoint. The only way to
   * append, so no write can forget to checkpoint: an acknowledged entry is durable at once (committed) and
   * reaches a signed checkpoint within `checkpointDelayMs`, or at the next start if the process died first.
   */
  async write<T>(fn: (w: LogWrite) => Promise<T>, opts?: { timeout?: number; maxWait?: number }): Promise<T> {
    let state: ReturnType<LogStore["sequencing"]> | undefined;
    let result: T;
    try {
      result = await this.db.prisma.$transaction((tx) => {
        // The lock is the transaction's until it ends: taking it again would only cost a round trip.
        let locked: Promise<void> | undefined;
        state = this.sequencing(viaPrisma(tx), () => (locked ??= lockSequencer(tx)));
        return fn({ tx, ...state.write });
      }, opts);
    } catch (e) {
      // The replayed keys may include a key entry of this rolled-back transaction: replay afresh next time.
      if (state?.appendedKeys()) this.forgetKeys();
      throw e;
    }
    this.committed(state?.tip() ?? null);
    return result;
  }

  /**
   * `write` for a step that needs nothing but the log's own statements (the lock, the read that comes with it, the
   * append with the caller's insert): the submission path. On PostgreSQL it is a transaction of plain SQL on a
   * session of its own, off Prisma's path: Prisma's interactive transaction cost a round trip for BEGIN and ~0.9 ms
   * of CPU per statement in the API process (measured under bench:api), and these statements run under the lock
   * every writer waits for. BEGIN goes with the lock, in one round trip. On PGlite it is a transaction of PGlite's
   * own (`Database.transaction`), off Prisma's engine too (under bench:api, 1.46 → 1.18 ms of API CPU per report).
   */
  async sequence<T>(fn: (w: SequencedWrite) => Promise<T>, { timeout = 60_000 }: { timeout?: number } = {}): Promise<T> {
    // A batch of up to 1,000 on a loaded machine may outlast Prisma's default timeout of 5 s: that would fail every
    // caller. (On PostgreSQL only idleness is bounded: an import of a million rows is busy, never idle, for minutes.)
    if (!this.db.session) {
      if (!this.db.transaction) return this.write(({ tx: _, ...w }) => fn(w), { timeout, maxWait: 30_000 });
      // PGlite: one process owns the database and runs one transaction at a time, so no lock is needed.
      let state: ReturnType<LogStore["sequencing"]> | undefined;
      try {
        const result = await this.db.transaction((tx) => {
          state = this.sequencing(viaTransaction(tx), async () => {});
          return fn(state.write);
        });
        this.committed(state!.tip());
        return result;
      } catch (e) {
        if (state?.appendedKeys()) this.forgetKeys();
        throw e;
      }
    }
    const session = await this.db.session();
    let broken = false;
    try {
      // The transaction begins with the lock. A process stalled mid-transaction must not hold the lock for ever: the
      // server ends an idle transaction after a minute (Prisma's transaction timeout did the same from the client's side).
      let begun: Promise<unknown> | undefined;
      const state = this.sequencing(viaSession(session), async () => {
        await (begun ??= session.query(`BEGIN; SET LOCAL idle_in_transaction_session_timeout = '60s'; SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`));
      });
      let result: T;
      try {
        result = await fn(state.write);
        if (begun) {
          await begun;
          await session.query("COMMIT");
        }
      } catch (e) {
        if (begun)
          await session.query("ROLLBACK").catch(() => {
            broken = true;
          });
        if (state.appendedKeys()) this.forgetKeys();
        throw e;
      }
      this.committed(state.tip());
      return result;
    } finally {
      session.release(broken);
    }
  }

  /** One transaction's sequencing: the lock taken once, the log's size and keys read under it, its appends. */
  private sequencing(sql: Sql, takeLock: () => Promise<void>) {
    let appendedKeys = false;
    let tip: LogStore["tip"] = null;
    // The log's size and keys read under the lock (with a caller's read), good until this transaction appends.
    let known: { size: number; registry: DepartmentKeyRegistry } | null = null;
    const append = async (given: AppendItem[] | PreparedAppend, insert?: (indices: bigint[]) => RawStatement) => {
      const prepared = Array.isArray(given) ? this.prepare(given) : given;
      const keys = prepared.items.some((it) => it.kind === DEPARTMENT_KEY_KIND);
      appendedKeys ||= keys;
      const before = known;
      known = null;
      const out = await this.append(sql, prepared, takeLock, before, insert, (t) => {
        tip = t;
      });
      // Under the lock nobody else appends: the next append of this transaction starts where this one ended,
      // without reading the size again (unless this one changed a key, which the registry must replay).
      if (!keys && out.registry && tip) known = { size: tip.size, registry: out.registry };
      return out;
    };
    const write: SequencedWrite = {
      append: async (items) => (await append(items)).entries,
      appendWith: async <R>(items: AppendItem[] | PreparedAppend, insert: (indices: bigint[]) => RawStatement) => {
        const { entries, rows } = await append(items, insert);
        return { entries, rows: rows as R[] };
      },
      prepare: (items) => this.prepare(items),
      lock: async <R>(read?: RawStatement, locked?: () => void) => {
        await takeLock();
        locked?.();
        if (!read) return [] as R[];
        const { size, registry, rows } = await this.sizeAndKeys(sql, read);
        known = { size, registry };
        return rows as R[];
      },
    };
    return { write, appendedKeys: () => appendedKeys, tip: () => tip };
  }

  /** After a commit: the next append may start from its frontier, and a checkpoint is due. */
  private committed(tip: LogStore["tip"]): void {
    if (tip) this.tip = tip;
    this.checkpointSoon();
  }

  private checkpointSoon(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publishCheckpoint().catch((e) => (this.options.onCheckpointError ?? ((x) => console.error("checkpoint failed", x)))(e));
    }, this.options.checkpointDelayMs ?? 250);
  }

  private forgetKeys(): void {
    this.departmentKeys = new DepartmentKeyRegistry();
    this.keysSeen = -1;
  }

  /**
   * The log's size, and the replayed department keys brought up to date (under the sequencer lock, so no entry
   * can land in between): one read. Key entries that break the key rules are skipped here, as they change no
   * key; the audit reports them.
   */
  private async sizeAndKeys(sql: Sql, read?: RawStatement): Promise<{ size: number; registry: DepartmentKeyRegistry; rows: unknown[] }> {
    // Work on what was current when the read started: forgetKeys (outside the lock, after another write's
    // rollback) may swap in an empty registry meanwhile, and this read's rows belong to the one it started from.
    const registry = this.departmentKeys;
    let seen = this.keysSeen;
    // One round trip for all (this runs under the lock every append waits for): the size, the key entries after
    // `seen` (usually none) and the caller's read, each as one column.
    const [found] = await sql.query<{ n: bigint | number | string | null; keys: Json<[number, string][]>; extra: Json<unknown[]> }>(
      `SELECT (SELECT MAX("index") + 1 FROM "LogEntry") AS n,
              (SELECT json_agg(json_build_array("index", encode("payload", 'base64')) ORDER BY "index")
                 FROM "LogEntry" WHERE "kind" = $1 AND "index" > $2) AS keys,
              ${read ? `(SELECT json_agg(r) FROM (${shiftPlaceholders(read.sql, 2)}) AS r)` : "NULL::json"} AS extra`,
      [DEPARTMENT_KEY_KIND, seen, ...(read?.values ?? [])],
    );
    const size = Number(found?.n ?? 0);
    for (const [index, payload] of fromJson(found?.keys) ?? []) {
      const doc = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as { department: string | null; body: unknown };
      registry.apply({ index, submitter: doc.department, body: doc.body });
      seen = index;
    }
    if (this.departmentKeys === registry) this.keysSeen = seen;
    return { size, registry, rows: fromJson(found?.extra) ?? [] };
  }

  /**
   * The department keys in force now, replayed from the log (base64 raw public keys by department code).
   * Given a write's transaction, it first takes the sequencer lock, so no key entry lands before that write's.
   */
  async keysInForce(tx?: Prisma.TransactionClient): Promise<DepartmentKeyRegistry> {
    const registry = new DepartmentKeyRegistry();
    if (tx) await lockSequencer(tx);
    const rows = await (tx ?? this.db.prisma).$queryRawUnsafe<{ index: bigint; payload: Uint8Array }[]>(
      `SELECT "index", "payload" FROM "LogEntry" WHERE "kind" = $1 ORDER BY "index"`,
      DEPARTMENT_KEY_KIND,
    );
    for (const r of rows) {
      const doc = JSON.parse(new TextDecoder().decode(r.payload)) as { department: string | null; body: unknown };
      registry.apply({ index: Number(r.index), submitter: doc.department, body: doc.body });
    }
    return registry;
  }

  /** Committed entries of these kinds in log order, decoded (the submitter's department code and the body). */
  async entriesOfKind<B = unknown>(
    kinds: readonly string[],
    tx?: Prisma.TransactionClient,
  ): Promise<{ index: number; kind: string; department: string | null; receivedAt: Date; body: B }[]> {
    const rows = await (tx ?? this.db.prisma).$queryRawUnsafe<{ index: bigint; kind: string; payload: Uint8Array }[]>(
      `SELECT "index", "kind", "payload" FROM "LogEntry" WHERE "kind" = ANY($1::text[]) ORDER BY "index"`,
      [...kinds],
    );
    return rows.map((r) => {
      const doc = JSON.parse(new TextDecoder().decode(r.payload)) as { department: string | null; receivedAt: string; body: B };
      return { index: Number(r.index), kind: r.kind, department: doc.department, receivedAt: new Date(doc.receivedAt), body: doc.body };
    });
  }

  /** Stop scheduling; the owner publishes a last checkpoint before closing the database. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Sign and hash outside the lock (that is the CPU-heavy part, and it runs in parallel across processes);
   * under the lock only read the frontier, fold in the new leaves and insert. A leaf does not name its own
   * index: its position is fixed by the tree, and any move changes the subtree hashes above it.
   */
  private prepare(items: AppendItem[]): PreparedAppend {
    const receivedAt = new Date();
    const payloads = items.map((it) =>
      canonicalBytes({ v: 1, kind: it.kind, department: it.departmentCode, receivedAt: receivedAt.toISOString(), body: it.body }),
    );
    const leafHashes = payloads.map((p) => leafHash(p));
    // One signature per run of consecutive items from the same submitter, over the run's leaf hashes.
    const signatures: (Uint8Array | null)[] = items.map(() => null);
    const signedCounts: (number | null)[] = items.map(() => null);
    const runs: PreparedAppend["runs"] = [];
    for (let start = 0; start < items.length; ) {
      const who = items[start]!.departmentCode;
      let end = start + 1;
      // A department-key entry ends its batch: the key it puts in force signs only what comes after it.
      while (end < items.length && items[end]!.departmentCode === who && items[end - 1]!.kind !== DEPARTMENT_KEY_KIND) end++;
      const signer = who ? this.keys.department(who) : this.keys.log;
      signatures[start] = signEd25519(signer, batchDigest(leafHashes.slice(start, end)));
      signedCounts[start] = end - start;
      runs.push({ start, end, who, signer });
      start = end;
    }
    return { items, receivedAt, payloads, leafHashes, signatures, signedCounts, runs };
  }

  private async append(
    sql: Sql,
    prepared: PreparedAppend,
    lock: () => Promise<void>,
    known: { size: number; registry: DepartmentKeyRegistry } | null,
    insert: ((indices: bigint[]) => RawStatement) | undefined,
    appended: (tip: { size: number; frontier: Uint8Array[] }) => void,
  ): Promise<{ entries: Appended[]; rows: unknown[]; registry?: DepartmentKeyRegistry }> {
    const { items, receivedAt, payloads, leafHashes, signedCounts, runs } = prepared;
    if (!items.length) return { entries: [], rows: [] };
    // Re-signing below must not change the caller's prepared value (a retried append would then sign twice).
    const signatures = [...prepared.signatures];
    await lock();
    // A department signs with the key the log has in force for it now: another process may have rotated it
    // since this one cached the key, and then the run is signed again with the new key.
    const { size, registry } = known ?? (await this.sizeAndKeys(sql));
    for (const run of runs) {
      if (!run.who) continue;
      const inForce = registry.keyOf(run.who);
      if (!inForce) throw new Error(`department ${run.who} has no key registered on the log: it cannot submit entries`);
      const raw = decodeDepartmentKey(inForce.publicKey)!;
      if (bytesEqual(rawEd25519(createPublicKey(run.signer)), raw)) continue;
      const signer = this.keys.departmentKeyMatching(run.who, raw);
      if (!signer) throw new Error(`department ${run.who}'s key in force (entry ${inForce.since}) is not in the key file`);
      signatures[run.start] = signEd25519(signer, batchDigest(leafHashes.slice(run.start, run.end)));
    }
    const tip = this.tip;
    const range = FrontierHasher.restore(size, tip?.size === size ? tip.frontier : await this.frontier(sql, size));
    const nodes: { level: number; index: number; hash: Uint8Array }[] = [];
    for (const leaf of leafHashes) range.append(leaf, (level, index, hash) => nodes.push({ level, index, hash }));
    const indices = leafHashes.map((_, i) => BigInt(size + i));
    // One statement for the entries, the subtree nodes they complete and the caller's insert (Prisma's createMany
    // would be ~8k rows/s, far below the log's needs; and this runs under the lock every append waits for: one
    // round trip, not three).
    const { values, entries, storeNodes } = (sql.binary ? packedAppend : arrayAppend)({
      size,
      items,
      payloads,
      leafHashes,
      signatures,
      signedCounts,
      receivedAt,
      nodes,
    });
    let rows: unknown[] = [];
    if (insert) {
      const own = insert(indices);
      rows = await sql.query(`WITH ${entries}, nodes AS (${storeNodes}) ${shiftPlaceholders(own.sql, values.length)}`, [...values, ...own.values]);
    } else await sql.exec(`WITH ${entries} ${storeNodes}`, values);
    appended({ size: range.size, frontier: range.frontier() });
    return { entries: leafHashes.map((leafHash, i) => ({ index: indices[i]!, leafHash, receivedAt })), rows, registry };
  }

  /** Entries on the log (committed ones). */
  size(): Promise<number> {
    return this.sizeIn(this.db.prisma);
  }

  private async sizeIn(tx: Tx): Promise<number> {
    const [row] = await tx.$queryRawUnsafe<{ n: bigint | number | null }[]>(`SELECT MAX("index") + 1 AS n FROM "LogEntry"`);
    return Number(row?.n ?? 0);
  }

  /** Hashes of stored nodes (level 0 = leaves), fetched in at most two queries. */
  private async nodes(sql: Sql, ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const leaves = ids.filter((n) => n.level === 0).map((n) => n.index);
    const inner = ids.filter((n) => n.level > 0);
    if (leaves.length) {
      const rows = await sql.query<{ index: bigint | string; leafHash: Uint8Array }>(
        `SELECT "index", "leafHash" FROM "LogEntry" WHERE "index" = ANY($1::bigint[])`,
        [leaves],
      );
      for (const r of rows) out.set(`0/${Number(r.index)}`, new Uint8Array(r.leafHash));
    }
    if (inner.length) {
      const rows = await sql.query<{ level: number; index: bigint | string; hash: Uint8Array }>(
        `SELECT n."level", n."index", n."hash" FROM unnest($1::int[], $2::bigint[]) AS q(l, i)
         JOIN "LogNode" n ON n."level" = q.l AND n."index" = q.i`,
        [inner.map((n) => n.level), inner.map((n) => n.index)],
      );
      for (const r of rows) out.set(`${r.level}/${Number(r.index)}`, new Uint8Array(r.hash));
    }
    return out;
  }

  private async frontier(sql: Sql, size: number): Promise<Uint8Array[]> {
    const ids = perfectSubtrees(0, size);
    const found = await this.nodes(sql, ids);
    return ids.map((n) => {
      const h = found.get(`${n.level}/${n.index}`);
      if (!h) throw new Error(`log node ${n.level}/${n.index} is missing: run \`npm run ledger -- verify\``);
      return h;
    });
  }

  /** Resolve proof elements (each a fold of stored perfect subtrees) with one round of reads. */
  private async resolve(tx: Tx, elements: NodeId[][]): Promise<Uint8Array[]> {
    const found = await this.nodes(viaPrisma(tx), elements.flat());
    return elements.map((nodes) => hashFromSubtrees(nodes, (level, index) => found.get(`${level}/${index}`)));
  }

  /** RFC 9162 inclusion proof of entry `index` in the tree of `size`: O(log n) reads, no scan. */
  inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    return this.resolve(this.db.prisma, inclusionProofNodes(index, size));
  }

  /** RFC 9162 consistency proof that the tree of `newSize` extends the one of `oldSize`. */
  consistencyProof(oldSize: number, newSize: number): Promise<Uint8Array[]> {
    return this.resolve(this.db.prisma, consistencyProofNodes(oldSize, newSize));
  }

  /** RFC 9162 root of the first `size` entries. */
  root(size: number): Promise<Uint8Array> {
    return this.rootIn(this.db.prisma, size);
  }

  private async rootIn(tx: Tx, size: number): Promise<Uint8Array> {
    const ids = perfectSubtrees(0, size);
    const found = await this.nodes(viaPrisma(tx), ids);
    return hashFromSubtrees(ids, (level, index) => found.get(`${level}/${index}`));
  }

  /**
   * Sign and store a checkpoint for the current size, unless one exists. Under the sequencer lock, so two
   * processes can never sign different roots for one size. Before signing, the new tree is proved consistent
   * (RFC 9162 consistency proof from the stored subtrees) with the last checkpoint signed — the latest signed
   * note in the table and the last one this process signed — so a rewritten history is refused, never signed:
   * throws CheckpointRefused.
   */
  async publishCheckpoint(): Promise<{ size: number; root: Uint8Array; note: string } | null> {
    const cp = await this.db.prisma.$transaction(async (tx) => {
      await lockSequencer(tx);
      const size = await this.sizeIn(tx);
      const latest = await tx.checkpoint.findFirst({ orderBy: { size: "desc" }, select: { size: true, note: true } });
      const previous: { size: number; root: Uint8Array }[] = [];
      if (latest) {
        // The signed note, not the rootHash column: only the note is vouched for by the log key.
        const signed = verifyCheckpoint(latest.note, { name: this.origin, publicKey: publicKeyRaw(this.keys) });
        if (!signed || signed.size !== Number(latest.size))
          throw new CheckpointRefused(
            "unverifiable",
            { size: Number(latest.size), root: new Uint8Array(32) },
            size,
            `the latest stored checkpoint (size ${latest.size}) is not signed by the log key: refusing to extend it`,
          );
        previous.push({ size: signed.size, root: signed.root });
      }
      if (this.lastSigned) previous.push(this.lastSigned);
      const root = size === 0 ? null : await this.rootIn(tx, size);
      for (const prev of previous) await this.assertExtends(tx, prev, size, root);
      if (size === 0 || (latest && Number(latest.size) >= size)) return null;
      const note = signCheckpoint(encodeCheckpoint({ origin: this.origin, size, root: root! }), this.logKey);
      await tx.checkpoint.create({ data: { size: BigInt(size), rootHash: new Uint8Array(root!), note } });
      this.lastSigned = { size, root: root! };
      return { size, root: root!, note };
    });
    // After the commit: a delegate must never cosign a checkpoint that a rollback could still take back.
    if (cp) for (const fn of this.published) fn({ size: cp.size, note: cp.note });
    return cp;
  }

  /** Called with every checkpoint this process signs, once it is stored (the delegates' feed). */
  onPublished(fn: (cp: PublishedCheckpoint) => void): void {
    this.published.push(fn);
  }

  /** Throws CheckpointRefused unless the stored tree of `size` (root `root`) extends the signed `prev`. */
  private async assertExtends(tx: Tx, prev: { size: number; root: Uint8Array }, size: number, root: Uint8Array | null): Promise<void> {
    const refuse = (reason: "shrunk" | "inconsistent", why: string) =>
      new CheckpointRefused(reason, prev, size, `refusing to sign a checkpoint of size ${size}: ${why}; run \`npm run log -- verify\``);
    if (prev.size === 0) return;
    if (size < prev.size) throw refuse("shrunk", `the log has ${size} entries, fewer than the ${prev.size} of a signed checkpoint (entries deleted)`);
    if (size === prev.size) {
      if (!bytesEqual(root!, prev.root))
        throw refuse("inconsistent", `the tree of size ${size} has root ${toHex(root!).slice(0, 16)}…, not the signed ${toHex(prev.root).slice(0, 16)}…`);
      return;
    }
    let proof: Uint8Array[];
    try {
      proof = await this.resolve(tx, consistencyProofNodes(prev.size, size));
    } catch (e) {
      throw refuse("inconsistent", `no consistency proof from size ${prev.size} can be built (${(e as Error).message})`);
    }
    const check = checkConsistency(prev.size, size, prev.root, root!, proof);
    if (!check.ok) throw refuse("inconsistent", `it does not extend the signed checkpoint of size ${prev.size} (${check.error.message})`);
  }

  /**
   * C2SP tlog-tiles hash tile (level, index) of width `width`, as of the latest checkpoint: `width` hashes of
   * 32 bytes, each a stored perfect subtree of height 8·level (one indexed read). Null when the checkpointed tree
   * has no such tile (or a narrower one).
   */
  async hashTile(level: number, index: number, width: number): Promise<Uint8Array | null> {
    const cp = await this.checkpoint();
    if (!cp || width > tileWidth(Number(cp.size), level, index)) return null;
    const ids = Array.from({ length: width }, (_, i) => ({ level: level * TILE_HEIGHT, index: index * TILE_WIDTH + i }));
    const found = await this.nodes(viaPrisma(this.db.prisma), ids);
    const out = new Uint8Array(width * 32);
    for (const [i, n] of ids.entries()) {
      const h = found.get(`${n.level}/${n.index}`);
      if (!h) throw new Error(`log node ${n.level}/${n.index} is missing: run \`npm run log -- verify\``);
      out.set(h, i * 32);
    }
    return out;
  }

  /** C2SP tlog-tiles entry bundle `index` of width `width` (the entries' payloads), as of the latest checkpoint. */
  async entryBundle(index: number, width: number): Promise<Uint8Array | null> {
    const cp = await this.checkpoint();
    if (!cp || width > tileWidth(Number(cp.size), 0, index)) return null;
    const rows = await this.db.prisma.$queryRawUnsafe<{ payload: Uint8Array }[]>(
      `SELECT "payload" FROM "LogEntry" WHERE "index" >= $1 AND "index" < $2 ORDER BY "index"`,
      index * TILE_WIDTH,
      index * TILE_WIDTH + width,
    );
    if (rows.length !== width) throw new Error(`entries ${index * TILE_WIDTH}.. are missing: run \`npm run log -- verify\``);
    return encodeEntryBundle(rows.map((r) => new Uint8Array(r.payload)));
  }

  /** The checkpoint of exactly `size`, or the latest one when `size` is omitted. */
  checkpoint(size?: number | null): Promise<Checkpoint | null> {
    return size == null
      ? this.db.prisma.checkpoint.findFirst({ orderBy: { size: "desc" } })
      : this.db.prisma.checkpoint.findUnique({ where: { size: BigInt(size) } });
  }

  /** The largest checkpoint that has been final (its cosignatures met the policy when they arrived). */
  latestFinalCheckpoint(): Promise<Checkpoint | null> {
    return this.db.prisma.checkpoint.findFirst({ where: { finalAt: { not: null } }, orderBy: { size: "desc" } });
  }

  /** Newest first. */
  checkpoints(page: { limit: number; offset: number }): Promise<Checkpoint[]> {
    return this.db.prisma.checkpoint.findMany({ orderBy: { size: "desc" }, take: page.limit, skip: page.offset });
  }

  entry(index: number): Promise<(LogEntry & { department: Department | null }) | null> {
    if (!Number.isSafeInteger(index) || index < 0) return Promise.resolve(null);
    return this.db.prisma.logEntry.findUnique({ where: { index: BigInt(index) }, include: { department: true } });
  }

  /** Newest first; `before` is an index cursor (the log only grows, so offsets alone would drift). */
  entries(filter: {
    before?: number | null;
    departmentId?: number | null;
    limit: number;
    offset: number;
  }): Promise<(LogEntry & { department: Department | null })[]> {
    return this.db.prisma.logEntry.findMany({
      where: {
        ...(filter.before != null && { index: { lt: BigInt(filter.before) } }),
        ...(filter.departmentId != null && { departmentId: filter.departmentId }),
      },
      orderBy: { index: "desc" },
      take: filter.limit,
      skip: filter.offset,
      include: { department: true },
    });
  }
}

const publicKeyRaw = (keys: KeyRing): Uint8Array => rawEd25519(keys.logPublic);
