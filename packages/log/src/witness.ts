import { fromBase64, toBase64 } from "./base64.ts";
import type { CheckError, Checked } from "./checked.ts";
import { type Checkpoint, checkCheckpoint, checkCheckpointBody } from "./checkpoint.ts";
import { HASH_SIZE, bytesEqual, emptyRoot } from "./hash.ts";
import type { NoteVerifier } from "./note-key.ts";
import { type NoteSignature, readNote } from "./signed-note.ts";
import { checkConsistency } from "./verify.ts";

/**
 * The decisions of a C2SP tlog-witness v1.0.0 `add-checkpoint` call, without the HTTP, the clock,
 * the key or the database, so that every status code is a pure function of (request, trusted log
 * keys, the witness's latest cosigned tree head) and the node only has to store and sign.
 *
 * Request body: `old <N>\n`, up to 63 base64 consistency-proof lines, an empty line, a signed
 * checkpoint. The checks run in the spec's order:
 *
 *   400 malformed request or checkpoint · 404 unknown origin · 403 no valid signature by a trusted
 *   log key (or a trusted key's signature that fails) · 400 old > checkpoint size · 409 old ≠ the
 *   size last cosigned (body `<size>\n`) · 422 a size-0 checkpoint without the empty root, a proof
 *   with old = 0, a consistency proof that does not verify, or the same size with another root.
 *
 * The last rule is 409 in the released v1.0.0 and 422 in the current draft; the draft's 422 is what
 * this returns (both are accepted by clients written to v1.0.0, which only act on 409's size body,
 * and a 409 without one would be misread as "resync"). The 403 for a failing trusted signature and
 * the size-0 root check are also from the current draft.
 */

/** The client MUST NOT send more; a longer proof cannot be valid for sizes below 2^63. */
export const MAX_PROOF_LINES = 63;
/** The witness's limit on a request body; a checkpoint with 63 proof lines and many signatures fits well within it. */
export const MAX_ADD_CHECKPOINT_BYTES = 16 * 1024;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, as sent. */
  readonly note: string;
}

/** What the witness has recorded for an origin: the tree head it last cosigned. */
export interface WitnessedHead {
  readonly size: number;
  readonly root: Uint8Array;
}

export type WitnessRejectionKind = WitnessRejection["kind"];

/** A refusal, with the HTTP status the spec assigns to it. */
export type WitnessRejection =
  | (CheckError<"malformed-request"> & { readonly status: 400 })
  | (CheckError<"unknown-origin"> & { readonly status: 404; readonly origin: string })
  | (CheckError<"bad-log-signature"> & { readonly status: 403 })
  | (CheckError<"old-size-too-large"> & { readonly status: 400 })
  /** `size` is the size the witness last cosigned: the 409 body, so the client can resync. */
  | (CheckError<"old-size-mismatch"> & { readonly status: 409; readonly size: number })
  | (CheckError<"inconsistent"> & { readonly status: 422 });

export interface AcceptedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The checkpoint body (the signed text), which the cosignature signs. */
  readonly body: string;
  /** The log signatures that verified: the witness keeps these with its own cosignature. */
  readonly logSignatures: readonly NoteSignature[];
}

export type AddCheckpointCheck = Checked<WitnessRejection, { readonly accepted: AcceptedCheckpoint }>;

const bad = (message: string): { ok: false; error: WitnessRejection } => ({ ok: false, error: { kind: "malformed-request", status: 400, message } });

/** Splits and checks the request body's framing (not its checkpoint). Never throws. */
export function parseAddCheckpointRequest(body: string | Uint8Array): Checked<WitnessRejection, { readonly request: AddCheckpointRequest }> {
  let text: string;
  try {
    text = typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return bad("the request body is not valid UTF-8");
  }
  if (typeof text !== "string") return bad("the request body is not text");
  const blank = text.indexOf("\n\n");
  if (blank < 0) return bad("the request has no empty line before the checkpoint");
  const head = text.slice(0, blank).split("\n");
  const note = text.slice(blank + 2);
  const old = /^old (0|[1-9][0-9]*)$/.exec(head[0]);
  if (old === null) return bad('the first line is not "old <size>" in decimal without leading zeros');
  const oldSize = Number(old[1]);
  if (!Number.isSafeInteger(oldSize)) return bad(`old size ${old[1]} is larger than 2^53 - 1`);
  const lines = head.slice(1);
  if (lines.length > MAX_PROOF_LINES) return bad(`the proof has ${lines.length} lines; at most ${MAX_PROOF_LINES} are allowed`);
  const proof: Uint8Array[] = [];
  for (const [i, line] of lines.entries()) {
    let hash: Uint8Array;
    try {
      hash = fromBase64(line);
    } catch {
      return bad(`proof line ${i + 1} is not canonical base64`);
    }
    if (hash.length !== HASH_SIZE) return bad(`proof line ${i + 1} is ${hash.length} bytes, not ${HASH_SIZE}`);
    proof.push(hash);
  }
  return { ok: true, request: { oldSize, proof, note } };
}

/** The request body a log sends: the inverse of `parseAddCheckpointRequest`. */
export function encodeAddCheckpointRequest(request: AddCheckpointRequest): string {
  return `old ${request.oldSize}\n${request.proof.map((h) => `${toBase64(h)}\n`).join("")}\n${request.note}`;
}

/** A request whose checkpoint a trusted log key signed, with old ≤ size: what is left depends on the stored head. */
export interface VerifiedAddCheckpoint {
  readonly request: AddCheckpointRequest;
  readonly accepted: AcceptedCheckpoint;
}

