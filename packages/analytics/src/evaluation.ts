/**
 * Evaluating an intervention, and summarising response latencies.
 *
 * `interruptedTimeSeries` is the segmented regression of interrupted time-series analysis (Wagner et al.
 * 2002; Bernal, Cummins & Gasparrini 2017): y_t = β0 + β1·t + β2·D_t + β3·(t − t0)·D_t + ε, with D_t = 1
 * from the intervention day t0 on. With the full interaction the least-squares fit is exactly one line per
 * segment, so it is computed that way (no matrix inversion), with the residual variance pooled over both
 * segments (n − 4 degrees of freedom) and Student-t intervals.
 * @module
 */
import { studentTQuantile } from "./special-functions.ts";

export interface Estimate {
  estimate: number;
  standardError: number;
  lower: number;
  upper: number;
}

export interface InterruptedTimeSeries {
  /** Line before the intervention: y = intercept + slope·t (t = 0 on the first day of the series). */
  before: { intercept: number; slope: number };
  after: { intercept: number; slope: number };
  /** β2: the jump at t0, the after-line minus the extrapolated before-line on the intervention day. */
  levelChange: Estimate;
  /** β3: the change in the daily trend. */
  slopeChange: Estimate;
  /** Degrees of freedom of the residual variance (n − 4). */
  df: number;
  residualSd: number;
  level: number;
}

interface LineFit {
  n: number;
  tMean: number;
  sxx: number;
  intercept: number;
  slope: number;
  rss: number;
}

function fitLine(ts: readonly number[], ys: readonly number[]): LineFit {
  const n = ts.length;
  const tMean = ts.reduce((s, t) => s + t, 0) / n;
  const yMean = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (ts[i]! - tMean) ** 2;
    sxy += (ts[i]! - tMean) * (ys[i]! - yMean);
  }
  const slope = sxy / sxx;
  const intercept = yMean - slope * tMean;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i]! - intercept - slope * ts[i]!) ** 2;
  return { n, tMean, sxx, intercept, slope, rss };
}

/**
 * Segmented regression of `series` (one value per day) with the intervention taking effect at index
 * `breakIndex`. Needs at least two days on each side and five in all; `level` is the two-sided interval's
 * coverage (default 0.95).
 */
export function interruptedTimeSeries(series: readonly number[], breakIndex: number, opts: { level?: number } = {}): InterruptedTimeSeries {
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`interruptedTimeSeries: level must lie in (0, 1), got ${level}`);
  if (!Number.isInteger(breakIndex) || breakIndex < 2 || series.length - breakIndex < 2 || series.length < 5)
    throw new RangeError(`interruptedTimeSeries: need ≥ 2 days on each side of the break and ≥ 5 in all (got ${breakIndex} + ${series.length - breakIndex})`);
  if (series.some((y) => !Number.isFinite(y))) throw new RangeError("interruptedTimeSeries: every value must be finite");
  const t = series.map((_, i) => i);
  const pre = fitLine(t.slice(0, breakIndex), series.slice(0, breakIndex));
  const post = fitLine(t.slice(breakIndex), series.slice(breakIndex));
  const df = series.length - 4;
  const s2 = (pre.rss + post.rss) / df;
  const tq = studentTQuantile((1 + level) / 2, df);
  const estimate = (value: number, variance: number): Estimate => {
    const se = Math.sqrt(variance);
    return { estimate: value, standardError: se, lower: value - tq * se, upper: value + tq * se };
  };
  const t0 = breakIndex;
  // Var of each line's fitted value at t0: s²(1/n + (t0 − t̄)²/Sxx); the segments are independent.
  const fittedVar = (f: LineFit) => s2 * (1 / f.n + (t0 - f.tMean) ** 2 / f.sxx);
  return {
    before: { intercept: pre.intercept, slope: pre.slope },
    after: { intercept: post.intercept, slope: post.slope },
    levelChange: estimate(post.intercept + post.slope * t0 - (pre.intercept + pre.slope * t0), fittedVar(pre) + fittedVar(post)),
    slopeChange: estimate(post.slope - pre.slope, s2 * (1 / pre.sxx + 1 / post.sxx)),
    df,
    residualSd: Math.sqrt(s2),
    level,
  };
}

/** Sample quantile by linear interpolation between order statistics (R's default, type 7). */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must lie in [0, 1], got ${p}`);
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface LatencySummary {
  count: number;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/** Median, 90th percentile and maximum of latencies (any unit); nulls when there are none. */
export function summariseLatencies(values: readonly number[]): LatencySummary {
  return {
    count: values.length,
    median: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    max: values.length ? Math.max(...values) : null,
  };
}
