import { fromBase64, toBase64 } from "./base64.ts";
import { HASH_SIZE, assertHash } from "./hash.ts";
import { type NoteSigner, type NoteVerifier } from "./note-key.ts";
import { assertSize } from "./power-of-two.ts";
import { openSignedNote, signNote } from "./signed-note.ts";
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

/**
 * Parses a checkpoint body (not a signed note: use `verifyCheckpoint` for that).
 * Null when malformed, including sizes beyond Number.MAX_SAFE_INTEGER, which this
 * library cannot represent exactly.
 */
export function parseCheckpoint(text: string): Checkpoint | null {
  try {
    if (typeof text !== "string" || !text.endsWith("\n") || !isNoteSafe(text)) return null;
    const lines = text.slice(0, -1).split("\n");
    if (lines.length < 3 || !lines.every((l) => l.length > 0)) return null;
    const [origin, sizeText, rootText, ...extensions] = lines;
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) return null;
    const size = Number(sizeText);
    if (!Number.isSafeInteger(size)) return null;
    const root = fromBase64(rootText);
    if (root.length !== HASH_SIZE) return null;
    return { origin, size, root, extensions };
  } catch {
    return null;
  }
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
 * The checkpoint in a signed note, or null unless `verifier` signed it and its origin
 * is `expectedOrigin` (default: the key name). Why check the origin: a key that signs
 * for several logs, or a checkpoint copied from another log, must not be mistaken
 * for this log's head. Never throws.
 */
export function verifyCheckpoint(
  note: string | Uint8Array,
  verifier: NoteVerifier,
  expectedOrigin?: string,
): Checkpoint | null {
  try {
    const opened = openSignedNote(note, [verifier]);
    if (opened === null) return null;
    const checkpoint = parseCheckpoint(opened.text);
    if (checkpoint === null) return null;
    if (checkpoint.origin !== (expectedOrigin ?? verifier.name)) return null;
    return checkpoint;
  } catch {
    return null;
  }
}
