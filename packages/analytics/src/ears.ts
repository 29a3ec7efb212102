import { assertCounts } from "./counts.ts";
import { alphaOption, assertOptions, integerOption, movingBaseline, nonNegativeOption, standardise } from "./detector-support.ts";
import { normalQuantile } from "./normal.ts";

/**
 * One evaluated period of an EARS detector.
 *
 * - `mean`: baseline mean Ȳ(t).
 * - `sd`: the scale actually used, max(sample SD of the baseline (divisor n − 1), minSigma).
 * - `statistic`: C1/C2: (y − mean)/sd; C3: the C3 sum. When `sd` is 0 the standardised value
 *   is 0 if y = mean, +Infinity if y > mean and −Infinity if y < mean (never NaN).
 * - `upperBound`: the count above which period t alarms (see each function).
 * - `alarm`: whether period t signals.
 */
export interface EarsPoint {
  mean: number;
  sd: number;
  statistic: number;
  upperBound: number;
  alarm: boolean;
}

/** Per-period EARS output, aligned with the input series; `null` where the baseline is not available. */
export type EarsResult = (EarsPoint | null)[];

/** Options shared by {@link earsC1} and {@link earsC2}. */
export interface EarsOptions {
  /**
   * Type-I error rate; the threshold is z = Φ⁻¹(1 − α). Default 0.001 (z ≈ 3.09), the CDC
   * EARS choice for C1/C2 (and R `surveillance::earsC`). Must lie in (0, 0.5).
   */
  alpha?: number;
  /** Number of baseline periods. Default 7; at least 3 (as in R `earsC`). */
  baseline?: number;
  /**
   * Floor on the baseline SD: sd = max(sampleSd, minSigma). Default 0 (no floor). Burkom
   * suggests 0.5 or 1 for sparse counts, so that a run of zeros does not make a single case
   * an alarm.
   */
  minSigma?: number;
}

/** Options for {@link earsC3}. */
export interface EarsC3Options extends EarsOptions {
  /**
   * Which C3 alarm rule to apply.
   *
   * - `"fricker2008"` (default): the published rule, alarm when C3(t) > z, with
   *   `upperBound = mean + sd·(1 + z − prevTerms)`.
   * - `"surveillance"`: reproduces R `surveillance::earsC(method = "C3")` as implemented
   *   (CRAN mirror cran/surveillance, `R/earsC.R` at commit 014b5f73), whose code sets
   *   `upperbound = max(0, y(t) + sd(t)·(z − prevTerms))` and `alarm = y(t) > upperbound`.
   *   That alarms when the two *lagged* terms alone exceed z, i.e. it ignores the current
   *   period's term and signals one period later than the published rule. `statistic` still
   *   reports the published C3 sum. Use only to compare with R output.
   */
  rule?: "fricker2008" | "surveillance";
}

const EARS_KEYS = ["alpha", "baseline", "minSigma"] as const;

interface ResolvedEars {
  z: number;
  baseline: number;
  minSigma: number;
}

function resolve(
  fn: string,
  counts: readonly number[],
  options: unknown,
  defaultAlpha: number,
  extraKeys: readonly string[] = [],
): ResolvedEars & { raw: Record<string, unknown> } {
  assertCounts(counts);
  const raw = assertOptions(fn, options, [...EARS_KEYS, ...extraKeys]);
  const alpha = alphaOption(fn, raw.alpha, defaultAlpha);
  const baseline = integerOption(fn, "baseline", raw.baseline, 7, 3);
  const minSigma = nonNegativeOption(fn, "minSigma", raw.minSigma, 0);
  return { z: normalQuantile(1 - alpha), baseline, minSigma, raw };
}

function shewhart(counts: readonly number[], { z, baseline, minSigma }: ResolvedEars, guard: number): EarsResult {
  const n = counts.length;
  const out: EarsResult = new Array<EarsPoint | null>(n).fill(null);
  const base = movingBaseline(counts, baseline, guard);
  for (let t = base.first; t < n; t++) {
    const mean = base.mean[t];
    const sd = Math.max(base.sd[t], minSigma);
    const y = counts[t];
    const upperBound = mean + z * sd;
    // Comparing the count with the bound (not the statistic with z) mirrors R's earsC and
    // keeps `alarm === y > upperBound` exact, including the sd = 0 case (bound = mean).
    out[t] = { mean, sd, statistic: standardise(y, mean, sd), upperBound, alarm: y > upperBound };
  }
  return out;
}

/**
 * EARS C1 ("C1-MILD"): a Shewhart chart on the 7 periods immediately before t.
 *
 * For period t with baseline y(t−7)…y(t−1): mean Ȳ, sample SD S (divisor n − 1, floored at
 * `minSigma`), statistic C1 = (y(t) − Ȳ)/S, `upperBound = Ȳ + z·S`, `alarm = y(t) > upperBound`
 * with z = Φ⁻¹(1 − α). When S = 0 (flat baseline, `minSigma` 0) the bound is Ȳ itself, so
 * any count above the flat level alarms — the same as R `earsC`.
 *
 * Sources: Hutwagner et al. (2003) "The bioterrorism preparedness and response Early
 * Aberration Reporting System (EARS)", J Urban Health 80(2 Suppl 1):i89–96; Fricker,
 * Hegler & Dunfee (2008) "Comparing syndromic surveillance detection methods: EARS' versus
 * a CUSUM-based methodology", Stat Med 27:3407–3429; R `surveillance::earsC`.
 *
 * @param counts - non-negative integer counts, one per period, oldest first.
 * @param options - {@link EarsOptions}; defaults alpha 0.001, baseline 7, minSigma 0.
 * @returns one entry per period: `null` for the first `baseline` periods, else an {@link EarsPoint}.
 * @throws TypeError / RangeError for invalid counts or options.
 */
