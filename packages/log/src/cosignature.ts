import { ed25519 } from "@noble/curves/ed25519.js";
import { toBase64 } from "./base64.ts";
import { parseCheckpoint } from "./checkpoint.ts";
import { bytesEqual } from "./hash.ts";
import { ED25519_SIGNATURE_SIZE, MAX_TIMESTAMP, TIMESTAMP_SIZE, cosignedMessage } from "./cosigned-message.ts";
import { COSIGNATURE_KEY_TYPE, ED25519_KEY_SIZE, type NoteSigner, keyId } from "./note-key.ts";
import { isValidKeyName } from "./text-rules.ts";

/**
 * C2SP tlog-cosignature v1 (Ed25519, signature type 0x04): a witness's statement that, as of
 * `timestamp`, this checkpoint is the largest consistent tree head it has seen for the origin.
 *
 * The note signature line is `— <name> base64(key ID ‖ u64be timestamp ‖ Ed25519 signature)`, the
 * key ID is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4], and the signature is over
 * `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint body (extension lines included).
 * Verification is `openSignedNote`/`checkSignedNote` with a verifier of `type: 0x04`.
 */

/**
 * The cosignature line for `checkpointBody` (a checkpoint note's text, without its signatures), by
 * `signer` at `timestamp` (POSIX seconds). Append it to the signed checkpoint to add the cosignature:
 * the result is a note that a 0x04 verifier accepts. Throws on invalid input (a caller's bug).
 */
export function signCosignature(checkpointBody: string, signer: NoteSigner, timestamp: number): string {
  if (typeof checkpointBody !== "string" || parseCheckpoint(checkpointBody) === null) {
    throw new TypeError("signCosignature: checkpointBody is not a valid checkpoint body");
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new RangeError("signCosignature: timestamp must be a non-negative safe integer (POSIX seconds)");
  }
  if (!isValidKeyName(signer?.name)) throw new TypeError(`signCosignature: invalid key name ${JSON.stringify(signer?.name)}`);
  if (!(signer.privateKey instanceof Uint8Array) || signer.privateKey.length !== ED25519_KEY_SIZE) {
    throw new TypeError("signCosignature: privateKey must be a 32-byte Uint8Array");
  }
  const id = keyId(signer.name, publicKeyOf(signer.privateKey), COSIGNATURE_KEY_TYPE);
  const blob = new Uint8Array(4 + TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE);
  const view = new DataView(blob.buffer);
  view.setUint32(0, id);
  view.setBigUint64(4, BigInt(timestamp));
  blob.set(ed25519.sign(cosignedMessage(checkpointBody, timestamp), signer.privateKey), 4 + TIMESTAMP_SIZE);
  return `\u2014 ${signer.name} ${toBase64(blob)}\n`;
}

/**
 * A witness signs with one key for its whole life, and deriving the public key (for the key ID) is a
 * scalar multiplication as costly as the signature itself, so it is remembered per key array. The
 * copy of the seed detects a caller that rewrote the array in place.
 */
const publicKeys = new WeakMap<Uint8Array, { seed: Uint8Array; publicKey: Uint8Array }>();

function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  const hit = publicKeys.get(privateKey);
  if (hit && bytesEqual(hit.seed, privateKey)) return hit.publicKey;
  const publicKey = ed25519.getPublicKey(privateKey);
  publicKeys.set(privateKey, { seed: privateKey.slice(), publicKey });
  return publicKey;
}
