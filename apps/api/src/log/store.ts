import {
  batchDigest,
  canonicalBytes,
  CompactRange,
  consistencyProofNodes,
  encodeCheckpoint,
  hashFromSubtrees,
  hashLeaf,
  inclusionProofNodes,
  perfectSubtrees,
  signCheckpoint,
  type NodeId,
  type StoredNode,
} from "@vigil/log";
import type { Checkpoint, Database, Department, LogEntry, Prisma, PrismaClient } from "@vigil/db";
import { rawEd25519, signEd25519, type KeyRing } from "../keys.ts";

export interface AppendItem {
  kind: string;
  departmentCode: string | null;
  departmentId: number | null;
  body: unknown;
}

export interface Appended {
  index: bigint;
  leafHash: Uint8Array;
}

type Tx = Prisma.TransactionClient | PrismaClient;

/** What a service's write sees: its transaction, and the one way to put entries on the log inside it. */
export interface LogWrite {
  tx: Prisma.TransactionClient;
  /** Entries commit with the caller's rows, or not at all. */
  append(items: AppendItem[]): Promise<Appended[]>;
}

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

/** Any constant shared by all Vigil processes: the sequencing step is serialised across them on this lock. */
const SEQUENCER_LOCK = 0x5e9_1e6;

/**
 * The stored Merkle log. Appends take a transaction-scoped advisory lock, so any number of API processes
 * on one PostgreSQL produce a single log with no gap and no fork; the entry rows and the perfect-subtree
 * hashes they complete are written in the caller's transaction, so a report and its entry commit together.
 */
