/**
 * Integer helpers for tree sizes and indices.
 *
 * Why not bitwise operators: JavaScript's `&`, `>>` and `<<` truncate to 32 bits, so
 * they silently give wrong answers once a log passes 2^31 entries. Sizes here are
 * plain numbers validated as safe integers (< 2^53) and manipulated arithmetically.
 */

/** Why a predicate instead of trusting callers: sizes often arrive from JSON, a URL or a database column. */
export function isSize(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

export function assertSize(n: unknown, what: string): asserts n is number {
  if (!isSize(n)) throw new RangeError(`${what} must be a non-negative safe integer, got ${String(n)}`);
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/** The RFC 9162 split point k: the largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Smallest power of two >= n (n >= 1). */
export function bitCeil(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** log2 of a known power of two. */
export function log2Exact(p: number): number {
  let level = 0;
  while (p > 1) {
    p /= 2;
    level++;
  }
  return level;
}

export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

export function half(n: number): number {
  return Math.floor(n / 2);
}
