import { EMPTY_ROOT, assertHash, hashChildren } from "./hash.ts";
import { assertSize, bitCeil, isOdd } from "./power-of-two.ts";

/**
 * Perfect subtrees: the unit of storage.
 *
 * Node (level, index) is the root of the perfect subtree over leaves
 * [index·2^level, (index+1)·2^level); level 0 is the leaf hashes themselves. Such a
 * node's hash never changes once its last leaf is appended, so it can be written once
 * and read forever. Every node an RFC 9162 proof needs is either one of these or a
 * "right edge" node of the current tree, whose hash is a fold of a few of these.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A perfect-subtree node with its hash, as produced by `CompactRange.append` and stored by the database. */
export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

/** How callers supply stored hashes; synchronous, so fetch the (few) needed nodes in one query first. */
export type NodeLookup = (level: number, index: number) => Uint8Array | undefined;

/**
 * Decomposes [begin, end) into perfect subtrees, left to right, largest first.
 *
 * The range must be a node of the RFC 9162 tree of size `end`: either a perfect
 * subtree or a right-edge node [begin, end) with `begin` a multiple of the smallest
 * power of two >= end - begin. Those are exactly the ranges proofs and roots need
 * ([0, n) is the root of the tree of size n). Other ranges have no hash made of
 * stored nodes, so they throw rather than return something plausible but wrong.
 */
export function perfectSubtrees(begin: number, end: number): NodeId[] {
  assertSize(begin, "perfectSubtrees: begin");
  assertSize(end, "perfectSubtrees: end");
  if (begin > end) throw new RangeError(`perfectSubtrees: begin ${begin} is after end ${end}`);
  const length = end - begin;
  if (length === 0) return [];
  if (begin % bitCeil(length) !== 0) {
    throw new RangeError(`perfectSubtrees: [${begin}, ${end}) is not a node of the tree of size ${end}`);
  }
  // `begin` is aligned to every power of two <= length, so the binary digits of
  // `length` from the top give the subtrees directly.
  const levels: number[] = [];
  for (let rest = length, level = 0; rest > 0; rest = Math.floor(rest / 2), level++) {
    if (isOdd(rest)) levels.push(level);
  }
  const nodes: NodeId[] = [];
  let at = begin;
  for (let i = levels.length - 1; i >= 0; i--) {
    const width = 2 ** levels[i];
    nodes.push({ level: levels[i], index: at / width });
    at += width;
  }
  return nodes;
}

/**
 * Hash of a range from its perfect subtrees (as listed by `perfectSubtrees`), folding
 * right to left: that is how RFC 9162 hashes a right-edge node, because each split
 * puts the largest power of two on the left. No subtrees = the empty tree's root.
 *
 * Throws if `lookup` has no 32-byte hash for a node: a missing node means the store
 * is incomplete, and a proof built around the gap would just fail later, far from
 * the cause.
 */
export function hashFromSubtrees(nodes: readonly NodeId[], lookup: NodeLookup): Uint8Array {
  if (nodes.length === 0) return EMPTY_ROOT.slice();
  let hash = fetch(nodes[nodes.length - 1]);
  for (let i = nodes.length - 2; i >= 0; i--) hash = hashChildren(fetch(nodes[i]), hash);
  return hash;

  function fetch(node: NodeId): Uint8Array {
    const h = lookup(node.level, node.index);
    assertHash(h, `hashFromSubtrees: node (level ${node.level}, index ${node.index})`);
    return h;
  }
}
