/**
 * Throughput benchmark for the outbreak detectors.
 *
 *   cd /work/main && npx tsx packages/analytics/bench/detectors.ts [regions] [days]
 *
 * Simulates 3,000 regions × 365 days of Poisson counts (seeded, so every run sees the same
 * data), runs each detector over every region and prints milliseconds per detector. Target:
 * the detectors in this file's first group together under 1 s on one core. The other
 * engineer's estimators (farrington, growth, reproductionNumber, project) are timed too when
 * ../src/index.ts exports them; otherwise a note says they were skipped.
 */
import { performance } from "node:perf_hooks";
import { cusum } from "../src/cusum.ts";
import { earsC1, earsC2, earsC3 } from "../src/ears.ts";
import { ewma } from "../src/ewma.ts";

const REGIONS = Number(process.argv[2] ?? 3000);
const DAYS = Number(process.argv[3] ?? 365);
const TARGET_MS = 1000;

/** mulberry32: tiny, fast, good enough for simulation and fully reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(lambda: number, rand: () => number): number {
  if (lambda < 30) {
    // Knuth's product method: exact, cost grows with λ, hence only for small means.
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rand();
    while (p > limit) {
      k++;
      p *= rand();
    }
    return k;
  }
  // Normal approximation (Box–Muller) is adequate for λ ≥ 30 in a throughput benchmark.
  const u = Math.max(rand(), Number.MIN_VALUE);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
}

function simulate(regions: number, days: number): number[][] {
  const rand = prng(20240917);
  const series: number[][] = [];
  for (let r = 0; r < regions; r++) {
    // Baseline means spread log-uniformly from 0.5 to 200 cases/day, weekly reporting cycle,
    // and an outbreak (two-week ramp) in one region out of five.
    const mean = 0.5 * Math.exp(rand() * Math.log(400));
    const outbreakStart = rand() < 0.2 ? Math.floor(60 + rand() * (days - 90)) : -1;
    const y = new Array<number>(days);
    for (let d = 0; d < days; d++) {
      const weekly = d % 7 >= 5 ? 0.7 : 1.1;
      const since = d - outbreakStart;
      const outbreak = outbreakStart >= 0 && since >= 0 && since < 14 ? 1 + since / 4 : 1;
      y[d] = poisson(mean * weekly * outbreak, rand);
    }
    series.push(y);
  }
  return series;
}

type Detector = (counts: number[]) => unknown;

interface Row {
  name: string;
  ms: number | null;
  alarms: number | null;
  note?: string;
}

function countAlarms(result: unknown): number {
  if (!Array.isArray(result)) return 0;
  let n = 0;
  for (const p of result) if (p !== null && typeof p === "object" && (p as { alarm?: unknown }).alarm === true) n++;
  return n;
}

function run(name: string, fn: Detector, data: number[][]): Row {
  // Warm-up on a slice so the timing reflects optimised code, not the JIT's first pass.
  for (let i = 0; i < Math.min(50, data.length); i++) fn(data[i]);
  let alarms = 0;
  const step = Math.max(1, Math.floor(data.length / 10));
  const t0 = performance.now();
  for (let i = 0; i < data.length; i++) {
    alarms += countAlarms(fn(data[i]));
    if (i % step === 0 && process.stdout.isTTY) process.stdout.write(`\r  ${name.padEnd(22)} ${i}/${data.length} regions`);
  }
  const ms = performance.now() - t0;
  if (process.stdout.isTTY) process.stdout.write("\r\x1b[K");
  console.log(`  ${name.padEnd(22)} done: ${ms.toFixed(1)} ms`);
  return { name, ms, alarms };
}

function table(rows: Row[], points: number): void {
  const header = `${"detector".padEnd(24)}${"ms".padStart(10)}${"Mpoints/s".padStart(12)}${"alarms".padStart(10)}  note`;
  console.log(header);
  console.log("-".repeat(header.length + 20));
  for (const r of rows) {
    const ms = r.ms === null ? "—" : r.ms.toFixed(1);
    const rate = r.ms === null ? "—" : (points / r.ms / 1000).toFixed(1);
    const alarms = r.alarms === null ? "—" : String(r.alarms);
    console.log(`${r.name.padEnd(24)}${ms.padStart(10)}${rate.padStart(12)}${alarms.padStart(10)}  ${r.note ?? ""}`);
  }
}

async function main(): Promise<void> {
  console.log(`Simulating ${REGIONS} regions × ${DAYS} days (seeded Poisson)…`);
  const g0 = performance.now();
  const data = simulate(REGIONS, DAYS);
  const points = REGIONS * DAYS;
  console.log(`  generated ${points.toLocaleString("en")} counts in ${(performance.now() - g0).toFixed(0)} ms (not counted)\n`);

  console.log("Detectors (this file's target: total < 1 s on one core):");
  const own: Row[] = [
    run("earsC1", earsC1, data),
    run("earsC2", earsC2, data),
    run("earsC3", earsC3, data),
    run("cusum", cusum, data),
    run("ewma", ewma, data),
  ];

  console.log("\nOther estimators from ../src/index.ts (timed if exported):");
  const others: Row[] = [];
  let index: Record<string, unknown> = {};
  try {
    index = (await import("../src/index.ts")) as Record<string, unknown>;
  } catch (error) {
    console.log(`  could not import ../src/index.ts: ${(error as Error).message}`);
  }
  for (const name of ["farrington", "growth", "reproductionNumber", "project"]) {
    const fn = index[name];
    if (typeof fn !== "function") {
      console.log(`  ${name}: not exported yet — skipped`);
      others.push({ name, ms: null, alarms: null, note: "not exported yet" });
      continue;
    }
    try {
      // Called with the count series alone; an estimator that needs more arguments is reported, not guessed at.
      (fn as Detector)(data[0]);
    } catch (error) {
      console.log(`  ${name}: call with (counts) failed (${(error as Error).message}) — skipped`);
      others.push({ name, ms: null, alarms: null, note: "needs other arguments" });
      continue;
    }
    others.push(run(name, fn as Detector, data));
  }

  console.log("");
  const total = own.reduce((s, r) => s + (r.ms ?? 0), 0);
  table([...own, { name: "TOTAL (own detectors)", ms: total, alarms: null }, ...others], points);
  console.log(
    `\nTarget: own detectors < ${TARGET_MS} ms in total for ${REGIONS}×${DAYS} → ${total.toFixed(0)} ms ` +
      `(${total < TARGET_MS ? "met" : "NOT met"}).`,
  );
}

await main();
