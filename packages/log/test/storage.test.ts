import { describe, expect, it } from "vitest";
import {
  CompactRange,
  consistencyProof,
  consistencyProofNodes,
  emptyRoot,
  hashChildren,
  hashFromSubtrees,
  inclusionProof,
  inclusionProofNodes,
  perfectSubtrees,
  rootFromLeafHashes,
  toHex,
  type NodeId,
  type StoredNode,
} from "../src/index.ts";
import { makeLeafHashes, makeLog, seededRandom } from "./helpers.ts";

const N = 300;
const log = makeLog(N);
const hexes = (xs: Uint8Array[]) => xs.map(toHex);
const resolve = (ranges: NodeId[][]) => ranges.map((nodes) => hashFromSubtrees(nodes, log.lookup));
const span = (n: NodeId): [number, number] => [n.index * 2 ** n.level, (n.index + 1) * 2 ** n.level];

/** Every node of the RFC 9162 tree of size n, as [begin, end), by walking its recursive definition. */
function treeNodes(n: number): [number, number][] {
  const out: [number, number][] = [];
  const walk = (b: number, e: number) => {
    out.push([b, e]);
    if (e - b < 2) return;
    let k = 1;
    while (k * 2 < e - b) k *= 2;
    walk(b, b + k);
    walk(b + k, e);
  };
  if (n > 0) walk(0, n);
  return out;
}

describe("perfectSubtrees", () => {
  it.each([
    [0, 0, []],
    [0, 1, [[0, 0]]],
    [
      0,
      6,
      [
        [2, 0],
        [1, 2],
      ],
    ],
    [
      0,
      7,
      [
        [2, 0],
        [1, 2],
        [0, 6],
      ],
    ],
    [
      4,
      7,
      [
        [1, 2],
        [0, 6],
      ],
    ],
    [4, 6, [[1, 2]]],
    [6, 7, [[0, 6]]],
    [8, 16, [[3, 1]]],
    [
      256,
      300,
      [
        [5, 8],
        [3, 36],
        [2, 74],
      ],
    ],
  ])("[%i, %i) -> %j (level, index)", (begin, end, expected) => {
    expect(perfectSubtrees(begin, end).map((n) => [n.level, n.index])).toEqual(expected);
  });

  it("accepts exactly the ranges that are nodes of the tree of size `end`", () => {
    for (let end = 1; end <= 64; end++) {
      const nodes = new Set(
        treeNodes(end)
          .filter(([, e]) => e === end)
          .map(([b]) => b),
      );
      const perfect = (b: number) => {
        const len = end - b;
        return (len & (len - 1)) === 0 && b % len === 0;
      };
      for (let begin = 0; begin < end; begin++) {
        const isNode = nodes.has(begin) || perfect(begin);
        if (isNode) expect(() => perfectSubtrees(begin, end)).not.toThrow();
        else expect(() => perfectSubtrees(begin, end), `[${begin}, ${end})`).toThrow(/not a node/);
      }
    }
  });

  it("tiles each node of every tree up to size 64 left to right, and folds to its RFC 9162 hash", () => {
    for (let size = 1; size <= 64; size++) {
      for (const [b, e] of treeNodes(size)) {
        const nodes = perfectSubtrees(b, e);
        let at = b;
        for (const node of nodes) {
          const [nb, ne] = span(node);
          expect(nb).toBe(at);
          at = ne;
        }
        expect(at).toBe(e);
        expect(nodes.length).toBeLessThanOrEqual(Math.floor(Math.log2(e - b)) + 1);
        expect(toHex(hashFromSubtrees(nodes, log.lookup))).toBe(toHex(rootFromLeafHashes(log.leaves.slice(b, e))));
      }
    }
  });

  it("rejects bad arguments with a RangeError", () => {
    for (const [b, e] of [
      [3, 2],
      [-1, 2],
      [0.5, 2],
      [0, Number.NaN],
      [0, 2 ** 53],
    ]) {
      expect(() => perfectSubtrees(b, e)).toThrow(RangeError);
    }
  });

  it("handles sizes far beyond 32 bits", () => {
    const size = Number.MAX_SAFE_INTEGER; // 2^53 - 1: 53 perfect subtrees, levels 52..0
    const nodes = perfectSubtrees(0, size);
    expect(nodes.map((n) => n.level)).toEqual(Array.from({ length: 53 }, (_, i) => 52 - i));
    expect(span(nodes[52])).toEqual([size - 1, size]);
  });
});

describe("hashFromSubtrees", () => {
  it("gives the root of every size 0..300 from stored perfect subtrees", () => {
    for (let size = 0; size <= N; size++) {
      expect(toHex(hashFromSubtrees(perfectSubtrees(0, size), log.lookup))).toBe(toHex(log.roots[size]));
    }
    expect(toHex(hashFromSubtrees([], () => undefined))).toBe(toHex(emptyRoot()));
  });

  it("throws, naming the node, when the store lacks a node or holds a malformed hash", () => {
    expect(() => hashFromSubtrees([{ level: 3, index: 7 }], () => undefined)).toThrow(/level 3, index 7/);
    expect(() => hashFromSubtrees([{ level: 0, index: 0 }], () => new Uint8Array(31))).toThrow(/32-byte/);
  });
});

