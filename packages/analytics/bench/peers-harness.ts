/**
 * The R peer harness: the same seeded synthetic series through R (`surveillance`, `EpiEstim`)
 * and through Vigil, compared point by point at a relative tolerance.
 * @module
 */
import { performance } from "node:perf_hooks";
import { type CusumPoint, cusum } from "../src/cusum.ts";
import { earsC1, earsC2, earsC3 } from "../src/ears.ts";
import { type FarringtonOptions, farrington } from "../src/farrington.ts";
import { createRng } from "../src/random.ts";
import { type DelayedCount, nowcast, reportingTriangle } from "../src/nowcast.ts";
import { reproductionNumber } from "../src/renewal.ts";
import { dailySeries, type SyntheticSeries, weeklySeries } from "./peers-series.ts";
import { cusumScript, type EpiEstimVariant, earsScript, epiestimScript, farringtonScript, findR, nowcastScript, type RStatus, runR } from "./peers-r.ts";

/** Sizes and seed of a peer run. */
export interface PeerOptions {
  /** Daily series (EARS, EpiEstim); default 300. */
  readonly dailySeries?: number;
  /** Days per daily series; default 365. */
  readonly days?: number;
  /** Weekly series (Farrington); default 100. */
  readonly weeklySeries?: number;
  /** Years of weekly history; default 6. */
  readonly years?: number;
  /** Evaluated (latest) weeks per weekly series; default 26. */
  readonly evaluatedWeeks?: number;
  readonly seed?: number;
  /** Relative tolerance; default 1e-6. */
  readonly tolerance?: number;
  /** Rscript executable; default `Rscript`. */
  readonly rscript?: string;
  /** farringtonFlexible variants; default all. */
  readonly farringtonVariants?: readonly FarringtonVariant[];
  /** Families to run; default all. */
  readonly families?: readonly ("ears" | "cusum" | "farrington" | "epiestim" | "nowcast")[];
  /** Reporting triangles for the nowcast; default 40. */
  readonly nowcastSeries?: number;
}

/** One row of the table. */
export interface PeerRow {
  readonly method: string;
  readonly compared: number;
  readonly mismatches: number;
  /** The first few mismatches, as text. */
  readonly examples: string[];
  /** R's own compute time (inside R, package loading excluded), seconds. */
  readonly rSeconds: number;
  readonly vigilSeconds: number;
}

/** Without R: `ok: false` and the reason; with R: the versions and the rows. */
export type PeerReport = (RStatus & { readonly ok: false }) | (RStatus & { readonly ok: true; readonly rows: PeerRow[] });

const MAX_EXAMPLES = 5;
const DAILY_START = "2023-01-02";
const WEEKLY_START = "2019-01-07";
const SERIAL_INTERVAL = { mean: 5.2, sd: 2.8 };

/** Relative comparison; infinities must be equal, NA (null) only matches NA. */
export function same(a: number | null, b: number | null, tolerance: number): boolean {
  if (a === null || b === null || Number.isNaN(a) || Number.isNaN(b)) return (a === null || Number.isNaN(a)) && (b === null || Number.isNaN(b));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b), 1e-300) || a === b;
}

class Tally {
  compared = 0;
  mismatches = 0;
  examples: string[] = [];
  constructor(readonly tolerance: number) {}
  check(where: string, what: string, r: number | null, v: number | null): boolean {
    if (same(r, v, this.tolerance)) return true;
    this.mismatches++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(`${where}: ${what} R ${String(r)} vs Vigil ${String(v)}`);
    return false;
  }
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const value = fn();
  return [value, (performance.now() - t0) / 1000];
}

function table(out: { tables: Map<string, (number | null)[][]> }, name: string): (number | null)[][] {
  const t = out.tables.get(name);
  if (!t) throw new Error(`R output ${name} missing`);
  return t;
}

