import { ed25519 } from "@noble/curves/ed25519.js";
import { fromBase64, toBase64 } from "./base64.ts";
import { bytesEqual } from "./hash.ts";
import { ED25519_KEY_SIZE, type NoteSigner, type NoteVerifier, keyId } from "./note-key.ts";
import { isNoteSafe, isValidKeyName, utf8Bytes } from "./text-rules.ts";

/**
 * C2SP signed notes: `text` (ending in a newline), a blank line, then one line per
 * signature: `— <key name> <base64(4-byte key ID ‖ signature)>`.
 */

const SIGNATURE_PREFIX = "\u2014 "; // em dash, space
const ED25519_SIGNATURE_SIZE = 64;
/** The spec requires accepting at least 16; Go's implementation (golang.org/x/mod/sumdb/note) caps at 100. */
const MAX_SIGNATURES = 100;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes without the key ID prefix. */
  readonly signature: Uint8Array;
}

export interface OpenedNote {
  /** The signed text, including its final newline. */
  readonly text: string;
  /** Signatures from a supplied verifier that verified (each key once). */
  readonly verified: NoteSignature[];
  /** Signatures from keys not supplied: ignored, as the spec requires, but reported (e.g. witness cosignatures). */
  readonly unverified: NoteSignature[];
}

/** Throws on invalid input: producing a malformed note is a programming error, not bad data. */
export function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  if (typeof text !== "string" || !text.endsWith("\n") || !isNoteSafe(text)) {
    throw new TypeError("signNote: text must end with a newline and contain no control characters other than newline");
  }
  const list = Array.isArray(signers) ? signers : [signers as NoteSigner];
  if (list.length === 0) throw new TypeError("signNote: at least one signer is required");
  const message = utf8Bytes(text);
  let lines = "";
  for (const signer of list) {
    if (!isValidKeyName(signer.name)) throw new TypeError(`signNote: invalid key name ${JSON.stringify(signer.name)}`);
    if (!(signer.privateKey instanceof Uint8Array) || signer.privateKey.length !== ED25519_KEY_SIZE) {
      throw new TypeError("signNote: privateKey must be a 32-byte Uint8Array");
    }
    const id = keyId(signer.name, ed25519.getPublicKey(signer.privateKey));
    const blob = new Uint8Array(4 + ED25519_SIGNATURE_SIZE);
    new DataView(blob.buffer).setUint32(0, id);
    blob.set(ed25519.sign(message, signer.privateKey), 4);
    lines += `${SIGNATURE_PREFIX}${signer.name} ${toBase64(blob)}\n`;
  }
  return `${text}\n${lines}`;
}

/**
 * Parses and verifies a signed note against trusted keys. Returns null, never throws,
 * when the note is malformed, when any signature from a trusted key fails (the spec's
 * SHOULD, taken as MUST: a bad signature under our key means tampering or a bug), or
 * when no trusted key signed it. Signatures from other keys are ignored.
 */
export function openSignedNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote | null {
  try {
    const text = typeof note === "string" ? note : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(note);
    if (!isNoteSafe(text) || !Array.isArray(verifiers)) return null;
    const split = text.lastIndexOf("\n\n");
    if (split < 0) return null;
    const body = text.slice(0, split + 1);
    const block = text.slice(split + 2);
    if (!block.endsWith("\n")) return null;
    const lines = block.slice(0, -1).split("\n");
    if (lines.length > MAX_SIGNATURES) return null;

    const message = utf8Bytes(body);
    const verified: NoteSignature[] = [];
    const unverified: NoteSignature[] = [];
    const seen = new Set<string>();
    for (const line of lines) {
      const sig = parseSignatureLine(line);
      if (sig === null) return null;
      if (seen.has(line)) continue; // an exact repeat adds nothing
      seen.add(line);

      const matches = verifiers.filter((v) => v.name === sig.name && safeKeyId(v) === sig.keyId);
      if (matches.length === 0) {
        unverified.push(sig);
        continue;
      }
      // Two different trusted keys sharing name and ID: we cannot tell which is meant.
      if (matches.some((m) => !bytesEqual(m.publicKey, matches[0].publicKey))) return null;
      if (sig.signature.length !== ED25519_SIGNATURE_SIZE) return null;
      if (!ed25519.verify(sig.signature, message, matches[0].publicKey, { zip215: false })) return null;
      if (!verified.some((v) => v.name === sig.name && v.keyId === sig.keyId)) verified.push(sig);
    }
    if (verified.length === 0) return null;
    return { text: body, verified, unverified };
  } catch {
    return null;
  }
}

function safeKeyId(v: NoteVerifier): number | null {
  try {
    return keyId(v.name, v.publicKey);
  } catch {
    return null;
  }
}

function parseSignatureLine(line: string): NoteSignature | null {
  if (!line.startsWith(SIGNATURE_PREFIX)) return null;
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(" ");
  if (space < 0) return null;
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) return null;
  let blob: Uint8Array;
  try {
    blob = fromBase64(rest.slice(space + 1));
  } catch {
    return null;
  }
  if (blob.length < 5) return null;
  const id = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(0);
  return { name, keyId: id, signature: blob.slice(4) };
}
