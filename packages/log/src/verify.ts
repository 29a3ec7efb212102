import type { CheckError, Checked } from "./checked.ts";
import { EMPTY_ROOT, bytesEqual, hashChildren, isHash } from "./hash.ts";
import { toHex } from "./hex.ts";
import { half, isOdd, isPowerOfTwo, isSize } from "./power-of-two.ts";

/**
 * Proof verification, RFC 9162 §2.1.3.2 and §2.1.4.2, step for step.
 *
 * Two faces, one code path: `checkInclusion` / `checkConsistency` say why a proof fails (modelled on
 * transparency-dev/merkle, whose verifiers return typed errors such as RootMismatchError), and
 * `verifyInclusion` / `verifyConsistency` are those checks reduced to a boolean.
 *
 * Why none of them throws: their inputs come straight from the network (an API response, a
 * checkpoint, a browser's local state). A verifier that throws on some malformed inputs and returns
 * false on others invites call sites that treat "threw" as "not checked" and carry on.
 */

export type ProofErrorKind = ProofError["kind"];

/**
 * Why a proof was rejected. `expected` is the value that would have passed; `actual` is what the
 * proof produced or the caller supplied. Hashes are lowercase hex.
 */
export type ProofError =
  /** An argument is not well-formed: not a 32-byte hash, not a safe non-negative integer, not an array of hashes. */
  | (CheckError<"malformed-input"> & { readonly argument: string })
  /** The leaf index is not inside the tree. */
  | (CheckError<"index-out-of-range"> & { readonly index: number; readonly treeSize: number })
  /** A consistency proof from a larger tree to a smaller one. */
  | (CheckError<"size-out-of-order"> & { readonly oldSize: number; readonly newSize: number })
  /** The proof has the wrong number of hashes for these sizes (and index). */
  | (CheckError<"wrong-proof-size"> & { readonly expected: number; readonly actual: number })
  /** The proof's hashes do not lead to the given root: wrong leaf, wrong sibling, wrong root or wrong index. */
  | (CheckError<"root-mismatch"> & { readonly root: "root" | "old-root" | "new-root"; readonly expected: string; readonly actual: string });

export type ProofCheck = Checked<ProofError>;

const OK: ProofCheck = Object.freeze({ ok: true });

/** Only here are the error objects built, so their messages read the same everywhere. */
const fail = {
  input: (argument: string, why: string): ProofCheck => ({ ok: false, error: { kind: "malformed-input", argument, message: `${argument} ${why}` } }),
  index: (index: number, treeSize: number): ProofCheck => ({
    ok: false,
    error: { kind: "index-out-of-range", index, treeSize, message: `index ${index} is outside a tree of size ${treeSize}` },
  }),
  order: (oldSize: number, newSize: number): ProofCheck => ({
    ok: false,
    error: { kind: "size-out-of-order", oldSize, newSize, message: `old size ${oldSize} is larger than new size ${newSize}` },
  }),
  length: (expected: number, actual: number): ProofCheck => ({
    ok: false,
    error: { kind: "wrong-proof-size", expected, actual, message: `the proof has ${actual} hashes; these sizes need ${expected}` },
  }),
  root: (root: "root" | "old-root" | "new-root", expected: Uint8Array, actual: Uint8Array, why?: string): ProofCheck => ({
    ok: false,
    error: {
      kind: "root-mismatch",
      root,
      expected: toHex(expected),
      actual: toHex(actual),
      message: why ?? `the proof leads to ${root === "root" ? "root" : root.replace("-", " ")} ${toHex(actual)}, not ${toHex(expected)}`,
    },
  }),
};

/**
 * The number of RFC loop iterations from (fn, sn) until sn reaches 0: the exact length of a valid
 * path. The loop's index arithmetic does not depend on the hashes, so it can run first, and a proof
 * of the wrong length is named as such instead of surfacing later as a root mismatch.
 */
function pathLength(fn: number, sn: number): number {
  let n = 0;
  while (sn !== 0) {
    [fn, sn] = step(fn, sn);
    n++;
  }
  return n;
}

/** Steps 4b–d (inclusion) and 6b–c (consistency): where the next node sits, after consuming one path element. */
function step(fn: number, sn: number): [number, number] {
  // A left sibling when fn is odd or the last node on its level; if fn was even, first climb past
  // the levels where this node has no right sibling.
  if (!isOdd(fn) && fn === sn) {
    while (!isOdd(fn) && fn !== 0) {
      fn = half(fn);
      sn = half(sn);
    }
  }
  return [half(fn), half(sn)];
}

/**
 * A snapshot of the proof, or the reason it is unusable. Copying first means later reads cannot see
 * different values; comparing the length before reading any element bounds the work a hostile proof
 * can cause (a valid one has at most ~106 hashes below 2^53 leaves).
 */
function readProof(proof: unknown, expected: number): Uint8Array[] | ProofCheck {
  if (!Array.isArray(proof)) return fail.input("proof", "is not an array");
  const length = proof.length;
  if (length !== expected) return fail.length(expected, length);
  const copy: Uint8Array[] = [];
  for (let i = 0; i < length; i++) {
    const p: unknown = proof[i];
    if (!isHash(p)) return fail.input(`proof[${i}]`, "is not a 32-byte hash");
    copy.push(p);
  }
  return copy;
}

