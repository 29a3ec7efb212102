// npm run bench:mirror (also the last table of bench:nodes) — a mirror process copying and verifying a whole log
// over loopback (C2SP tlog-tiles entry bundles), killed with SIGKILL half-way and resumed, beside the log's own
// audit (`ledger verify`'s auditLog) over the same PostgreSQL database in the same run: the yardstick the issue
// names (mirror sync ≥ 50 % of the log's verify rate). MIRROR_BENCH_SIZE (default 1,000,000) sets the log size.
import { readFileSync, mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import pg from "pg";
import { openDatabase } from "@vigil/db";
import { encodeVerifierKey } from "@vigil/log";
import { createProgress } from "@vigil/progress";
import { startMirror } from "../../node/test/process.ts";
import { loadKeyRing, rawEd25519 } from "../src/keys.ts";
import { auditLog } from "../src/log/audit.ts";
import { LogStore } from "../src/log/store.ts";
import { tileRoutes } from "../src/log/tiles.ts";

const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SIZE = Number(process.env.MIRROR_BENCH_SIZE ?? 1_000_000);
const ORIGIN = "bench.vigil.test/log";
const say = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const name = `vigil_bench_mirror_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
await admin.end();
const url = new URL(ADMIN);
url.pathname = `/${name}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-bench-mirror-"));
const keys = loadKeyRing(dataDir);
const db = await openDatabase({ url: url.toString() });
const log = new LogStore(db, keys, ORIGIN, { checkpointDelayMs: 3_600_000 });
let server: http.Server | undefined;
try {
  say(`[1/4] building a ${fmt(SIZE)}-entry log on PostgreSQL`);
  const bar = createProgress("  append", SIZE, { unit: "entries" });
  for (let done = 0; done < SIZE; done += 2000) {
    const n = Math.min(2000, SIZE - done);
    const batch = Array.from({ length: n }, (_, i) => ({
      kind: "bench",
      departmentCode: null,
      departmentId: null,
      body: { seq: done + i, region: "RL-01-02", newConfirmed: (done + i) % 97, note: "x".repeat(40) },
    }));
    await log.write(({ append }) => append(batch), { timeout: 120_000 });
    bar.update(done + n);
  }
  bar.finish();
  const cp = await log.publishCheckpoint();
  if (!cp || cp.size !== SIZE) throw new Error("no checkpoint of the whole log");

  say("[2/4] the log's own audit (the yardstick)");
  const audit = await auditLog(db, { origin: ORIGIN, logPublicKey: keys.logPublic, signatures: false });
  if (audit.problem) throw new Error(audit.problem.message);
  const auditSig = await auditLog(db, { origin: ORIGIN, logPublicKey: keys.logPublic, signatures: true });
  if (auditSig.problem) throw new Error(auditSig.problem.message);

  // The API's tile routes over this database, signed in as a role that reads every entry.
  const app = express();
  app.use(tileRoutes(log, async () => ({ id: 1, email: "mirror@bench", role: "AUDITOR", departmentId: null, departmentCode: null, regionCode: null })));
  server = http.createServer(app);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const vkey = encodeVerifierKey(ORIGIN, rawEd25519(keys.logPublic));
  const dir = path.join(dataDir, "mirror");

  say("[3/4] mirror: sync, SIGKILL half-way");
  const args = ["--log", base, "--data", dir, "--log-vkey", vkey, "--interval-ms", "0"];
  const t0 = performance.now();
  const first = startMirror(args);
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    let copied = 0;
    try {
      copied = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")).synced.size;
    } catch {}
    if (copied >= SIZE / 2 || first.child.exitCode !== null) break;
  }
  const killedAfter = (performance.now() - t0) / 1000;
  await first.kill9();
  const atKill = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")).synced.size as number;

  say("[4/4] mirror: resume to the end");
  const t1 = performance.now();
  const second = startMirror(args);
  const code = await second.exited;
  const resumedSeconds = (performance.now() - t1) / 1000;
  if (code !== 0) throw new Error(`the resumed mirror failed:\n${second.output()}`);
  const m = /mirror synced: size (\d+) \((\d+) new entries\)/.exec(second.output());
  if (!m || Number(m[1]) !== SIZE) throw new Error(`the mirror did not reach ${SIZE}:\n${second.output()}`);
  const copiedRate = /mirror: copied [\d,]+ entries in [\d.]+ s \(([\d,]+) entries\/s\)/.exec(second.output())?.[1] ?? "?";
  const total = killedAfter + resumedSeconds;
  const mirrorRate = SIZE / total;
  const auditRate = audit.size / audit.seconds;
  const rows: [string, string, string][] = [
    [`log audit (auditLog, Merkle only), ${fmt(SIZE)} entries`, `${fmt(auditRate)}/s`, "yardstick"],
    [`log audit + Ed25519 signatures, ${fmt(SIZE)} entries`, `${fmt(auditSig.size / auditSig.seconds)}/s`, ""],
    [`mirror, first run until SIGKILL`, `${fmt(atKill)} entries saved in ${killedAfter.toFixed(1)} s`, ""],
    [
      `mirror, resumed run (process start included)`,
      `${fmt(Number(m[2]))} entries in ${resumedSeconds.toFixed(1)} s (${copiedRate}/s copying)`,
      `copying at ${((Number(copiedRate.replace(/,/g, "")) / auditRate) * 100).toFixed(0)}% of the audit rate`,
    ],
    [
      `mirror sync, whole log incl. kill and restart`,
      `${fmt(mirrorRate)}/s`,
      `${((mirrorRate / auditRate) * 100).toFixed(0)}% of the audit rate (target ≥ 50 %)`,
    ],
  ];
  console.log(`\n| measurement | result | note |\n|---|---|---|\n${rows.map((r) => `| ${r.join(" | ")} |`).join("\n")}`);
} finally {
  server?.close();
  log.close();
  await db.close();
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
}
