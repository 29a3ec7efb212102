import { describe, expect, it } from "vitest";
import {
  CompactRange,
  consistencyProof,
  emptyRoot,
  hashChildren,
  hashLeaf,
  inclusionProof,
  rootFromLeafHashes,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from "../src/index.ts";
import { EMPTY_TREE_HASH, SOME_HASH, consistencyProbes, inclusionProbes } from "./corrupt.ts";
import { LEAF_INPUTS, hd } from "./helpers.ts";

// Published vectors from transparency-dev/merkle (Apache-2.0):
// testonly/constants.go, testonly/reference_test.go, proof/verify_test.go.
// The same 8-leaf tree appears in google/certificate-transparency's RFC 6962 tests.

const leafHashes = LEAF_INPUTS.map(hashLeaf);

/** testonly.NodeHashes(): [level][index] for every perfect subtree of the 8-leaf tree. */
const NODE_HASHES = [
  [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
  ],
  [
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
  ],
  ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
  ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/** testonly.RootHashes(): root for tree sizes 0..8. */
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

const nh = (level: number, index: number) => NODE_HASHES[level][index];

/** testonly.CompactTrees(): the compact-range frontier for sizes 0..8. */
const COMPACT_TREES = [
  [],
  [nh(0, 0)],
  [nh(1, 0)],
  [nh(1, 0), nh(0, 2)],
  [nh(2, 0)],
  [nh(2, 0), nh(0, 4)],
  [nh(2, 0), nh(1, 2)],
  [nh(2, 0), nh(1, 2), nh(0, 6)],
  [nh(3, 0)],
];

/** reference_test.go TestRefInclusionProof (0-based index). */
const REF_INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  { index: 0, size: 2, proof: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"] },
  { index: 1, size: 2, proof: ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"] },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
];

/** proof/verify_test.go inclusionProofs (its `leaf` is 1-based; converted to 0-based here). */
const VERIFY_INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    index: 1,
    size: 5,
    proof: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  },
];

/** proof/verify_test.go consistencyProofs and reference_test.go TestRefConsistencyProof. */
const CONSISTENCY = [
  { oldSize: 1, newSize: 1, proof: [] as string[] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
  },
  {
    oldSize: 6,
    newSize: 7,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  },
];

const hexes = (xs: Uint8Array[]) => xs.map(toHex);

describe("RFC 6962 reference tree (transparency-dev/merkle vectors)", () => {
  it("hashes every leaf and perfect subtree to the published node hashes", () => {
    expect(hexes(leafHashes)).toEqual(NODE_HASHES[0]);
    for (let level = 1; level < NODE_HASHES.length; level++) {
      NODE_HASHES[level].forEach((expected, index) => {
        const got = hashChildren(hd(NODE_HASHES[level - 1][2 * index]), hd(NODE_HASHES[level - 1][2 * index + 1]));
        expect(toHex(got)).toBe(expected);
      });
    }
  });

  it("computes the published root for every size 0..8, with SHA-256('') for the empty tree", () => {
    expect(toHex(emptyRoot())).toBe(ROOTS[0]);
    for (let size = 0; size <= 8; size++) {
      expect(toHex(rootFromLeafHashes(leafHashes.slice(0, size)))).toBe(ROOTS[size]);
    }
  });

  it("keeps the published compact-range frontier and root after each append", () => {
    const range = new CompactRange();
    expect(hexes(range.frontier())).toEqual(COMPACT_TREES[0]);
    for (let size = 1; size <= 8; size++) {
      range.append([leafHashes[size - 1]]);
      expect(range.size).toBe(size);
      expect(hexes(range.frontier())).toEqual(COMPACT_TREES[size]);
      expect(toHex(range.root())).toBe(ROOTS[size]);
    }
  });

  it.each(REF_INCLUSION)("generates the published inclusion proof for leaf $index of $size", ({ index, size, proof }) => {
    expect(hexes(inclusionProof(index, leafHashes.slice(0, size)))).toEqual(proof);
  });

  it.each(CONSISTENCY)("generates the published consistency proof $oldSize -> $newSize", ({ oldSize, newSize, proof }) => {
    expect(hexes(consistencyProof(oldSize, leafHashes.slice(0, newSize)))).toEqual(proof);
  });

  it.each(VERIFY_INCLUSION)("verifies the published inclusion proof for leaf $index of $size and rejects every corruption", ({ index, size, proof }) => {
    const c = { leafHash: leafHashes[index], index, size, proof: proof.map(hd), root: hd(ROOTS[size]) };
    expect(verifyInclusion(c.leafHash, c.index, c.size, c.proof, c.root)).toBe(true);
    const accepted = inclusionProbes(c)
      .filter(({ args: a }) => verifyInclusion(a.leafHash, a.index, a.size, a.proof, a.root))
      .map((p) => p.desc);
    expect(accepted).toEqual([]);
  });

  it.each(CONSISTENCY.filter((c) => c.proof.length > 0))(
    "verifies the published consistency proof $oldSize -> $newSize and rejects every corruption",
    ({ oldSize, newSize, proof }) => {
      const c = { oldSize, newSize, oldRoot: hd(ROOTS[oldSize]), newRoot: hd(ROOTS[newSize]), proof: proof.map(hd) };
      expect(verifyConsistency(c.oldSize, c.newSize, c.oldRoot, c.newRoot, c.proof)).toBe(true);
      const accepted = consistencyProbes(c)
        .filter(({ args: a }) => verifyConsistency(a.oldSize, a.newSize, a.oldRoot, a.newRoot, a.proof))
        .map((p) => p.desc);
      expect(accepted).toEqual([]);
    },
  );
});

describe("verify_test.go edge cases", () => {
  it("single-entry tree: the leaf hash is the root and the proof is empty (TestVerifyInclusionSingleEntry)", () => {
    const hash = hashLeaf(new TextEncoder().encode("data"));
    const empty = new Uint8Array(0);
    expect(verifyInclusion(hash, 0, 1, [], hash)).toBe(true);
    expect(verifyInclusion(empty, 0, 1, [], hash)).toBe(false);
    expect(verifyInclusion(hash, 0, 1, [], empty)).toBe(false);
    expect(verifyInclusion(empty, 0, 1, [], empty)).toBe(false);
  });

  it.each([
    [0, 0],
    [0, 1],
    [1, 0],
    [2, 1],
  ])("rejects invalid root/leaf at index %i of size %i (TestVerifyInclusion probes)", (index, size) => {
    expect(verifyInclusion(SOME_HASH, index, size, [], new Uint8Array(0))).toBe(false);
    expect(verifyInclusion(new Uint8Array(0), index, size, [], EMPTY_TREE_HASH)).toBe(false);
    expect(verifyInclusion(SOME_HASH, index, size, [], EMPTY_TREE_HASH)).toBe(false);
  });

  // TestVerifyConsistency. Go uses 12-byte "don't care" roots where we require 32-byte
  // hashes, so those become two distinct valid-length hashes here; the outcomes are
  // the same except (0, 1), where we additionally require the old root to be the
  // empty-tree hash (see verifyConsistency).
  const root1 = hashLeaf(new TextEncoder().encode("don't care 1"));
  const root2 = hashLeaf(new TextEncoder().encode("don't care 2"));
  const E = EMPTY_TREE_HASH;
  it.each([
    { m: 0, n: 0, r1: root1, r2: root2, proof: [], ok: false, why: "different roots" },
    { m: 1, n: 1, r1: root1, r2: root2, proof: [], ok: false, why: "different roots" },
    { m: 0, n: 0, r1: root1, r2: root1, proof: [], ok: false, why: "size 0 with a non-empty-tree root" },
    { m: 0, n: 0, r1: E, r2: E, proof: [], ok: true, why: "empty tree is consistent with itself" },
    { m: 0, n: 1, r1: E, r2: root2, proof: [], ok: true, why: "empty tree is a prefix of anything" },
    { m: 0, n: 1, r1: root1, r2: root2, proof: [], ok: false, why: "size 0 with a non-empty-tree root" },
    { m: 1, n: 1, r1: root2, r2: root2, proof: [], ok: true, why: "same tree" },
    { m: 1, n: 0, r1: root1, r2: root2, proof: [], ok: false, why: "time travel" },
    { m: 2, n: 1, r1: root1, r2: root2, proof: [], ok: false, why: "time travel" },
    { m: 1, n: 2, r1: root1, r2: root2, proof: [], ok: false, why: "empty proof" },
    { m: 0, n: 0, r1: E, r2: root2, proof: [], ok: false, why: "roots differ" },
    { m: 1, n: 1, r1: E, r2: root2, proof: [], ok: false, why: "roots differ" },
    { m: 0, n: 0, r1: E, r2: E, proof: [E], ok: false, why: "non-empty proof" },
    { m: 0, n: 1, r1: E, r2: E, proof: [E], ok: false, why: "non-empty proof" },
    { m: 1, n: 1, r1: E, r2: E, proof: [E], ok: false, why: "non-empty proof" },
  ])("consistency $m -> $n: $why => $ok", ({ m, n, r1, r2, proof, ok }) => {
    expect(verifyConsistency(m, n, r1, r2, proof)).toBe(ok);
  });
});
