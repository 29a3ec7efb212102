/** Why: every detector assumes a clean count series; a negative or fractional "count" is a data error upstream, not something to smooth over. */
export function assertCounts(counts: readonly number[], name = "counts"): void {
  if (!Array.isArray(counts)) throw new TypeError(`${name} must be an array of non-negative integers`);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (typeof c !== "number" || !Number.isFinite(c) || c < 0 || !Number.isInteger(c)) {
      throw new RangeError(`${name}[${i}] = ${String(c)}: expected a non-negative integer count`);
    }
  }
}
