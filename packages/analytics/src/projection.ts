/**
 * Short-term projection of a count series, from the log-linear growth model
 * or from the renewal equation with R_t held constant.
 * @module
 */
import { assertCounts } from "./counts.ts";
import { fitPoissonTrend } from "./glm.ts";
import { overallInfectivity, reproductionNumberPosteriors, resolveSerialInterval, type SerialInterval } from "./renewal.ts";
import { createRng, type Rng, type RngOptions } from "./random.ts";

/** Model used by {@link project}. */
export type ProjectionMethod = "growth" | "renewal";

/** Options of {@link project}. */
export interface ProjectionOptions {
  /** `"growth"` (default) or `"renewal"` (requires `serialInterval`). */
  readonly method?: ProjectionMethod;
  /** Periods ahead, integer in 7..28; default 14. */
  readonly horizon?: number;
  /** Seed of the pseudo-random generator; same seed ⇒ identical output. Default 1. */
  readonly seed?: number;
  /** Number of simulated trajectories (100..100 000); default 1000. */
  readonly samples?: number;
  /** Width of the prediction interval; default 0.95 (2.5 % and 97.5 % quantiles). */
  readonly level?: number;
  /** Fitting window: growth default 14 periods, renewal default 7 periods. */
  readonly window?: number;
  /** Serial interval for `"renewal"`; see {@link SerialInterval}. */
  readonly serialInterval?: SerialInterval;
  /** Prior mean of R for `"renewal"`; default 5 (EpiEstim). */
  readonly priorMean?: number;
  /** Prior standard deviation of R for `"renewal"`; default 5 (EpiEstim). */
  readonly priorSd?: number;
}

/** Projected distribution of the count `step` periods after the last observation. */
export interface ProjectionPoint {
  /** 1 = the period after the last observed one. */
  readonly step: number;
  /** Median of the simulated counts. */
  readonly median: number;
  /** (1 − level)/2 empirical quantile (2.5 % by default). */
  readonly lower: number;
  /** (1 + level)/2 empirical quantile (97.5 % by default). */
  readonly upper: number;
}

/** Result of {@link project}. */
export interface Projection {
  /** Model that produced the points. */
  readonly method: ProjectionMethod;
  /** One point per step 1..horizon; empty when the model cannot be fitted to the last window (e.g. no cases). */
  readonly points: ProjectionPoint[];
}

/**
 * The projection's random stream: xoshiro128** seeded through splitmix32, polar normals (see
 * `createRng`). Fixed so that a seed keeps giving the intervals it gave before.
 */
const PROJECTION_STREAM: RngOptions = Object.freeze({ seeding: "splitmix32", normal: "polar" });

/**
 * Count with mean μ and variance φ·μ: Poisson for φ ≤ 1, otherwise the gamma–Poisson (negative
 * binomial) mixture with size μ/(φ − 1). Written out rather than through `rng.negBinomial`, whose
 * (mean, size) form rounds in a different order and would shift seeded outputs by the odd ulp.
 */
function overdispersedCount(rng: Rng, mu: number, phi: number): number {
  if (phi <= 1) return rng.poisson(mu);
  return rng.poisson(rng.gamma(mu / (phi - 1)) * (phi - 1));
}

/** Inverse empirical CDF (R `quantile(type = 1)`), so that bounds stay observable counts. */
function empiricalQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const index = Math.max(0, Math.ceil(n * p) - 1);
  return sorted[Math.min(n - 1, index)];
}

// Why a cap: an extrapolated exponential can overflow within 28 periods; beyond 1e12 cases/period the number is meaningless anyway.
const MAX_MEAN = 1e12;

function summarise(draws: Float64Array[], level: number): ProjectionPoint[] {
  const pLow = (1 - level) / 2;
  return draws.map((d, h) => {
    d.sort();
    return { step: h + 1, median: empiricalQuantile(d, 0.5), lower: empiricalQuantile(d, pLow), upper: empiricalQuantile(d, 1 - pLow) };
  });
}

