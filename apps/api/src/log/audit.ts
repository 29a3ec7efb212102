import { createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";
import { batchDigest, bytesEqual, DEPARTMENT_KEY_KIND, DepartmentKeyRegistry, decodeDepartmentKey, toBase64, toHex, verifyCheckpoint } from "@vigil/log";
import { BinaryCopyReader, type Database } from "@vigil/db";
import { rawEd25519 } from "../keys.ts";
import { auditDomainRows } from "./domain-audit.ts";
import { auditMedical } from "./medical-audit.ts";
import { FrontierHasher, leafHash } from "./node-hashes.ts";

interface EntryRow {
  index: number;
  receivedAt: string;
  kind: string;
  payload: Uint8Array;
  leafHash: Uint8Array;
  departmentId: number | null;
  signature: Uint8Array | null;
  signedCount: number | null;
}

/**
 * Entries from `from` on, at most `take`, in index order. Binary COPY: the bytes arrive as they are stored, and
 * each payload, leaf hash and signature is a view into them (rows of the text protocol would be hex to decode).
 */
async function readEntries(db: Database, from: number, take: number): Promise<EntryRow[]> {
  const data = await db.copyOut(
    `SELECT "index", "kind", "payload", "leafHash", "departmentId", "signature", "signedCount",
     to_char("receivedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM "LogEntry" WHERE "index" >= ${int(from)} ORDER BY "index" LIMIT ${int(take)}`,
  );
  const c = new BinaryCopyReader(data);
  const rows: EntryRow[] = [];
  while (c.next())
    rows.push({
      index: c.int(0)!,
      kind: c.text(1)!,
      payload: c.bytes(2)!,
      leafHash: c.bytes(3)!,
      departmentId: c.int(4),
      signature: c.bytes(5),
      signedCount: c.int(6),
      receivedAt: c.text(7)!,
    });
  return rows;
}

/**
 * The stored subtree hashes that appending entries [from, to) completes: per level l ≥ 1, the nodes i with
 * from < (i + 1)·2^l ≤ to, as `found[l][i - first[l]]` (undefined where one is missing).
 */
async function readCompletedNodes(db: Database, from: number, to: number) {
  const first: number[] = [];
  const found: (Uint8Array | undefined)[][] = [];
  const where: string[] = [];
  for (let level = 1; 2 ** level <= to; level++) {
    const lo = Math.floor(from / 2 ** level);
    const hi = Math.floor(to / 2 ** level) - 1;
    first[level] = lo;
    found[level] = [];
    if (lo <= hi) where.push(`("level" = ${level} AND "index" BETWEEN ${lo} AND ${hi})`);
  }
  if (where.length) {
    const c = new BinaryCopyReader(await db.copyOut(`SELECT "level", "index", "hash" FROM "LogNode" WHERE ${where.join(" OR ")}`));
    while (c.next()) {
      const level = c.int(0)!;
      found[level]![c.int(1)! - first[level]!] = c.bytes(2)!;
    }
  }
  return { first, found };
}

/** The statements above splice numbers in (COPY takes no parameters): only ever safe integers. */
function int(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not an index: ${n}`);
  return String(n);
}

import type { AuditProblem } from "@vigil/log";
export type { AuditProblem } from "@vigil/log";

export interface AuditResult {
  size: number;
  checkpoints: number;
  nodes: number;
  signatures: number;
  seconds: number;
  problem: AuditProblem | null;
}

export interface AuditOptions {
  origin: string;
  logPublicKey: KeyObject;
  /** Check the submitters' Ed25519 batch signatures too (one per signed batch). Default true. */
  signatures?: boolean;
  batch?: number;
  /** Also check that reports, alerts, policies and tasks in the tables are what their entries say. Default true. */
  domain?: boolean;
  progress?: (done: number, total: number) => void;
}

/**
 * Audit the stored log from scratch: every leaf recomputed from its payload, every stored subtree hash
 * recomputed from the leaves, every checkpoint root recomputed and its signature checked. Stops at the
 * first problem and names the lowest log index it touches.
 */
export async function auditLog(db: Database, opts: AuditOptions): Promise<AuditResult> {
  const prisma = db.prisma;
  const started = performance.now();
  const readSize = opts.batch ?? 20_000;
  const checkSignatures = opts.signatures ?? true;
  const [{ n: countRaw }] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM "LogEntry"`);
  const total = Number(countRaw);
  const checkpoints = await prisma.checkpoint.findMany({ orderBy: { size: "asc" } });
  // The table says which id is which department code (checked against every payload); the keys come from the
  // log alone: its department-key entries, replayed in order, give the key in force at each index.
  const tableDepartments = await prisma.department.findMany();
  const departments = new Map(tableDepartments.map((d) => [d.id, { code: d.code }]));
  const registry = new DepartmentKeyRegistry();
  const keyObjects = new Map<string, KeyObject>();
  const keyObject = (publicKey: string): KeyObject => {
    let k = keyObjects.get(publicKey);
    if (!k) {
      const x = Buffer.from(decodeDepartmentKey(publicKey)!).toString("base64url");
      k = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
      keyObjects.set(publicKey, k);
    }
    return k;
  };
  const logVerifier = { name: opts.origin, publicKey: rawEd25519(opts.logPublicKey) };
  const range = new FrontierHasher();
  const decoder = new TextDecoder();
  const signed: {
    start: number;
    count: number;
    departmentId: number | null;
    key?: KeyObject;
    who: string;
    signature?: Uint8Array;
    leaves: Uint8Array[];
    pending: boolean;
    /** A department-key entry that ends this batch: applied once the batch's signature verified. */
    keyEntry?: { index: number; submitter: string | null; body: unknown };
  } = { start: 0, count: 0, departmentId: null, who: "", leaves: [], pending: false };
  let nextCheckpoint = 0;
  let nodes = 0,
    signatures = 0;
  const done = (problem: AuditProblem | null): AuditResult => ({
    size: range.size,
    checkpoints: nextCheckpoint,
    nodes,
    signatures,
    seconds: (performance.now() - started) / 1000,
    problem,
  });

  const read = (from: number, take: number) => readEntries(db, from, take);
  // Cut reads at checkpoint sizes, so the compact range sits exactly at each checkpoint once.
  const span = (from: number, cp: number) => {
    const nextSize = cp < checkpoints.length ? Number(checkpoints[cp]!.size) : Infinity;
    return nextSize > from ? Math.min(readSize, nextSize - from) : readSize;
  };
  let pending = read(0, span(0, 0));
  pending.catch(() => {}); // an early verdict may leave the prefetch unread
  for (let from = 0; ; ) {
    const nextSize = nextCheckpoint < checkpoints.length ? Number(checkpoints[nextCheckpoint]!.size) : Infinity;
    const rows = await pending;
    if (!rows.length) break;
    // Fetch the next slice, and the subtree hashes this one completes, while this one is hashed: the database
    // and the CPU work side by side.
    const after = from + rows.length;
    pending = read(after, span(after, nextCheckpoint + (after === nextSize ? 1 : 0)));
    pending.catch(() => {});
    const storedNodes = readCompletedNodes(db, from, after);
    storedNodes.catch(() => {});
    const leafHashes: Uint8Array[] = [];
    for (const [i, row] of rows.entries()) {
      const index = from + i;
      if (row.index !== index) return done({ index, kind: "gap", message: `entry ${index} is missing (next stored index is ${row.index})` });
      const payload = row.payload;
      const leaf = leafHash(payload);
      if (!bytesEqual(leaf, row.leafHash)) return done({ index, kind: "leaf-mismatch", message: "leaf hash does not match the payload (payload edited?)" });
      let body: { kind?: unknown; department?: unknown; receivedAt?: unknown; body?: unknown };
      try {
        body = JSON.parse(decoder.decode(payload));
      } catch {
        return done({ index, kind: "malformed-payload", message: "payload is not JSON" });
      }
      if (body.receivedAt !== row.receivedAt)
        return done({ index, kind: "column-mismatch", message: `receivedAt column ${row.receivedAt} differs from the signed ${String(body.receivedAt)}` });
      if (body.kind !== row.kind)
        return done({ index, kind: "column-mismatch", message: `kind column "${row.kind}" differs from the payload's "${String(body.kind)}"` });
      const dep = row.departmentId == null ? null : departments.get(row.departmentId);
      if (row.departmentId != null && !dep) return done({ index, kind: "unknown-department", message: `unknown department ${row.departmentId}` });
      if ((dep?.code ?? null) !== body.department)
        return done({ index, kind: "column-mismatch", message: "submitting department column differs from the payload's" });
      leafHashes.push(leaf);

      // Signed batches: the first entry carries the signature over the next `signedCount` leaf hashes.
      if (row.signature) {
        if (signed.pending)
          return done({ index: signed.start, kind: "bad-batch", message: `signed batch from ${signed.start} ends early: entry ${index} starts another` });
        const count = row.signedCount ?? 0;
        if (count < 1) return done({ index, kind: "bad-batch", message: "signature without a batch length" });
        // The key in force at the batch's first entry: registered or rotated by an earlier entry of the log.
        const inForce = dep ? registry.keyOf(dep.code) : undefined;
        if (dep && !inForce)
          return done({ index, kind: "unregistered-key", message: `${dep.code} signs entries ${index}.. but has no key registered on the log before them` });
        Object.assign(signed, {
          start: index,
          count,
          departmentId: row.departmentId,
          key: inForce ? keyObject(inForce.publicKey) : opts.logPublicKey,
          who: dep?.code ?? "the log",
          signature: row.signature,
          leaves: [],
          pending: true,
          keyEntry: undefined,
        });
      } else if (!signed.pending) {
        return done({ index, kind: "unsigned-entry", message: "entry is covered by no signature" });
      }
      if (row.departmentId !== signed.departmentId)
        return done({ index, kind: "bad-batch", message: `entry of another submitter inside ${signed.who}'s signed batch from ${signed.start}` });
      signed.leaves.push(leaf);
      if (row.kind === DEPARTMENT_KEY_KIND) {
        if (signed.leaves.length !== signed.count)
          return done({ index, kind: "bad-key-entry", message: `department-key entry ${index} does not end its signed batch (from ${signed.start})` });
        signed.keyEntry = { index, submitter: dep?.code ?? null, body: body.body };
      }
      if (signed.leaves.length === signed.count) {
        signed.pending = false;
        if (checkSignatures && !verifySignature(null, batchDigest(signed.leaves), signed.key!, signed.signature!)) {
          return done({
            index: signed.start,
            kind: "bad-signature",
            message: `signature of ${signed.who} over entries ${signed.start}..${index} does not verify`,
          });
        }
        signatures++;
        if (signed.keyEntry) {
          const applied = registry.apply(signed.keyEntry);
          if (!applied.ok) return done({ index, kind: "bad-key-entry", message: `department-key entry ${index}: ${applied.message}` });
        }
      }
    }
    from += rows.length;

    // Rebuild the subtree hashes this batch completes and compare with what is stored.
    const built: Uint8Array[][] = [];
    for (const leaf of leafHashes) range.append(leaf, (level, _index, hash) => (built[level] ??= []).push(hash));
    const { first, found } = await storedNodes;
    // Levels upwards, indices upwards: the first bad node is the smallest, which pins the damage down closest
    // (a bad node taints all its ancestors).
    for (let level = 1; level < built.length; level++) {
      const hashes = built[level] ?? [];
      for (let k = 0; k < hashes.length; k++) {
        const stored = found[level]![k];
        if (stored && bytesEqual(stored, hashes[k]!)) continue;
        const index = first[level]! + k;
        const leaf = index * 2 ** level;
        return done({
          index: leaf,
          kind: stored ? "node-mismatch" : "missing-node",
          message: `${stored ? "stored" : "missing"} subtree hash (level ${level}, index ${index}) over entries ${leaf}..${leaf + 2 ** level - 1}${stored ? " does not match them" : ""}`,
        });
      }
      nodes += hashes.length;
    }

    if (range.size === nextSize) {
      const cp = checkpoints[nextCheckpoint]!;
      const root = range.root();
      const last = nextSize - 1;
      if (!bytesEqual(root, new Uint8Array(cp.rootHash)))
        return done({
          index: last,
          kind: "root-mismatch",
          message: `checkpoint ${nextSize} stores root ${toHex(new Uint8Array(cp.rootHash)).slice(0, 16)}…, not the root of entries 0..${last}`,
        });
      const note = verifyCheckpoint(cp.note, logVerifier);
      if (!note) return done({ index: last, kind: "checkpoint-signature", message: `checkpoint ${nextSize}: signature does not verify with the log key` });
      if (note.size !== nextSize || !bytesEqual(note.root, root))
        return done({
          index: last,
          kind: "checkpoint-inconsistent",
          message: `checkpoint ${nextSize}: the signed note names size ${note.size} and another root`,
        });
      nextCheckpoint++;
    }
    opts.progress?.(range.size, total);
  }
  if (range.size !== total) return done({ index: range.size, kind: "gap", message: `only ${range.size} of ${total} entries are contiguous from 0` });
  if (signed.pending)
    return done({
      index: signed.start,
      kind: "bad-batch",
      message: `signed batch from ${signed.start} claims ${signed.count} entries; the log ends after ${signed.leaves.length}`,
    });
  if (nextCheckpoint < checkpoints.length) {
    const cp = checkpoints[nextCheckpoint]!;
    return done({
      index: range.size,
      kind: "truncated",
      message: `checkpoint ${cp.size} is beyond the end of the log (${range.size} entries): entries deleted?`,
    });
  }
  const [{ n: storedNodes }] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM "LogNode"`);
  if (Number(storedNodes) !== nodes)
    return done({ index: range.size, kind: "orphan-node", message: `${Number(storedNodes) - nodes} stored subtree hashes belong to no entry` });
  if (opts.domain === false) return done(null);
  // The Department table's key column is a cache of the log's keys: one that differs was edited (or is stale).
  for (const d of tableDepartments) {
    const inForce = registry.keyOf(d.code);
    let cached: string | undefined;
    try {
      cached = toBase64(new Uint8Array(Buffer.from(String(JSON.parse(d.publicKeyJwk).x), "base64url")));
    } catch {
      cached = undefined;
    }
    if (!inForce || cached !== inForce.publicKey)
      return done({
        index: inForce?.since ?? range.size,
        kind: "domain-mismatch",
        table: "Department",
        message: inForce
          ? `department ${d.code}: the table's key is not the key in force on the log (entry ${inForce.since})`
          : `department ${d.code} has no key registered on the log`,
        expected: inForce?.publicKey,
        actual: cached,
      });
  }
  return done((await auditDomainRows(db)) ?? (await auditMedical(db)));
}