function runEars(rscript: string, series: SyntheticSeries[], tolerance: number): PeerRow[] {
  const n = series[0].counts.length;
  // 1-based first index R can evaluate: baseline 7 (+2 lag for C2, +2 more terms for C3).
  const first = { C1: 8, C2: 10, C3: 12 } as const;
  const r = runR(
    rscript,
    earsScript(DAILY_START, { C1: [first.C1, n], C2: [first.C2, n], C3: [first.C3, n] }),
    series.map((s) => s.counts),
    ["C1_ub", "C1_alarm", "C2_ub", "C2_alarm", "C3_ub", "C3_alarm"],
  );
  const rows: PeerRow[] = [];
  for (const method of ["C1", "C2", "C3"] as const) {
    const fn =
      method === "C1"
        ? (c: number[]) => earsC1(c, { alpha: 0.001 })
        : method === "C2"
          ? (c: number[]) => earsC2(c, { alpha: 0.001 })
          : (c: number[]) => earsC3(c, { alpha: 0.001, rule: "surveillance" });
    const [results, seconds] = time(() => series.map((s) => fn(s.counts)));
    const ub = table(r, `${method}_ub`);
    const al = table(r, `${method}_alarm`);
    const tally = new Tally(tolerance);
    let undefinedInR = 0;
    series.forEach((s, i) => {
      for (let j = 0; j < ub[i].length; j++) {
        const k = first[method] - 1 + j;
        const point = results[i][k];
        // Documented difference: R's C3 bound is NaN when a lagged C2 is 0/0 (flat baseline equal to the count)
        // or a zero SD multiplies an infinite term; Vigil defines 0/0 as 0 (README, "Zero SD").
        if (ub[i][j] === null && point !== null && method === "C3") {
          undefinedInR++;
          continue;
        }
        tally.compared++;
        const where = `series ${s.label}, day ${k}`;
        if (tally.check(where, "upperbound", ub[i][j], point ? point.upperBound : null))
          tally.check(where, "alarm", al[i][j], point ? Number(point.alarm) : null);
      }
    });
    const examples =
      undefinedInR > 0
        ? [...tally.examples, `(${undefinedInR} days not compared: R's bound is NaN from 0/0 in a flat baseline, Vigil's is defined)`]
        : tally.examples;
    rows.push({
      method: `EARS ${method} (earsC)`,
      compared: tally.compared,
      mismatches: tally.mismatches,
      examples,
      rSeconds: r.seconds.get(method) ?? NaN,
      vigilSeconds: seconds,
    });
  }
  return rows;
}

const NOUFAILY: FarringtonOptions = {
  b: 5,
  w: 3,
  noPeriods: 10,
  weightsThreshold: 2.58,
  pastWeeksNotIncluded: 26,
  alpha: 0.05,
  thresholdMethod: "nbPlugin",
  limit54: [0, 4],
};
const NOUFAILY_R =
  'list(b = 5, w = 3, noPeriods = 10, weightsThreshold = 2.58, pastWeeksNotIncluded = 26, alpha = 0.05, limit54 = c(0, 4), powertrans = "2/3", reweight = TRUE';

/** Which farringtonFlexible variants the harness runs (names are R file names). */
export type FarringtonVariant = "trendOff" | "trendOn" | "muanTrendOn" | "deltaTrendOn";

const FARRINGTON_VARIANTS: Record<FarringtonVariant, { label: string; r: string; vigil: FarringtonOptions }> = {
  trendOff: {
    label: "farringtonFlexible, Noufaily (nbPlugin), trend off",
    r: `${NOUFAILY_R}, thresholdMethod = "nbPlugin", trend = FALSE)`,
    vigil: { ...NOUFAILY, trend: false },
  },
  trendOn: {
    label: "farringtonFlexible, Noufaily (nbPlugin), trend on (p < 0.05)",
    r: `${NOUFAILY_R}, thresholdMethod = "nbPlugin", trend = TRUE, pThresholdTrend = 0.05)`,
    vigil: { ...NOUFAILY, trend: true, pThresholdTrend: 0.05 },
  },
  muanTrendOn: {
    label: "farringtonFlexible, muan, trend on (p < 0.05)",
    r: `${NOUFAILY_R}, thresholdMethod = "muan", trend = TRUE, pThresholdTrend = 0.05)`,
    vigil: { ...NOUFAILY, thresholdMethod: "muan", trend: true, pThresholdTrend: 0.05 },
  },
  deltaTrendOn: {
    label: "farringtonFlexible, delta, trend on (p < 0.05)",
    r: `${NOUFAILY_R}, thresholdMethod = "delta", trend = TRUE, pThresholdTrend = 0.05)`,
    vigil: { ...NOUFAILY, thresholdMethod: "delta", trend: true, pThresholdTrend: 0.05 },
  },
};

