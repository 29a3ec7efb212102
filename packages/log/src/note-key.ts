import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { fromBase64, toBase64 } from "./base64.ts";
import { isValidKeyName, utf8Bytes } from "./text-rules.ts";

/**
 * Ed25519 keys for signed notes: C2SP signed-note signature type 0x01 (a log signing its
 * checkpoints) and C2SP tlog-cosignature type 0x04 (a witness cosigning them).
 *
 * Keys are raw bytes: a 32-byte private key (the RFC 8032 seed) and a 32-byte public
 * key. Key names follow the signed-note rules; by convention a log's key name is its
 * checkpoint origin.
 */

export const ED25519_KEY_TYPE = 0x01;
/** tlog-cosignature v1: a timestamped Ed25519 cosignature (tlog-cosignature.md, "Format"). */
export const COSIGNATURE_KEY_TYPE = 0x04;
export const ED25519_KEY_SIZE = 32;

/** The signature types this library signs and verifies: 0x01 plain notes, 0x04 cosignatures. */
export type VerifierKeyType = typeof ED25519_KEY_TYPE | typeof COSIGNATURE_KEY_TYPE;

export function isVerifierKeyType(type: unknown): type is VerifierKeyType {
  return type === ED25519_KEY_TYPE || type === COSIGNATURE_KEY_TYPE;
}

export interface NoteSigner {
  readonly name: string;
  readonly privateKey: Uint8Array;
}

export interface NoteVerifier {
  readonly name: string;
  readonly publicKey: Uint8Array;
  /** 0x01 (default) verifies plain note signatures; 0x04 verifies tlog-cosignature v1 lines. */
  readonly type?: VerifierKeyType;
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
 * key ID = SHA-256(key name ‖ 0x0A ‖ type ‖ public key)[:4], as a big-endian uint32, with type 0x01
 * for notes and 0x04 for cosignatures (tlog-cosignature.md). Why hashed with the name and type: the
 * same key under another name or algorithm gets a different ID, so signatures cannot be replayed
 * across them (a witness's cosignature is never mistaken for a plain signature by the same key).
 */
export function keyId(name: string, publicKey: Uint8Array, type: VerifierKeyType = ED25519_KEY_TYPE): number {
  if (!isValidKeyName(name)) throw new TypeError(`invalid key name ${JSON.stringify(name)}`);
  assertKey(publicKey, "publicKey");
  if (!isVerifierKeyType(type)) throw new TypeError(`unsupported key type ${String(type)}`);
  const h = sha256
    .create()
    .update(utf8Bytes(name))
    .update(new Uint8Array([0x0a, type]))
    .update(publicKey)
    .digest();
  return ((h[0] << 24) >>> 0) + (h[1] << 16) + (h[2] << 8) + h[3];
}

export function keyIdHex(id: number): string {
  return id.toString(16).padStart(8, "0");
}

/**
 * The C2SP verifier key string `<name>+<hex key ID>+<base64(type ‖ public key)>`, the form clients
 * are configured with: type 0x01 (default) for a log, 0x04 for a cosigner (witness, mirror).
 */
export function encodeVerifierKey(name: string, publicKey: Uint8Array, type: VerifierKeyType = ED25519_KEY_TYPE): string {
  const id = keyId(name, publicKey, type);
  const typed = new Uint8Array(1 + ED25519_KEY_SIZE);
  typed[0] = type;
  typed.set(publicKey, 1);
  return `${name}+${keyIdHex(id)}+${toBase64(typed)}`;
}

/** A parsed verifier key: always says its type, so a 0x04 cosigner key is never used as a log key by accident. */
export interface ParsedVerifierKey extends NoteVerifier {
  readonly type: VerifierKeyType;
}

/** Parses a verifier key string; null unless it is a well-formed Ed25519 key (type 0x01 or 0x04) whose ID matches. */
export function parseVerifierKey(vkey: string): ParsedVerifierKey | null {
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
    const type = typed[0];
    if (typed.length !== 1 + ED25519_KEY_SIZE || !isVerifierKeyType(type)) return null;
    const publicKey = typed.slice(1);
    if (keyIdHex(keyId(name, publicKey, type)) !== idHex) return null;
    return { name, publicKey, type };
  } catch {
    return null;
  }
}

function assertKey(key: unknown, what: string): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== ED25519_KEY_SIZE) {
    throw new TypeError(`${what} must be a ${ED25519_KEY_SIZE}-byte Uint8Array`);
  }
}