describe("storage-based proofs equal the RFC 9162 reference proofs", () => {
  it("inclusion: every index of every size 1..128", () => {
    for (let size = 1; size <= 128; size++) {
      const leaves = log.leaves.slice(0, size);
      for (let index = 0; index < size; index++) {
        const stored = resolve(inclusionProofNodes(index, size));
        expect(hexes(stored), `leaf ${index} of ${size}`).toEqual(hexes(inclusionProof(index, leaves)));
      }
    }
  });

  it("inclusion: sizes 129..300 at the edges, around every split, and at sampled indices", () => {
    // The reference hashes ~n nodes per proof, so all ~37,000 proofs here would take
    // ~15 s; verify-properties.test.ts checks every one of them verifies instead.
    const random = seededRandom(129);
    for (let size = 129; size <= N; size++) {
      const split = 2 ** Math.floor(Math.log2(size - 1)); // RFC 9162's k
      const indices = new Set([0, split - 1, split, size - 1]);
      for (let j = 0; j < 4; j++) indices.add(Math.floor(random() * size));
      const leaves = log.leaves.slice(0, size);
      for (const index of indices) {
        const stored = resolve(inclusionProofNodes(index, size));
        expect(hexes(stored), `leaf ${index} of ${size}`).toEqual(hexes(inclusionProof(index, leaves)));
      }
    }
  });

  it("consistency: every pair 0 <= m <= n <= 130", () => {
    for (let newSize = 0; newSize <= 130; newSize++) {
      const leaves = log.leaves.slice(0, newSize);
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const stored = resolve(consistencyProofNodes(oldSize, newSize));
        expect(hexes(stored), `${oldSize} -> ${newSize}`).toEqual(hexes(consistencyProof(oldSize, leaves)));
      }
    }
  });

  it("only ever asks for nodes that exist at that size, O(log n) of them", () => {
    const violations: string[] = [];
    let largest = 0;
    for (let size = 1; size <= N; size++) {
      const bound = 2 * Math.ceil(Math.log2(size)) + 1;
      const check = (what: string, ranges: NodeId[][]) => {
        const nodes = ranges.flat();
        largest = Math.max(largest, nodes.length);
        if (nodes.length > bound) violations.push(`${what}: ${nodes.length} nodes > ${bound}`);
        if (nodes.some((node) => span(node)[1] > size)) violations.push(`${what}: node beyond the tree`);
      };
      for (let index = 0; index < size; index++) check(`leaf ${index} of ${size}`, inclusionProofNodes(index, size));
      for (let m = 0; m <= size; m++) check(`${m} -> ${size}`, consistencyProofNodes(m, size));
    }
    expect(violations).toEqual([]);
    expect(largest).toBeGreaterThan(8); // the bound was actually exercised
  });

  it("works at sizes beyond 2^32 (no 32-bit bit operations)", () => {
    const size = Number.MAX_SAFE_INTEGER;
    for (const index of [0, 2 ** 31, 2 ** 32 + 5, size - 1]) {
      // The proof's ranges plus the leaf itself tile [0, size) exactly.
      const ranges = inclusionProofNodes(index, size).map((nodes) => [span(nodes[0])[0], span(nodes.at(-1)!)[1]]);
      ranges.push([index, index + 1]);
      ranges.sort((a, b) => a[0] - b[0]);
      let at = 0;
      for (const [b, e] of ranges) {
        expect(b).toBe(at);
        at = e;
      }
      expect(at).toBe(size);
    }
    for (const [m, n] of [
      [2 ** 33 + 1, 2 ** 40 + 7],
      [2 ** 32, 2 ** 45 + 3],
      [5, size],
    ]) {
      // Sent ranges plus (for a power-of-two m) the old root tile [0, n) exactly.
      const ranges = consistencyProofNodes(m, n).map((nodes) => [span(nodes[0])[0], span(nodes.at(-1)!)[1]]);
      if (Number.isInteger(Math.log2(m))) ranges.push([0, m]);
      ranges.sort((a, b) => a[0] - b[0]);
      let at = 0;
      for (const [b, e] of ranges) {
        expect(b).toBe(at);
        at = e;
      }
      expect(at).toBe(n);
    }
  });

  it("rejects out-of-range arguments with a RangeError", () => {
    expect(() => inclusionProofNodes(5, 5)).toThrow(RangeError);
    expect(() => inclusionProofNodes(-1, 5)).toThrow(RangeError);
    expect(() => inclusionProofNodes(0, 0)).toThrow(RangeError);
    expect(() => consistencyProofNodes(6, 5)).toThrow(RangeError);
    expect(() => consistencyProofNodes(1.5, 5)).toThrow(RangeError);
    expect(() => inclusionProof(3, log.leaves.slice(0, 3))).toThrow(RangeError);
    expect(() => consistencyProof(4, log.leaves.slice(0, 3))).toThrow(RangeError);
  });
});

