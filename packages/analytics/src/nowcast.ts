/**
 * Nowcasting of occurred-but-not-yet-reported cases from a reporting triangle, as R
 * `surveillance::nowcast(method = "bayes.notrunc.bnb")` (Höhle & an der Heiden 2014, Biometrics
 * 70:993–1002): a generalised-Dirichlet (here an ordinary Dirichlet) posterior for the reporting-delay
 * distribution, and a beta-negative-binomial predictive for each recent period's final count.
 *
 * Why this variant: of `nowcast`'s methods it is the analytic one (the other Bayesian ones sample the
 * delay distribution with R's RNG, the "ddcp" one runs JAGS), so it can be matched exactly and runs in
 * microseconds per district.
 * @module
 */
import { logGamma } from "./special-functions.ts";

/** Options of {@link nowcast}. */
export interface NowcastOptions {
  /** Longest delay D modelled, in periods; longer delays count as D (as R). Default 15 (R's default). */
  readonly maxDelay?: number;
  /**
   * Moving window m: delays are estimated from the reference periods T − m … T only (the horizontal cut of
   * Höhle & an der Heiden 2014). Default: all periods. At least `maxDelay`.
   */
  readonly window?: number;
  /** Concentration κ of the Dirichlet prior on the delay probabilities (R `gd.prior.kappa`). Default 0.1. */
  readonly kappa?: number;
  /** Prediction interval level 1 − α. Default α = 0.05 (R's default). */
  readonly alpha?: number;
  /**
   * Largest final count considered (R `N.tInf.max`, default 300 there). A quantile the predictive
   * distribution does not reach within it is `null` (R would report 0). Default 100,000.
   */
  readonly supportMax?: number;
}

/** The nowcast of one reference period. */
export interface NowcastPoint {
  /** Cases of this period reported so far, N(t, T). */
  readonly observed: number;
  /** Whether the period is older than the longest delay: its count is final (a point mass at `observed`). */
  readonly final: boolean;
  /** Median of the predictive distribution of the final count (R's `upperbound`). */
  readonly median: number | null;
  /** α/2 and 1 − α/2 quantiles (R's `pi`): the smallest counts whose predictive CDF exceeds them. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** Predictive mean of the final count; `null` when it is infinite (posterior α ≤ 1). */
  readonly mean: number | null;
}

/** {@link nowcast}'s result. */
export interface Nowcast {
  /** One point per reference period 0 … T, oldest first. */
  readonly points: NowcastPoint[];
  /** Posterior mean of the delay CDF, P(delay ≤ d) for d = 0 … D. */
  readonly delayCdf: number[];
}

/** Cases of reference period `period` (0 = oldest) first reported `delay` periods later. */
export interface DelayedCount {
  readonly period: number;
  readonly delay: number;
  readonly count: number;
}

/**
 * The reporting triangle of `periods` reference periods as of the last one (T = periods − 1): row t has
 * the counts reported at delays 0 … T − t. Records reported after T are ignored, as R's `nowcast` drops
 * records reported after `now`.
 * @throws RangeError for a record outside the periods, a negative delay or a count that is not a non-negative integer.
 */
export function reportingTriangle(records: readonly DelayedCount[], periods: number): number[][] {
  if (!Number.isInteger(periods) || periods < 1) throw new RangeError(`reportingTriangle: periods must be a positive integer, got ${periods}`);
  const T = periods - 1;
  const triangle = Array.from({ length: periods }, (_, t) => new Array<number>(T - t + 1).fill(0));
  records.forEach((r, i) => {
    if (!Number.isInteger(r.period) || r.period < 0 || r.period > T)
      throw new RangeError(`reportingTriangle: record ${i} has period ${r.period} outside 0…${T}`);
    if (!Number.isInteger(r.delay) || r.delay < 0)
      throw new RangeError(`reportingTriangle: record ${i} has delay ${r.delay}; delays are non-negative integers`);
    if (!Number.isInteger(r.count) || r.count < 0)
      throw new RangeError(`reportingTriangle: record ${i} has count ${r.count}; counts are non-negative integers`);
    if (r.period + r.delay <= T) triangle[r.period][r.delay] += r.count;
  });
  return triangle;
}

function option(name: string, value: unknown, fallback: number, check: (v: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !check(value)) throw new RangeError(`nowcast: ${name} must be ${rule}, got ${String(value)}`);
  return value;
}

const KNOWN = new Set(["maxDelay", "window", "kappa", "alpha", "supportMax"]);

/**
 * Nowcast of every reference period's final count from `triangle` (see {@link reportingTriangle}):
 * row t (0 = oldest, T = the last, "now") holds the counts reported at delays 0 … T − t.
 *
 * As R: delays above D count as D; with n_x the cases of delay x and N_x those of delay ≤ x among
 * reference periods max(0, T − m) … T − x, the delay probabilities have the posterior
 * Dirichlet(κ + n_0, …, κ + n_D); the reported fraction of period t is then Beta(a, b) with
 * a = Σ_{x ≤ T−t}(κ + n_x), b = Σ_{x > T−t}(κ + n_x), and under the improper flat prior on the final
 * count N its predictive is N − N(t,T) ~ BNB(N(t,T) + 1, a, b). Periods with T − t ≥ D are final.
 *
 * @throws RangeError for a malformed triangle or options (D > T, m < D, κ ≤ 0, α outside (0, 1)).
 */
