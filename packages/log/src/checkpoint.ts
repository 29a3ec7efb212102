import { fromBase64, toBase64 } from "./base64.ts";
import type { CheckError, Checked } from "./checked.ts";
import { HASH_SIZE, assertHash } from "./hash.ts";
import { ED25519_KEY_TYPE, type NoteSigner, type NoteVerifier } from "./note-key.ts";
import { assertSize } from "./power-of-two.ts";
import { type NoteError, checkSignedNote, signNote } from "./signed-note.ts";
import { isNoteSafe } from "./text-rules.ts";

/**
 * C2SP tlog-checkpoint: the note text a log signs to commit to a tree head.
 *
 *     <origin>\n<tree size, decimal>\n<base64 root hash>\n[<extension line>\n]...
 *
 * Why the strict parser: the checkpoint body is signed text, and two spellings of
 * one tree head (a leading zero, unpadded base64) would let two different signed
 * byte strings claim the same head, which breaks comparing checkpoints by bytes.
 */

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly extensions: readonly string[];
}

export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly extensions?: readonly string[];
}

function isLine(line: unknown): line is string {
  return typeof line === "string" && line.length > 0 && !line.includes("\n") && isNoteSafe(line);
}

/** Throws on input that would not parse back to the same checkpoint. */
export function encodeCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, size, root, extensions = [] } = checkpoint;
  if (!isLine(origin)) throw new TypeError("encodeCheckpoint: origin must be a non-empty line without control characters");
  assertSize(size, "encodeCheckpoint: size");
  assertHash(root, "encodeCheckpoint: root");
  if (!Array.isArray(extensions) || !extensions.every(isLine)) {
    throw new TypeError("encodeCheckpoint: extension lines must be non-empty lines without control characters");
  }
  return [origin, String(size), toBase64(root), ...extensions].map((l) => `${l}\n`).join("");
}

export type CheckpointErrorKind = CheckpointError["kind"];

/** Why a signed checkpoint was rejected: a signed-note error, or one about the checkpoint inside it. */
export type CheckpointError =
  | NoteError
  /** The signed text is not a checkpoint body in its one valid spelling. */
  | CheckError<"malformed-checkpoint">
  /** A valid checkpoint, for another log: `expected` is the origin asked for, `actual` the one signed. */
  | (CheckError<"origin-mismatch"> & { readonly expected: string; readonly actual: string });

export type CheckpointCheck = Checked<CheckpointError, { readonly checkpoint: Checkpoint }>;

const malformed = (message: string): CheckpointCheck => ({ ok: false, error: { kind: "malformed-checkpoint", message } });

/**
 * Parses a checkpoint body (not a signed note: use `checkCheckpoint` for that), saying why it is not
 * one. Sizes beyond Number.MAX_SAFE_INTEGER are refused: this library cannot represent them exactly.
 */
export function checkCheckpointBody(text: string): CheckpointCheck {
  try {
    if (typeof text !== "string" || !text.endsWith("\n")) return malformed("the checkpoint does not end with a newline");
    if (!isNoteSafe(text)) return malformed("the checkpoint contains control characters other than newline");
    const lines = text.slice(0, -1).split("\n");
    if (lines.length < 3) return malformed("the checkpoint needs an origin, a size and a root hash line");
    if (!lines.every((l) => l.length > 0)) return malformed("the checkpoint has an empty line");
    const [origin, sizeText, rootText, ...extensions] = lines;
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) return malformed(`the size ${JSON.stringify(sizeText)} is not a decimal number without leading zeros`);
    const size = Number(sizeText);
    if (!Number.isSafeInteger(size)) return malformed(`the size ${sizeText} is larger than 2^53 - 1`);
    let root: Uint8Array;
    try {
      root = fromBase64(rootText);
    } catch {
      return malformed("the root hash is not canonical padded base64");
    }
    if (root.length !== HASH_SIZE) return malformed(`the root hash has ${root.length} bytes, not ${HASH_SIZE}`);
    return { ok: true, checkpoint: { origin, size, root, extensions } };
  } catch (e) {
    return malformed(`the checkpoint could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** `checkCheckpointBody` without the reason: the checkpoint, or null when malformed. */
export function parseCheckpoint(text: string): Checkpoint | null {
  const r = checkCheckpointBody(text);
  return r.ok ? r.checkpoint : null;
}

/**
 * Signs a checkpoint body, returning the signed note. The body must be a valid
 * checkpoint (throws otherwise). Use the origin as the key name: that is the
 * C2SP recommendation and what `verifyCheckpoint` expects by default.
 */
export function signCheckpoint(body: string, signer: NoteSigner | readonly NoteSigner[]): string {
  if (parseCheckpoint(body) === null) throw new TypeError("signCheckpoint: body is not a valid checkpoint");
  return signNote(body, signers(signer));
}

function signers(s: NoteSigner | readonly NoteSigner[]): readonly NoteSigner[] {
  return Array.isArray(s) ? s : [s as NoteSigner];
}

/**
 * The checkpoint in a signed note, or why it is refused: unless `verifier` signed it and its origin is
 * `expectedOrigin` (default: the key name). Why check the origin: a key that signs for several logs, or
 * a checkpoint copied from another log, must not be mistaken for this log's head. Never throws.
 */
export function checkCheckpoint(note: string | Uint8Array, verifier: NoteVerifier, expectedOrigin?: string): CheckpointCheck {
  // A log signs its checkpoints with a type 0x01 key. A cosigner's (0x04) key in its place would take a
  // witness's cosignature for the log's own signature, so it is refused, not silently used.
  if ((verifier?.type ?? ED25519_KEY_TYPE) !== ED25519_KEY_TYPE) {
    return {
      ok: false,
      error: { kind: "unknown-key", keys: [], message: "a checkpoint is signed by a log key (type 0x01); this is a cosigner key (type 0x04)" },
    };
  }
  const opened = checkSignedNote(note, [verifier]);
  if (!opened.ok) return opened;
  const body = checkCheckpointBody(opened.note.text);
  if (!body.ok) return body;
  const expected = expectedOrigin ?? verifier.name;
  const actual = body.checkpoint.origin;
  if (actual !== expected) {
    return {
      ok: false,
      error: { kind: "origin-mismatch", expected, actual, message: `the checkpoint is for origin ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}` },
    };
  }
  return body;
}

/** `checkCheckpoint` without the reason: the checkpoint, or null. */
export function verifyCheckpoint(note: string | Uint8Array, verifier: NoteVerifier, expectedOrigin?: string): Checkpoint | null {
  const r = checkCheckpoint(note, verifier, expectedOrigin);
  return r.ok ? r.checkpoint : null;
}
