import { EMPTY_ROOT, bytesEqual, hashChildren, isHash } from "./hash.ts";
import { half, isOdd, isPowerOfTwo, isSize } from "./power-of-two.ts";

/**
 * Proof verification, RFC 9162 §2.1.3.2 and §2.1.4.2, step for step.
 *
 * Why these never throw: their inputs come straight from the network (an API
 * response, a checkpoint, a browser's local state). A verifier that throws on some
 * malformed inputs and returns false on others invites call sites that treat
 * "threw" as "not checked" and carry on. Every failure, whatever its cause, is
 * `false`.
 */

/**
 * No valid proof for a tree of fewer than 2^53 leaves is longer than this (inclusion
 * needs at most 53 elements, consistency about twice that); rejecting early bounds
 * the work an attacker can cause.
 */
const MAX_PROOF_LENGTH = 2 * 64;

/** A validated snapshot of the proof, or null; copying first means later reads cannot see different values. */
function readProof(proof: unknown): Uint8Array[] | null {
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_LENGTH) return null;
  const copy: Uint8Array[] = [];
  for (let i = 0; i < proof.length; i++) {
    const p: unknown = proof[i];
    if (!isHash(p)) return null;
    copy.push(p);
  }
  return copy;
}

/** True iff `proof` shows `leafHash` is leaf number `index` of the tree of size `treeSize` whose root is `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  try {
    const path = readProof(proof);
    if (path === null || !isHash(leafHash) || !isHash(root) || !isSize(index) || !isSize(treeSize)) {
      return false;
    }
    // 1. If leaf_index >= tree_size, fail.
    if (index >= treeSize) return false;
    // 2. fn = leaf_index, sn = tree_size - 1.
    let fn = index;
    let sn = treeSize - 1;
    // 3. r = hash.
    let r = leafHash;
    // 4. For each p in inclusion_path:
    for (const p of path) {
      // a. If sn is 0, the proof is too long.
      if (sn === 0) return false;
      // b. If LSB(fn) is set, or fn equals sn, p is a left sibling...
      if (isOdd(fn) || fn === sn) {
        r = hashChildren(p, r);
        // ...and if fn was even, climb past the levels where this node has no right sibling.
        if (!isOdd(fn)) {
          while (!isOdd(fn) && fn !== 0) {
            fn = half(fn);
            sn = half(sn);
          }
        }
      } else {
        // c. Otherwise p is a right sibling.
        r = hashChildren(r, p);
      }
      // d. Move up one level.
      fn = half(fn);
      sn = half(sn);
    }
    // 5. The proof must reach the root exactly, and match it.
    return sn === 0 && bytesEqual(r, root);
  } catch {
    return false;
  }
}

/**
 * True iff `proof` shows the tree (oldSize, oldRoot) is a prefix of the tree (newSize, newRoot).
 *
 * Cases the RFC's algorithm (defined for 0 < old < new) leaves to the caller:
 * - oldSize = newSize: consistent iff the proof is empty and the roots are equal.
 * - oldSize = 0: the empty tree is a prefix of every tree, so the proof must be empty;
 *   oldRoot must still be the empty-tree hash, because a "size 0" tree head with any
 *   other root is not a tree head at all.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  try {
    const given = readProof(proof);
    if (given === null || !isSize(oldSize) || !isSize(newSize) || !isHash(oldRoot) || !isHash(newRoot)) {
      return false;
    }
    if (oldSize > newSize) return false;
    if (oldSize === 0) {
      if (given.length !== 0 || !bytesEqual(oldRoot, EMPTY_ROOT)) return false;
      return newSize > 0 || bytesEqual(newRoot, EMPTY_ROOT);
    }
    if (oldSize === newSize) return given.length === 0 && bytesEqual(oldRoot, newRoot);

    // 1. If consistency_path is empty, fail.
    if (given.length === 0) return false;
    // 2. If first is an exact power of 2, prepend first_hash: the old root is itself a
    //    node of the new tree, so the log omits it from the proof.
    const path = isPowerOfTwo(oldSize) ? [oldRoot, ...given] : given;
    // 3. fn = first - 1, sn = second - 1.
    let fn = oldSize - 1;
    let sn = newSize - 1;
    // 4. If LSB(fn) is set, right-shift fn and sn until it is not.
    while (isOdd(fn)) {
      fn = half(fn);
      sn = half(sn);
    }
    // 5. fr and sr both start from the first path element.
    let fr = path[0];
    let sr = path[0];
    // 6. For each subsequent value c:
    for (let i = 1; i < path.length; i++) {
      const c = path[i];
      // a. If sn is 0, the proof is too long.
      if (sn === 0) return false;
      // b. c is a left sibling: it contributes to both the old and the new root...
      if (isOdd(fn) || fn === sn) {
        fr = hashChildren(c, fr);
        sr = hashChildren(c, sr);
        // ii. ...then climb past levels where the old tree's edge has no right sibling.
        if (!isOdd(fn)) {
          while (!isOdd(fn) && fn !== 0) {
            fn = half(fn);
            sn = half(sn);
          }
        }
      } else {
        // Otherwise c lies beyond the old tree: it only contributes to the new root.
        sr = hashChildren(sr, c);
      }
      // c. Move up one level.
      fn = half(fn);
      sn = half(sn);
    }
    // 7. Both roots must be reproduced and the path must end exactly at the new root.
    return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
  } catch {
    return false;
  }
}
