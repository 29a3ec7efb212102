// npm run bench:nodes (second table) — checkpoint → final latency: the API's delegate client (apps/api/src/log/delegates.ts)
// over a real log (PGlite, in this process) and real witness processes on loopback. Each round appends one entry,
// signs its checkpoint, and times from the stored checkpoint to the moment its cosignatures meet the policy.
// Yardstick, same run: the same loop with one delegate (K = 1, q = 1), i.e. one add-checkpoint round trip
// plus storing the cosignature. FINALITY_BENCH_ROUNDS (default 150) sets the rounds per row.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@vigil/db";
import { encodeVerifierKey } from "@vigil/log";
import { type NodeProcess, startWitness } from "../../node/test/process.ts";
import { loadKeyRing, rawEd25519 } from "../src/keys.ts";
import { Delegates, readDelegatePolicy } from "../src/log/delegates.ts";
import { LogStore } from "../src/log/store.ts";

const ROUNDS = Number(process.env.FINALITY_BENCH_ROUNDS ?? 150);
const ORIGIN = "bench.vigil.test/log";
const say = (s: string) => process.stderr.write(`${s}\n`);

const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-bench-finality-"));
const keys = loadKeyRing(dataDir);
const logVerifier = { name: ORIGIN, publicKey: rawEd25519(keys.logPublic) };
const logVkey = encodeVerifierKey(ORIGIN, logVerifier.publicKey);
say("starting 5 witness processes and the log (PGlite)…");
const witnesses: NodeProcess[] = await Promise.all(
  [1, 2, 3, 4, 5].map((i) => startWitness(["--data", path.join(dataDir, `d${i}`), "--log-vkey", logVkey, "--name", `d${i}.bench`], {}, { timeoutMs: 300_000 })),
);
const db = await openDatabase({ dataDir: path.join(dataDir, "log") });
const log = new LogStore(db, keys, ORIGIN, { checkpointDelayMs: 3_600_000 });

function policy(k: number, q: number): string {
  const names = witnesses.slice(0, k).map((_, i) => `d${i + 1}`);
  return [
    `log ${logVkey}`,
    ...names.map((n, i) => `witness ${n} ${witnesses[i]!.vkey} ${witnesses[i]!.url}`),
    `group delegates ${q} ${names.join(" ")}`,
    "quorum delegates",
    "",
  ].join("\n");
}

async function rounds(k: number, q: number): Promise<{ p50: number; p99: number; notFinal: number }> {
  const file = path.join(dataDir, `k${k}.policy`);
  writeFileSync(file, policy(k, q));
  const delegates = new Delegates(db, log, readDelegatePolicy(readFileSync(file, "utf8"), logVerifier), logVerifier, { timeoutMs: 10_000 });
  const times: number[] = [];
  let notFinal = 0;
  for (let i = 0; i < ROUNDS + 5; i++) {
    await log.write((w) => w.append([{ kind: "bench", departmentCode: null, departmentId: null, body: { k, i } }]));
    const cp = await log.publishCheckpoint();
    if (!cp) throw new Error("no checkpoint was signed");
    const t = performance.now();
    const f = await delegates.submit({ size: cp.size, note: cp.note });
    if (i < 5) continue; // warm-up: connections, JIT
    if (!f.final) notFinal++;
    times.push(performance.now() - t);
  }
  delegates.close();
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), notFinal };
}

try {
  say(`K = 1: ${ROUNDS} checkpoints…`);
  const one = await rounds(1, 1);
  say(`K = 5, q = 4: ${ROUNDS} checkpoints…`);
  const five = await rounds(5, 4);
  const table = [
    ["measure", "p50", "p99", "ratio to yardstick (p50)", "not final", "note"],
    [
      "checkpoint → final, K = 1, q = 1: yardstick",
      `${one.p50.toFixed(1)} ms`,
      `${one.p99.toFixed(1)} ms`,
      "1.00",
      String(one.notFinal),
      "one add-checkpoint round trip + store",
    ],
    [
      "checkpoint → final, K = 5, q = 4",
      `${five.p50.toFixed(1)} ms`,
      `${five.p99.toFixed(1)} ms`,
      (five.p50 / one.p50).toFixed(2),
      String(five.notFinal),
      `${ROUNDS} checkpoints, one entry each, delegates in parallel`,
    ],
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(table[0]!));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of table.slice(1)) console.log(line(r));
} finally {
  log.close();
  await db.close();
  for (const w of witnesses) await w.kill9();
}
