/**
 * Time-varying reproduction number R_t by the method of Cori et al. (2013),
 * as implemented in the R package EpiEstim (`estimate_R`, `discr_si`).
 * @module
 */
import { assertCounts } from "./counts.ts";
import { gammaQuantile, regularizedGammaP } from "./special-functions.ts";

/**
 * Serial interval: either the discrete distribution w_1..w_k as an array
 * (`serialInterval[0]` is w_1, the probability of a one-period interval;
 * w_0 = 0 is implied and must NOT be included — note that EpiEstim's
 * `si_distr` does include the leading 0), or the mean and standard deviation
 * of a gamma distribution, discretised as EpiEstim's `discr_si`.
 */
export type SerialInterval = readonly number[] | { readonly mean: number; readonly sd: number };

/**
 * Incidence split by origin, as EpiEstim's `incid` data frame with `local` and
 * `imported` columns: both arrays of non-negative integer counts, one per
 * period, oldest first, of equal length. Imported cases add to the infectious
 * pressure but are not offspring of the local epidemic; as in EpiEstim, local
 * cases of the first period are counted as imported.
 */
export interface LocalImportedIncidence {
  readonly local: readonly number[];
  readonly imported: readonly number[];
}

/** Incidence per period: plain counts (first period imported, the rest local) or split into local and imported cases. */
export type Incidence = readonly number[] | LocalImportedIncidence;

/**
 * Validates `incidence` and returns the series that drives the infectious pressure
 * (local + imported) and the series of local cases (first period 0), as EpiEstim's `process_I`.
 * @internal
 */
export function resolveIncidence(incidence: Incidence): { total: readonly number[]; local: readonly number[] } {
  if (Array.isArray(incidence)) {
    assertCounts(incidence as readonly number[], "incidence");
    // The first period never enters a window (windows start at index ≥ 1), so the counts can stand for local cases as they are.
    return { total: incidence as readonly number[], local: incidence as readonly number[] };
  }
  if (typeof incidence !== "object" || incidence === null) {
    throw new TypeError("incidence must be an array of counts or { local, imported }");
  }
  const { local, imported } = incidence as LocalImportedIncidence;
  if (!Array.isArray(local) || !Array.isArray(imported)) {
    throw new TypeError("incidence { local, imported } must hold two arrays of non-negative integers");
  }
  assertCounts(local, "incidence.local");
  assertCounts(imported, "incidence.imported");
  if (local.length !== imported.length) {
    throw new RangeError(`incidence.local and incidence.imported must have the same length, got ${local.length} and ${imported.length}`);
  }
  const n = local.length;
  const total = new Array<number>(n);
  const localOnly = new Array<number>(n);
  for (let t = 0; t < n; t++) {
    total[t] = local[t] + imported[t];
    localOnly[t] = local[t];
  }
  // EpiEstim process_I: "all cases on the first time step are assumed imported" (local[1] > 0 is moved to imported).
  if (n > 0) localOnly[0] = 0;
  return { total, local: localOnly };
}

/** Options of {@link reproductionNumber}. */
export interface ReproductionNumberOptions {
  /** Sliding window τ in periods; default 7 (EpiEstim's weekly windows). */
  readonly window?: number;
  /** Prior mean of R; default 5 (EpiEstim `mean_prior`). */
  readonly priorMean?: number;
  /** Prior standard deviation of R; default 5 (EpiEstim `std_prior`). */
  readonly priorSd?: number;
  /** Credible level of [lower, upper]; default 0.95 (2.5 % and 97.5 % quantiles). */
  readonly level?: number;
}

/** Posterior summary of R for the window ending at one period. */
export interface ReproductionNumberEstimate {
  /** Posterior mean. */
  readonly mean: number;
  /** Lower credible limit (2.5 % quantile by default). */
  readonly lower: number;
  /** Upper credible limit (97.5 % quantile by default). */
  readonly upper: number;
  /** Posterior standard deviation. */
  readonly sd: number;
}

