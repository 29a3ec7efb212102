import { CompactRange, fromHex, hashLeaf, rootFromLeafHashes, type NodeLookup } from "../src/index.ts";

/** Hex to bytes, for vectors copied from Go test files. */
export const hd = (hex: string): Uint8Array => fromHex(hex);

/** transparency-dev/merkle testonly.LeafInputs(): the 8-leaf RFC 6962 reference tree. */
export const LEAF_INPUTS: Uint8Array[] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(hd);

/** A deterministic log of `n` leaves whose data is the big-endian index. */
export function makeLeafHashes(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, i);
    out.push(hashLeaf(data));
  }
  return out;
}

/** Everything a database would hold for a log of `n` leaves: perfect nodes from CompactRange, plus reference roots for every size. */
export function makeLog(n: number) {
  const leaves = makeLeafHashes(n);
  const store = new Map<string, Uint8Array>();
  const range = new CompactRange();
  for (const node of range.append(leaves)) store.set(`${node.level}/${node.index}`, node.hash);
  const lookup: NodeLookup = (level, index) => store.get(`${level}/${index}`);
  const roots: Uint8Array[] = [];
  for (let size = 0; size <= n; size++) roots.push(rootFromLeafHashes(leaves.slice(0, size)));
  return { leaves, store, lookup, roots };
}

/** Copy of `proof` with bit `mask` of element i's first byte flipped. */
export function flip(proof: readonly Uint8Array[], i: number, mask: number): Uint8Array[] {
  return proof.map((p, j) => {
    if (j !== i) return p;
    const copy = p.slice();
    copy[0] ^= mask;
    return copy;
  });
}

/** Mulberry32: a tiny seeded PRNG so sampled tests are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