describe("CompactRange", () => {
  const key = (n: NodeId) => `${n.level}/${n.index}`;

  it("has the reference root at every size 0..300 when appending one leaf at a time", () => {
    const range = new CompactRange();
    expect(toHex(range.root())).toBe(toHex(log.roots[0]));
    for (let size = 1; size <= N; size++) {
      range.append([log.leaves[size - 1]]);
      expect(range.size).toBe(size);
      expect(toHex(range.root()), `size ${size}`).toBe(toHex(log.roots[size]));
      expect(range.frontier().length).toBe(perfectSubtrees(0, size).length);
    }
  });

  it("returns every perfect node exactly once, leaves included, children before parents, with correct hashes", () => {
    const range = new CompactRange();
    const created: StoredNode[] = [];
    for (const leaf of log.leaves) created.push(...range.append([leaf]));
    const seen = new Set<string>();
    for (const node of created) {
      expect(seen.has(key(node))).toBe(false);
      if (node.level > 0) {
        expect(seen.has(`${node.level - 1}/${2 * node.index}`)).toBe(true);
        expect(seen.has(`${node.level - 1}/${2 * node.index + 1}`)).toBe(true);
      }
      seen.add(key(node));
      const [b, e] = span(node);
      expect(toHex(node.hash)).toBe(toHex(rootFromLeafHashes(log.leaves.slice(b, e))));
    }
    let expected = 0;
    for (let level = 0; 2 ** level <= N; level++) expected += Math.floor(N / 2 ** level);
    expect(seen.size).toBe(expected);
    expect(created.filter((n) => n.level === 0).map((n) => n.index)).toEqual([...Array(N).keys()]);
  });

  it("gives the same nodes and roots whatever the batch sizes", () => {
    const single = new CompactRange();
    const singleNodes = log.leaves.flatMap((leaf) => single.append([leaf]));
    const batched = new CompactRange();
    const batchedNodes: StoredNode[] = [];
    for (let at = 0, step = 1; at < N; at += step, step++) {
      batchedNodes.push(...batched.append(log.leaves.slice(at, at + step)));
      expect(toHex(batched.root())).toBe(toHex(log.roots[Math.min(at + step, N)]));
    }
    expect(batchedNodes.map(key)).toEqual(singleNodes.map(key));
    expect(hexes(batchedNodes.map((n) => n.hash))).toEqual(hexes(singleNodes.map((n) => n.hash)));
    expect(batched.append([])).toEqual([]);
  });

  it("resumes from (size, frontier read from the store) exactly where it left off", () => {
    const tail = log.leaves.slice(0, 80);
    const uninterrupted = new CompactRange();
    const allNodes = uninterrupted.append(tail);
    for (let size = 0; size <= 80; size++) {
      const frontier = perfectSubtrees(0, size).map((n) => log.lookup(n.level, n.index)!);
      const resumed = CompactRange.restore(size, frontier);
      expect(resumed.size).toBe(size);
      expect(toHex(resumed.root())).toBe(toHex(log.roots[size]));
      const rest = resumed.append(tail.slice(size));
      expect(toHex(resumed.root())).toBe(toHex(uninterrupted.root()));
      const restKeys = new Set(rest.map(key));
      const expectedRest = allNodes.filter((n) => span(n)[1] > size);
      expect([...restKeys].sort()).toEqual(expectedRest.map(key).sort());
    }
  });

  it("exposes the frontier as copies with node ids", () => {
    const range = new CompactRange();
    range.append(log.leaves.slice(0, 7));
    expect(range.frontierNodes().map((n) => [n.level, n.index])).toEqual([
      [2, 0],
      [1, 2],
      [0, 6],
    ]);
    const before = toHex(range.root());
    range.frontier()[0].fill(0);
    range.frontierNodes()[0].hash.fill(0);
    expect(toHex(range.root())).toBe(before);
  });

  it("refuses a frontier of the wrong shape and stays unchanged after a rejected append", () => {
    const h = log.leaves[0];
    expect(() => CompactRange.restore(3, [h])).toThrow(/2 frontier hashes/);
    expect(() => CompactRange.restore(3, [h, h, h])).toThrow(RangeError);
    expect(() => CompactRange.restore(1, [new Uint8Array(31)])).toThrow(/32-byte/);
    expect(() => CompactRange.restore(-1, [])).toThrow(RangeError);

    const range = new CompactRange();
    range.append(log.leaves.slice(0, 5));
    const root = toHex(range.root());
    expect(() => range.append([log.leaves[5], new Uint8Array(8)])).toThrow(/leafHashes\[1\]/);
    expect(range.size).toBe(5);
    expect(toHex(range.root())).toBe(root);
  });

  it("continues correctly from a restored size beyond 2^32", () => {
    const [a, b, c] = makeLeafHashes(3);
    const range = CompactRange.restore(2 ** 40, [a]);
    const created = range.append([b, c]);
    expect(created.map((n) => [n.level, n.index])).toEqual([
      [0, 2 ** 40],
      [0, 2 ** 40 + 1],
      [1, 2 ** 39],
    ]);
    expect(range.size).toBe(2 ** 40 + 2);
    expect(toHex(range.root())).toBe(toHex(hashChildren(a, hashChildren(b, c))));
  });
});
