import { type GeneralJWE, GeneralEncrypt, generalDecrypt, type KeyInput } from "jose";

/** Content encryption of every sealed object: one random AES-256-GCM key per object. */
export const CONTENT_ENC = "A256GCM";
/** Key management per recipient: an ephemeral X25519 agreement wrapping the content key (RFC 7518 §4.6). */
export const KEY_ALG = "ECDH-ES+A256KW";

export interface SealRecipient {
  /** Who this recipient is, as the log names it (a department code, `patient`, `reid`). Goes in its header. */
  kid: string;
  /** Its X25519 public key. */
  publicKey: KeyInput;
}

/**
 * Seal bytes to several recipients as one JWE (General JSON serialization): one ciphertext, one wrapped
 * content key per recipient. `kind` is integrity-protected (the protected header), so a sealed record cannot
 * be passed off as another kind of object.
 */
export async function seal(plaintext: Uint8Array, recipients: readonly SealRecipient[], kind: string): Promise<GeneralJWE> {
  if (recipients.length === 0) throw new RangeError("a sealed object needs at least one recipient");
  const enc = new GeneralEncrypt(plaintext).setProtectedHeader({ enc: CONTENT_ENC, cty: kind });
  for (const r of recipients) enc.addRecipient(r.publicKey).setUnprotectedHeader({ alg: KEY_ALG, kid: r.kid });
  return enc.encrypt();
}

/** Open a sealed object with one recipient's private key; throws when the key is not among its recipients. */
export async function unseal(jwe: GeneralJWE, privateKey: KeyInput, kind: string): Promise<Uint8Array> {
  const { plaintext, protectedHeader } = await generalDecrypt(jwe, privateKey, {
    keyManagementAlgorithms: [KEY_ALG],
    contentEncryptionAlgorithms: [CONTENT_ENC],
  });
  if (protectedHeader?.cty !== kind) throw new Error(`sealed object is a ${String(protectedHeader?.cty)}, not a ${kind}`);
  return plaintext;
}

/** The recipients a JWE names (its `kid`s), in order. */
export const recipientsOf = (jwe: GeneralJWE): string[] => jwe.recipients.map((r) => String(r.header?.kid ?? ""));

export type { GeneralJWE };
