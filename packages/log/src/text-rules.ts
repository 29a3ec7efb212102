/**
 * Character rules shared by signed notes and checkpoints (C2SP signed-note).
 *
 * Why centralised: the note text is what gets signed, so every producer and parser
 * must agree exactly on what is allowed; a parser laxer than the signer would accept
 * texts the signer would have refused to produce.
 */

/** No ASCII control characters (below U+0020) other than newline, and well-formed UTF-16 (so it has a UTF-8 encoding). */
export function isNoteSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** Key names: non-empty, no Unicode spaces, no "+" (it separates fields in a verifier key), no controls. */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === "string" && name.length > 0 && !/[\s+]/u.test(name) && isNoteSafe(name);
}

const utf8 = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}
