import { ed25519 } from "@noble/curves/ed25519.js";
import { fromBase64, toBase64 } from "./base64.ts";
import { bytesEqual } from "./hash.ts";
import type { CheckError, Checked } from "./checked.ts";
import { ED25519_SIGNATURE_SIZE, MAX_TIMESTAMP, TIMESTAMP_SIZE, cosignedMessage } from "./cosigned-message.ts";
import { COSIGNATURE_KEY_TYPE, ED25519_KEY_SIZE, ED25519_KEY_TYPE, type NoteSigner, type NoteVerifier, keyId, keyIdHex } from "./note-key.ts";
import { isNoteSafe, isValidKeyName, utf8Bytes } from "./text-rules.ts";

/**
 * C2SP signed notes: `text` (ending in a newline), a blank line, then one line per
 * signature: `— <key name> <base64(4-byte key ID ‖ signature)>`. A verifier of type 0x01 checks
 * a plain Ed25519 signature over the text; one of type 0x04 checks a tlog-cosignature v1
 * (`timestamp ‖ signature` over `cosignature/v1\ntime <timestamp>\n` + text).
 */

const SIGNATURE_PREFIX = "\u2014 "; // em dash, space
/** The spec requires accepting at least 16; Go's implementation (golang.org/x/mod/sumdb/note) caps at 100. */
const MAX_SIGNATURES = 100;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes without the key ID prefix (for a cosignature: the 8-byte timestamp, then the Ed25519 signature). */
  readonly signature: Uint8Array;
  /** On a verified cosignature (type 0x04): when the cosigner signed, in POSIX seconds. */
  readonly timestamp?: number;
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

export type NoteErrorKind = NoteError["kind"];

/** Why a signed note was rejected. `key` names the signature concerned as `<name>+<8 hex key ID>`. */
export type NoteError =
  /** Not a signed note: bad UTF-8 or control characters, no blank line before the signatures, a malformed signature line, or more than 100 of them. */
  | CheckError<"malformed-note">
  /** A trusted key's signature does not verify over the text (for a cosignature: or its timestamp is out of range): tampering, or a bug in the signer. */
  | (CheckError<"bad-signature"> & { readonly key: string })
  /** No trusted key signed the note; `keys` lists who did. */
  | (CheckError<"unknown-key"> & { readonly keys: readonly string[] })
  /** Two different trusted keys share a name and key ID, so it is unclear which one is meant. */
  | (CheckError<"ambiguous-key"> & { readonly key: string });

export type NoteCheck = Checked<NoteError, { readonly note: OpenedNote }>;

const malformed = (message: string): { ok: false; error: NoteError } => ({ ok: false, error: { kind: "malformed-note", message } });
export const keyLabel = (sig: { name: string; keyId: number }) => `${sig.name}+${keyIdHex(sig.keyId)}`;

/** A note split into its text and parsed signature lines (exact repeats dropped), not yet verified. */
export interface ReadNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Parses the note's structure; shared by `checkSignedNote` and the policy evaluator, which verifies line by line. */
export function readNote(note: string | Uint8Array): Checked<NoteError, { readonly read: ReadNote }> {
  let text: string;
  try {
    text = typeof note === "string" ? note : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    return malformed("the note is not valid UTF-8");
  }
  if (typeof text !== "string" || !isNoteSafe(text)) return malformed("the note contains control characters other than newline");
  const split = text.lastIndexOf("\n\n");
  if (split < 0) return malformed("the note has no blank line before its signatures");
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (!block.endsWith("\n")) return malformed("the signature block does not end with a newline");
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) return malformed(`the note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are accepted`);
  const signatures: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const sig = parseSignatureLine(line);
    if (sig === null) return malformed(`signature line ${i + 1} is not "— <key name> <base64>"`);
    if (seen.has(line)) continue; // an exact repeat adds nothing
    seen.add(line);
    signatures.push(sig);
  }
  return { ok: true, read: { text: body, signatures } };
}

/** The trusted verifiers whose name and key ID (for their type) match a signature line. */
export function matchingVerifiers(sig: NoteSignature, trusted: readonly NoteVerifier[]): NoteVerifier[] {
  return trusted.filter((v) => v.name === sig.name && safeKeyId(v) === sig.keyId);
}

/**
 * Verifies one signature line with one verifier: the signature with its timestamp (for a 0x04
 * cosignature), or null when it does not verify. `message` is the UTF-8 text, passed in so that a
 * note with many plain signatures encodes it once.
 */
export function verifySignature(sig: NoteSignature, verifier: NoteVerifier, text: string, message: Uint8Array): NoteSignature | null {
  if ((verifier.type ?? ED25519_KEY_TYPE) === COSIGNATURE_KEY_TYPE) {
    if (sig.signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return null;
    const ts = new DataView(sig.signature.buffer, sig.signature.byteOffset, TIMESTAMP_SIZE).getBigUint64(0);
    if (ts > BigInt(MAX_TIMESTAMP)) return null;
    const timestamp = Number(ts);
    const ok = ed25519.verify(sig.signature.subarray(TIMESTAMP_SIZE), cosignedMessage(text, timestamp), verifier.publicKey, { zip215: false });
    return ok ? { ...sig, timestamp } : null;
  }
  if (sig.signature.length !== ED25519_SIGNATURE_SIZE) return null;
  return ed25519.verify(sig.signature, message, verifier.publicKey, { zip215: false }) ? sig : null;
}

/**
 * Parses and verifies a signed note against trusted keys, saying why it is rejected: when it is
 * malformed, when any signature from a trusted key fails (the spec's SHOULD, taken as MUST: a bad
 * signature under our key means tampering or a bug), or when no trusted key signed it. Signatures
 * from other keys are ignored. Trusted keys of type 0x04 verify cosignatures and report each one's
 * `timestamp`. Never throws.
 */
export function checkSignedNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): NoteCheck {
  try {
    const r = readNote(note);
    if (!r.ok) return r;
    const { text, signatures } = r.read;
    // Verifiers are the caller's configuration, not outside input; a missing list simply trusts no key.
    const trusted = Array.isArray(verifiers) ? verifiers : [];
    const message = utf8Bytes(text);
    const verified: NoteSignature[] = [];
    const unverified: NoteSignature[] = [];
    for (const sig of signatures) {
      const matches = matchingVerifiers(sig, trusted);
      if (matches.length === 0) {
        unverified.push(sig);
        continue;
      }
      const key = keyLabel(sig);
      if (matches.some((m) => !bytesEqual(m.publicKey, matches[0].publicKey))) {
        return { ok: false, error: { kind: "ambiguous-key", key, message: `two different trusted keys are named ${key}` } };
      }
      const good = verifySignature(sig, matches[0], text, message);
      if (good === null) {
        return { ok: false, error: { kind: "bad-signature", key, message: `the signature by ${key} does not verify` } };
      }
      if (!verified.some((v) => v.name === sig.name && v.keyId === sig.keyId)) verified.push(good);
    }
    if (verified.length === 0) {
      const keys = unverified.map(keyLabel);
      return { ok: false, error: { kind: "unknown-key", keys, message: `no trusted key signed the note (signed by ${keys.join(", ")})` } };
    }
    return { ok: true, note: { text, verified, unverified } };
  } catch (e) {
    return malformed(`the note could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** `checkSignedNote` without the reason: the opened note, or null. */
export function openSignedNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote | null {
  const r = checkSignedNote(note, verifiers);
  return r.ok ? r.note : null;
}

function safeKeyId(v: NoteVerifier): number | null {
  try {
    return keyId(v.name, v.publicKey, v.type ?? ED25519_KEY_TYPE);
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