/**
 * The checks that do not depend on the witness's state, in the spec's order: 400 malformed, 404
 * unknown origin, 403 no valid signature by a trusted log key, 400 old > size. `trusted(origin)`
 * gives the log keys the witness trusts for an origin, or undefined when it does not know it. Split
 * from `checkAgainstLatest` so a witness verifies the signature once, outside its per-origin lock.
 */
export function verifyAddCheckpoint(
  request: AddCheckpointRequest,
  trusted: (origin: string) => readonly NoteVerifier[] | undefined,
): Checked<WitnessRejection, { readonly verified: VerifiedAddCheckpoint }> {
  const read = readNote(request.note);
  if (!read.ok) return bad(`the checkpoint is not a signed note: ${read.error.message}`);
  const parsed = checkCheckpointBody(read.read.text);
  if (!parsed.ok) return bad(`the note is not a checkpoint: ${parsed.error.message}`);
  const { origin } = parsed.checkpoint;
  const keys = trusted(origin);
  if (keys === undefined || keys.length === 0) {
    return { ok: false, error: { kind: "unknown-origin", status: 404, origin, message: `this witness does not know the log ${JSON.stringify(origin)}` } };
  }
  let accepted: { checkpoint: Checkpoint; logSignatures: NoteSignature[] } | undefined;
  let why = "no signature by a trusted log key";
  for (const key of keys) {
    const r = checkCheckpoint(request.note, key, origin);
    if (r.ok) {
      const sigs = read.read.signatures.filter((s) => s.name === key.name);
      accepted = { checkpoint: r.checkpoint, logSignatures: accepted ? [...accepted.logSignatures, ...sigs] : sigs };
    } else if (r.error.kind === "bad-signature") {
      // A line under a trusted key's name and ID that fails: a malformed note (signed-note), refused outright.
      return { ok: false, error: { kind: "bad-log-signature", status: 403, message: r.error.message } };
    } else {
      why = r.error.message;
    }
  }
  if (accepted === undefined) return { ok: false, error: { kind: "bad-log-signature", status: 403, message: why } };
  const { checkpoint } = accepted;
  if (request.oldSize > checkpoint.size) {
    return {
      ok: false,
      error: { kind: "old-size-too-large", status: 400, message: `old size ${request.oldSize} is larger than the checkpoint size ${checkpoint.size}` },
    };
  }
  return { ok: true, verified: { request, accepted: { checkpoint, body: read.read.text, logSignatures: accepted.logSignatures } } };
}

/**
 * The checks against what the witness last cosigned for the origin (`latest`, null: never): 409 old ≠
 * stored size, then 422 for a size-0 checkpoint without the empty root, a proof with old 0, a proof
 * that does not verify, or the stored size with another root. Accepting means the caller must now
 * record the checkpoint atomically, only if `latest` is still what it read (compare-and-swap), and
 * only then answer with the cosignature.
 */
export function checkAgainstLatest(verified: VerifiedAddCheckpoint, latest: WitnessedHead | null): AddCheckpointCheck {
  const { checkpoint } = verified.accepted;
  const { oldSize, proof } = verified.request;
  const stored = latest?.size ?? 0;
  if (oldSize !== stored) {
    return {
      ok: false,
      error: { kind: "old-size-mismatch", status: 409, size: stored, message: `old size ${oldSize} is not ${stored}, the size last cosigned` },
    };
  }
  const inconsistent = (message: string): AddCheckpointCheck => ({ ok: false, error: { kind: "inconsistent", status: 422, message } });
  if (checkpoint.size === 0 && !bytesEqual(checkpoint.root, emptyRoot())) return inconsistent("a checkpoint of size 0 must have the empty tree's root");
  if (oldSize === 0) {
    if (proof.length !== 0) return inconsistent("the proof must be empty when the old size is 0");
  } else {
    const oldRoot = (latest as WitnessedHead).root;
    if (oldSize === checkpoint.size && !bytesEqual(oldRoot, checkpoint.root)) {
      return inconsistent(`size ${oldSize} was cosigned with another root hash`);
    }
    const r = checkConsistency(oldSize, checkpoint.size, oldRoot, checkpoint.root, proof);
    if (!r.ok) return inconsistent(`the consistency proof does not verify: ${r.error.message}`);
  }
  return { ok: true, accepted: verified.accepted };
}

/** Both stages: the whole decision for one request, given the state. */
export function checkAddCheckpoint(
  request: AddCheckpointRequest,
  trusted: (origin: string) => readonly NoteVerifier[] | undefined,
  latest: (origin: string) => WitnessedHead | null,
): AddCheckpointCheck {
  const v = verifyAddCheckpoint(request, trusted);
  if (!v.ok) return v;
  return checkAgainstLatest(v.verified, latest(v.verified.accepted.checkpoint.origin));
}

/**
 * The note a witness serves at `GET /<origin hash>/checkpoint`: the checkpoint with the log
 * signatures it verified and its own cosignature line(s), as the draft's monitoring API requires.
 */
export function witnessedNote(accepted: AcceptedCheckpoint, cosignatureLines: string): string {
  const logLines = accepted.logSignatures.map((s) => {
    const blob = new Uint8Array(4 + s.signature.length);
    new DataView(blob.buffer).setUint32(0, s.keyId);
    blob.set(s.signature, 4);
    return `\u2014 ${s.name} ${toBase64(blob)}\n`;
  });
  return `${accepted.body}\n${logLines.join("")}${cosignatureLines}`;
}