function runFarrington(rscript: string, series: SyntheticSeries[], evaluatedWeeks: number, tolerance: number, which: readonly FarringtonVariant[]): PeerRow[] {
  const n = series[0].counts.length;
  const variants = Object.fromEntries(which.map((k) => [k, FARRINGTON_VARIANTS[k]]));
  const r = runR(
    rscript,
    farringtonScript(WEEKLY_START, [n - evaluatedWeeks + 1, n], Object.fromEntries(which.map((k) => [k, FARRINGTON_VARIANTS[k].r]))),
    series.map((s) => s.counts),
    Object.keys(variants).flatMap((k) => [`${k}_ub`, `${k}_expected`, `${k}_alarm`, `${k}_trend`]),
  );
  const range = Array.from({ length: evaluatedWeeks }, (_, j) => n - evaluatedWeeks + j);
  const rows: PeerRow[] = [];
  for (const [key, variant] of Object.entries(variants)) {
    const [results, seconds] = time(() => series.map((s) => farrington(s.counts, { ...variant.vigil, range, startDate: WEEKLY_START })));
    const ub = table(r, `${key}_ub`);
    const ex = table(r, `${key}_expected`);
    const al = table(r, `${key}_alarm`);
    const tr = table(r, `${key}_trend`);
    const tally = new Tally(tolerance);
    series.forEach((s, i) => {
      range.forEach((k, j) => {
        const point = results[i][k];
        tally.compared++;
        const where = `series ${s.label}, week ${k}`;
        const trend = `trend R ${String(tr[i][j])} Vigil ${point ? Number(point.trend) : "null"}`;
        if (!tally.check(where, `expected (${trend})`, ex[i][j], point ? point.expected : null)) return;
        if (!tally.check(where, `upperbound (${trend})`, ub[i][j], point ? point.upperBound : null)) return;
        tally.check(where, "alarm", al[i][j], point ? Number(point.alarm) : null);
      });
    });
    rows.push({
      method: variant.label,
      compared: tally.compared,
      mismatches: tally.mismatches,
      examples: tally.examples,
      rSeconds: r.seconds.get(key) ?? NaN,
      vigilSeconds: seconds,
    });
  }
  return rows;
}

/** A discrete serial interval w_1..w_8 (sums to 1) for the non-parametric run. */
const DISCRETE_SERIAL_INTERVAL = [0.05, 0.15, 0.25, 0.2, 0.15, 0.1, 0.06, 0.04];

/** Seeded imported cases per day: a travel-seeded start that fades, then a trickle. */
function importedSeries(seed: number, series: readonly SyntheticSeries[]): number[][] {
  const rng = createRng(seed + 7_000_003);
  return series.map((s) => s.counts.map((_, t) => rng.poisson(3 * Math.exp(-t / 20) + 0.2)));
}

type EpiEstimRun = { readonly label: string; readonly variant: EpiEstimVariant; readonly vigil: (i: number) => ReturnType<typeof reproductionNumber> };