export function earsC1(counts: readonly number[], options?: EarsOptions): EarsResult {
  return shewhart(counts, resolve("earsC1", counts, options, 0.001), 0);
}

/**
 * EARS C2 ("C2-MEDIUM"): as {@link earsC1} but the baseline is y(t−9)…y(t−3) — a 2-period
 * guard band keeps the first days of an outbreak out of its own baseline.
 *
 * Sources: as {@link earsC1} (Hutwagner 2003; Fricker, Hegler & Dunfee 2008; R `earsC`).
 *
 * @param counts - non-negative integer counts, one per period, oldest first.
 * @param options - {@link EarsOptions}; defaults alpha 0.001, baseline 7, minSigma 0.
 * @returns one entry per period: `null` for the first `baseline + 2` periods, else an {@link EarsPoint}.
 * @throws TypeError / RangeError for invalid counts or options.
 */
export function earsC2(counts: readonly number[], options?: EarsOptions): EarsResult {
  return shewhart(counts, resolve("earsC2", counts, options, 0.001), 2);
}

/**
 * EARS C3 ("C3-ULTRA"): C3(t) = Σ_{i=t−2}^{t} max(0, C2(i) − 1), where C2(i) is the C2
 * statistic of period i (each with its own guarded baseline y(i−9)…y(i−3)).
 *
 * Default rule (`"fricker2008"`): `alarm = C3(t) > z`, z = Φ⁻¹(1 − α), α = 0.025 by default
 * (z ≈ 1.96, the CDC choice). `upperBound` is the count at t that makes C3(t) equal z given the
 * two previous terms P = max(0, C2(t−2) − 1) + max(0, C2(t−1) − 1):
 * `upperBound = mean + sd·(1 + z − P)`, so `alarm === y(t) > upperBound` whenever P ≤ z.
 * When P > z the alarm holds whatever y(t) is; the band then still follows the formula (it
 * drops below mean + sd) and should be read as "already alarming". When a previous term is
 * infinite (it came from a zero-SD baseline) `upperBound` is −Infinity. When sd(t) = 0 the
 * current term is 0 or +Infinity, so the bound is `mean`.
 *
 * Periods need C2 at t−2, t−1 and t, so the first `baseline + 4` entries are `null`.
 *
 * Sources: Hutwagner et al. (2003); Fricker, Hegler & Dunfee (2008), Stat Med 27:3407–3429
 * (definition of C3 as the sum of the current and two previous exceedances of C2 over one
 * SD); see {@link EarsC3Options.rule} for the R `surveillance::earsC` variant.
 *
 * @param counts - non-negative integer counts, one per period, oldest first.
 * @param options - {@link EarsC3Options}; defaults alpha 0.025, baseline 7, minSigma 0, rule "fricker2008".
 * @returns one entry per period: `null` for the first `baseline + 4` periods, else an {@link EarsPoint}.
 * @throws TypeError / RangeError for invalid counts or options.
 */
export function earsC3(counts: readonly number[], options?: EarsC3Options): EarsResult {
  const resolved = resolve("earsC3", counts, options, 0.025, ["rule"]);
  const rule = resolved.raw.rule ?? "fricker2008";
  if (rule !== "fricker2008" && rule !== "surveillance") {
    throw new RangeError(`earsC3: rule = ${String(rule)}: expected "fricker2008" or "surveillance"`);
  }
  const { z, baseline, minSigma } = resolved;
  const n = counts.length;
  const out: EarsResult = new Array<EarsPoint | null>(n).fill(null);
  const base = movingBaseline(counts, baseline, 2);
  // C3 needs only the two previous exceedance terms, so they are carried instead of storing every C2.
  let lag2 = 0;
  let lag1 = 0;
  for (let t = base.first; t < n; t++) {
    const mean = base.mean[t];
    const sd = Math.max(base.sd[t], minSigma);
    const y = counts[t];
    const term = Math.max(0, standardise(y, mean, sd) - 1);
    if (t >= base.first + 2) {
      const prev = lag2 + lag1;
      const statistic = prev + term;
      let upperBound: number;
      let alarm: boolean;
      if (rule === "fricker2008") {
        upperBound = prev === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : sd > 0 ? mean + sd * (1 + z - prev) : mean;
        alarm = statistic > z;
      } else {
        // R: pmax(0, observed + sd * (zAlpha - lags)); 0·∞ would be NaN there, resolved to the 0 floor here.
        const raw = prev === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : y + sd * (z - prev);
        upperBound = Math.max(0, raw);
        alarm = y > upperBound;
      }
      out[t] = { mean, sd, statistic, upperBound, alarm };
    }
    lag2 = lag1;
    lag1 = term;
  }
  return out;
}
