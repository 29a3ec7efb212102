import { assertCounts } from "./counts.ts";
import {
  alphaOption,
  assertOptions,
  booleanOption,
  integerOption,
  movingBaseline,
  nonNegativeOption,
  positiveOption,
  standardise,
} from "./detector-support.ts";
import { normalQuantile } from "./normal.ts";

/** Options for {@link ewma}. */
export interface EwmaOptions {
  /** Smoothing weight ω in (0, 1]. Default 0.4, ESSENCE's weight for gradual events. */
  weight?: number;
  /** Number of baseline periods for the expected value and SD. Default 28 (ESSENCE). At least 3. */
  baseline?: number;
  /** Periods between the baseline and t. Default 2 (ESSENCE). */
  guard?: number;
  /**
   * One-sided type-I error rate; threshold = Φ⁻¹(1 − α). Default 0.01 (ESSENCE's "alert"
   * level). Give either `alpha` or `threshold`, not both.
   */
  alpha?: number;
  /**
   * Explicit threshold on the statistic, overriding `alpha`. ESSENCE compares the statistic
   * with a Student-t quantile on baseline − 1 degrees of freedom; for parity with its alert
   * level pass that value, e.g. 2.47266 (= qt(0.99, 27), as rounded by CDC's Rnssp) for the
   * 28-period baseline.
   */
  threshold?: number;
  /** Floor on the baseline SD: sd = max(sampleSd, minSigma). Default 0. */
  minSigma?: number;
  /**
   * After a period whose |statistic| exceeds the threshold, carry forward
   * `expected ± threshold·se` instead of the raw smoothed value, as ESSENCE does. Default
   * true: otherwise one large spike keeps the EWMA high and re-alarms for many periods.
   */
  capOutliers?: boolean;
}

/**
 * One evaluated period of {@link ewma}.
 *
 * - `expected`: baseline mean; `sd`: baseline SD used, max(sample SD, minSigma).
 * - `smoothed`: the EWMA value E(t) compared with `expected` (before any outlier cap).
 * - `statistic`: (E(t) − expected)/(sd·c), c being the standard-error factor in {@link ewma};
 *   0 / ±Infinity when sd = 0.
 * - `threshold`, `alarm` (statistic > threshold).
 * - `upperBound`: the count y(t) that would put the statistic exactly on the threshold given
 *   the carried-forward EWMA; `alarm === y(t) > upperBound` up to rounding. It can be negative
 *   when the carried EWMA is already high (any count then alarms).
 */
export interface EwmaPoint {
  expected: number;
  sd: number;
  smoothed: number;
  statistic: number;
  threshold: number;
  alarm: boolean;
  upperBound: number;
}

const EWMA_KEYS = ["weight", "baseline", "guard", "alpha", "threshold", "minSigma", "capOutliers"] as const;

/**
 * ESSENCE-style EWMA detector.
 *
 * E(0) = y(0); E(t) = ω·y(t) + (1 − ω)·Ẽ(t−1), where Ẽ is E after the optional outlier cap.
 * For each t with a full baseline (the `baseline` periods ending `guard + 1` periods before t):
 * expected = baseline mean, sd = baseline sample SD (n − 1), and
 *
 *   se = sd · c,  c² = ω/(2 − ω) + 1/n − 2·(1 − ω)^(g+1)·(1 − (1 − ω)^n)/n
 *
 * which is the SD of E(t) − expected for independent counts: the asymptotic EWMA variance
 * ω/(2 − ω), the variance 1/n of the baseline mean, minus twice their covariance through the
 * baseline periods the EWMA also weights (n = baseline, g = guard). The start-up factor
 * (1 − (1 − ω)^(2t)) of the EWMA variance is left out: at the first evaluated period
 * (t = 30 by default) it differs from 1 by 0.6⁶⁰ ≈ 5e-14. statistic = (E(t) − expected)/se,
 * alarm when statistic > threshold.
 *
 * Not included from ESSENCE: its Student-t threshold (pass `threshold` instead), its empirical
 * minimum-sigma and additive sigma constants for sparse data (use `minSigma`), and its second,
 * fast (ω = 0.9) EWMA.
 *
 * Sources: H. Burkom (2003) "Development, adaptation, and assessment of alerting algorithms
 * for biosurveillance", Johns Hopkins APL Technical Digest 24(4):335–342; ESSENCE EWMA as
 * implemented in CDC's Rnssp `alert_ewma` (same c² formula, ω = 0.4, 28-period baseline,
 * 2-period guard band, outlier cap); S. W. Roberts (1959) "Control chart tests based on
 * geometric moving averages", Technometrics 1:239–250.
 *
 * @param counts - non-negative integer counts, one per period, oldest first.
 * @param options - {@link EwmaOptions}; defaults weight 0.4, baseline 28, guard 2, alpha 0.01, minSigma 0, capOutliers true.
 * @returns one entry per period: `null` for the first `baseline + guard` periods, else an {@link EwmaPoint}.
 * @throws TypeError / RangeError for invalid counts or options (including both `alpha` and `threshold`).
 */
export function ewma(counts: readonly number[], options?: EwmaOptions): (EwmaPoint | null)[] {
  assertCounts(counts);
  const raw = assertOptions("ewma", options, EWMA_KEYS);
  if (raw.alpha !== undefined && raw.threshold !== undefined) {
    throw new TypeError("ewma: give either alpha or threshold, not both");
  }
  const weight = raw.weight === undefined ? 0.4 : raw.weight;
  if (typeof weight !== "number" || !(weight > 0 && weight <= 1)) {
    throw new RangeError(`ewma: weight = ${String(weight)}: expected a number in (0, 1]`);
  }
  const baseline = integerOption("ewma", "baseline", raw.baseline, 28, 3);
  const guard = integerOption("ewma", "guard", raw.guard, 2, 0);
  const threshold =
    raw.threshold !== undefined ? positiveOption("ewma", "threshold", raw.threshold, 0) : normalQuantile(1 - alphaOption("ewma", raw.alpha, 0.01));
  const minSigma = nonNegativeOption("ewma", "minSigma", raw.minSigma, 0);
  const capOutliers = booleanOption("ewma", "capOutliers", raw.capOutliers, true);

  const n = counts.length;
  const out = new Array<EwmaPoint | null>(n).fill(null);
  if (n === 0) return out;
  const decay = 1 - weight;
  const c = Math.sqrt(weight / (2 - weight) + 1 / baseline - (2 * decay ** (guard + 1) * (1 - decay ** baseline)) / baseline);
  const base = movingBaseline(counts, baseline, guard);
  let carried = counts[0];
  for (let t = 1; t < n; t++) {
    const smoothed = weight * counts[t] + decay * carried;
    if (t < base.first) {
      carried = smoothed;
      continue;
    }
    const expected = base.mean[t];
    const sd = Math.max(base.sd[t], minSigma);
    const se = sd * c;
    const statistic = standardise(smoothed, expected, se);
    const upperBound = (expected + threshold * se - decay * carried) / weight;
    out[t] = { expected, sd, smoothed, statistic, threshold, alarm: statistic > threshold, upperBound };
    carried = capOutliers && Math.abs(statistic) > threshold ? expected + Math.sign(statistic) * threshold * se : smoothed;
  }
  return out;
}
