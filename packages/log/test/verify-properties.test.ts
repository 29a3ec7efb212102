import { describe, expect, it } from "vitest";
import { consistencyProofNodes, emptyRoot, hashFromSubtrees, inclusionProofNodes, verifyConsistency, verifyInclusion, type NodeId } from "../src/index.ts";
import { SOME_HASH, consistencyProbes, inclusionProbes } from "./corrupt.ts";
import { makeLog, seededRandom } from "./helpers.ts";

// Proofs come from the storage path (storage.test.ts shows it equals the reference),
// because the reference generator hashes ~n nodes per proof and would dominate the run.

const log = makeLog(300);
const resolve = (ranges: NodeId[][]) => ranges.map((nodes) => hashFromSubtrees(nodes, log.lookup));

describe("inclusion proofs", () => {
  it("verify for every leaf of every tree size 1..300", () => {
    const failures: string[] = [];
    for (let size = 1; size <= 300; size++) {
      for (let index = 0; index < size; index++) {
        const proof = resolve(inclusionProofNodes(index, size));
        if (!verifyInclusion(log.leaves[index], index, size, proof, log.roots[size])) {
          failures.push(`leaf ${index} of ${size}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("reject every kind of corruption: all leaves up to size 64, sampled leaves up to 300", () => {
    const random = seededRandom(64);
    const accepted: string[] = [];
    let probesRun = 0;
    for (let size = 1; size <= 300; size++) {
      const indices = size <= 64 ? [...Array(size).keys()] : [0, size - 1, Math.floor(random() * size)];
      for (const index of indices) {
        const proof = resolve(inclusionProofNodes(index, size));
        const c = { leafHash: log.leaves[index], index, size, proof, root: log.roots[size] };
        const probes = inclusionProbes(c);
        // Also: the proof presented for a neighbouring size, with that size's genuine root...
        for (const other of [size - 1, size + 1]) {
          if (other <= index || other > 300) continue;
          probes.push({ desc: `size ${other} with its root`, args: { ...c, size: other, root: log.roots[other] } });
        }
        // ...and for a neighbouring leaf, with that leaf's genuine hash.
        for (const other of [index - 1, index + 1]) {
          if (other < 0 || other >= size) continue;
          probes.push({ desc: `leaf ${other} at index ${other}`, args: { ...c, index: other, leafHash: log.leaves[other] } });
        }
        for (const { desc, args: a } of probes) {
          probesRun++;
          if (verifyInclusion(a.leafHash, a.index, a.size, a.proof, a.root)) {
            accepted.push(`leaf ${index} of ${size}: ${desc}`);
          }
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(probesRun).toBeGreaterThan(40_000);
  });
});

describe("consistency proofs", () => {
  it("verify for every pair 1 <= m <= n <= 130, and from the empty tree", () => {
    const failures: string[] = [];
    for (let n = 1; n <= 130; n++) {
      if (!verifyConsistency(0, n, emptyRoot(), log.roots[n], [])) failures.push(`0 -> ${n}`);
      for (let m = 1; m <= n; m++) {
        const proof = resolve(consistencyProofNodes(m, n));
        if (!verifyConsistency(m, n, log.roots[m], log.roots[n], proof)) failures.push(`${m} -> ${n}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("reject every kind of corruption: all pairs up to 40, sampled pairs up to 130", () => {
    const random = seededRandom(40);
    const accepted: string[] = [];
    let probesRun = 0;
    for (let n = 2; n <= 130; n++) {
      const olds = n <= 40 ? Array.from({ length: n - 1 }, (_, i) => i + 1) : [1, n - 1, 1 + Math.floor(random() * (n - 1))];
      for (const m of olds) {
        const proof = resolve(consistencyProofNodes(m, n));
        const c = { oldSize: m, newSize: n, oldRoot: log.roots[m], newRoot: log.roots[n], proof };
        const probes = consistencyProbes(c);
        // The proof presented for neighbouring sizes, with those sizes' genuine roots.
        for (const other of [m - 1, m + 1]) {
          if (other < 1 || other >= n) continue;
          probes.push({ desc: `old size ${other} with its root`, args: { ...c, oldSize: other, oldRoot: log.roots[other] } });
        }
        for (const other of [n - 1, n + 1]) {
          if (other <= m || other > 300) continue;
          probes.push({ desc: `new size ${other} with its root`, args: { ...c, newSize: other, newRoot: log.roots[other] } });
        }
        for (const { desc, args: a } of probes) {
          probesRun++;
          if (verifyConsistency(a.oldSize, a.newSize, a.oldRoot, a.newRoot, a.proof)) {
            accepted.push(`${m} -> ${n}: ${desc}`);
          }
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(probesRun).toBeGreaterThan(20_000);
  });
});

describe("verifiers never throw", () => {
  const leaf = log.leaves[2];
  const proof = resolve(inclusionProofNodes(2, 5));
  const root = log.roots[5];
  const cproof = resolve(consistencyProofNodes(3, 5));
  const hostile = new Proxy([], {
    get() {
      throw new Error("boom");
    },
  });
  const sparse: Uint8Array[] = [];
  sparse[1] = proof[1];

  it("returns true for the genuine inputs used below", () => {
    expect(verifyInclusion(leaf, 2, 5, proof, root)).toBe(true);
    expect(verifyConsistency(3, 5, log.roots[3], root, cproof)).toBe(true);
  });

  const badNumbers: unknown[] = [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, "2", 2n, null, undefined, {}];
  it.each(badNumbers.map((v) => [String(v), v]))("rejects index/size %s", (_, v) => {
    const n = v as number;
    expect(verifyInclusion(leaf, n, 5, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 2, n, proof, root)).toBe(false);
    expect(verifyConsistency(n, 5, log.roots[3], root, cproof)).toBe(false);
    expect(verifyConsistency(3, n, log.roots[3], root, cproof)).toBe(false);
  });

  const badHashes: unknown[] = [
    new Uint8Array(31),
    new Uint8Array(33),
    Array.from(leaf),
    new Uint16Array(32),
    leaf.buffer,
    "00".repeat(32),
    null,
    undefined,
    hostile,
  ];
  it.each(badHashes.map((v, i) => [i, v]))("rejects malformed hash #%i in every position", (_, v) => {
    const h = v as Uint8Array;
    expect(verifyInclusion(h, 2, 5, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 2, 5, proof, h)).toBe(false);
    expect(verifyInclusion(leaf, 2, 5, [proof[0], h, proof[2]], root)).toBe(false);
    expect(verifyConsistency(3, 5, h, root, cproof)).toBe(false);
    expect(verifyConsistency(3, 5, log.roots[3], h, cproof)).toBe(false);
    expect(verifyConsistency(3, 5, log.roots[3], root, [h, ...cproof.slice(1)])).toBe(false);
  });

  const badProofs: unknown[] = [null, undefined, "proof", {}, { length: 3 }, sparse, hostile, new Array(200).fill(SOME_HASH)];
  it.each(badProofs.map((v, i) => [i, v]))("rejects malformed proof container #%i", (_, v) => {
    const p = v as Uint8Array[];
    expect(verifyInclusion(leaf, 2, 5, p, root)).toBe(false);
    expect(verifyConsistency(3, 5, log.roots[3], root, p)).toBe(false);
  });
});
