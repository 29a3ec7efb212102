/**
 * Internal helpers shared by the EARS, CUSUM and EWMA detectors. Deliberately not
 * re-exported from index.ts: the public surface is the detectors themselves.
 */

/**
 * Rejects option objects with keys the detector does not know. R's `earsC` silently
 * ignores misspelt control entries (its own test passes `sigma` for `minSigma`), which
 * quietly runs the default configuration; a portal that publishes alarms must fail loudly.
 */
export function assertOptions(fn: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${fn}: unknown option "${key}" (expected one of: ${allowed.join(", ")})`);
    }
  }
  return options as Record<string, unknown>;
}

/** Integer option ≥ min, or the default when absent. */
export function integerOption(fn: string, name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${name} = ${String(value)}: expected an integer ≥ ${min}`);
  }
  return value;
}

/** Finite option ≥ 0, or the default when absent. */
export function nonNegativeOption(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${fn}: ${name} = ${String(value)}: expected a finite number ≥ 0`);
  }
  return value;
}

/** Finite option > 0, or the default when absent. */
export function positiveOption(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: ${name} = ${String(value)}: expected a finite number > 0`);
  }
  return value;
}

/**
 * α is restricted to (0, 0.5) so that z = Φ⁻¹(1 − α) is positive: with α ≥ 0.5 the
 * threshold sits at or below the baseline mean and every non-negative C3 sum would alarm.
 */
export function alphaOption(fn: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0 && value < 0.5)) {
    throw new RangeError(`${fn}: alpha = ${String(value)}: expected a probability in (0, 0.5)`);
  }
  return value;
}

/** Boolean option, or the default when absent. */
export function booleanOption(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${fn}: ${name} must be a boolean`);
  return value;
}

/** Moving-window mean and sample standard deviation, one entry per period (NaN before `first`). */
export interface MovingBaseline {
  /** First index whose window lies entirely inside the series (= length + guard). */
  readonly first: number;
  readonly mean: Float64Array;
  /** Sample SD (divisor n − 1) of the window, before any minSigma floor. */
  readonly sd: Float64Array;
}

/**
 * Mean and sample SD of counts[t − guard − length … t − guard − 1] for every t, in O(n).
 *
 * Running sums of y and y² over integer counts are exact integers in a double, so the
 * numerator n·Σy² − (Σy)² is computed without rounding whenever it stays below 2⁵³ —
 * which makes "sd is exactly 0" a reliable test rather than a float-noise accident. While
 * the sums could exceed that (counts in the tens of millions), each window is re-summed and
 * its SD taken with the two-pass formula instead.
 */
export function movingBaseline(counts: readonly number[], length: number, guard: number): MovingBaseline {
  const n = counts.length;
  const first = length + guard;
  const mean = new Float64Array(n).fill(Number.NaN);
  const sd = new Float64Array(n).fill(Number.NaN);
  if (n <= first) return { first, mean, sd };
  let s1 = 0;
  let s2 = 0;
  // Once a sum has passed 2⁵³ it may carry rounding into later windows, so it is rebuilt
  // from the window itself until it is back in the exact range.
  let exact = false;
  const denom = length * (length - 1);
  for (let t = first; t < n; t++) {
    const start = t - first;
    if (!exact) {
      s1 = 0;
      s2 = 0;
      for (let i = start; i < start + length; i++) {
        const c = counts[i];
        s1 += c;
        s2 += c * c;
      }
      exact = length * s2 <= Number.MAX_SAFE_INTEGER;
    }
    mean[t] = s1 / length;
    if (exact) {
      const numerator = length * s2 - s1 * s1;
      sd[t] = numerator > 0 ? Math.sqrt(numerator / denom) : 0;
    } else {
      sd[t] = twoPassSd(counts, start, length, mean[t]);
    }
    if (exact && t + 1 < n) {
      const out = counts[start];
      const inc = counts[t - guard];
      s1 += inc - out;
      s2 += inc * inc - out * out;
      exact = inc * inc <= Number.MAX_SAFE_INTEGER && length * s2 <= Number.MAX_SAFE_INTEGER;
    }
  }
  return { first, mean, sd };
}

function twoPassSd(counts: readonly number[], start: number, length: number, mean: number): number {
  let ss = 0;
  for (let i = start; i < start + length; i++) {
    const d = counts[i] - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (length - 1));
}

/**
 * (y − mean)/sd with the zero-variance case made explicit: a flat baseline carries no scale,
 * so any excess is "infinitely" surprising and any deficit infinitely unsurprising, while
 * y = mean is exactly unremarkable (0 rather than the NaN of 0/0).
 */
export function standardise(y: number, mean: number, sd: number): number {
  if (sd > 0) return (y - mean) / sd;
  if (y > mean) return Number.POSITIVE_INFINITY;
  if (y < mean) return Number.NEGATIVE_INFINITY;
  return 0;
}