/**
 * Discretised serial interval w_k, k = 1..maxLag, for a gamma-distributed
 * serial interval shifted by one period, exactly as EpiEstim's `discr_si`
 * (Cori et al. 2013, Am J Epidemiol 178:1505, Web Appendix 11): with
 * F_{a,b} the Gamma(shape a, scale b) CDF, a = ((μ − 1)/σ)², b = σ²/(μ − 1),
 *
 *   w_k = k F(k) + (k − 2) F(k − 2) − 2(k − 1) F(k − 1)
 *         + a b [2 F_{a+1}(k − 1) − F_{a+1}(k − 2) − F_{a+1}(k)],
 *
 * truncated at 0. This is the probability that a delay starting uniformly
 * within a period, shifted by one period, ends in period k.
 * @param mean - mean μ of the serial interval in periods, > 1
 * @param sd - standard deviation σ, > 0
 * @param maxLag - largest k to compute (≥ 1)
 * @returns array whose element i is w_{i+1}
 * @throws RangeError for μ ≤ 1, σ ≤ 0 or a bad `maxLag`
 */
export function discretiseSerialInterval(mean: number, sd: number, maxLag: number): number[] {
  if (!(mean > 1) || !Number.isFinite(mean)) throw new RangeError(`serial interval mean must be > 1 (it is shifted by one period), got ${mean}`);
  if (!(sd > 0) || !Number.isFinite(sd)) throw new RangeError(`serial interval sd must be positive, got ${sd}`);
  if (!Number.isInteger(maxLag) || maxLag < 1) throw new RangeError(`maxLag must be a positive integer, got ${String(maxLag)}`);
  const a = ((mean - 1) / sd) ** 2;
  const b = (sd * sd) / (mean - 1);
  const F = (x: number, shape: number) => (x <= 0 ? 0 : regularizedGammaP(shape, x / b));
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    const w = k * F(k, a) + (k - 2) * F(k - 2, a) - 2 * (k - 1) * F(k - 1, a) + a * b * (2 * F(k - 1, a + 1) - F(k - 2, a + 1) - F(k, a + 1));
    out.push(Math.max(0, w));
  }
  return out;
}

/**
 * Resolves the serial-interval argument to w_1..w_K, truncated where the
 * remaining mass is below 1e-12 (no effect on Λ beyond rounding) and never
 * longer than needed for a series of length `n`.
 * @internal
 */
export function resolveSerialInterval(serialInterval: SerialInterval, n: number): number[] {
  if (Array.isArray(serialInterval)) {
    const w = serialInterval as readonly number[];
    if (w.length === 0) throw new RangeError("serialInterval must contain at least w_1");
    let sum = 0;
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`serialInterval[${i}] = ${String(v)}: expected a finite probability ≥ 0`);
      sum += v;
    }
    // EpiEstim's check_si_distr tolerance: a distribution that does not sum to 1 is a specification error.
    if (Math.abs(sum - 1) > 0.01) throw new RangeError(`serialInterval must sum to 1 (±0.01), got ${sum}`);
    return w.slice();
  }
  if (typeof serialInterval !== "object" || serialInterval === null) {
    throw new TypeError("serialInterval must be an array of probabilities or { mean, sd }");
  }
  const { mean, sd } = serialInterval as { mean: number; sd: number };
  if (typeof mean !== "number" || typeof sd !== "number") throw new TypeError("serialInterval { mean, sd } must be numbers");
  const maxLag = Math.max(1, n - 1);
  const key = `${mean}|${sd}|${maxLag}`;
  const cached = SI_CACHE.get(key);
  if (cached) return cached.slice();
  const w = discretiseTruncated(mean, sd, maxLag);
  if (SI_CACHE.size >= 256) SI_CACHE.clear();
  SI_CACHE.set(key, w);
  return w.slice();
}

