import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The witness's Ed25519 private key (the 32-byte seed), generated on first start into the data
 * directory with mode 0600 and never printed: only its verifier key is.
 */
export const KEY_FILE = "witness.key";

export function loadOrCreateKey(dir: string): Uint8Array {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, KEY_FILE);
  try {
    const seed = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
    if (seed.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 Ed25519 seed`);
    // Refuse a key that others can read: it may have been exposed, and silently tightening hides that.
    if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} is readable by others (chmod 600 it, or replace the key)`);
    return new Uint8Array(seed);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const seed = randomBytes(32);
  // "wx": never overwrite a key another process created meanwhile.
  writeFileSync(file, `${seed.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600); // the mode argument is filtered by the umask
  return new Uint8Array(seed);
}