function runEpiEstim(rscript: string, series: SyntheticSeries[], seed: number, tolerance: number): PeerRow[] {
  const imported = importedSeries(seed, series);
  const runs: EpiEstimRun[] = [
    {
      label: `estimate_R, parametric SI (mean ${SERIAL_INTERVAL.mean}, sd ${SERIAL_INTERVAL.sd})`,
      variant: { kind: "parametric", ...SERIAL_INTERVAL },
      vigil: (i) => reproductionNumber(series[i].counts, SERIAL_INTERVAL),
    },
    {
      label: `estimate_R, non-parametric SI (w1..w${DISCRETE_SERIAL_INTERVAL.length})`,
      variant: { kind: "nonParametric", distribution: DISCRETE_SERIAL_INTERVAL },
      vigil: (i) => reproductionNumber(series[i].counts, DISCRETE_SERIAL_INTERVAL),
    },
    {
      label: "estimate_R, local and imported cases, parametric SI",
      variant: { kind: "localImported", ...SERIAL_INTERVAL },
      vigil: (i) => reproductionNumber({ local: series[i].counts, imported: imported[i] }, SERIAL_INTERVAL),
    },
  ];
  return runs.map((run) => {
    const input = run.variant.kind === "localImported" ? [...series.map((s) => s.counts), ...imported] : series.map((s) => s.counts);
    const r = runR(rscript, epiestimScript(run.variant), input, ["R_mean", "R_sd", "R_lower", "R_upper"]);
    const [results, seconds] = time(() => series.map((_, i) => run.vigil(i)));
    const mean = table(r, "R_mean");
    const sd = table(r, "R_sd");
    const lower = table(r, "R_lower");
    const upper = table(r, "R_upper");
    const tally = new Tally(tolerance);
    let priorOnly = 0;
    series.forEach((s, i) => {
      // Infectious pressure comes from every case, local or imported.
      const pressure = run.variant.kind === "localImported" ? s.counts.map((c, t) => c + imported[i][t]) : s.counts;
      // A gamma serial interval reaches back to the first day; a discrete one only as far as its support.
      const reach = run.variant.kind === "nonParametric" ? run.variant.distribution.length : Number.POSITIVE_INFINITY;
      for (let j = 0; j < mean[i].length; j++) {
        const k = 7 + j;
        const point = results[i][k];
        // Documented difference: Vigil gives null where the window has no infectivity (no case within the
        // serial interval's reach of the window); R then returns the posterior with the prior rate alone.
        if (point === null && mean[i][j] !== null && pressure.slice(Math.max(0, k - 6 - reach), k).every((c) => c === 0)) {
          priorOnly++;
          continue;
        }
        tally.compared++;
        const where = `series ${s.label}, day ${k}`;
        if (!tally.check(where, "mean", mean[i][j], point ? point.mean : null)) continue;
        if (!tally.check(where, "sd", sd[i][j], point ? point.sd : null)) continue;
        if (!tally.check(where, "2.5%", lower[i][j], point ? point.lower : null)) continue;
        tally.check(where, "97.5%", upper[i][j], point ? point.upper : null);
      }
    });
    const examples =
      priorOnly > 0
        ? [...tally.examples, `(${priorOnly} windows not compared: no infectivity in the window: R uses the prior rate alone, Vigil gives null)`]
        : tally.examples;
    return {
      method: run.label,
      compared: tally.compared,
      mismatches: tally.mismatches,
      examples,
      rSeconds: r.seconds.get("estimate_R") ?? NaN,
      vigilSeconds: seconds,
    };
  });
}

const CUSUM_K = 0.5;
const CUSUM_H = 4;

/**
 * Vigil's CUSUM with the Poisson scale and no reset against `algo.cusum(trans = "standard")` with m set
 * to Vigil's moving-baseline mean (the EARS C2 window, itself checked against earsC above): R's
 * definition has a reference m but no moving baseline of its own. R alarms at S ≥ h and rounds its bound
 * up to a count, so alarms are compared away from S = h and bounds as ⌈bound⌉. A period with μ = 0 makes
 * R's standardised count 0/0 = NaN (or ∞), which then propagates through R's sum, so a series is compared
 * up to its first zero-mean period.
 */