export class LogStore {
  private readonly logKey: { name: string; privateKey: Uint8Array };
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
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
    const result = await this.db.prisma.$transaction((tx) => fn({ tx, append: (items) => this.append(tx, items) }), opts);
    this.checkpointSoon();
    return result;
  }

  private checkpointSoon(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publishCheckpoint().catch((e) => (this.options.onCheckpointError ?? ((x) => console.error("checkpoint failed", x)))(e));
    }, this.options.checkpointDelayMs ?? 250);
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
  private async append(tx: Tx, items: AppendItem[]): Promise<Appended[]> {
    if (!items.length) return [];
    const receivedAt = new Date();
    const payloads = items.map((it) =>
      canonicalBytes({ v: 1, kind: it.kind, department: it.departmentCode, receivedAt: receivedAt.toISOString(), body: it.body }),
    );
    const leafHashes = payloads.map((p) => hashLeaf(p));
    // One signature per run of consecutive items from the same submitter, over the run's leaf hashes.
    const signatures: (Uint8Array | null)[] = items.map(() => null);
    const signedCounts: (number | null)[] = items.map(() => null);
    for (let start = 0; start < items.length; ) {
      const who = items[start]!.departmentCode;
      let end = start + 1;
      while (end < items.length && items[end]!.departmentCode === who) end++;
      signatures[start] = signEd25519(who ? this.keys.department(who) : this.keys.log, batchDigest(leafHashes.slice(start, end)));
      signedCounts[start] = end - start;
      start = end;
    }

    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
    const size = await this.sizeIn(tx);
    const range = CompactRange.restore(size, await this.frontier(tx, size));
    const nodes = range.append(leafHashes).filter((n) => n.level > 0);
    // One multi-row statement per table: Prisma's createMany would be ~8k rows/s, far below the log's needs.
    await tx.$executeRawUnsafe(
      `INSERT INTO "LogEntry" ("index", "kind", "payload", "leafHash", "departmentId", "signature", "signedCount", "receivedAt")
       SELECT $1::bigint + o - 1, k, p, h, d, s, c, $8::timestamptz AT TIME ZONE 'UTC'
       FROM unnest($2::text[], $3::bytea[], $4::bytea[], $5::int[], $6::bytea[], $7::int[]) WITH ORDINALITY AS t(k, p, h, d, s, c, o)`,
      // receivedAt is a UTC timestamp without zone (Prisma's DateTime): convert explicitly, whatever the session TimeZone.
      size,
      items.map((it) => it.kind),
      payloads,
      leafHashes,
      items.map((it) => it.departmentId),
      signatures,
      signedCounts,
      receivedAt.toISOString(),
    );
    if (nodes.length) await insertNodes(tx, nodes);
    return leafHashes.map((leafHash, i) => ({ index: BigInt(size + i), leafHash }));
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
  private async nodes(tx: Tx, ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const leaves = ids.filter((n) => n.level === 0).map((n) => n.index);
    const inner = ids.filter((n) => n.level > 0);
    if (leaves.length) {
      const rows = await tx.$queryRawUnsafe<{ index: bigint; leafHash: Uint8Array }[]>(
        `SELECT "index", "leafHash" FROM "LogEntry" WHERE "index" = ANY($1::bigint[])`,
        leaves,
      );
      for (const r of rows) out.set(`0/${Number(r.index)}`, new Uint8Array(r.leafHash));
    }
    if (inner.length) {
      const rows = await tx.$queryRawUnsafe<{ level: number; index: bigint; hash: Uint8Array }[]>(
        `SELECT n."level", n."index", n."hash" FROM unnest($1::int[], $2::bigint[]) AS q(l, i)
         JOIN "LogNode" n ON n."level" = q.l AND n."index" = q.i`,
        inner.map((n) => n.level),
        inner.map((n) => n.index),
      );
      for (const r of rows) out.set(`${r.level}/${Number(r.index)}`, new Uint8Array(r.hash));
    }
    return out;
  }

  private async frontier(tx: Tx, size: number): Promise<Uint8Array[]> {
    const ids = perfectSubtrees(0, size);
    const found = await this.nodes(tx, ids);
    return ids.map((n) => {
      const h = found.get(`${n.level}/${n.index}`);
      if (!h) throw new Error(`log node ${n.level}/${n.index} is missing: run \`npm run ledger -- verify\``);
      return h;
    });
  }

  /** Resolve proof elements (each a fold of stored perfect subtrees) with one round of reads. */
  private async resolve(tx: Tx, elements: NodeId[][]): Promise<Uint8Array[]> {
    const found = await this.nodes(tx, elements.flat());
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
    const found = await this.nodes(tx, ids);
    return hashFromSubtrees(ids, (level, index) => found.get(`${level}/${index}`));
  }

  /**
   * Sign and store a checkpoint for the current size, unless one exists. Under the sequencer lock, so two
   * processes can never sign different roots for one size.
   */
  async publishCheckpoint(): Promise<{ size: number; root: Uint8Array; note: string } | null> {
    const cp = await this.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`);
      const size = await this.sizeIn(tx);
      const latest = await tx.checkpoint.findFirst({ orderBy: { size: "desc" }, select: { size: true } });
      if (size === 0 || (latest && Number(latest.size) >= size)) return null;
      const root = await this.rootIn(tx, size);
      const note = signCheckpoint(encodeCheckpoint({ origin: this.origin, size, root }), this.logKey);
      await tx.checkpoint.create({ data: { size: BigInt(size), rootHash: new Uint8Array(root), note } });
      return { size, root, note };
    });
    // After the commit: a delegate must never cosign a checkpoint that a rollback could still take back.
    if (cp) for (const fn of this.published) fn({ size: cp.size, note: cp.note });
    return cp;
  }

  /** Called with every checkpoint this process signs, once it is stored (the delegates' feed). */
  onPublished(fn: (cp: PublishedCheckpoint) => void): void {
    this.published.push(fn);
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

async function insertNodes(tx: Tx, nodes: StoredNode[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "LogNode" ("level", "index", "hash")
     SELECT l, i, h FROM unnest($1::int[], $2::bigint[], $3::bytea[]) AS t(l, i, h)`,
    nodes.map((n) => n.level),
    nodes.map((n) => n.index),
    nodes.map((n) => n.hash),
  );
}
