/**
 * Character rules shared by signed notes and checkpoints (C2SP signed-note).
 *
 * Why centralised: the note text is what gets signed, so every producer and parser
 * must agree exactly on what is allowed; a parser laxer than the signer would accept
 * texts the signer would have refused to produce.
 */
// String.prototype.isWellFormed is ES2024 (Node 20, every current browser); the repository's lib is ES2023.
/// <reference lib="es2024.string" />

/**
 * A UTF-16 code unit that is half of a surrogate pair without its other half. Only searched for
 * after `isWellFormed()` has said there is one, to name it in an error message.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first lone surrogate of a string that is not well-formed, e.g. "U+D800"; undefined if it is well-formed. */
export function firstLoneSurrogate(text: string): string | undefined {
  const at = text.search(LONE_SURROGATE);
  return at < 0 ? undefined : `U+${text.charCodeAt(at).toString(16).toUpperCase()}`;
}

/** No ASCII control characters (below U+0020) other than newline, and well-formed UTF-16 (so it has a UTF-8 encoding). */
export function isNoteSafe(text: string): boolean {
  return text.isWellFormed() && !/[\x00-\x09\x0b-\x1f]/.test(text);
}

/** Key names: non-empty, no Unicode spaces, no "+" (it separates fields in a verifier key), no controls. */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === "string" && name.length > 0 && !/[\s+]/u.test(name) && isNoteSafe(name);
}

const utf8 = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}