export function nowcast(triangle: readonly (readonly number[])[], options: NowcastOptions = {}): Nowcast {
  if (!Array.isArray(triangle) || triangle.length === 0) throw new RangeError("nowcast: triangle must be a non-empty array of rows");
  if (typeof options !== "object" || options === null) throw new TypeError("nowcast: options must be an object");
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new RangeError(`nowcast: unknown option ${key}`);
  const T = triangle.length - 1;
  triangle.forEach((row, t) => {
    if (!Array.isArray(row) || row.length !== T - t + 1) {
      throw new RangeError(`nowcast: row ${t} must have ${T - t + 1} delays (0…${T - t}), got ${Array.isArray(row) ? row.length : typeof row}`);
    }
    for (const c of row) if (!Number.isInteger(c) || c < 0) throw new RangeError(`nowcast: row ${t} holds ${c}; counts are non-negative integers`);
  });
  const D = option(
    "maxDelay",
    options.maxDelay,
    Math.min(15, T),
    (v) => Number.isInteger(v) && v >= 1 && v <= T,
    `an integer in 1…${T} (the periods before now)`,
  );
  const m = option("window", options.window, T, (v) => Number.isInteger(v) && v >= D, `an integer ≥ maxDelay (${D})`);
  const kappa = option("kappa", options.kappa, 0.1, (v) => Number.isFinite(v) && v > 0, "a positive number");
  const alpha = option("alpha", options.alpha, 0.05, (v) => v > 0 && v < 1, "in (0, 1)");
  const supportMax = option("supportMax", options.supportMax, 100_000, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer");

  // Fold delays longer than D into D (R: "cases with a delay longer than D forced to have a delay of D").
  const n: number[][] = triangle.map((row) => {
    const folded = row.slice(0, D + 1);
    for (let x = D + 1; x < row.length; x++) folded[D] += row[x];
    return folded;
  });
  const observed = n.map((row) => row.reduce((a: number, b: number) => a + b, 0));
  const delayCounts = new Array<number>(D + 1).fill(0);
  for (let x = 0; x <= D; x++) for (let t = Math.max(0, T - m); t <= T - x; t++) delayCounts[x] += n[t][x];

  const weights = delayCounts.map((c) => kappa + c);
  const total = weights.reduce((a, b) => a + b, 0);
  const delayCdf: number[] = [];
  let running = 0;
  for (const w of weights) delayCdf.push((running += w / total));
  // R sums the Dirichlet weights left to right (cumsum) for a and takes b = total − a.
  const prefix: number[] = [];
  running = 0;
  for (const w of weights) prefix.push((running += w));

  const points = n.map((_, t): NowcastPoint => {
    const seen = observed[t];
    if (T - t >= D) return { observed: seen, final: true, median: seen, lower: seen, upper: seen, mean: seen };
    const a = prefix[T - t];
    const b = total - a;
    const quantiles = bnbQuantiles(seen, a, b, [0.5, alpha / 2, 1 - alpha / 2], supportMax);
    return {
      observed: seen,
      final: false,
      median: quantiles[0],
      lower: quantiles[1],
      upper: quantiles[2],
      mean: a > 1 ? seen + ((seen + 1) * b) / (a - 1) : null,
    };
  });
  return { points, delayCdf };
}

/**
 * For N = seen + K with K ~ BNB(seen + 1, a, b) (R `surveillance:::dbnb`), the smallest N in 0…supportMax
 * whose CDF exceeds each q, summing the PMF upward from N = 0 as R's `cumsum` does; `null` if not reached.
 */
function bnbQuantiles(seen: number, a: number, b: number, qs: readonly number[], supportMax: number): (number | null)[] {
  const size = seen + 1;
  const out: (number | null)[] = qs.map(() => null);
  let cdf = 0;
  let open = qs.length;
  // The terms that do not depend on k, computed once; used below in R's order of addition.
  const lgSizeA = logGamma(size + a);
  const lgAB = logGamma(a + b);
  const lgSize = logGamma(size);
  const lgA = logGamma(a);
  const lgB = logGamma(b);
  for (let N = seen; N <= supportMax && open > 0; N++) {
    const k = N - seen;
    // dbnb's log-PMF term by term, in R's order of addition, so the sums round as R's do.
    const num = lgSizeA + logGamma(k + b) + logGamma(size + k) + lgAB;
    const den = logGamma(size + k + a + b) + lgSize + logGamma(k + 1) + lgA + lgB;
    cdf += Math.exp(num - den);
    qs.forEach((q, i) => {
      if (out[i] === null && cdf > q) {
        out[i] = N;
        open--;
      }
    });
  }
  return out;
}
