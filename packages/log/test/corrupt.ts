import { flip, hd } from "./helpers.ts";

/**
 * Corruption probes modelled on transparency-dev/merkle proof/verify_test.go
 * (corruptInclusionProof / corruptConsistencyProof), plus a few more. Every probe
 * must be rejected by a correct verifier.
 */

export const SOME_HASH = hd("abacaba000000000000000000000000000000000000000000060061e00123456");
export const EMPTY_TREE_HASH = hd("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
const SHORT = new TextEncoder().encode("WrongLeaf");
const GARBAGE = new Uint8Array(0);

export interface InclusionCase {
  leafHash: Uint8Array;
  index: number;
  size: number;
  proof: Uint8Array[];
  root: Uint8Array;
}

export interface Probe<T> {
  desc: string;
  args: T;
}

export function inclusionProbes(c: InclusionCase): Probe<InclusionCase>[] {
  const { proof } = c;
  const probes: Probe<InclusionCase>[] = [
    { desc: "index - 1", args: { ...c, index: c.index - 1 } },
    { desc: "index + 1", args: { ...c, index: c.index + 1 } },
    { desc: "index ^ 2", args: { ...c, index: c.index ^ 2 } },
    { desc: "size * 2", args: { ...c, size: c.size * 2 } },
    { desc: "size / 2", args: { ...c, size: Math.floor(c.size / 2) } },
    { desc: "short leaf", args: { ...c, leafHash: SHORT } },
    { desc: "wrong leaf", args: { ...c, leafHash: SOME_HASH } },
    { desc: "empty root", args: { ...c, root: EMPTY_TREE_HASH } },
    { desc: "random root", args: { ...c, root: SOME_HASH } },
    { desc: "trailing garbage", args: { ...c, proof: [...proof, GARBAGE] } },
    { desc: "trailing root", args: { ...c, proof: [...proof, c.root] } },
    { desc: "trailing hash", args: { ...c, proof: [...proof, SOME_HASH] } },
    { desc: "preceding garbage", args: { ...c, proof: [GARBAGE, ...proof] } },
    { desc: "preceding root", args: { ...c, proof: [c.root, ...proof] } },
  ];
  proof.forEach((_, i) => probes.push({ desc: `proof[${i}] bit 3 flipped`, args: { ...c, proof: flip(proof, i, 8) } }));
  if (proof.length > 0) {
    probes.push({ desc: "last element removed", args: { ...c, proof: proof.slice(0, -1) } });
    probes.push({ desc: "first element removed", args: { ...c, proof: proof.slice(1) } });
  }
  if (proof.length > 1) {
    probes.push({ desc: "element inserted", args: { ...c, proof: [proof[0], SOME_HASH, ...proof.slice(1)] } });
    probes.push({ desc: "first two swapped", args: { ...c, proof: [proof[1], proof[0], ...proof.slice(2)] } });
  }
  return probes;
}

export interface ConsistencyCase {
  oldSize: number;
  newSize: number;
  oldRoot: Uint8Array;
  newRoot: Uint8Array;
  proof: Uint8Array[];
}

export function consistencyProbes(c: ConsistencyCase): Probe<ConsistencyCase>[] {
  const { proof } = c;
  const probes: Probe<ConsistencyCase>[] = [
    { desc: "oldSize - 1", args: { ...c, oldSize: c.oldSize - 1 } },
    { desc: "oldSize + 1", args: { ...c, oldSize: c.oldSize + 1 } },
    { desc: "oldSize ^ 2", args: { ...c, oldSize: c.oldSize ^ 2 } },
    { desc: "newSize * 2", args: { ...c, newSize: c.newSize * 2 } },
    { desc: "newSize / 2", args: { ...c, newSize: Math.floor(c.newSize / 2) } },
    { desc: "short old root", args: { ...c, oldRoot: SHORT } },
    { desc: "short new root", args: { ...c, newRoot: SHORT } },
    { desc: "wrong old root", args: { ...c, oldRoot: SOME_HASH } },
    { desc: "wrong new root", args: { ...c, newRoot: SOME_HASH } },
    { desc: "swapped roots", args: { ...c, oldRoot: c.newRoot, newRoot: c.oldRoot } },
    { desc: "empty proof", args: { ...c, proof: [] } },
    { desc: "trailing garbage", args: { ...c, proof: [...proof, GARBAGE] } },
    { desc: "trailing old root", args: { ...c, proof: [...proof, c.oldRoot] } },
    { desc: "trailing new root", args: { ...c, proof: [...proof, c.newRoot] } },
    { desc: "preceding garbage", args: { ...c, proof: [GARBAGE, ...proof] } },
    { desc: "preceding old root", args: { ...c, proof: [c.oldRoot, ...proof] } },
    { desc: "preceding new root", args: { ...c, proof: [c.newRoot, ...proof] } },
    { desc: "preceding proof[0]", args: { ...c, proof: [proof[0], ...proof] } },
  ];
  proof.forEach((_, i) => probes.push({ desc: `proof[${i}] bit 4 flipped`, args: { ...c, proof: flip(proof, i, 16) } }));
  if (proof.length > 0) {
    probes.push({ desc: "last element removed", args: { ...c, proof: proof.slice(0, -1) } });
    probes.push({ desc: "first element removed", args: { ...c, proof: proof.slice(1) } });
  }
  if (proof.length > 1) {
    probes.push({ desc: "element inserted", args: { ...c, proof: [proof[0], SOME_HASH, ...proof.slice(1)] } });
    probes.push({ desc: "first two swapped", args: { ...c, proof: [proof[1], proof[0], ...proof.slice(2)] } });
  }
  return probes;
}
