/**
 * Epidemic growth rate, doubling and halving time over a sliding window.
 * @module
 */
import { assertCounts } from "./counts.ts";
import { fitOlsTrend, fitPoissonTrend, type LogLinearTrendFit } from "./glm.ts";
import { studentTQuantile } from "./special-functions.ts";

/** How the log-linear trend is fitted. */
export type GrowthMethod = "quasipoisson" | "ols";

/** Options of {@link growth}. */
export interface GrowthOptions {
  /** Window length in periods (≥ 3); default 14. */
  readonly window?: number;
  /** `"quasipoisson"` (default): Poisson log-linear GLM with quasi-Poisson standard errors; `"ols"`: least squares on log(y + 0.5). */
  readonly method?: GrowthMethod;
  /** Confidence level of the interval on r; default 0.95. */
  readonly level?: number;
}

/** Growth estimate for the window ending at one period. */
export interface GrowthEstimate {
  /** Exponential growth rate r per period (log scale slope). */
  readonly rate: number;
  /** Lower confidence limit of r. */
  readonly lower: number;
  /** Upper confidence limit of r. */
  readonly upper: number;
  /** ln 2 / r in periods, or null when r ≤ 0. */
  readonly doublingTime: number | null;
  /** ln 2 / (−r) in periods, or null when r ≥ 0. */
  readonly halvingTime: number | null;
}

/**
 * Exponential growth rate r per period, with a confidence interval and the
 * implied doubling or halving time, over a sliding window ending at each period.
 *
 * Default method: Poisson log-linear GLM log E[y_t] = a + r·t fitted by
 * maximum likelihood, Wald interval r ± t_{n−2, (1+level)/2} · se(r) with
 * quasi-Poisson standard errors (Pearson dispersion floored at 1). Why the
 * GLM: it handles zeros and low counts without the bias of the log(y + 0.5)
 * transform; `method: "ols"` gives that simpler transform-and-regress estimate
 * (residual-variance standard errors, same t interval) for comparison.
 *
 * Why a 14-period default window: with daily data it spans two full weeks,
 * which halves the day-of-week distortion of the slope and the variance of a
 * 7-day fit; pass `window: 7` for weekly-resolution responsiveness.
 *
 * Doubling time ln 2 / r (Wallinga & Lipsitch 2007, Proc R Soc B 274:599).
 * @param counts - non-negative integer counts, oldest first
 * @param options - see {@link GrowthOptions}
 * @returns per period: null until a full window is available, or when the
 *   window has no cases / the fit does not exist; otherwise the estimate
 * @throws TypeError / RangeError for invalid counts or options
 */
export function growth(counts: readonly number[], options: GrowthOptions = {}): (GrowthEstimate | null)[] {
  assertCounts(counts, "counts");
  const window = options.window ?? 14;
  if (!Number.isInteger(window) || window < 3) throw new RangeError(`window must be an integer ≥ 3, got ${String(window)}`);
  const method = options.method ?? "quasipoisson";
  if (method !== "quasipoisson" && method !== "ols") throw new RangeError(`method must be "quasipoisson" or "ols", got ${String(method)}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie in (0, 1), got ${level}`);
  const tq = studentTQuantile((1 + level) / 2, window - 2);
  const out: (GrowthEstimate | null)[] = new Array(counts.length).fill(null);
  let previous: LogLinearTrendFit | null = null;
  for (let t = window - 1; t < counts.length; t++) {
    const from = t - window + 1;
    let fit: LogLinearTrendFit | null;
    if (method === "ols") {
      fit = fitOlsTrend(counts, from, window);
    } else {
      // Warm start: moving the window by one period shifts the centred intercept by the slope.
      fit = fitPoissonTrend(counts, from, window, previous ? { intercept: previous.intercept + previous.slope, slope: previous.slope } : undefined);
    }
    previous = fit;
    if (!fit) continue;
    // Centred symmetric windows give slopes of ~1e-17 instead of 0; do not turn rounding noise into a doubling time of 10^16 periods.
    const rate = Math.abs(fit.slope) < 1e-12 ? 0 : fit.slope;
    const half = tq * Math.sqrt(fit.varSlope);
    out[t] = {
      rate,
      lower: rate - half,
      upper: rate + half,
      doublingTime: rate > 0 ? Math.LN2 / rate : null,
      halvingTime: rate < 0 ? Math.LN2 / -rate : null,
    };
  }
  return out;
}
