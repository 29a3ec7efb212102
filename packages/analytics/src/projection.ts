/**
 * Short-term projection of a count series, from the log-linear growth model
 * or from the renewal equation with R_t held constant.
 * @module
 */
import { assertCounts } from "./counts.ts";
import { fitPoissonTrend } from "./glm.ts";
import { overallInfectivity, reproductionNumberPosteriors, resolveSerialInterval, type SerialInterval } from "./renewal.ts";
import { logGamma } from "./special-functions.ts";

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

/** xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32: small, fast and well distributed. */
class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  private nextUint32(): number {
    const result = Math.imul(((Math.imul(this.s1, 5) << 7) | (Math.imul(this.s1, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = ((this.s3 << 11) | (this.s3 >>> 21)) >>> 0;
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Gamma(shape, scale 1) by Marsaglia & Tsang (2000); shape < 1 via the U^{1/a} boost. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Poisson(λ): multiplication method below 10, PTRS transformed rejection (Hörmann 1993) above. */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 10) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.uniform() - 0.5;
      const V = this.uniform();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
    }
  }

  /** Count with mean μ and variance φ·μ: Poisson for φ ≤ 1, otherwise the gamma–Poisson (negative binomial) mixture. */
  overdispersedCount(mu: number, phi: number): number {
    if (phi <= 1) return this.poisson(mu);
    const size = mu / (phi - 1);
    return this.poisson(this.gamma(size) * (phi - 1));
  }
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
  const rng = new Random(Math.trunc(seed));
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
        draws[h - 1][s] = rng.overdispersedCount(mu, fit.dispersion);
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
