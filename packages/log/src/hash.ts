import { sha256 } from "@noble/hashes/sha2.js";

/**
 * RFC 9162 §2.1.1 hashing with SHA-256.
 *
 * Why the 0x00 / 0x01 prefixes: they domain-separate leaves from interior nodes, so
 * nobody can present an interior node's two children as if they were a leaf's data
 * (the second-preimage attack on naive Merkle trees).
 */

export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** Root of the empty tree, MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** A fresh copy, because a caller mutating a shared constant would corrupt every later comparison. */
export function emptyRoot(): Uint8Array {
  return EMPTY_ROOT.slice();
}

export function hashLeaf(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError("hashLeaf: data must be a Uint8Array");
  return sha256.create().update(LEAF_PREFIX).update(data).digest();
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  assertHash(left, "hashChildren: left");
  assertHash(right, "hashChildren: right");
  return sha256.create().update(NODE_PREFIX).update(left).update(right).digest();
}

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

/** Why strict: a 31- or 33-byte "hash" is always a bug upstream (wrong column, raw data instead of a hash). */
export function assertHash(value: unknown, what: string): asserts value is Uint8Array {
  if (!isHash(value)) {
    const got = value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
    throw new TypeError(`${what} must be a ${HASH_SIZE}-byte Uint8Array, got ${got}`);
  }
}

/** Byte equality; hashes are public values, so constant time is not needed. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
