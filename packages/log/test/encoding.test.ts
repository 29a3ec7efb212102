import { describe, expect, it } from "vitest";
import { fromBase64, fromHex, toBase64, toHex } from "../src/index.ts";

const bytes = (...xs: number[]) => new Uint8Array(xs);

describe("hex", () => {
  it("round-trips every byte value, lowercase out, either case in", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = toHex(all);
    expect(hex).toMatch(/^[0-9a-f]{512}$/);
    expect(fromHex(hex)).toEqual(all);
    expect(fromHex(hex.toUpperCase())).toEqual(all);
    expect(toHex(bytes(0xca, 0xfe, 0x01))).toBe("cafe01");
    expect(fromHex("")).toEqual(bytes());
  });

  it.each(["abc", "0g", "0x00", " 00", "00 ", "zz"])("rejects %j", (bad) => {
    expect(() => fromHex(bad)).toThrow(SyntaxError);
  });
});

describe("base64 (RFC 4648 §4, padded)", () => {
  // RFC 4648 §10 test vectors.
  it.each([
    ["", ""],
    ["f", "Zg=="],
    ["fo", "Zm8="],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg=="],
    ["fooba", "Zm9vYmE="],
    ["foobar", "Zm9vYmFy"],
  ])("%j <-> %j", (text, encoded) => {
    const raw = new TextEncoder().encode(text);
    expect(toBase64(raw)).toBe(encoded);
    expect(fromBase64(encoded)).toEqual(raw);
  });

  it("uses the standard alphabet (+ and /) and round-trips every byte value", () => {
    expect(toBase64(bytes(0xfb, 0xff, 0xbf))).toBe("+/+/");
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64(toBase64(all))).toEqual(all);
  });

  it.each([
    ["Zg", "missing padding"],
    ["Zg=", "short padding"],
    ["Zh==", "non-zero trailing bits"],
    ["Zm9=", "non-zero trailing bits"],
    ["Zm-v", "URL-safe alphabet"],
    ["Zm9v\n", "whitespace"],
    ["Z===", "too much padding"],
    ["Zg==Zg==", "padding in the middle"],
    ["Zm9vYmFy ", "trailing space"],
  ])("rejects %j (%s)", (bad) => {
    expect(() => fromBase64(bad)).toThrow(SyntaxError);
  });
});
