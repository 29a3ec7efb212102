/**
 * Throughput benchmark for @vigil/analytics, measuring what a deployment does.
 *
 *   cd /work/main && npm run bench:analytics
 *   cd /work/main && npx tsx packages/analytics/bench/detectors.ts [regions] [days]
 *
 * Workloads (seeded, so every run sees the same data):
 *
 * 1. Daily detectors earsC1, earsC2, earsC3, cusum, ewma over `regions` × `days` daily counts
 *    (Poisson, weekly reporting cycle, an outbreak in one region out of five). Their sum is the
 *    headline: "all detectors over 3,000 regions × 365 days, target < 1 s on one core".
 * 2. growth (window 14) and reproductionNumber (serial interval gamma mean 5.2, sd 2.8) over the
 *    same daily series: every period of every region, reported separately.
 * 3. farrington as intended: weekly series, only the latest week of each region evaluated
 *    (`range: [length − 1]`). The last 52 weeks are the daily data summed per week (the final
 *    364 days, so the latest week ends on the latest day); before them 5 years (260 weeks) of
 *    weekly history are simulated with the same regional parameters. Farrington with b = 5,
 *    w = 3, frequency 52 needs at least 5·52 + 3 + 1 = 264 weeks to evaluate the last one.
 *    Then Farrington over all 52 weeks of the last year, and the nowcast (`bayes.notrunc.bnb`,
 *    D = 14) of each region's last 60 days from a reporting triangle made by Poisson thinning.
 * 4. project (horizon 14) with the growth method for every region, and with the renewal method
 *    for a sample of 100 regions (reported per region and extrapolated to all regions).
 *
 * Every row: one untimed warm-up pass (JIT) over the first WARMUP_SERIES series of its workload
 * (all of it when smaller; a full warm-up pass of project/growth alone would cost ~14 s), then
 * 3 timed passes over the whole workload; the median is reported. Each result is tallied
 * (periods evaluated, alarms, estimates) outside the clock as a sanity check.
 */
import { performance } from "node:perf_hooks";
import { cpus } from "node:os";
import { createProgress } from "@vigil/progress";
import {
  cusum,
  earsC1,
  earsC2,
  earsC3,
  ewma,
  farrington,
  growth,
  type Nowcast,
  nowcast,
  project,
  reproductionNumber,
  type SerialInterval,
} from "../src/index.ts";

const REGIONS = Number(process.argv[2] ?? 3000);
const DAYS = Number(process.argv[3] ?? 365);
const TARGET_MS = 1000;
const RUNS = 3;
const WARMUP_SERIES = 300;
const RENEWAL_SAMPLE = Math.min(100, REGIONS);
const HISTORY_WEEKS = 5 * 52;
const SERIAL_INTERVAL: SerialInterval = { mean: 5.2, sd: 2.8 };

