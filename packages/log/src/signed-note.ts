import { ed25519 } from "@noble/curves/ed25519.js";
import { fromBase64, toBase64 } from "./base64.ts";
import { bytesEqual } from "./hash.ts";
import type { CheckError, Checked } from "./checked.ts";
import { ED25519_KEY_SIZE, type NoteSigner, type NoteVerifier, keyId, keyIdHex } from "./note-key.ts";
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

export type NoteErrorKind = NoteError["kind"];

/** Why a signed note was rejected. `key` names the signature concerned as `<name>+<8 hex key ID>`. */
export type NoteError =
  /** Not a signed note: bad UTF-8 or control characters, no blank line before the signatures, a malformed signature line, or more than 100 of them. */
  | CheckError<"malformed-note">
  /** A trusted key's signature does not verify over the text: tampering, or a bug in the signer. */
  | (CheckError<"bad-signature"> & { readonly key: string })
  /** No trusted key signed the note; `keys` lists who did. */
  | (CheckError<"unknown-key"> & { readonly keys: readonly string[] })
  /** Two different trusted keys share a name and key ID, so it is unclear which one is meant. */
  | (CheckError<"ambiguous-key"> & { readonly key: string });

export type NoteCheck = Checked<NoteError, { readonly note: OpenedNote }>;

const malformed = (message: string): NoteCheck => ({ ok: false, error: { kind: "malformed-note", message } });
const keyLabel = (sig: { name: string; keyId: number }) => `${sig.name}+${keyIdHex(sig.keyId)}`;

/**
 * Parses and verifies a signed note against trusted keys, saying why it is rejected: when it is
 * malformed, when any signature from a trusted key fails (the spec's SHOULD, taken as MUST: a bad
 * signature under our key means tampering or a bug), or when no trusted key signed it. Signatures
 * from other keys are ignored. Never throws.
 */
export function checkSignedNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): NoteCheck {
  try {
    let text: string;
    try {
      text = typeof note === "string" ? note : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      return malformed("the note is not valid UTF-8");
    }
    if (typeof text !== "string" || !isNoteSafe(text)) return malformed("the note contains control characters other than newline");
    // Verifiers are the caller's configuration, not outside input; a missing list simply trusts no key.
    const trusted = Array.isArray(verifiers) ? verifiers : [];
    const split = text.lastIndexOf("\n\n");
    if (split < 0) return malformed("the note has no blank line before its signatures");
    const body = text.slice(0, split + 1);
    const block = text.slice(split + 2);
    if (!block.endsWith("\n")) return malformed("the signature block does not end with a newline");
    const lines = block.slice(0, -1).split("\n");
    if (lines.length > MAX_SIGNATURES) return malformed(`the note has ${lines.length} signatures; at most ${MAX_SIGNATURES} are accepted`);

    const message = utf8Bytes(body);
    const verified: NoteSignature[] = [];
    const unverified: NoteSignature[] = [];
    const seen = new Set<string>();
    for (const [i, line] of lines.entries()) {
      const sig = parseSignatureLine(line);
      if (sig === null) return malformed(`signature line ${i + 1} is not "— <key name> <base64>"`);
      if (seen.has(line)) continue; // an exact repeat adds nothing
      seen.add(line);

      const matches = trusted.filter((v) => v.name === sig.name && safeKeyId(v) === sig.keyId);
      if (matches.length === 0) {
        unverified.push(sig);
        continue;
      }
      const key = keyLabel(sig);
      if (matches.some((m) => !bytesEqual(m.publicKey, matches[0].publicKey))) {
        return { ok: false, error: { kind: "ambiguous-key", key, message: `two different trusted keys are named ${key}` } };
      }
      if (sig.signature.length !== ED25519_SIGNATURE_SIZE || !ed25519.verify(sig.signature, message, matches[0].publicKey, { zip215: false })) {
        return { ok: false, error: { kind: "bad-signature", key, message: `the signature by ${key} does not verify` } };
      }
      if (!verified.some((v) => v.name === sig.name && v.keyId === sig.keyId)) verified.push(sig);
    }
    if (verified.length === 0) {
      const keys = unverified.map(keyLabel);
      return { ok: false, error: { kind: "unknown-key", keys, message: `no trusted key signed the note (signed by ${keys.join(", ")})` } };
    }
    return { ok: true, note: { text: body, verified, unverified } };
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
