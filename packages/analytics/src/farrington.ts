/**
 * Farrington flexible outbreak detection (Farrington et al. 1996; Noufaily et
 * al. 2013), a port of R `surveillance::farringtonFlexible` (Salmon, Schumacher
 * & Höhle 2016, J Stat Softw 70(10)).
 * @module
 */
import { addDays, addYears, dayDiff, parseDay, weekday } from "@vigil/calendar";
import { assertCounts } from "./counts.ts";
import { fitLogLinearGlm, type LogLinearGlmFit } from "./glm.ts";
import { normalCdf, normalQuantile } from "./normal.ts";
import { negativeBinomialQuantile, negativeBinomialUpperTail, poissonQuantile, regularizedGammaP, studentTCdf } from "./special-functions.ts";

/** How the upper bound is derived from the fitted model (R's `thresholdMethod`). */
export type FarringtonThresholdMethod = "nbPlugin" | "muan" | "delta";

/** Power transformation of the `"delta"` threshold (R's `powertrans`). */
export type FarringtonPowerTransform = "2/3" | "1/2" | "none";

/** Options of {@link farrington}. Defaults are the Noufaily et al. (2013) recommendations. */
export interface FarringtonOptions {
  /** Periods per year: 52 (weekly, default), 12 (monthly) or 365 (daily). */
  readonly frequency?: number;
  /** Years back used as baseline (`b`); default 5. */
  readonly b?: number;
  /** Half-width of the reference window around the same period in past years (`w`); default 3. */
  readonly w?: number;
  /** Number of seasonal periods of the factor covering each year (`noPeriods`); default 10. 1 reproduces the original windows-only design. */
  readonly noPeriods?: number;
  /** Down-weight past outbreaks via Anscombe residuals (`reweight`); default true. */
  readonly reweight?: boolean;
  /** Anscombe-residual threshold above which observations are down-weighted (`weightsThreshold`); default 2.58. */
  readonly weightsThreshold?: number;
  /** Most recent periods excluded from the baseline, current one included (`pastWeeksNotIncluded`); default 26. */
  readonly pastWeeksNotIncluded?: number;
  /** Try a linear time trend (`trend`); default true. */
  readonly trend?: boolean;
  /** The trend is kept only if its t-test p-value is below this (`pThresholdTrend`); default 0.05. */
  readonly pThresholdTrend?: number;
  /** One-sided level: the upper bound is the (1 − alpha) quantile; default 0.05. */
  readonly alpha?: number;
  /** `"nbPlugin"` (default, Noufaily: negative-binomial quantile at the fitted mean), `"muan"` (NB quantile at the (1 − alpha) quantile of the mean) or `"delta"` (Farrington 1996 power-transformed normal). */
  readonly thresholdMethod?: FarringtonThresholdMethod;
  /** Power transformation for `"delta"`; default `"2/3"`. */
  readonly powerTransform?: FarringtonPowerTransform;
  /** `[cases, periods]`: no alarm unless the last `periods` periods (current included) total at least `cases`; default `[5, 4]`. */
  readonly limit54?: readonly [number, number];
  /** 0-based indices to evaluate; default every index with `b` years of history. */
  readonly range?: readonly number[];
  /**
   * ISO date (`YYYY-MM-DD`) of `counts[0]`. With weekly or daily data, reference
   * periods are then found on the calendar exactly as R does for `sts` objects
   * with `epochAsDate = TRUE` (same weekday nearest to the date `i` years back),
   * instead of `i · frequency` periods back.
   */
  readonly startDate?: string;
  /**
   * Which R function's GLM bookkeeping to reproduce (default `"farringtonFlexible"`). In
   * `farringtonFlexible` the trend t-test and the prediction's standard error use the dispersion
   * `summary.glm` computes after `model$weights` is overwritten with the outbreak weights ω
   * (Σ ω (y − μ)²/μ² / df); R's older `algo.farrington` uses the fit's Pearson dispersion for the
   * trend test and φ (floored at 1) for the standard error.
   */
  readonly rImplementation?: "farringtonFlexible" | "algo.farrington";
}

