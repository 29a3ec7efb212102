import { assertHash } from "./hash.ts";
import { assertSize, splitPoint } from "./power-of-two.ts";
import { mth } from "./tree.ts";

/**
 * Reference proof generators over an in-memory list of leaf hashes.
 *
 * Why keep these next to the storage-based generators: they transcribe RFC 9162's
 * recursive definitions (PATH and SUBPROOF) literally, so they are the oracle the
 * O(log n) storage path is checked against. Each call hashes about n nodes; a
 * service should use `inclusionProofNodes` / `consistencyProofNodes` instead.
 */

function checkLeaves(leafHashes: readonly Uint8Array[], what: string): void {
  if (!Array.isArray(leafHashes)) throw new TypeError(`${what}: leafHashes must be an array`);
  leafHashes.forEach((h, i) => assertHash(h, `${what}: leafHashes[${i}]`));
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): sibling hashes from the leaf up to the root. */
export function inclusionProof(index: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  checkLeaves(leafHashes, "inclusionProof");
  assertSize(index, "inclusionProof: index");
  if (index >= leafHashes.length) {
    throw new RangeError(`inclusionProof: index ${index} is outside a tree of size ${leafHashes.length}`);
  }
  const proof: Uint8Array[] = [];
  path(index, 0, leafHashes.length);
  return proof;

  function path(m: number, begin: number, end: number): void {
    const n = end - begin;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < begin + k) {
      path(m, begin, begin + k);
      proof.push(mth(leafHashes, begin + k, end));
    } else {
      path(m, begin + k, end);
      proof.push(mth(leafHashes, begin, begin + k));
    }
  }
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) for the tree of all `leafHashes` (n = length).
 *
 * Returns an empty proof for m = 0 and m = n: both are consistent without evidence
 * (see `verifyConsistency`), and the RFC defines PROOF only for 0 < m < n.
 */
export function consistencyProof(oldSize: number, leafHashes: readonly Uint8Array[]): Uint8Array[] {
  checkLeaves(leafHashes, "consistencyProof");
  assertSize(oldSize, "consistencyProof: oldSize");
  const newSize = leafHashes.length;
  if (oldSize > newSize) {
    throw new RangeError(`consistencyProof: oldSize ${oldSize} is larger than the tree (${newSize})`);
  }
  const proof: Uint8Array[] = [];
  if (oldSize === 0 || oldSize === newSize) return proof;
  subproof(oldSize, 0, newSize, true);
  return proof;

  /** `m` is absolute: the old tree is always the prefix [0, m) of the current range's tree. */
  function subproof(m: number, begin: number, end: number, haveRoot: boolean): void {
    if (m === end) {
      // The old tree's root (or a subtree of it) is a node here; the verifier already
      // holds the old root, so it is only sent when this is not that root.
      if (!haveRoot) proof.push(mth(leafHashes, begin, end));
      return;
    }
    const k = splitPoint(end - begin);
    if (m <= begin + k) {
      subproof(m, begin, begin + k, haveRoot);
      proof.push(mth(leafHashes, begin + k, end));
    } else {
      subproof(m, begin + k, end, false);
      proof.push(mth(leafHashes, begin, begin + k));
    }
  }
}
