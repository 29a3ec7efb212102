/**
 * The R peer harness: the same seeded synthetic series through R (`surveillance`, `EpiEstim`)
 * and through Vigil, compared point by point at a relative tolerance.
 * @module
 */
import { performance } from "node:perf_hooks";
import { earsC1, earsC2, earsC3 } from "../src/ears.ts";
import { type FarringtonOptions, farrington } from "../src/farrington.ts";
import { reproductionNumber } from "../src/renewal.ts";
import { dailySeries, type SyntheticSeries, weeklySeries } from "./peers-series.ts";
import { earsScript, epiestimScript, farringtonScript, findR, type RStatus, runR } from "./peers-r.ts";

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
  readonly families?: readonly ("ears" | "farrington" | "epiestim")[];
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

function runEpiEstim(rscript: string, series: SyntheticSeries[], tolerance: number): PeerRow[] {
  const r = runR(
    rscript,
    epiestimScript(SERIAL_INTERVAL.mean, SERIAL_INTERVAL.sd),
    series.map((s) => s.counts),
    ["R_mean", "R_sd", "R_lower", "R_upper"],
  );
  const [results, seconds] = time(() => series.map((s) => reproductionNumber(s.counts, SERIAL_INTERVAL)));
  const mean = table(r, "R_mean");
  const sd = table(r, "R_sd");
  const lower = table(r, "R_lower");
  const upper = table(r, "R_upper");
  const tally = new Tally(tolerance);
  let priorOnly = 0;
  series.forEach((s, i) => {
    for (let j = 0; j < mean[i].length; j++) {
      const k = 7 + j;
      const point = results[i][k];
      // Documented difference: Vigil gives null where the window has no infectivity (no case before its end);
      // R then returns the posterior with the prior rate alone.
      if (point === null && mean[i][j] !== null && s.counts.slice(0, k).every((c) => c === 0)) {
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
      ? [...tally.examples, `(${priorOnly} windows not compared: no infectivity yet: R uses the prior rate alone, Vigil gives null)`]
      : tally.examples;
  return [
    {
      method: `estimate_R, parametric SI (mean ${SERIAL_INTERVAL.mean}, sd ${SERIAL_INTERVAL.sd})`,
      compared: tally.compared,
      mismatches: tally.mismatches,
      examples,
      rSeconds: r.seconds.get("estimate_R") ?? NaN,
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
  const families = options.families ?? ["ears", "farrington", "epiestim"];
  const rows: PeerRow[] = [];
  const needDaily = families.includes("ears") || families.includes("epiestim");
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
  if (families.includes("epiestim")) rows.push(...runEpiEstim(rscript, daily, tolerance));
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