/** Result of {@link farrington} for one evaluated period. */
export interface FarringtonResult {
  /** Baseline expectation μ̂₀ of the current count. */
  readonly expected: number;
  /** Threshold: an alarm requires the count to exceed it. */
  readonly upperBound: number;
  /** Raised when the count exceeds `upperBound`, the count is not 0 and the `limit54` case minimum is met. */
  readonly alarm: boolean;
  /** Exceedance score (y − predFit) / (upperBound − predFit), as R reports it (predFit is on the link scale for the NB methods); > 1 ⇔ exceedance. */
  readonly score?: number;
  /** Whether the time trend was kept in the final model. */
  readonly trend: boolean;
  /** Overdispersion φ of the final model, floored at 1. */
  readonly phi: number;
}

/** Inputs of {@link farringtonThreshold}, named as in R's threshold helpers. */
export interface FarringtonThresholdInput {
  /** Threshold method (R's `thresholdMethod`). */
  readonly method: FarringtonThresholdMethod;
  /** `"delta"`: predicted mean μ₀; `"nbPlugin"`/`"muan"`: linear predictor η₀ = log μ₀. */
  readonly predFit: number;
  /** Standard error of `predFit` on the same scale. */
  readonly predSeFit: number;
  /** Overdispersion (≥ 1). */
  readonly phi: number;
  /** One-sided level: the bound is the (1 − alpha) quantile. */
  readonly alpha: number;
  /** Observed count. */
  readonly y: number;
  /** Only used by `"delta"`; default `"2/3"`. */
  readonly powerTransform?: FarringtonPowerTransform;
}

/** Output of {@link farringtonThreshold}. */
export interface FarringtonThresholdResult {
  /** Lower bound (the alpha quantile), floored at 0. */
  readonly lower: number;
  /** NaN when the bound is undefined (R's NA), e.g. an infinite `"muan"` mean quantile. */
  readonly upper: number;
  /** P(Y ≥ y) under the predictive distribution. */
  readonly probability: number;
  /** (y − predFit) / (upper − predFit); > 1 means the count exceeds the bound. */
  readonly score: number;
}

/**
 * Lower/upper prediction bounds, exceedance probability and score for one
 * period, ported from R `surveillance`'s `algo.farrington.threshold.farrington`
 * (method `"delta"`) and `algo.farrington.threshold.noufaily` (`"nbPlugin"`,
 * `"muan"`). Exported so the published unit-test values of those helpers can
 * be checked directly.
 *
 * - `"delta"` (Farrington et al. 1996): with τ = φ + se²/μ₀ and the power
 *   transformation h(y) = y^e, bounds are (μ₀^e ± z₁₋α · sd)^{1/e}.
 * - `"nbPlugin"` (Noufaily et al. 2013): (1 − α) quantile of NB(mean μ₀ =
 *   exp η₀, variance φ μ₀), Poisson when φ = 1.
 * - `"muan"`: as nbPlugin with μ₀ replaced by exp of the (1 − α) normal quantile of η₀.
 * @param input - see {@link FarringtonThresholdInput}
 */
export function farringtonThreshold(input: FarringtonThresholdInput): FarringtonThresholdResult {
  const { method, predFit, predSeFit, phi, alpha, y } = input;
  if (method === "delta") {
    const mu0 = predFit;
    const tau = phi + (predSeFit * predSeFit) / mu0;
    const transform = input.powerTransform ?? "2/3";
    let se: number;
    let exponent: number;
    if (transform === "none") {
      se = Math.sqrt(mu0 * tau);
      exponent = 1;
    } else if (transform === "1/2") {
      se = Math.sqrt(0.25 * tau);
      exponent = 0.5;
    } else if (transform === "2/3") {
      se = Math.sqrt((4 / 9) * mu0 ** (1 / 3) * tau);
      exponent = 2 / 3;
    } else {
      throw new RangeError(`powerTransform must be "2/3", "1/2" or "none", got ${String(transform)}`);
    }
    const z = normalQuantile(1 - alpha);
    const centre = mu0 ** exponent;
    // A negative base under a fractional power is NaN in R too; R then sorts NA first and floors the lower bound at 0.
    const a = (centre - z * se) ** (1 / exponent);
    const b = (centre + z * se) ** (1 / exponent);
    const finite = [a, b].filter((v) => !Number.isNaN(v)).sort((u, v) => u - v);
    const upper = finite.length === 2 ? finite[1] : finite.length === 1 ? finite[0] : NaN;
    const lowerRaw = finite.length === 2 ? finite[0] : NaN;
    const lower = Math.max(0, Number.isNaN(lowerRaw) ? 0 : lowerRaw);
    const probability = normalCdf(-(y ** exponent - centre) / se);
    const score = Number.isNaN(upper) ? NaN : (y - predFit) / (upper - predFit);
    return { lower, upper, probability, score };
  }
  if (method !== "nbPlugin" && method !== "muan") throw new RangeError(`thresholdMethod must be "nbPlugin", "muan" or "delta", got ${String(method)}`);
  const mu0 = method === "nbPlugin" ? Math.exp(predFit) : Math.exp(predFit + predSeFit * normalQuantile(1 - alpha));
  if (!Number.isFinite(mu0)) return { lower: NaN, upper: NaN, probability: NaN, score: NaN };
  let lower: number;
  let upper: number;
  let probability: number;
  if (phi > 1) {
    const size = mu0 / (phi - 1);
    const prob = 1 / phi;
    lower = negativeBinomialQuantile(alpha, size, prob);
    upper = negativeBinomialQuantile(1 - alpha, size, prob);
    probability = negativeBinomialUpperTail(y, size, prob);
  } else {
    lower = poissonQuantile(alpha, mu0);
    upper = poissonQuantile(1 - alpha, mu0);
    probability = y <= 0 ? 1 : regularizedGammaP(y, mu0);
  }
  lower = Math.max(0, lower);
  const score = (y - predFit) / (upper - predFit);
  return { lower, upper, probability, score };
}

