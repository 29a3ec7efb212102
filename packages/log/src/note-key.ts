import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { fromBase64, toBase64 } from "./base64.ts";
import { isValidKeyName, utf8Bytes } from "./text-rules.ts";

/**
 * Ed25519 keys for signed notes (C2SP signed-note, signature type 0x01).
 *
 * Keys are raw bytes: a 32-byte private key (the RFC 8032 seed) and a 32-byte public
 * key. Key names follow the signed-note rules; by convention a log's key name is its
 * checkpoint origin.
 */

export const ED25519_KEY_TYPE = 0x01;
export const ED25519_KEY_SIZE = 32;

export interface NoteSigner {
  readonly name: string;
  readonly privateKey: Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly publicKey: Uint8Array;
}

export interface LogKeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Uses the platform CSPRNG (crypto.getRandomValues), available in browsers and Node 20. */
export function generateLogKey(): LogKeyPair {
  const privateKey = ed25519.utils.randomSecretKey();
  return { privateKey, publicKey: ed25519.getPublicKey(privateKey) };
}

/** For deployments that keep only the private key in configuration. */
export function publicKeyFromPrivateKey(privateKey: Uint8Array): Uint8Array {
  assertKey(privateKey, "privateKey");
  return ed25519.getPublicKey(privateKey);
}

/**
 * key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], as a big-endian uint32.
 * Why hashed with the name and type: the same key under another name or algorithm
 * gets a different ID, so signatures cannot be replayed across them.
 */
export function keyId(name: string, publicKey: Uint8Array): number {
  if (!isValidKeyName(name)) throw new TypeError(`invalid key name ${JSON.stringify(name)}`);
  assertKey(publicKey, "publicKey");
  const h = sha256
    .create()
    .update(utf8Bytes(name))
    .update(new Uint8Array([0x0a, ED25519_KEY_TYPE]))
    .update(publicKey)
    .digest();
  return ((h[0] << 24) >>> 0) + (h[1] << 16) + (h[2] << 8) + h[3];
}

export function keyIdHex(id: number): string {
  return id.toString(16).padStart(8, "0");
}

/** The C2SP verifier key string `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`, the form clients are configured with. */
export function encodeVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = keyId(name, publicKey);
  const typed = new Uint8Array(1 + ED25519_KEY_SIZE);
  typed[0] = ED25519_KEY_TYPE;
  typed.set(publicKey, 1);
  return `${name}+${keyIdHex(id)}+${toBase64(typed)}`;
}

/** Parses a verifier key string; null unless it is a well-formed Ed25519 key whose ID matches. */
export function parseVerifierKey(vkey: string): NoteVerifier | null {
  try {
    if (typeof vkey !== "string") return null;
    // Split on the first two "+" only: the base64 key itself may contain "+".
    const first = vkey.indexOf("+");
    const second = vkey.indexOf("+", first + 1);
    if (first < 0 || second < 0) return null;
    const name = vkey.slice(0, first);
    const idHex = vkey.slice(first + 1, second);
    const keyB64 = vkey.slice(second + 1);
    if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(idHex)) return null;
    const typed = fromBase64(keyB64);
    if (typed.length !== 1 + ED25519_KEY_SIZE || typed[0] !== ED25519_KEY_TYPE) return null;
    const publicKey = typed.slice(1);
    if (keyIdHex(keyId(name, publicKey)) !== idHex) return null;
    return { name, publicKey };
  } catch {
    return null;
  }
}

function assertKey(key: unknown, what: string): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== ED25519_KEY_SIZE) {
    throw new TypeError(`${what} must be a ${ED25519_KEY_SIZE}-byte Uint8Array`);
  }
}
