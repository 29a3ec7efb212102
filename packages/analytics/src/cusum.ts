import { assertCounts } from "./counts.ts";
import { assertOptions, booleanOption, integerOption, movingBaseline, nonNegativeOption, positiveOption, standardise } from "./detector-support.ts";

/** Options for {@link cusum}. */
export interface CusumOptions {
  /** Reference value (allowance) k in SD units. Default 0.5: tuned to detect a 1-SD shift (Montgomery). */
  k?: number;
  /** Decision interval h in SD units. Default 4 (Montgomery; in-control ARL ≈ 168 for k = 0.5). */
  h?: number;
  /** Number of baseline periods for μ and σ. Default 7 (as EARS C2). At least 3. */
  baseline?: number;
  /** Periods between the baseline and t. Default 2 (as EARS C2). */
  guard?: number;
  /** Floor on the baseline SD: σ = max(sampleSd, minSigma). Default 0. */
  minSigma?: number;
  /**
   * Restart the sum at 0 after an alarm. Default true: without it the statistic stays above h
   * for the whole outbreak and every following period is an "alarm" carrying no new information.
   */
  resetOnAlarm?: boolean;
  /**
   * How σ(t) is taken. `"sample"` (default): the baseline's sample SD. `"poisson"`: √μ(t), the
   * Poisson standardisation of R `surveillance::algo.cusum` (`trans = "standard"`), steadier than a
   * 7-period sample SD at low counts. Either way σ = max(σ, minSigma).
   */
  scale?: "sample" | "poisson";
}

/**
 * One evaluated period of {@link cusum}.
 *
 * - `expected`, `sd`: baseline mean μ(t) and scale σ(t) = max(sample SD (or √μ with `scale: "poisson"`), minSigma).
 * - `z`: (y(t) − μ)/σ; 0 / ±Infinity when σ = 0 (see {@link EarsPoint}).
 * - `statistic`: S(t) as computed for period t (before any reset).
 * - `threshold`: h.
 * - `upperBound`: count making S(t) = h, μ + σ·(h + k − S(t−1)); `alarm === y(t) > upperBound`
 *   whenever S(t−1) ≤ h + k (always, with `resetOnAlarm`). When σ = 0 it is μ.
 */
export interface CusumPoint {
  expected: number;
  sd: number;
  z: number;
  statistic: number;
  threshold: number;
  alarm: boolean;
  upperBound: number;
}

const CUSUM_KEYS = ["k", "h", "baseline", "guard", "minSigma", "resetOnAlarm", "scale"] as const;

/**
 * One-sided upper CUSUM (Page 1954) on counts standardised against a moving baseline:
 * z(t) = (y(t) − μ(t))/σ(t), S(t) = max(0, S(t−1) + z(t) − k), alarm when S(t) > h. S starts
 * at 0 on the first period with a full baseline.
 *
 * μ and σ come from the `baseline` periods ending `guard + 1` periods before t (defaults 7
 * and 2: the EARS C2 window, so the two methods see the same data). σ = 0 yields
 * z = +Infinity for any excess (immediate alarm, then reset) and z = −Infinity for any
 * deficit, which empties the sum (S = 0) rather than producing ∞ − ∞.
 *
 * Sources: E. S. Page (1954) "Continuous inspection schemes", Biometrika 41:100–115;
 * D. C. Montgomery, "Introduction to Statistical Quality Control" (k = 0.5, h = 4 or 5 for
 * a 1-SD shift; ARL₀ ≈ 168 for h = 4, ≈ 465 for h = 5); Fricker, Hegler & Dunfee (2008)
 * Stat Med 27:3407–3429 (CUSUM on counts standardised by a short sliding baseline, compared
 * with EARS C1–C3).
 *
 * @param counts - non-negative integer counts, one per period, oldest first.
 * With `scale: "poisson"` and `resetOnAlarm: false` this is R `surveillance::algo.cusum` with
 * `trans = "standard"` and the reference `m` set to the moving baseline mean, except that R alarms
 * at S ≥ h (here S > h) and reports `upperbound` as the ceiling of this `upperBound` (the smallest
 * alarming count); the peer harness (`npm run bench:peers`) checks the two side by side.
 *
 * @param options - {@link CusumOptions}; defaults k 0.5, h 4, baseline 7, guard 2, minSigma 0, resetOnAlarm true, scale "sample".
 * @returns one entry per period: `null` for the first `baseline + guard` periods, else a {@link CusumPoint}.
 * @throws TypeError / RangeError for invalid counts or options.
 */
export function cusum(counts: readonly number[], options?: CusumOptions): (CusumPoint | null)[] {
  assertCounts(counts);
  const raw = assertOptions("cusum", options, CUSUM_KEYS);
  const k = nonNegativeOption("cusum", "k", raw.k, 0.5);
  const h = positiveOption("cusum", "h", raw.h, 4);
  const baseline = integerOption("cusum", "baseline", raw.baseline, 7, 3);
  const guard = integerOption("cusum", "guard", raw.guard, 2, 0);
  const minSigma = nonNegativeOption("cusum", "minSigma", raw.minSigma, 0);
  const resetOnAlarm = booleanOption("cusum", "resetOnAlarm", raw.resetOnAlarm, true);
  const scale = raw.scale ?? "sample";
  if (scale !== "sample" && scale !== "poisson") {
    throw new RangeError(`cusum: scale must be "sample" or "poisson", got ${JSON.stringify(raw.scale)}`);
  }

  const n = counts.length;
  const out = new Array<CusumPoint | null>(n).fill(null);
  const base = movingBaseline(counts, baseline, guard);
  let previous = 0;
  for (let t = base.first; t < n; t++) {
    const expected = base.mean[t];
    const sd = Math.max(scale === "poisson" ? Math.sqrt(expected) : base.sd[t], minSigma);
    const y = counts[t];
    const z = standardise(y, expected, sd);
    const statistic = z === Number.NEGATIVE_INFINITY ? 0 : Math.max(0, previous + z - k);
    const alarm = statistic > h;
    const upperBound = sd > 0 ? expected + sd * (h + k - previous) : expected;
    out[t] = { expected, sd, z, statistic, threshold: h, alarm, upperBound };
    previous = alarm && resetOnAlarm ? 0 : statistic;
  }
  return out;
}