interface ResolvedOptions {
  frequency: number;
  b: number;
  w: number;
  noPeriods: number;
  reweight: boolean;
  weightsThreshold: number;
  pastWeeksNotIncluded: number;
  trend: boolean;
  pThresholdTrend: number;
  alpha: number;
  thresholdMethod: FarringtonThresholdMethod;
  powerTransform: FarringtonPowerTransform;
  limitCases: number;
  limitPeriods: number;
  calendar: { startDate: string; stepDays: number } | null;
  legacy: boolean;
}

function requireInteger(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  return value;
}

function resolveOptions(options: FarringtonOptions): ResolvedOptions {
  const frequency = requireInteger(options.frequency ?? 52, "frequency", 1);
  const b = requireInteger(options.b ?? 5, "b", 1);
  const w = requireInteger(options.w ?? 3, "w", 0);
  const noPeriods = requireInteger(options.noPeriods ?? 10, "noPeriods", 1);
  const pastWeeksNotIncluded = requireInteger(options.pastWeeksNotIncluded ?? 26, "pastWeeksNotIncluded", 0);
  const weightsThreshold = options.weightsThreshold ?? 2.58;
  if (!(weightsThreshold > 0)) throw new RangeError(`weightsThreshold must be positive, got ${weightsThreshold}`);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`);
  const pThresholdTrend = options.pThresholdTrend ?? 0.05;
  if (!(pThresholdTrend >= 0 && pThresholdTrend <= 1)) throw new RangeError(`pThresholdTrend must lie in [0, 1], got ${pThresholdTrend}`);
  const thresholdMethod = options.thresholdMethod ?? "nbPlugin";
  if (thresholdMethod !== "nbPlugin" && thresholdMethod !== "muan" && thresholdMethod !== "delta") {
    throw new RangeError(`thresholdMethod must be "nbPlugin", "muan" or "delta", got ${String(thresholdMethod)}`);
  }
  const powerTransform = options.powerTransform ?? "2/3";
  if (powerTransform !== "2/3" && powerTransform !== "1/2" && powerTransform !== "none") {
    throw new RangeError(`powerTransform must be "2/3", "1/2" or "none", got ${String(powerTransform)}`);
  }
  const limit54 = options.limit54 ?? [5, 4];
  if (!Array.isArray(limit54) || limit54.length !== 2) throw new TypeError("limit54 must be a [cases, periods] pair");
  if (!(limit54[0] >= 0)) throw new RangeError(`limit54 cases must be ≥ 0, got ${limit54[0]}`);
  requireInteger(limit54[1], "limit54 periods", 1);
  const rImplementation = options.rImplementation ?? "farringtonFlexible";
  if (rImplementation !== "farringtonFlexible" && rImplementation !== "algo.farrington") {
    throw new RangeError(`rImplementation must be "farringtonFlexible" or "algo.farrington", got ${String(rImplementation)}`);
  }
  let calendar: ResolvedOptions["calendar"] = null;
  if (options.startDate !== undefined) {
    if (frequency !== 52 && frequency !== 365) throw new RangeError("startDate is only supported with frequency 52 (weekly) or 365 (daily)");
    parseDay(options.startDate, "startDate");
    calendar = { startDate: options.startDate, stepDays: frequency === 52 ? 7 : 1 };
  }
  return {
    frequency,
    b,
    w,
    noPeriods,
    reweight: options.reweight ?? true,
    weightsThreshold,
    pastWeeksNotIncluded,
    trend: options.trend ?? true,
    pThresholdTrend,
    alpha,
    thresholdMethod,
    powerTransform,
    limitCases: limit54[0],
    limitPeriods: limit54[1],
    calendar,
    legacy: rImplementation === "algo.farrington",
  };
}

/**
 * Indices of the current period and the same period 1..b years back (most
 * recent first), or null when the oldest reference window starts before the series.
 */
function referencePoints(k: number, o: ResolvedOptions): number[] | null {
  const refs = [k];
  for (let i = 1; i <= o.b; i++) {
    let idx: number;
    if (!o.calendar) {
      idx = k - o.frequency * i;
    } else {
      const { startDate, stepDays } = o.calendar;
      const date = addDays(startDate, k * stepDays);
      // The same day i years back; 29 February rolls over to 1 March like R's seq.Date(by = "-1 year").
      const refDate = addYears(date, -i);
      const ref = dayDiff(startDate, refDate);
      let chosen = ref;
      if (stepDays === 7) {
        // The week of the same weekday nearest to that day (R: epochAsDate = TRUE).
        const a = ref - (weekday(refDate) - weekday(date));
        const alt = a + (a > ref ? -7 : 7);
        chosen = Math.abs(a - ref) > Math.abs(alt - ref) ? alt : a;
      }
      idx = chosen / stepDays;
    }
    refs.push(idx);
  }
  if (refs[o.b] - o.w < 0) return null;
  return refs;
}

interface GlmData {
  y: Float64Array;
  group: Int32Array;
  time: Float64Array;
  groupCount: number;
  /** Group index of the current period's level (R's `factor(noPeriods)`). */
  currentGroup: number;
  currentTime: number;
  maxResponse: number;
}

/** Builds the GLM data of R's `algo.farrington.data.glm` + `blocks` for period k; null when it cannot be formed. */
function buildData(counts: readonly number[], k: number, refs: number[], o: ResolvedOptions): GlmData | null {
  const { w, b, noPeriods: p } = o;
  const first = refs[b] - w;
  const len = k - first + 1;
  // Level 1..p per index (0 = not used), offset by `first`.
  const level = new Int32Array(len);
  for (let i = k - w; i <= k; i++) level[i - first] = p;
  for (let i = 1; i <= b; i++) {
    const refWeek = refs[i];
    for (let j = refWeek - w; j <= refWeek + w; j++) level[j - first] = p;
    if (p !== 1) {
      const period = refs[i - 1] - 2 * w - 1 - refWeek;
      if (period < p - (2 * w + 1)) return null;
      const base = Math.floor(period / (p - 1));
      const rest = period % (p - 1);
      let start = refWeek + w + 1;
      for (let j = 1; j <= p - 1; j++) {
        const blockLength = base + (j <= rest ? 1 : 0);
        for (let x = start; x < start + blockLength; x++) level[x - first] = j;
        start += blockLength;
      }
    }
  }
  const excludedFrom = k - o.pastWeeksNotIncluded;
  const present = new Int32Array(p + 1);
  let n = 0;
  for (let i = first; i <= k; i++) {
    if (i >= excludedFrom) break;
    const l = level[i - first];
    if (l > 0) {
      present[l] = 1;
      n++;
    }
  }
  if (n === 0 || present[p] === 0) return null;
  // as.factor keeps only the levels that occur.
  const levelToGroup = new Int32Array(p + 1).fill(-1);
  let groupCount = 0;
  for (let l = 1; l <= p; l++) if (present[l]) levelToGroup[l] = groupCount++;
  const y = new Float64Array(n);
  const group = new Int32Array(n);
  const time = new Float64Array(n);
  let firstUsed = -1;
  let m = 0;
  let maxResponse = 0;
  for (let i = first; i < Math.min(k + 1, excludedFrom); i++) {
    const l = level[i - first];
    if (l === 0) continue;
    if (firstUsed < 0) firstUsed = i;
    y[m] = counts[i];
    if (counts[i] > maxResponse) maxResponse = counts[i];
    group[m] = levelToGroup[l];
    time[m] = i - firstUsed;
    m++;
  }
  return { y, group, time, groupCount, currentGroup: levelToGroup[p], currentTime: k - firstUsed, maxResponse };
}

interface FlexibleFit {
  fit: LogLinearGlmFit;
  phi: number;
  hasTrend: boolean;
  /**
   * The dispersion R's `summary.glm` reports for the returned model (unfloored). After reweighting,
   * `algo.farrington.fitGLM.flexible` overwrites `model$weights` (IRLS working weights) with the
   * outbreak weights ω, so `summary.glm` computes Σ ω (y − μ)² / μ² / df over ω > 0 — this is the
   * dispersion R's trend t-test and `predict.glm`'s standard error use.
   */
  summaryDispersion: number;
}

/** Anscombe-residual weights of R's `algo.farrington.assign.weights`. */
function outbreakWeights(data: GlmData, fit: LogLinearGlmFit, phi: number, threshold: number): Float64Array {
  const n = data.y.length;
  const h = fit.hatValues();
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mu = fit.fitted[i];
    // y^(2/3) μ^(−1/6) − μ^(1/2) with cbrt/sqrt, which are exact for the integer cases and cheaper than pow.
    const cy = Math.cbrt(data.y[i]);
    const raw = 1.5 * ((cy * cy) / Math.sqrt(Math.cbrt(mu)) - Math.sqrt(mu));
    s[i] = raw / Math.sqrt(phi * (1 - h[i]));
  }
  let denominator = 0;
  for (let i = 0; i < n; i++) denominator += s[i] > threshold ? s[i] ** -2 : 1;
  const gamma = n / denominator;
  const omega = new Float64Array(n);
  for (let i = 0; i < n; i++) omega[i] = s[i] > threshold ? gamma * s[i] ** -2 : gamma;
  return omega;
}

/** R's `algo.farrington.fitGLM.flexible`: fit, fall back to no trend on non-convergence, optionally reweight and refit. */
function fitFlexible(data: GlmData, withTrend: boolean, o: ResolvedOptions): FlexibleFit | null {
  const base = { y: data.y, group: data.group, groupCount: data.groupCount };
  let hasTrend = withTrend;
  let fit = fitLogLinearGlm(hasTrend ? { ...base, time: data.time } : base);
  if (!fit.converged) {
    if (!hasTrend) return null;
    hasTrend = false;
    fit = fitLogLinearGlm(base);
    if (!fit.converged) return null;
  }
  let phi = Math.max(fit.dispersion, 1);
  if (o.reweight) {
    const weights = outbreakWeights(data, fit, phi, o.weightsThreshold);
    fit = fitLogLinearGlm(hasTrend ? { ...base, time: data.time, weights } : { ...base, weights });
    phi = Math.max(fit.dispersion, 1);
    let sum = 0;
    for (let i = 0; i < data.y.length; i++) {
      if (!(weights[i] > 0)) continue;
      const mu = fit.fitted[i];
      const r = (data.y[i] - mu) / mu;
      sum += weights[i] * r * r;
    }
    return { fit, phi, hasTrend, summaryDispersion: fit.dfResidual > 0 ? sum / fit.dfResidual : NaN };
  }
  return { fit, phi, hasTrend, summaryDispersion: fit.dispersion };
}

function evaluate(counts: readonly number[], k: number, o: ResolvedOptions): FarringtonResult | null {
  const refs = referencePoints(k, o);
  if (!refs) return null;
  const data = buildData(counts, k, refs, o);
  if (!data) return null;
  let model = fitFlexible(data, o.trend, o);
  if (!model) return null;
  let doTrend = false;
  if (model.hasTrend) {
    const predicted = Math.max(Math.exp(model.fit.predictLink(data.currentGroup, data.currentTime).eta), 2.220446049250313e-16);
    // summary.glm's t-test, with the dispersion summary.glm computes on R's returned model (see FlexibleFit).
    const pValue = model.fit.slopePValue(studentTCdf, o.legacy ? model.fit.dispersion : model.summaryDispersion);
    const significant = pValue !== null && pValue < o.pThresholdTrend;
    // Farrington 1996: keep a trend only with ≥ 3 years of data, if significant and not extrapolating beyond the data.
    doTrend = o.b >= 3 && significant && predicted <= data.maxResponse;
    if (!doTrend) {
      model = fitFlexible(data, false, o);
      if (!model) return null;
    }
  }
  // predict.glm(se.fit = TRUE) scales by summary.glm's dispersion too (see FlexibleFit.summaryDispersion).
  const { eta, se } = model.fit.predictLink(data.currentGroup, data.currentTime, o.legacy ? model.phi : model.summaryDispersion);
  const mu0 = Math.max(Math.exp(eta), 2.220446049250313e-16);
  if (!Number.isFinite(mu0) || !Number.isFinite(se) || !Number.isFinite(model.phi)) return null;
  const y = counts[k];
  const threshold =
    o.thresholdMethod === "delta"
      ? farringtonThreshold({ method: "delta", predFit: mu0, predSeFit: se * mu0, phi: model.phi, alpha: o.alpha, y, powerTransform: o.powerTransform })
      : farringtonThreshold({ method: o.thresholdMethod, predFit: eta, predSeFit: se, phi: model.phi, alpha: o.alpha, y });
  let recent = 0;
  for (let i = Math.max(0, k - o.limitPeriods + 1); i <= k; i++) recent += counts[i];
  const enoughCases = recent >= o.limitCases;
  const alarm = enoughCases && threshold.score > 1 && y !== 0;
  const result: FarringtonResult = {
    expected: mu0,
    upperBound: threshold.upper,
    alarm,
    trend: doTrend,
    phi: model.phi,
  };
  return Number.isFinite(threshold.score) ? { ...result, score: threshold.score } : result;
}

/**
 * Farrington flexible outbreak detection with the Noufaily et al. (2013)
 * improvements, ported from R `surveillance::farringtonFlexible`.
 *
 * For each evaluated period a quasi-Poisson log-linear GLM is fitted to the
 * baseline: the `b` previous years (windows of ±`w` periods around the same
 * period, plus, when `noPeriods` > 1, a `noPeriods`-level seasonal factor over
 * the rest of each year), excluding the `pastWeeksNotIncluded` most recent
 * periods. A linear trend is kept only if significant at `pThresholdTrend`, `b`
 * ≥ 3 and the prediction does not exceed the largest baseline count.
 * Observations with Anscombe residuals above `weightsThreshold` are
 * down-weighted (past outbreaks), overdispersion φ is floored at 1, and the
 * upper bound is the one-sided (1 − `alpha`) quantile of the chosen
 * `thresholdMethod`.
 *
 * Defaults follow the brief's Noufaily settings (b = 5, w = 3, noPeriods = 10,
 * weightsThreshold = 2.58, pastWeeksNotIncluded = 26, alpha = 0.05,
 * "nbPlugin", limit54 = [5, 4], pThresholdTrend = 0.05); note R's own defaults
 * are noPeriods = 1, pastWeeksNotIncluded = w and "delta". Pass those to
 * reproduce a default R call.
 *
 * Differences from R, by design: R reports `upperbound`/`expected` as NA when
 * the `limit54` case minimum is not met, here they are always computed (the
 * alarm is still suppressed); a fit that fails (R: NA plus a warning, or an
 * error) yields null.
 *
 * Sources: Farrington CP, Andrews NJ, Beale AD, Catchpole MA (1996) J R Stat
 * Soc A 159:547–563; Noufaily A et al. (2013) Stat Med 32:1206–1222; Salmon M,
 * Schumacher D, Höhle M (2016) J Stat Softw 70(10).
 * @param counts - non-negative integer counts, oldest first, one per period
 * @param options - see {@link FarringtonOptions}
 * @returns one entry per input period: null when not evaluated (outside `range`, insufficient history or no valid fit)
 * @throws TypeError / RangeError for invalid counts or options
 */
export function farrington(counts: readonly number[], options: FarringtonOptions = {}): (FarringtonResult | null)[] {
  assertCounts(counts, "counts");
  const o = resolveOptions(options);
  const out: (FarringtonResult | null)[] = new Array(counts.length).fill(null);
  if (options.range !== undefined) {
    if (!Array.isArray(options.range)) throw new TypeError("range must be an array of indices");
    for (const k of options.range) {
      if (!Number.isInteger(k) || k < 0 || k >= counts.length) throw new RangeError(`range index ${String(k)} is outside [0, ${counts.length})`);
      out[k] = evaluate(counts, k, o);
    }
    return out;
  }
  for (let k = 0; k < counts.length; k++) out[k] = evaluate(counts, k, o);
  return out;
}
