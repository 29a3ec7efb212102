import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base32nopad } from "@scure/base";

/** Every pseudonym starts with this, so a pseudonym is never mistaken for (or accepted as) a national id. */
export const PSEUDONYM_PREFIX = "P-";
/** Domain tag inside the MAC input: the same key used for anything else never yields a pseudonym. */
const DOMAIN = "vigil-pseudonym/1\n";
/** 160 bits of the MAC: 32 base32 characters without padding, far beyond any population's collision risk. */
const PSEUDONYM_BYTES = 20;
const PSEUDONYM = /^P-[A-Z2-7]{32}$/;

/**
 * The canonical form of a national id: Unicode NFKC (full-width digits become ASCII), upper case, and no
 * spaces, dashes, dots or slashes (how ids are written varies by form and clerk; the id does not).
 * Throws RangeError when nothing alphanumeric remains — the message never repeats the input.
 */
export function normaliseNationalId(nationalId: string): string {
  const id = nationalId
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-./]/g, "");
  if (!/^[\p{L}\p{N}]{4,64}$/u.test(id)) throw new RangeError("national id must be 4 to 64 letters or digits (after removing spaces and dashes)");
  return id;
}

/**
 * The patient's pseudonym: `P-` + base32(HMAC-SHA-256(key, tag ‖ normalised id))[0..20 bytes]. Keyed, so nobody
 * without the key (which lives in the key directory, never in the database) can test a guessed id against it.
 */
export function pseudonymOf(key: Uint8Array, nationalId: string): string {
  if (key.length < 32) throw new RangeError("pseudonym key must be at least 32 bytes");
  const mac = hmac(sha256, key, new TextEncoder().encode(DOMAIN + normaliseNationalId(nationalId)));
  return PSEUDONYM_PREFIX + base32nopad.encode(mac.subarray(0, PSEUDONYM_BYTES));
}

export function isPseudonym(s: string): boolean {
  return PSEUDONYM.test(s);
}
