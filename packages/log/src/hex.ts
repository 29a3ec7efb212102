/**
 * Hex codec for hashes and key IDs.
 *
 * Why our own: `Buffer` does not exist in the browser, and a decoder that silently
 * skips bad characters (as `parseInt`-based ones do) would let a mangled hash compare
 * as some other hash instead of failing loudly.
 */

const HEX_DIGITS = "0123456789abcdef";

/** Lowercase, so the same bytes always produce the same string (safe to compare or use as a key). */
export function toHex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("toHex: expected a Uint8Array");
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    out += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
  }
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/** Accepts either case (people paste uppercase hashes) but nothing else: no prefix, no spaces, even length. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== "string") throw new TypeError("fromHex: expected a string");
  if (hex.length % 2 !== 0) throw new SyntaxError(`fromHex: odd length ${hex.length}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new SyntaxError(`fromHex: invalid hex digit near offset ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}