function runCusum(rscript: string, series: SyntheticSeries[], tolerance: number): PeerRow[] {
  const options = { k: CUSUM_K, h: CUSUM_H, scale: "poisson", resetOnAlarm: false } as const;
  const [results, seconds] = time(() => series.map((s) => cusum(s.counts, options)));
  const first = results[0].findIndex((p) => p !== null);
  const n = series[0].counts.length;
  const references = results.map((points) => points.map((p) => (p ? String(p.expected) : "NA")));
  const r = runR(rscript, cusumScript([first + 1, n], CUSUM_K, CUSUM_H), [...series.map((s) => s.counts), ...references], ["cusum", "cusum_ub", "cusum_alarm"]);
  const statistic = table(r, "cusum");
  const bound = table(r, "cusum_ub");
  const alarm = table(r, "cusum_alarm");
  const tally = new Tally(tolerance);
  let skipped = 0;
  series.forEach((s, i) => {
    let stopped = false;
    for (let t = first; t < n; t++) {
      const j = t - first;
      const point = results[i][t] as CusumPoint;
      if (stopped || point.expected === 0) {
        stopped = true;
        skipped++;
        continue;
      }
      tally.compared++;
      const where = `series ${s.label}, day ${t}`;
      if (!tally.check(where, "S", statistic[i][j], point.statistic)) continue;
      if (!tally.check(where, "⌈bound⌉", bound[i][j], Math.max(0, Math.ceil(point.upperBound)))) continue;
      if (Math.abs(point.statistic - CUSUM_H) > tolerance) tally.check(where, "alarm", alarm[i][j], Number(point.alarm));
    }
  });
  return [
    {
      method: `CUSUM, Poisson scale, k ${CUSUM_K}, h ${CUSUM_H} (algo.cusum, m = moving baseline)`,
      compared: tally.compared,
      mismatches: tally.mismatches,
      examples: skipped > 0 ? [...tally.examples, `(${skipped} periods not compared: at or after a zero-mean baseline, where R's sum is NaN)`] : tally.examples,
      rSeconds: r.seconds.get("cusum") ?? NaN,
      vigilSeconds: seconds,
    },
  ];
}

const NOWCAST_DAYS = 60;
const NOWCAST_MAX_DELAY = 14;
const NOWCAST_SUPPORT = 20_000;

/** Seeded reporting triangles: daily cases whose reports each arrive after a negative-binomial delay (mean 3 days, some beyond D). */
function nowcastTriangles(seed: number, count: number): { label: string; triangle: number[][] }[] {
  const rng = createRng(seed + 11_000_027);
  return dailySeries(seed + 5, count, NOWCAST_DAYS).map((s, i) => {
    const meanDelay = 1 + 4 * rng.next();
    const records: DelayedCount[] = [];
    s.counts.forEach((c, period) => {
      for (let j = 0; j < c; j++) records.push({ period, delay: rng.negBinomial(meanDelay, 1.5), count: 1 });
    });
    return { label: `#${i} ${s.label} mean delay ${meanDelay.toFixed(2)}`, triangle: reportingTriangle(records, NOWCAST_DAYS) };
  });
}

