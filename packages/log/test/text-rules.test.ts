import { describe, expect, it } from "vitest";
import { canonicalJson } from "../src/index.ts";
import { firstLoneSurrogate, isNoteSafe } from "../src/text-rules.ts";

// The hand-written scans these rules replaced (String.prototype.isWellFormed does the work now):
// kept as the reference the new code must agree with on every string.
function referenceLone(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `U+${c.toString(16).toUpperCase()}`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `U+${c.toString(16).toUpperCase()}`;
  }
  return undefined;
}

function referenceNoteSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return false;
  }
  return referenceLone(text) === undefined;
}

// Strings built from the code units that matter: both surrogate halves, controls, newline, ASCII, BMP.
const ALPHABET = [0xd800, 0xdbff, 0xdc00, 0xdfff, 0xd83d, 0xde00, 0x00, 0x09, 0x0a, 0x0b, 0x1f, 0x20, 0x41, 0x7f, 0xe9, 0x4e2d, 0xfffd];
function randomStrings(count: number): string[] {
  let x = 12345;
  const rand = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  return Array.from({ length: count }, () => String.fromCharCode(...Array.from({ length: rand(7) }, () => ALPHABET[rand(ALPHABET.length)])));
}

describe("text rules", () => {
  const samples = ["", "plain", "a\nb", "\ud83d\ude00", "\ud800", "\udc00", "\ud800\ud800\udc00", "\ud800\udc00\udc00", "x\udfff", ...randomStrings(20_000)];

  it("isNoteSafe agrees with the old code-unit scan", () => {
    for (const s of samples) expect(isNoteSafe(s), JSON.stringify(s)).toBe(referenceNoteSafe(s));
  });

  it("firstLoneSurrogate names the same code unit the old scan stopped at", () => {
    for (const s of samples) expect(firstLoneSurrogate(s), JSON.stringify(s)).toBe(referenceLone(s));
  });

  it("canonicalJson refuses exactly the strings with a lone surrogate, naming it", () => {
    for (const s of samples) {
      const lone = referenceLone(s);
      if (lone === undefined) expect(canonicalJson({ s })).toBe(`{"s":${JSON.stringify(s)}}`);
      else expect(() => canonicalJson({ s })).toThrow(`canonicalJson: lone surrogate ${lone} in a string at $.s`);
    }
  });
});