function badArgument(args: Record<string, unknown>, kinds: Record<string, "hash" | "size">): ProofCheck | null {
  for (const [name, kind] of Object.entries(kinds)) {
    const v = args[name];
    if (kind === "hash" && !isHash(v)) return fail.input(name, "is not a 32-byte Uint8Array");
    if (kind === "size" && !isSize(v)) return fail.input(name, "is not a non-negative safe integer");
  }
  return null;
}

/** Why `proof` does not show `leafHash` is leaf number `index` of the tree of size `treeSize` whose root is `root`, or ok. */
export function checkInclusion(leafHash: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): ProofCheck {
  try {
    const bad = badArgument({ leafHash, index, treeSize, root }, { leafHash: "hash", index: "size", treeSize: "size", root: "hash" });
    if (bad) return bad;
    // 1. If leaf_index >= tree_size, fail.
    if (index >= treeSize) return fail.index(index, treeSize);
    // 2. fn = leaf_index, sn = tree_size - 1.
    let fn = index;
    let sn = treeSize - 1;
    // The RFC fails a proof that is too long inside the loop (4a) and one that is too short after
    // it (5); checking the length up front is equivalent and names the failure.
    const path = readProof(proof, pathLength(fn, sn));
    if (!Array.isArray(path)) return path;
    // 3. r = hash.
    let r = leafHash;
    // 4. For each p in inclusion_path: a left sibling if LSB(fn) is set or fn equals sn, else a right one.
    for (const p of path) {
      r = isOdd(fn) || fn === sn ? hashChildren(p, r) : hashChildren(r, p);
      [fn, sn] = step(fn, sn);
    }
    // 5. The path ends at the root (sn = 0, by the length check); compare.
    return bytesEqual(r, root) ? OK : fail.root("root", root, r);
  } catch (e) {
    return fail.input("input", `could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Why `proof` does not show the tree (oldSize, oldRoot) is a prefix of the tree (newSize, newRoot), or ok.
 *
 * Cases the RFC's algorithm (defined for 0 < old < new) leaves to the caller:
 * - oldSize = newSize: consistent iff the proof is empty and the roots are equal.
 * - oldSize = 0: the empty tree is a prefix of every tree, so the proof must be empty;
 *   oldRoot must still be the empty-tree hash, because a "size 0" tree head with any
 *   other root is not a tree head at all.
 */
export function checkConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): ProofCheck {
  try {
    const bad = badArgument({ oldSize, newSize, oldRoot, newRoot }, { oldSize: "size", newSize: "size", oldRoot: "hash", newRoot: "hash" });
    if (bad) return bad;
    if (oldSize > newSize) return fail.order(oldSize, newSize);
    if (oldSize === 0 || oldSize === newSize) {
      const given = readProof(proof, 0);
      if (!Array.isArray(given)) return given;
      if (oldSize === 0 && !bytesEqual(oldRoot, EMPTY_ROOT)) {
        return fail.root("old-root", EMPTY_ROOT, oldRoot, "a tree of size 0 must have the empty-tree root");
      }
      if (oldSize === newSize && !bytesEqual(oldRoot, newRoot)) {
        return fail.root("new-root", oldRoot, newRoot, `two trees of size ${newSize} with different roots`);
      }
      return OK;
    }

    // 3. fn = first - 1, sn = second - 1.
    let fn = oldSize - 1;
    let sn = newSize - 1;
    // 4. If LSB(fn) is set, right-shift fn and sn until it is not.
    while (isOdd(fn)) {
      fn = half(fn);
      sn = half(sn);
    }
    // 2. If first is an exact power of 2, prepend first_hash: the old root is itself a node of the
    //    new tree, so the log omits it from the proof. (1. An empty proof fails: the length check.)
    const omitted = isPowerOfTwo(oldSize);
    const given = readProof(proof, pathLength(fn, sn) + (omitted ? 0 : 1));
    if (!Array.isArray(given)) return given;
    const path = omitted ? [oldRoot, ...given] : given;
    // 5. fr and sr both start from the first path element.
    let fr = path[0];
    let sr = path[0];
    // 6. For each subsequent value c:
    for (let i = 1; i < path.length; i++) {
      const c = path[i];
      if (isOdd(fn) || fn === sn) {
        // b. c is a left sibling: it contributes to both the old and the new root.
        fr = hashChildren(c, fr);
        sr = hashChildren(c, sr);
      } else {
        // Otherwise c lies beyond the old tree: it only contributes to the new root.
        sr = hashChildren(sr, c);
      }
      [fn, sn] = step(fn, sn);
    }
    // 7. Both roots must be reproduced (the path ends at sn = 0, by the length check).
    if (!bytesEqual(fr, oldRoot)) return fail.root("old-root", oldRoot, fr);
    return bytesEqual(sr, newRoot) ? OK : fail.root("new-root", newRoot, sr);
  } catch (e) {
    return fail.input("input", `could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** True iff `proof` shows `leafHash` is leaf number `index` of the tree of size `treeSize` whose root is `root`. */
export function verifyInclusion(leafHash: Uint8Array, index: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  return checkInclusion(leafHash, index, treeSize, proof, root).ok;
}

/** True iff `proof` shows the tree (oldSize, oldRoot) is a prefix of the tree (newSize, newRoot). See `checkConsistency`. */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  return checkConsistency(oldSize, newSize, oldRoot, newRoot, proof).ok;
}
