// npm run bench:ledger — append throughput, proof latency and audit speed of the stored log, beside the
// raw SHA-256 rates of this machine measured in the same run. Prints a table; not a test.
// LEDGER_BENCH_SIZE (default 1,000,000) sets the log size for the proof-latency and verify rows.
import { createHash, hash as oneShot, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fork } from "node:child_process";
import pg from "pg";
import { sha256 } from "@noble/hashes/sha2.js";
import { openDatabase, type Database } from "@vigil/db";
import { createProgress } from "@vigil/progress";
import { loadKeyRing } from "../src/keys.ts";
import { LogStore } from "../src/log/store.ts";
import { auditLog } from "../src/log/audit.ts";

const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const BIG = Number(process.env.LEDGER_BENCH_SIZE ?? 1_000_000);
const rows: [string, string, string][] = [];
const say = (s: string) => process.stderr.write(`${s}\n`);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString("en-US");

function hashRates() {
  const input = randomBytes(64);
  const n = 300_000;
  const timed = (f: () => unknown) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) f();
    return rate(n, performance.now() - t);
  };
  // Best of three rounds, interleaved: the first loop of each also pays for its JIT warm-up, and a single round
  // moved 480–600k/s between runs here. The yardstick is what one core can do, so the best round is the fair one.
  let noble = 0,
    node = 0,
    fastest = 0;
  for (let round = 0; round < 3; round++) {
    noble = Math.max(
      noble,
      timed(() => sha256(input)),
    );
    node = Math.max(
      node,
      timed(() => createHash("sha256").update(input).digest()),
    );
    fastest = Math.max(
      fastest,
      timed(() => oneShot("sha256", input, "buffer")),
    );
  }
  rows.push(["SHA-256 of 64 B, @noble/hashes (1 core, best of 3)", `${fmt(noble)}/s`, "limits.md ≈ 687k/s; the issue's yardstick"]);
  rows.push(["SHA-256 of 64 B, node:crypto createHash (1 core, best of 3)", `${fmt(node)}/s`, "limits.md ≈ 875k/s"]);
  rows.push(["SHA-256 of 64 B, node:crypto one-shot hash() (1 core, best of 3)", `${fmt(fastest)}/s`, "what the audit calls"]);
  return { noble, node, fastest };
}

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vigil_bench_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

const item = (i: number) => ({
  kind: "bench",
  departmentCode: null,
  departmentId: null,
  body: { seq: i, region: "RL-01-02", newConfirmed: i % 97, note: "x".repeat(40) },
});

async function append(_db: Database, ledger: LogStore, total: number, batch: number, label: string, from = 0): Promise<number> {
  const t = performance.now();
  const bar = createProgress(`  ${label}`, total, { unit: "entries" });
  for (let done = 0; done < total; done += batch) {
    const n = Math.min(batch, total - done);
    await ledger.write(({ append }) => append(Array.from({ length: n }, (_, i) => item(from + done + i))), { timeout: 120_000 });
    bar.update(done + n);
  }
  bar.finish();
  return rate(total, performance.now() - t);
}

async function appendRows(backend: string, db: Database, ledger: LogStore, sizes: [number, number][]) {
  let at = await ledger.size();
  for (const [batch, total] of sizes) {
    const r = await append(db, ledger, total, batch, `${backend} batch ${batch}`, at);
    at += total;
    await ledger.publishCheckpoint();
    rows.push([
      `append, ${backend}, batch ${batch} (${fmt(total)} entries, signed)`,
      `${fmt(r)}/s`,
      backend === "PostgreSQL" ? (batch > 1 ? "target ≥ 20,000/s" : "") : batch > 1 ? "target ≥ 5,000/s" : "",
    ]);
  }
}

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function proofLatency(_db: Database, ledger: LogStore, size: number, backend: string) {
  const inc: number[] = [],
    con: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const index = Math.floor(Math.random() * size);
    const t = performance.now();
    await ledger.inclusionProof(index, size);
    inc.push(performance.now() - t);
  }
  for (let i = 0; i < 300; i++) {
    const old = 1 + Math.floor(Math.random() * (size - 1));
    const t = performance.now();
    await ledger.consistencyProof(old, size);
    con.push(performance.now() - t);
  }
  rows.push([
    `inclusion proof at ${fmt(size)} entries, ${backend} (p50 / p99)`,
    `${percentile(inc, 50).toFixed(2)} / ${percentile(inc, 99).toFixed(2)} ms`,
    "target p50 < 2 ms",
  ]);
  rows.push([
    `consistency proof at ${fmt(size)} entries, ${backend} (p50 / p99)`,
    `${percentile(con, 50).toFixed(2)} / ${percentile(con, 99).toFixed(2)} ms`,
    "",
  ]);
}

