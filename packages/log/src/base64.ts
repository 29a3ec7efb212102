/**
 * Standard base64 (RFC 4648 §4, with padding), as used by checkpoints and signed notes.
 *
 * Why our own: `Buffer` is Node-only, and `atob` is "forgiving" (it skips whitespace and
 * tolerates missing padding and non-zero trailing bits), so several different strings
 * would decode to the same root hash or signature. Signed formats need exactly one
 * spelling per value, so decoding here is strict and round-trips exactly.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("toBase64: expected a Uint8Array");
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += `${ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += `${ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63]}=`;
  }
  return out;
}

function sextet(text: string, at: number): number {
  const code = text.charCodeAt(at);
  const v = code < 128 ? DECODE[code] : -1;
  if (v < 0) throw new SyntaxError(`fromBase64: invalid character at offset ${at}`);
  return v;
}

/** Throws SyntaxError unless `text` is the one canonical padded encoding of some byte string. */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError("fromBase64: expected a string");
  if (text.length % 4 !== 0) throw new SyntaxError("fromBase64: length is not a multiple of 4");
  let pad = 0;
  if (text.endsWith("==")) pad = 2;
  else if (text.endsWith("=")) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    if (last && pad === 2) {
      if ((b & 15) !== 0) throw new SyntaxError("fromBase64: non-canonical trailing bits");
      out[o++] = (a << 2) | (b >> 4);
      break;
    }
    const c = sextet(text, i + 2);
    if (last && pad === 1) {
      if ((c & 3) !== 0) throw new SyntaxError("fromBase64: non-canonical trailing bits");
      out[o++] = (a << 2) | (b >> 4);
      out[o++] = ((b & 15) << 4) | (c >> 2);
      break;
    }
    const d = sextet(text, i + 3);
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  return out;
}