// Why a cache: dashboards evaluate thousands of regions with the same serial interval, and discretising costs
// several hundred incomplete-gamma evaluations.
const SI_CACHE = new Map<string, number[]>();

function discretiseTruncated(mean: number, sd: number, maxLag: number): number[] {
  // Compute in chunks so that long series do not pay for a tail that is numerically zero.
  const chunk = Math.min(maxLag, Math.max(16, Math.ceil(mean + 12 * sd)));
  let w = discretiseSerialInterval(mean, sd, chunk);
  let size = chunk;
  while (size < maxLag && 1 - w.reduce((s, v) => s + v, 0) > 1e-12) {
    size = Math.min(maxLag, size * 2);
    w = discretiseSerialInterval(mean, sd, size);
  }
  let cumulative = 0;
  for (let k = 0; k < w.length; k++) {
    cumulative += w[k];
    if (k + 1 > mean && 1 - cumulative < 1e-12) return w.slice(0, k + 1);
  }
  return w;
}

/** Λ_t = Σ_{s=1}^{t} I_{t−s} w_s (EpiEstim `overall_infectivity`); Λ_0 = 0. */
export function overallInfectivity(incidence: readonly number[], w: readonly number[]): Float64Array {
  const n = incidence.length;
  const lambda = new Float64Array(n);
  const K = w.length;
  for (let t = 1; t < n; t++) {
    let sum = 0;
    const maxS = Math.min(t, K);
    for (let s = 1; s <= maxS; s++) sum += incidence[t - s] * w[s - 1];
    lambda[t] = sum;
  }
  return lambda;
}

function resolveOptions(options: ReproductionNumberOptions) {
  const window = options.window ?? 7;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${String(window)}`);
  const priorMean = options.priorMean ?? 5;
  const priorSd = options.priorSd ?? 5;
  if (!(priorMean > 0) || !(priorSd > 0)) throw new RangeError("priorMean and priorSd must be positive");
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie in (0, 1), got ${level}`);
  return { window, priorShape: (priorMean / priorSd) ** 2, priorScale: (priorSd * priorSd) / priorMean, level };
}

/**
 * Posterior Gamma(shape, rate) of R for every window end t, as parallel arrays
 * (NaN where EpiEstim reports NA or where there is no infectious pressure).
 * @internal
 */
export function reproductionNumberPosteriors(
  incidence: Incidence,
  serialInterval: SerialInterval,
  options: ReproductionNumberOptions = {},
): { shape: Float64Array; rate: Float64Array } {
  const { total, local } = resolveIncidence(incidence);
  const o = resolveOptions(options);
  const n = total.length;
  const shape = new Float64Array(n).fill(NaN);
  const rate = new Float64Array(n).fill(NaN);
  if (n < 2) return { shape, rate };
  const w = resolveSerialInterval(serialInterval, n);
  let meanSi = 0;
  for (let k = 0; k < w.length; k++) meanSi += (k + 1) * w[k];
  // Λ from every case (local and imported), the likelihood from local cases only (EpiEstim posterior_from_si_distr).
  const lambda = overallInfectivity(total, w);
  const cumI = new Float64Array(n + 1);
  const cumL = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    cumI[t + 1] = cumI[t] + local[t];
    cumL[t + 1] = cumL[t] + lambda[t];
  }
  // Windows start at index ≥ 1 because EpiEstim treats every first-period case as imported (t_start ≥ 2).
  for (let t = o.window; t < n; t++) {
    // EpiEstim leaves R undefined while the window end (1-based) is not beyond the mean serial interval.
    if (!(t + 1 > meanSi)) continue;
    const from = t - o.window + 1;
    const sumL = cumL[t + 1] - cumL[from];
    if (!(sumL > 0)) continue;
    shape[t] = o.priorShape + (cumI[t + 1] - cumI[from]);
    rate[t] = 1 / o.priorScale + sumL;
  }
  return { shape, rate };
}