if (!Number.isInteger(REGIONS) || REGIONS < 1 || !Number.isInteger(DAYS) || DAYS < 28 + 7) {
  console.error("usage: detectors.ts [regions ≥ 1] [days ≥ 35]");
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

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

interface Region {
  /** Baseline cases per day. */
  mean: number;
  /** Annual seasonality amplitude and phase (weekly history). */
  amplitude: number;
  phase: number;
}

/** Outbreak multiplier: two-week ramp from 1 to 4.25 starting at `start` (−1: none). */
function outbreak(t: number, start: number, length: number): number {
  const since = t - start;
  return start >= 0 && since >= 0 && since < length ? 1 + (since * 3.25) / (length - 1) : 1;
}

function simulateDaily(regions: number, days: number): { regions: Region[]; daily: number[][] } {
  const rand = prng(20240917);
  const params: Region[] = [];
  const daily: number[][] = [];
  for (let r = 0; r < regions; r++) {
    // Baseline means spread log-uniformly from 0.5 to 200 cases/day.
    const mean = 0.5 * Math.exp(rand() * Math.log(400));
    const region: Region = { mean, amplitude: 0.3 * rand(), phase: 2 * Math.PI * rand() };
    params.push(region);
    const start = rand() < 0.2 ? Math.floor(60 + rand() * (days - 90)) : -1;
    const y = new Array<number>(days);
    for (let d = 0; d < days; d++) {
      const weekly = d % 7 >= 5 ? 0.7 : 1.1; // weekend reporting dip
      y[d] = poisson(mean * weekly * outbreak(d, start, 14), rand);
    }
    daily.push(y);
  }
  return { regions: params, daily };
}

/**
 * Weekly series for Farrington: `historyWeeks` simulated weeks (seasonal, an occasional 2–3 week
 * outbreak per year in 10 % of region-years) followed by the daily series summed per week,
 * aligned so that the last week ends on the last day.
 */
function weeklySeries(regions: Region[], daily: number[][], historyWeeks: number): number[][] {
  const rand = prng(19960101);
  const out: number[][] = [];
  for (let r = 0; r < regions.length; r++) {
    const { mean, amplitude, phase } = regions[r];
    const days = daily[r];
    const currentWeeks = Math.floor(days.length / 7);
    const offset = days.length - currentWeeks * 7;
    const y = new Array<number>(historyWeeks + currentWeeks);
    for (let w = 0; w < historyWeeks; w++) {
      const yearStart = w - (w % 52);
      const start = rand() < 0.1 / 52 ? w : -1;
      const season = 1 + amplitude * Math.sin((2 * Math.PI * (w - yearStart)) / 52 + phase);
      y[w] = poisson(7 * mean * 0.986 * season * outbreak(w, start, 3), rand); // 0.986 = mean weekday factor
    }
    for (let w = 0; w < currentWeeks; w++) {
      let s = 0;
      for (let d = offset + 7 * w; d < offset + 7 * (w + 1); d++) s += days[d];
      y[historyWeeks + w] = s;
    }
    out.push(y);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

interface Row {
  detector: string;
  work: string;
  /** Median of RUNS timed passes over the measured workload. */
  ms: number;
  /** Number of series in the measured workload. */
  series: number;
  target: string;
  /** Extrapolated total (sampled rows only). */
  extrapolatedMs?: number;
  check: string;
}

let rowNumber = 0;
const TOTAL_ROWS = 12;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Untimed sanity tally of the results of one pass. */
interface Tally<T> {
  add(result: T): void;
  summary(): string;
}

/**
 * Warm-up (untimed) over the first WARMUP_SERIES series, then RUNS timed passes over all series;
 * returns the median pass time. Each call is timed on its own and its result is tallied between
 * calls, outside the clock, then dropped: the sanity check costs nothing and results die young
 * (retaining a million result objects per pass would add old-generation GC that is an artefact of
 * the benchmark, and made timings swing by 2–3× on a loaded machine).
 */
function measure<I, T>(label: string, data: readonly I[], fn: (input: I) => T, tally: () => Tally<T>): { ms: number; check: string } {
  rowNumber++;
  const tag = `[${rowNumber}/${TOTAL_ROWS}] ${label.padEnd(34)}`;
  // Counted in series: the warm-up, then every timed pass. Updated between passes only, outside the clock;
  // on stdout with the table, and in a CI log only the row's final line (everyPercent: 100).
  const warmup = Math.min(WARMUP_SERIES, data.length);
  const bar = createProgress(tag, warmup + RUNS * data.length, { stream: process.stdout, unit: "series", everyPercent: 100 });
  const warm = tally();
  for (let i = 0; i < warmup; i++) warm.add(fn(data[i]));
  const times: number[] = [];
  let last = warm;
  for (let run = 1; run <= RUNS; run++) {
    bar.update(warmup + (run - 1) * data.length);
    const t = tally();
    let elapsed = 0;
    for (let i = 0; i < data.length; i++) {
      const t0 = performance.now();
      const result = fn(data[i]);
      elapsed += performance.now() - t0;
      t.add(result);
    }
    times.push(elapsed);
    last = t;
  }
  const ms = median(times);
  const summary = last.summary();
  bar.finish(`median ${ms.toFixed(1).padStart(8)} ms  (runs: ${times.map((t) => t.toFixed(0)).join(", ")} ms)  ${summary}`);
  return { ms, check: summary };
}

type Flagged = { alarm?: boolean } | null;

function alarmsOf(): Tally<Flagged[]> {
  let alarms = 0;
  let evaluated = 0;
  return {
    add(series) {
      for (let i = 0; i < series.length; i++) {
        const p = series[i];
        if (p === null) continue;
        evaluated++;
        if (p.alarm === true) alarms++;
      }
    },
    summary: () => `${evaluated.toLocaleString("en")} periods evaluated, ${alarms.toLocaleString("en")} alarms`,
  };
}

function estimatesOf(): Tally<unknown[]> {
  let n = 0;
  return {
    add(series) {
      for (let i = 0; i < series.length; i++) if (series[i] !== null) n++;
    },
    summary: () => `${n.toLocaleString("en")} estimates`,
  };
}

function projectionsOf(): Tally<{ points: unknown[] }> {
  let n = 0;
  let total = 0;
  return {
    add(result) {
      total++;
      if (result.points.length > 0) n++;
    },
    summary: () => `${n.toLocaleString("en")}/${total.toLocaleString("en")} regions projected`,
  };
}

const NOWCAST_DAYS = 60;
const NOWCAST_MAX_DELAY = 14;
/** Reporting-delay distribution of the nowcast workload (days 0…14; mean ≈ 2.4). */
const DELAY_PMF = [0.25, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05, 0.03, 0.02, 0.02, 0.01, 0.01, 0.01, 0.005, 0.005];

/** Each region's last `days` days split into a reporting triangle by Poisson thinning with DELAY_PMF. */
function reportingTriangles(daily: readonly number[][], days: number): number[][][] {
  const rand = prng(0x6e0c);
  return daily.map((counts) => {
    const recent = counts.slice(-days);
    const T = days - 1;
    return recent.map((c, t) => Array.from({ length: T - t + 1 }, (_, d) => (d < DELAY_PMF.length ? poisson(c * DELAY_PMF[d], rand) : 0)));
  });
}

function nowcastsOf(): Tally<Nowcast> {
  let open = 0;
  return {
    add(result) {
      for (const p of result.points) if (!p.final && p.median !== null) open++;
    },
    summary: () => `${open.toLocaleString("en")} open days nowcast`,
  };
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function fmtPer(ms: number): string {
  const us = ms * 1000;
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}

function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [r.detector, r.work, r.ms < 0 ? "" : fmtMs(r.ms), r.series > 0 ? fmtPer(r.ms / r.series) : "", r.target]);
  const head = ["detector", "work", "ms", "per series", "target"];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const right = [false, false, true, true, false];
  const line = (row: string[]) => `| ${row.map((v, c) => (right[c] ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join(" | ")} |`;
  const sep = `|${widths.map((w, c) => (right[c] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  console.log(line(head));
  console.log(sep);
  for (const row of cells) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function main(): void {
  const wall0 = performance.now();
  const cpu = cpus()[0]?.model?.trim() ?? "unknown CPU";
  console.log(`@vigil/analytics benchmark — Node ${process.version}, ${cpu}, single thread`);
  console.log(`Per row: untimed warm-up over ≤ ${WARMUP_SERIES} series, then median of ${RUNS} timed passes over the full workload.\n`);

  const g0 = performance.now();
  const { regions, daily } = simulateDaily(REGIONS, DAYS);
  const weekly = weeklySeries(regions, daily, HISTORY_WEEKS);
  const weeks = weekly[0].length;
  const renewalSample = daily.slice(0, RENEWAL_SAMPLE);
  console.log(
    `Data: ${REGIONS.toLocaleString("en")} regions × ${DAYS} days = ${(REGIONS * DAYS).toLocaleString("en")} daily counts; ` +
      `weekly: ${REGIONS.toLocaleString("en")} × ${weeks} weeks (${HISTORY_WEEKS} simulated + ${weeks - HISTORY_WEEKS} from the daily data). ` +
      `Generated in ${(performance.now() - g0).toFixed(0)} ms (not counted).\n`,
  );

  const grid = `${REGIONS.toLocaleString("en")} × ${DAYS} d`;
  const rows: Row[] = [];
  const add = <I, T>(detector: string, work: string, target: string, data: readonly I[], fn: (c: I) => T, tally: () => Tally<T>) => {
    const m = measure(detector, data, fn, tally);
    const row: Row = { detector, work, ms: m.ms, series: data.length, target, check: m.check };
    rows.push(row);
    return row;
  };

  // 1. Daily detectors (headline).
  const daily5 = [
    add("earsC1", `${grid}, all days`, "in Σ", daily, (c) => earsC1(c), alarmsOf),
    add("earsC2", `${grid}, all days`, "in Σ", daily, (c) => earsC2(c), alarmsOf),
    add("earsC3", `${grid}, all days`, "in Σ", daily, (c) => earsC3(c), alarmsOf),
    add("cusum", `${grid}, all days`, "in Σ", daily, (c) => cusum(c), alarmsOf),
    add("ewma", `${grid}, all days`, "in Σ", daily, (c) => ewma(c), alarmsOf),
  ];
  const headlineMs = daily5.reduce((s, r) => s + r.ms, 0);
  const headline: Row = {
    detector: "ALL DAILY DETECTORS (sum of 5)",
    work: `${grid}, all days`,
    ms: headlineMs,
    series: REGIONS,
    target: `< ${TARGET_MS} ms → ${headlineMs < TARGET_MS ? "MET" : "NOT MET"}`,
    check: "",
  };

  // 2. Estimators over the same daily series.
  const growthRow = add("growth (window 14)", `${grid}, all days`, "report", daily, (c) => growth(c, { window: 14 }), estimatesOf);
  const rtRow = add("reproductionNumber (SI 5.2/2.8)", `${grid}, all days`, "report", daily, (c) => reproductionNumber(c, SERIAL_INTERVAL), estimatesOf);

  // 3. Farrington on weekly data, latest week only.
  const lastWeek = weeks - 1;
  const farRow = add(
    "farrington (weekly, latest week)",
    `${REGIONS.toLocaleString("en")} × ${weeks} wk, 1 wk each`,
    "report",
    weekly,
    (c) => farrington(c, { range: [lastWeek] }),
    alarmsOf,
  );

  // 3b. Farrington over every week of the last year (a weekly surveillance report's full-year chart).
  const yearWeeks = Array.from({ length: 52 }, (_, j) => weeks - 52 + j);
  const farYearRow = add(
    "farrington (weekly, last 52 weeks)",
    `${REGIONS.toLocaleString("en")} × ${weeks} wk, 52 wk each`,
    "report",
    weekly,
    (c) => farrington(c, { range: yearWeeks }),
    alarmsOf,
  );

  // 3c. Nowcast of the last 60 days per district, delays up to 14 days.
  const triangles = reportingTriangles(daily, NOWCAST_DAYS);
  const nowcastRow = add(
    `nowcast bnb (D ${NOWCAST_MAX_DELAY})`,
    `${REGIONS.toLocaleString("en")} × ${NOWCAST_DAYS} d triangles`,
    "report",
    triangles,
    (t) => nowcast(t, { maxDelay: NOWCAST_MAX_DELAY }),
    nowcastsOf,
  );

  // 4. Projections.
  const projRow = add(
    "project growth (h 14)",
    `${REGIONS.toLocaleString("en")} regions, 1000 paths`,
    "report",
    daily,
    (c) => project(c, { method: "growth", horizon: 14 }),
    projectionsOf,
  );
  const renewalRow = add(
    "project renewal (h 14)",
    `${RENEWAL_SAMPLE} of ${REGIONS.toLocaleString("en")} regions, 1000 paths`,
    "report",
    renewalSample,
    (c) => project(c, { method: "renewal", horizon: 14, serialInterval: SERIAL_INTERVAL }),
    projectionsOf,
  );
  renewalRow.extrapolatedMs = (renewalRow.ms / RENEWAL_SAMPLE) * REGIONS;

  // Sanity: Farrington must have evaluated the latest week of (nearly) every region.
  if (!farRow.check.startsWith(`${REGIONS.toLocaleString("en")} periods`)) {
    console.log(`  note: farrington evaluated fewer than ${REGIONS} latest weeks (${farRow.check})`);
  }

  const extrapolated: Row = {
    detector: "  ↳ renewal extrapolated",
    work: `${REGIONS.toLocaleString("en")} regions (×${(REGIONS / RENEWAL_SAMPLE).toFixed(0)})`,
    ms: renewalRow.extrapolatedMs,
    series: REGIONS,
    target: "report",
    check: "",
  };

  console.log("");
  printTable([...daily5, headline, growthRow, rtRow, farRow, farYearRow, nowcastRow, projRow, renewalRow, extrapolated]);
  console.log("");
  console.log(
    `Headline: all daily detectors (earsC1+C2+C3+cusum+ewma) over ${REGIONS.toLocaleString("en")} regions × ${DAYS} days: ` +
      `${headlineMs.toFixed(0)} ms — target < ${TARGET_MS} ms on one core ${headlineMs < TARGET_MS ? "MET" : "NOT MET"}.`,
  );
  console.log(`(Benchmark wall time ${((performance.now() - wall0) / 1000).toFixed(1)} s.)`);
}

main();