/** nowcast(method = "bayes.notrunc.bnb") against Vigil's `nowcast` on the same triangles (R rebuilds them from a line list). */
function runNowcast(rscript: string, seed: number, count: number, tolerance: number): PeerRow[] {
  const series = nowcastTriangles(seed, count);
  const options = { maxDelay: NOWCAST_MAX_DELAY, supportMax: NOWCAST_SUPPORT } as const;
  const [results, seconds] = time(() => series.map((s) => nowcast(s.triangle, options)));
  const r = runR(
    rscript,
    nowcastScript(DAILY_START, NOWCAST_DAYS, NOWCAST_MAX_DELAY, NOWCAST_SUPPORT),
    series.map((s) => s.triangle.flat()),
    ["nc_median", "nc_lower", "nc_upper", "nc_cdf"],
  );
  const median = table(r, "nc_median");
  const lower = table(r, "nc_lower");
  const upper = table(r, "nc_upper");
  const cdf = table(r, "nc_cdf");
  const tally = new Tally(tolerance);
  let beyond = 0;
  const T = NOWCAST_DAYS - 1;
  series.forEach((s, i) => {
    const result = results[i];
    result.delayCdf.forEach((p, d) => {
      tally.compared++;
      tally.check(`triangle ${s.label}, delay ${d}`, "delay CDF", cdf[i][d], p);
    });
    for (let j = 0; j < median[i].length; j++) {
      const point = result.points[T - NOWCAST_MAX_DELAY + j];
      // Where the predictive distribution has not reached a quantile within the support, R reports 0 and Vigil null.
      if (point.median === null || point.lower === null || point.upper === null) {
        beyond++;
        continue;
      }
      tally.compared++;
      const where = `triangle ${s.label}, day ${T - NOWCAST_MAX_DELAY + j} (${point.observed} reported)`;
      if (!tally.check(where, "median", median[i][j], point.median)) continue;
      if (!tally.check(where, "2.5%", lower[i][j], point.lower)) continue;
      tally.check(where, "97.5%", upper[i][j], point.upper);
    }
  });
  return [
    {
      method: `nowcast, bayes.notrunc.bnb (D ${NOWCAST_MAX_DELAY}, ${NOWCAST_DAYS} days)`,
      compared: tally.compared,
      mismatches: tally.mismatches,
      examples: beyond > 0 ? [...tally.examples, `(${beyond} days not compared: a quantile beyond the support ${NOWCAST_SUPPORT})`] : tally.examples,
      rSeconds: r.seconds.get("nowcast") ?? NaN,
      vigilSeconds: seconds,
    },
  ];
}

/** Runs the harness; without R (or its packages) returns the reason instead of rows. */
export function runPeers(options: PeerOptions = {}): PeerReport {
  const rscript = options.rscript ?? "Rscript";
  const status = findR(rscript);
  if (!status.ok) return status;
  const seed = options.seed ?? 20_261_201;
  const tolerance = options.tolerance ?? 1e-6;
  const families = options.families ?? ["ears", "cusum", "farrington", "epiestim", "nowcast"];
  const rows: PeerRow[] = [];
  const needDaily = families.includes("ears") || families.includes("cusum") || families.includes("epiestim");
  const daily = needDaily ? dailySeries(seed, options.dailySeries ?? 300, options.days ?? 365) : [];
  if (families.includes("ears")) rows.push(...runEars(rscript, daily, tolerance));
  if (families.includes("farrington")) {
    const weekly = weeklySeries(seed, options.weeklySeries ?? 100, (options.years ?? 6) * 52);
    rows.push(
      ...runFarrington(
        rscript,
        weekly,
        options.evaluatedWeeks ?? 26,
        tolerance,
        options.farringtonVariants ?? ["trendOff", "trendOn", "muanTrendOn", "deltaTrendOn"],
      ),
    );
  }
  if (families.includes("cusum")) rows.push(...runCusum(rscript, daily, tolerance));
  if (families.includes("epiestim")) rows.push(...runEpiEstim(rscript, daily, seed, tolerance));
  if (families.includes("nowcast")) rows.push(...runNowcast(rscript, seed, options.nowcastSeries ?? 40, tolerance));
  return { ...status, rows };
}

/** The report as text: a Markdown table, then the listed mismatches. */
export function formatReport(report: PeerReport): string {
  if (!report.ok) {
    return [
      `${report.reason}.`,
      "The peer harness compares Vigil with R surveillance and EpiEstim. Install them (Debian):",
      "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y r-cran-surveillance r-cran-epiestim",
    ].join("\n");
  }
  const lines = [
    `R surveillance ${report.surveillance}, EpiEstim ${report.epiestim}; relative tolerance 1e-6`,
    "",
    "| method | compared | mismatches | R time | Vigil time |",
    "|---|---:|---:|---:|---:|",
    ...report.rows.map(
      (row) =>
        `| ${row.method} | ${row.compared.toLocaleString("en-US")} | ${row.mismatches} | ${row.rSeconds.toFixed(2)} s | ${row.vigilSeconds.toFixed(3)} s |`,
    ),
  ];
  for (const row of report.rows) {
    if (row.examples.length === 0) continue;
    lines.push("", `${row.method}:`, ...row.examples.map((e) => `  - ${e}`));
  }
  return lines.join("\n");
}
