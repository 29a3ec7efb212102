import { utf8Bytes } from "./text-rules.ts";

/**
 * The bytes an Ed25519 tlog-cosignature v1 signs (tlog-cosignature.md, "Signed message"):
 *
 *     cosignature/v1\ntime <decimal POSIX seconds>\n<checkpoint body, with its final newline>
 *
 * Why its own module: both the signer (cosignature.ts) and the verifier (signed-note.ts) need it, and
 * the signer also depends on the checkpoint parser, which depends on the verifier.
 */
export const COSIGNATURE_HEADER = "cosignature/v1";

/** Ed25519 signature length, and the 8-byte timestamp in front of it: the 72-byte `timestamped_signature`. */
export const ED25519_SIGNATURE_SIZE = 64;
export const TIMESTAMP_SIZE = 8;

export function cosignedMessage(body: string, timestamp: number): Uint8Array {
  return utf8Bytes(`${COSIGNATURE_HEADER}\ntime ${timestamp}\n${body}`);
}

/**
 * Why the cap is 2^53 − 1 and not the spec's 2^63 − 1: timestamps are plain numbers here (as sizes
 * are), and a larger one (past the year 285,000,000) could not be reported exactly. Such a
 * cosignature is refused rather than rounded.
 */
export const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;
