import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { batchDigest, hashChildren, hashLeaf, toHex } from "../src/index.ts";

const leaf = (s: string) => hashLeaf(new TextEncoder().encode(s));

describe("batchDigest", () => {
  it("is SHA-256 of 0x02 followed by the leaf hashes in order", () => {
    const a = leaf("a"),
      b = leaf("b");
    const expected = sha256(new Uint8Array([0x02, ...a, ...b]));
    expect(toHex(batchDigest([a, b]))).toBe(toHex(expected));
  });

  it("depends on order and membership", () => {
    const [a, b, c] = [leaf("a"), leaf("b"), leaf("c")];
    const ab = toHex(batchDigest([a, b]));
    expect(toHex(batchDigest([b, a]))).not.toBe(ab);
    expect(toHex(batchDigest([a]))).not.toBe(ab);
    expect(toHex(batchDigest([a, b, c]))).not.toBe(ab);
  });

  it("never equals the interior node hash of the same two children (domain separation)", () => {
    const [a, b] = [leaf("a"), leaf("b")];
    expect(toHex(batchDigest([a, b]))).not.toBe(toHex(hashChildren(a, b)));
  });

  it("rejects an empty batch and malformed hashes", () => {
    expect(() => batchDigest([])).toThrow(RangeError);
    expect(() => batchDigest([new Uint8Array(31)])).toThrow();
  });
});
