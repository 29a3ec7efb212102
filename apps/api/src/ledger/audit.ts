import { createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";
import { bytesEqual, canonicalJson, CompactRange, hashLeaf, toHex, verifyCheckpoint } from "@vigil/ledger";
import type { PrismaClient } from "@vigil/db";
import { rawEd25519 } from "../keys.ts";

export interface AuditProblem {
  /** The first log index the problem touches. */
  index: number;
  what: string;
}

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
  /** Check every entry's Ed25519 signature too (≈ 8k/s per core: the dominant cost). Default true. */
  signatures?: boolean;
  batch?: number;
  progress?: (done: number, total: number) => void;
}

/**
 * Audit the stored log from scratch: every leaf recomputed from its payload, every stored subtree hash
 * recomputed from the leaves, every checkpoint root recomputed and its signature checked. Stops at the
 * first problem and names the lowest log index it touches.
 */
export async function auditLog(prisma: PrismaClient, opts: AuditOptions): Promise<AuditResult> {
  const started = performance.now();
  const batch = opts.batch ?? 5000;
  const checkSignatures = opts.signatures ?? true;
  const [{ n: countRaw }] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM "LogEntry"`);
  const total = Number(countRaw);
  const checkpoints = await prisma.checkpoint.findMany({ orderBy: { size: "asc" } });
  const departments = new Map((await prisma.department.findMany()).map((d) => [d.id, { code: d.code, key: createPublicKey({ key: JSON.parse(d.publicKeyJwk), format: "jwk" }) }]));
  const logVerifier = { name: opts.origin, publicKey: rawEd25519(opts.logPublicKey) };
  const range = new CompactRange();
  let nextCheckpoint = 0;
  let nodes = 0, signatures = 0;
  const done = (problem: AuditProblem | null): AuditResult => ({
    size: range.size, checkpoints: nextCheckpoint, nodes, signatures, seconds: (performance.now() - started) / 1000, problem,
  });

  for (let from = 0; ; ) {
    // Cut batches at checkpoint sizes, so the compact range sits exactly at each checkpoint once.
    const nextSize = nextCheckpoint < checkpoints.length ? Number(checkpoints[nextCheckpoint]!.size) : Infinity;
    const take = nextSize > from ? Math.min(batch, nextSize - from) : batch;
    const rows = await prisma.logEntry.findMany({ where: { index: { gte: BigInt(from) } }, orderBy: { index: "asc" }, take });
    if (!rows.length) break;
    const leafHashes: Uint8Array[] = [];
    for (const [i, row] of rows.entries()) {
      const index = from + i;
      if (Number(row.index) !== index) return done({ index, what: `entry ${index} is missing (next stored index is ${row.index})` });
      const payload = new Uint8Array(row.payload);
      const leaf = hashLeaf(payload);
      if (!bytesEqual(leaf, new Uint8Array(row.leafHash))) return done({ index, what: "leaf hash does not match the payload (payload edited?)" });
      const text = new TextDecoder().decode(payload);
      let body: { kind?: unknown; department?: unknown };
      try {
        body = JSON.parse(text);
      } catch {
        return done({ index, what: "payload is not JSON" });
      }
      if (canonicalJson(body) !== text) return done({ index, what: "payload is not canonical JSON (RFC 8785)" });
      if (body.kind !== row.kind) return done({ index, what: `kind column "${row.kind}" differs from the payload's "${String(body.kind)}"` });
      if (checkSignatures) {
        const dep = row.departmentId == null ? null : departments.get(row.departmentId);
        if (row.departmentId != null && !dep) return done({ index, what: `unknown department ${row.departmentId}` });
        if ((dep?.code ?? null) !== body.department) return done({ index, what: "submitting department differs from the payload's" });
        const key = dep?.key ?? opts.logPublicKey;
        if (!row.signature || !verifySignature(null, payload, key, new Uint8Array(row.signature))) return done({ index, what: `signature of ${dep?.code ?? "the log"} does not verify` });
        signatures++;
      }
      leafHashes.push(leaf);
    }
    from += rows.length;

    // Rebuild the subtree hashes this batch completes and compare with what is stored.
    const expected = range.append(leafHashes).filter((n) => n.level > 0);
    if (expected.length) {
      const stored = await prisma.$queryRawUnsafe<{ level: number; index: bigint; hash: Uint8Array }[]>(
        `SELECT n."level", n."index", n."hash" FROM unnest($1::int[], $2::bigint[]) AS q(l, i) JOIN "LogNode" n ON n."level" = q.l AND n."index" = q.i`,
        expected.map((n) => n.level), expected.map((n) => n.index));
      const byKey = new Map(stored.map((r) => [`${r.level}/${Number(r.index)}`, new Uint8Array(r.hash)]));
      // A bad node taints all its ancestors: report the smallest one, which pins the damage down closest.
      const bad = expected
        .filter((n) => { const h = byKey.get(`${n.level}/${n.index}`); return !h || !bytesEqual(h, n.hash); })
        .sort((a, b) => a.level - b.level || a.index - b.index)[0];
      if (bad) {
        const first = bad.index * 2 ** bad.level;
        const present = byKey.has(`${bad.level}/${bad.index}`);
        return done({ index: first, what: `${present ? "stored" : "missing"} subtree hash (level ${bad.level}, index ${bad.index}) over entries ${first}..${first + 2 ** bad.level - 1}${present ? " does not match them" : ""}` });
      }
      nodes += expected.length;
    }

    if (range.size === nextSize) {
      const cp = checkpoints[nextCheckpoint]!;
      const root = range.root();
      const last = nextSize - 1;
      if (!bytesEqual(root, new Uint8Array(cp.rootHash))) return done({ index: last, what: `checkpoint ${nextSize} stores root ${toHex(new Uint8Array(cp.rootHash)).slice(0, 16)}…, not the root of entries 0..${last}` });
      const note = verifyCheckpoint(cp.note, logVerifier);
      if (!note) return done({ index: last, what: `checkpoint ${nextSize}: signature does not verify with the log key` });
      if (note.size !== nextSize || !bytesEqual(note.root, root)) return done({ index: last, what: `checkpoint ${nextSize}: the signed note names size ${note.size} and another root` });
      nextCheckpoint++;
    }
    opts.progress?.(range.size, total);
  }
  if (range.size !== total) return done({ index: range.size, what: `only ${range.size} of ${total} entries are contiguous from 0` });
  if (nextCheckpoint < checkpoints.length) {
    const cp = checkpoints[nextCheckpoint]!;
    return done({ index: range.size, what: `checkpoint ${cp.size} is beyond the end of the log (${range.size} entries): entries deleted?` });
  }
  const [{ n: storedNodes }] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT COUNT(*) AS n FROM "LogNode"`);
  if (Number(storedNodes) !== nodes) return done({ index: range.size, what: `${Number(storedNodes) - nodes} stored subtree hashes belong to no entry` });
  return done(null);
}
