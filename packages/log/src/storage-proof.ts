import { assertSize, splitPoint } from "./power-of-two.ts";
import { type NodeId, perfectSubtrees } from "./range.ts";

/**
 * Proofs as lists of stored nodes, for a log kept as perfect-subtree hashes.
 *
 * Why: generating a proof from the leaves costs O(n) reads. Every element of an
 * RFC 9162 proof is the hash of one node of the tree. All but at most one of those
 * nodes are perfect subtrees (once the walk from the root turns left, everything
 * below lies inside a perfect subtree); the exception is a right-edge node, a fold
 * of at most log2(n) + 1 perfect subtrees. So a proof needs O(log n) stored hashes,
 * all known up front and fetchable in one query. Resolve each element with
 * `hashFromSubtrees(element, lookup)`; the result equals the reference
 * `inclusionProof` / `consistencyProof` element for element.
 *
 * Each element is a list of perfect subtrees (`perfectSubtrees` of that node's range),
 * in the same order as the RFC's proof.
 */

/** RFC 9162 PATH(index, D[size]) as node lists. */
export function inclusionProofNodes(index: number, size: number): NodeId[][] {
  assertSize(index, "inclusionProofNodes: index");
  assertSize(size, "inclusionProofNodes: size");
  if (index >= size) throw new RangeError(`inclusionProofNodes: index ${index} is outside a tree of size ${size}`);
  const ranges: [number, number][] = [];
  // Walk down from the root, then reverse: the proof lists siblings bottom-up.
  let begin = 0;
  let end = size;
  while (end - begin > 1) {
    const k = splitPoint(end - begin);
    if (index < begin + k) {
      ranges.push([begin + k, end]);
      end = begin + k;
    } else {
      ranges.push([begin, begin + k]);
      begin = begin + k;
    }
  }
  return ranges.reverse().map(([b, e]) => perfectSubtrees(b, e));
}

/** RFC 9162 PROOF(oldSize, D[newSize]) as node lists; empty when oldSize is 0 or equals newSize. */
export function consistencyProofNodes(oldSize: number, newSize: number): NodeId[][] {
  assertSize(oldSize, "consistencyProofNodes: oldSize");
  assertSize(newSize, "consistencyProofNodes: newSize");
  if (oldSize > newSize) {
    throw new RangeError(`consistencyProofNodes: oldSize ${oldSize} is larger than newSize ${newSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const siblings: [number, number][] = [];
  let begin = 0;
  let end = newSize;
  let haveRoot = true;
  // SUBPROOF(m, D[n], b) unrolled: each step records one sibling, innermost last.
  while (oldSize !== end) {
    const k = splitPoint(end - begin);
    if (oldSize <= begin + k) {
      siblings.push([begin + k, end]);
      end = begin + k;
    } else {
      siblings.push([begin, begin + k]);
      begin = begin + k;
      haveRoot = false;
    }
  }
  // The innermost node is the old tree's right edge; it is sent unless it is the
  // old root itself, which the verifier already has.
  const ranges = haveRoot ? [] : [[begin, end] as [number, number]];
  ranges.push(...siblings.reverse());
  return ranges.map(([b, e]) => perfectSubtrees(b, e));
}
