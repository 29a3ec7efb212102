import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CompactRange, hashChildren, hashLeaf, toHex } from "@vigil/log";
import { childrenHash, FrontierHasher, leafHash } from "../src/log/node-hashes.ts";

// The audit's node:crypto hashing must be byte for byte @vigil/log's (the reference, tested against RFC 9162 and
// C2SP vectors): the same leaves, interior nodes, completed subtrees and roots.
describe("node:crypto tree hashing", () => {
  it("hashes leaves and children as @vigil/log does, for payloads of every size class (the scratch buffer grows and shrinks back)", () => {
    for (const n of [0, 1, 31, 32, 33, 200, 4095, 4096, 5000, 70_000, 12, 0, 4096]) {
      const payload = randomBytes(n);
      expect(toHex(leafHash(payload))).toBe(toHex(hashLeaf(payload)));
    }
    const [a, b] = [randomBytes(32), randomBytes(32)];
    expect(toHex(childrenHash(a, b))).toBe(toHex(hashChildren(a, b)));
  });

  it("completes the same subtrees, in the same order, with the same roots as CompactRange, at every size up to 600", () => {
    const reference = new CompactRange();
    const hasher = new FrontierHasher();
    expect(toHex(hasher.root())).toBe(toHex(reference.root()));
    for (let i = 0; i < 600; i++) {
      const leaf = hashLeaf(randomBytes(1 + (i % 50)));
      const expected = reference.append([leaf]).filter((n) => n.level > 0);
      const got: { level: number; index: number; hash: string }[] = [];
      hasher.append(leaf, (level, index, hash) => got.push({ level, index, hash: toHex(hash) }));
      expect(got).toEqual(expected.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) })));
      expect(hasher.size).toBe(reference.size);
      expect(toHex(hasher.root())).toBe(toHex(reference.root()));
    }
  });

  it("resumes from a stored frontier as CompactRange.restore does, and refuses a frontier of the wrong shape", () => {
    for (const size of [0, 1, 2, 3, 7, 8, 100, 255, 256, 1023]) {
      const reference = new CompactRange();
      reference.append(Array.from({ length: size }, (_, i) => hashLeaf(Uint8Array.of(i & 255, i >> 8))));
      const resumed = FrontierHasher.restore(size, reference.frontier());
      expect(resumed.frontier().map(toHex)).toEqual(reference.frontier().map(toHex));
      const leaf = hashLeaf(randomBytes(9));
      const got: string[] = [];
      resumed.append(leaf, (level, index, hash) => got.push(`${level}/${index}/${toHex(hash)}`));
      expect(got).toEqual(
        reference
          .append([leaf])
          .filter((n) => n.level > 0)
          .map((n) => `${n.level}/${n.index}/${toHex(n.hash)}`),
      );
      expect(toHex(resumed.root())).toBe(toHex(reference.root()));
    }
    expect(() => FrontierHasher.restore(3, [randomBytes(32)])).toThrow(RangeError);
    expect(() => FrontierHasher.restore(2, [randomBytes(31)])).toThrow(RangeError);
    expect(() => FrontierHasher.restore(-1, [])).toThrow(RangeError);
  });
});