async function verifyRate(
  db: Database,
  ledger: LogStore,
  keys: ReturnType<typeof loadKeyRing>,
  backend: string,
  signatures: boolean,
  hash: ReturnType<typeof hashRates>,
) {
  const bar = createProgress(`  verify ${backend}${signatures ? " +sig" : ""}`, 0, { unit: "entries" });
  const r = await auditLog(db, { origin: ledger.origin, logPublicKey: keys.logPublic, signatures, progress: (d, t) => bar.update(d, t) });
  bar.finish();
  if (r.problem) throw new Error(`audit failed: ${r.problem.message}`);
  const entriesPerSec = Math.round(r.size / r.seconds);
  // Each entry costs one leaf hash plus about one interior-node hash.
  const share = (rate: number) => `${(((2 * entriesPerSec) / rate) * 100).toFixed(0)}%`;
  rows.push([
    `verify, ${backend}, ${fmt(r.size)} entries${signatures ? " + Ed25519 signatures" : ""}`,
    `${fmt(entriesPerSec)}/s`,
    `2 hashes/entry: ${share(hash.noble)} of noble, ${share(hash.node)} of createHash, ${share(hash.fastest)} of one-shot (1 core); target ≥ 50%`,
  ]);
}

/** Two OS processes appending at once: signing runs in parallel, only the insert is serialised. */
async function parallelAppends(url: string, keysDir: string, perProcess: number, batch: number): Promise<number> {
  const t = performance.now();
  await Promise.all(
    [0, 1].map(
      () =>
        new Promise<void>((resolve, reject) => {
          const child = fork(path.join(import.meta.dirname, "append-worker.ts"), [], {
            env: { ...process.env, DATABASE_URL: url, VIGIL_KEYS_DIR: keysDir, COUNT: String(perProcess), BATCH: String(batch) },
            execArgv: ["--import", "tsx"],
          });
          child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
        }),
    ),
  );
  return rate(2 * perProcess, performance.now() - t);
}

const keysDir = mkdtempSync(path.join(tmpdir(), "vigil-bench-keys-"));
const keys = loadKeyRing(keysDir);
say("[1/5] raw hash rates");
const hashes = hashRates();

say("[2/5] PGlite appends");
const lite = await openDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), "vigil-bench-lite-")) });
const liteLog = new LogStore(lite, keys, "vigil.example/log");
await appendRows("PGlite", lite, liteLog, [
  [1, 1000],
  [100, 20_000],
  [1000, 50_000],
]);
await proofLatency(lite, liteLog, await liteLog.size(), "PGlite");
await verifyRate(lite, liteLog, keys, "PGlite", true, hashes);
liteLog.close();
await lite.close();

say("[3/5] PostgreSQL appends");
const pgdb = await freshPostgres();
const server = await openDatabase({ url: pgdb.url });
const ledger = new LogStore(server, keys, "vigil.example/log");
try {
  await appendRows("PostgreSQL", server, ledger, [
    [1, 2000],
    [100, 20_000],
    [1000, 100_000],
  ]);
  const par = await parallelAppends(pgdb.url, keysDir, 50_000, 1000);
  rows.push(["append, PostgreSQL, batch 1000, 2 processes (100,000 entries)", `${fmt(par)}/s`, "target ≥ 20,000/s"]);

  say(`[4/5] growing the PostgreSQL log to ${fmt(BIG)} entries`);
  const have = await server.prisma.logEntry.count();
  if (BIG > have) await append(server, ledger, BIG - have, 2000, "grow", have);
  await ledger.publishCheckpoint();
  const size = await ledger.size();
  await proofLatency(server, ledger, size, "PostgreSQL");

  say("[5/5] verify");
  await verifyRate(server, ledger, keys, "PostgreSQL", false, hashes);
} finally {
  ledger.close();
  await server.close();
  await pgdb.drop();
}

const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
console.log(`\nLedger benchmark (${new Date().toISOString()}, ${process.version}, 2-core machine)\n`);
console.log(`| ${"measure".padEnd(w[0])} | ${"result".padEnd(w[1])} | reference |`);
console.log(`|${"-".repeat(w[0] + 2)}|${"-".repeat(w[1] + 2)}|-----------|`);
for (const [a, b, c] of rows) console.log(`| ${a.padEnd(w[0])} | ${b.padEnd(w[1])} | ${c} |`);
process.exit(0);
