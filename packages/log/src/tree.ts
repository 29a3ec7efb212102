import { EMPTY_ROOT, assertHash, hashChildren } from "./hash.ts";
import { splitPoint } from "./power-of-two.ts";

/**
 * Reference Merkle Tree Hash (RFC 9162 §2.1.1) over already-hashed leaves.
 *
 * Why a direct transcription of the recursive definition: this is the yardstick every
 * faster path (compact range, stored subtrees) is tested against, so it must be
 * obviously correct rather than fast. It costs n - 1 hashes; do not call it per request
 * on a large log.
 */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(leafHashes)) throw new TypeError("rootFromLeafHashes: leafHashes must be an array");
  leafHashes.forEach((h, i) => assertHash(h, `leafHashes[${i}]`));
  if (leafHashes.length === 0) return EMPTY_ROOT.slice();
  return mth(leafHashes, 0, leafHashes.length);
}

/** MTH(D[begin:end]) for a non-empty range; inputs already validated. */
export function mth(leafHashes: readonly Uint8Array[], begin: number, end: number): Uint8Array {
  const n = end - begin;
  if (n === 1) return leafHashes[begin].slice();
  const k = splitPoint(n);
  return hashChildren(mth(leafHashes, begin, begin + k), mth(leafHashes, begin + k, end));
}