function requireInteger(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${String(value)}`);
  return value;
}

/**
 * Short-term projection of a count series with a simulation-based interval.
 *
 * `"growth"`: the quasi-Poisson log-linear model of `growth` is fitted to the
 * last `window` periods; each trajectory draws (log level, r) from the
 * asymptotic normal distribution of the estimates (so the interval includes
 * the uncertainty on r), extrapolates exp(level + r·h), and adds observation
 * noise with the fitted overdispersion φ: negative binomial with variance
 * φ·μ (the same NB parametrisation as Noufaily et al. 2013), Poisson if φ = 1.
 *
 * `"renewal"`: R is held at its Cori et al. (2013) posterior for the last
 * `window` periods; each trajectory draws R from that Gamma posterior and
 * simulates I_t ~ Poisson(R · Λ_t) forward with the renewal equation, Λ_t
 * using observed and already simulated incidence (the branching-process
 * projection of e.g. R package `projections`, Jombart et al.).
 *
 * Reported per step: median and the (1 − level)/2, (1 + level)/2 empirical
 * quantiles of the simulated counts (inverse empirical CDF). Deterministic for
 * a given `seed`.
 * @param counts - non-negative integer counts, oldest first (daily incidence for `"renewal"`)
 * @param options - see {@link ProjectionOptions}
 * @returns the method and one point per step, or no points when the last window cannot be fitted
 * @throws TypeError / RangeError for invalid input or options (e.g. `"renewal"` without `serialInterval`)
 */
export function project(counts: readonly number[], options: ProjectionOptions = {}): Projection {
  assertCounts(counts, "counts");
  const method = options.method ?? "growth";
  if (method !== "growth" && method !== "renewal") throw new RangeError(`method must be "growth" or "renewal", got ${String(method)}`);
  const horizon = requireInteger(options.horizon ?? 14, "horizon", 7, 28);
  const samples = requireInteger(options.samples ?? 1000, "samples", 100, 100_000);
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie in (0, 1), got ${level}`);
  const rng = createRng(Math.trunc(seed), PROJECTION_STREAM);
  const draws = Array.from({ length: horizon }, () => new Float64Array(samples));

  if (method === "growth") {
    const window = requireInteger(options.window ?? 14, "window", 3, Number.MAX_SAFE_INTEGER);
    if (counts.length < window) throw new RangeError(`counts must contain at least window = ${window} periods, got ${counts.length}`);
    const fit = fitPoissonTrend(counts, counts.length - window, window);
    if (!fit) return { method, points: [] };
    // Cholesky factor of the 2×2 covariance of (intercept, slope).
    const l11 = Math.sqrt(fit.varIntercept);
    const l21 = fit.covariance / l11;
    const l22 = Math.sqrt(Math.max(0, fit.varSlope - l21 * l21));
    const lastOffset = (window - 1) / 2;
    for (let s = 0; s < samples; s++) {
      const z1 = rng.normal();
      const z2 = rng.normal();
      const a = fit.intercept + l11 * z1;
      const r = fit.slope + l21 * z1 + l22 * z2;
      for (let h = 1; h <= horizon; h++) {
        const mu = Math.min(MAX_MEAN, Math.exp(a + r * (lastOffset + h)));
        draws[h - 1][s] = overdispersedCount(rng, mu, fit.dispersion);
      }
    }
    return { method, points: summarise(draws, level) };
  }

  if (options.serialInterval === undefined) throw new TypeError('method "renewal" requires options.serialInterval');
  const window = requireInteger(options.window ?? 7, "window", 1, Number.MAX_SAFE_INTEGER);
  const rtOptions = { window, priorMean: options.priorMean, priorSd: options.priorSd };
  const posteriors = reproductionNumberPosteriors(counts, options.serialInterval, rtOptions);
  const lastShape = posteriors.shape[counts.length - 1];
  const lastRate = posteriors.rate[counts.length - 1];
  if (!(lastShape > 0)) return { method, points: [] };
  const n = counts.length;
  const w = resolveSerialInterval(options.serialInterval, n + horizon);
  const K = w.length;
  // Observed contribution to Λ for each future step is the same in every trajectory: compute it once.
  const extended = new Float64Array(n + horizon);
  for (let t = 0; t < n; t++) extended[t] = counts[t];
  const observedPressure = overallInfectivity(Array.from(extended), w).slice(n);
  const simulated = new Float64Array(horizon);
  for (let s = 0; s < samples; s++) {
    const R = rng.gamma(lastShape) / lastRate;
    for (let h = 0; h < horizon; h++) {
      let pressure = observedPressure[h];
      const maxS = Math.min(h, K);
      for (let lag = 1; lag <= maxS; lag++) pressure += simulated[h - lag] * w[lag - 1];
      const value = rng.poisson(Math.min(MAX_MEAN, R * pressure));
      simulated[h] = value;
      draws[h][s] = value;
    }
  }
  return { method, points: summarise(draws, level) };
}
