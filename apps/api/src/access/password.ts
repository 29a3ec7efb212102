import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt guidance (N=2^17, r=8, p=1): ~0.5 s and 128 MiB per hash here, run on libuv's thread pool. */
export const SCRYPT_PARAMS: ScryptParams = { N: 1 << 17, r: 8, p: 1 };
// scrypt needs 128·N·r bytes; allow twice the current parameters so a stored hash up to N=2^18 still verifies.
const MAXMEM = 2 * 128 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r + 1024 * 1024;

/** `scrypt$N$r$p$salt$hash` (base64): self-describing, so parameters can be raised and old hashes upgraded. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, { ...params, maxmem: MAXMEM });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export function paramsOf(stored: string): ScryptParams | null {
  const [scheme, n, r, p] = stored.split("$");
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  return scheme === "scrypt" && Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0) ? params : null;
}

/** True when `stored` was hashed with weaker parameters than today's: rehash it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const params = paramsOf(stored);
  return !params || params.N < SCRYPT_PARAMS.N || params.r < SCRYPT_PARAMS.r || params.p < SCRYPT_PARAMS.p;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = paramsOf(stored);
  const [, , , , salt, hash] = stored.split("$");
  if (!params || !salt || !hash || params.N > 2 * SCRYPT_PARAMS.N) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, { ...params, maxmem: MAXMEM });
  return timingSafeEqual(expected, actual);
}