/**
 * Instantaneous reproduction number R_t over sliding windows, by the Bayesian
 * renewal-equation estimator of Cori, Ferguson, Fraser & Cauchemez (2013, Am J
 * Epidemiol 178:1505–1512), reproducing R EpiEstim `estimate_R` with its
 * default sliding weekly windows.
 *
 * With incidence I_t and serial interval w_s, the infectious pressure is
 * Λ_t = Σ_{s ≥ 1} I_{t−s} w_s. Assuming R constant over the window
 * [t − τ + 1, t] and a Gamma prior with shape a and scale b (from
 * `priorMean`/`priorSd`; default mean 5, sd 5 ⇒ a = 1, b = 5), the posterior
 * is Gamma(shape a + Σ I_s, scale 1 / (1/b + Σ Λ_s)). Mean, sd and the
 * credible limits (gamma quantiles) summarise it.
 *
 * Conventions taken from EpiEstim: the first period's cases are imported
 * (windows start at index ≥ 1, so the first estimate is at index τ), and R is
 * not reported while the window end (1-based) does not exceed the mean of the
 * discrete serial interval. Additionally null is returned when Σ Λ = 0 (no
 * earlier cases: the "estimate" would be the prior).
 *
 * Imported cases (`{ local, imported }`, EpiEstim's `incid` with `local` and
 * `imported` columns): Λ_t is computed from local + imported cases, while the
 * posterior shape uses local cases only, a + Σ I_local — R measures local
 * transmission. Local cases of the first period are counted as imported, as
 * EpiEstim's `process_I` does. A plain array is the same as `{ local:
 * incidence, imported: 0 … }`.
 * @param incidence - non-negative integer counts per period (e.g. by symptom onset), oldest first,
 *   or `{ local, imported }` (see {@link LocalImportedIncidence})
 * @param serialInterval - see {@link SerialInterval}
 * @param options - see {@link ReproductionNumberOptions}
 * @returns per period: null or the posterior summary for the window ending there
 * @throws TypeError / RangeError for invalid input
 */
export function reproductionNumber(
  incidence: Incidence,
  serialInterval: SerialInterval,
  options: ReproductionNumberOptions = {},
): (ReproductionNumberEstimate | null)[] {
  const { shape, rate } = reproductionNumberPosteriors(incidence, serialInterval, options);
  const { level } = resolveOptions(options);
  const pLow = (1 - level) / 2;
  const pHigh = 1 - pLow;
  const cache = quantileCache(pLow);
  const out: (ReproductionNumberEstimate | null)[] = new Array(shape.length).fill(null);
  for (let t = 0; t < shape.length; t++) {
    const a = shape[t];
    if (Number.isNaN(a)) continue;
    const scale = 1 / rate[t];
    let q = cache.get(a);
    if (q === undefined) {
      q = [gammaQuantile(pLow, a), gammaQuantile(pHigh, a)];
      if (cache.size >= QUANTILE_CACHE_LIMIT) cache.clear();
      cache.set(a, q);
    }
    out[t] = { mean: a * scale, lower: q[0] * scale, upper: q[1] * scale, sd: Math.sqrt(a) * scale };
  }
  return out;
}

// Why a cache: with the default prior (shape 1) the posterior shape is an integer, so across windows and
// regions the same standard-gamma quantiles recur; each costs several incomplete-gamma evaluations.
const QUANTILE_CACHES = new Map<number, Map<number, [number, number]>>();
const QUANTILE_CACHE_LIMIT = 20_000;

function quantileCache(pLow: number): Map<number, [number, number]> {
  let cache = QUANTILE_CACHES.get(pLow);
  if (!cache) {
    if (QUANTILE_CACHES.size >= 16) QUANTILE_CACHES.clear();
    cache = new Map();
    QUANTILE_CACHES.set(pLow, cache);
  }
  return cache;
}
