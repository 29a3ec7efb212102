import { type Checkpoint, checkCheckpoint } from "./checkpoint.ts";
import type { CheckError, Checked } from "./checked.ts";
import { bytesEqual } from "./hash.ts";
import { fromHex, toHex } from "./hex.ts";
import type { NoteVerifier } from "./note-key.ts";
import { checkConsistency } from "./verify.ts";

/**
 * Evidence that a log forked: two checkpoints it signed that cannot both belong to one append-only history.
 * Anyone holding the log's verifier key checks it offline, with no copy of the log:
 *
 * - same size, different roots: the two signed notes are the whole proof;
 * - different sizes: the holder of the entries (a mirror) adds `prefixRoot`, the root of the larger tree's first
 *   `smaller.size` leaves, and an RFC 9162 consistency proof from (smaller.size, prefixRoot) to the larger
 *   checkpoint. If the proof verifies and prefixRoot is not the smaller checkpoint's root, the log signed a tree
 *   whose prefix is not the tree it signed for that size.
 *
 * Why a format of our own: C2SP has no fork-evidence format yet (tlog-witness answers 409 with the size it
 * holds, which proves nothing to a third party). This one is two C2SP signed notes plus RFC 9162 hashes.
 */
export const FORK_EVIDENCE_FORMAT = "vigil-fork-evidence/1" as const;

export interface ForkEvidence {
  readonly format: typeof FORK_EVIDENCE_FORMAT;
  readonly origin: string;
  /** The two signed checkpoint notes, as the log served them. */
  readonly checkpoints: readonly [string, string];
  /** Only when the sizes differ: hex root of the larger tree's prefix of the smaller size. */
  readonly prefixRoot?: string;
  /** Only when the sizes differ: hex hashes of the consistency proof from (smaller size, prefixRoot) to the larger. */
  readonly proof?: readonly string[];
  /** Who found it and when (informative, not checked). */
  readonly observedBy?: string;
  readonly observedAt?: string;
}

export type ForkErrorKind = ForkError["kind"];
export type ForkError =
  | CheckError<"malformed-evidence">
  | (CheckError<"bad-checkpoint"> & { readonly which: 0 | 1 })
  | CheckError<"origin-mismatch">
  | CheckError<"bad-proof">
  | CheckError<"not-a-fork">;

export type ForkCheck = Checked<ForkError, { readonly size: number; readonly roots: readonly [string, string] }>;

/** Builds the evidence; `leafHashesOfLarger` (its first `larger.size` leaf hashes) is needed only when the sizes differ. */
export function forkEvidence(
  notes: readonly [string, string],
  checkpoints: readonly [Checkpoint, Checkpoint],
  proofOf?: (smallSize: number) => { prefixRoot: Uint8Array; proof: readonly Uint8Array[] },
  meta: { observedBy?: string; observedAt?: string } = {},
): ForkEvidence {
  const [a, b] = checkpoints;
  const base: ForkEvidence = { format: FORK_EVIDENCE_FORMAT, origin: a.origin, checkpoints: [notes[0], notes[1]] as const, ...meta };
  if (a.size === b.size) return base;
  if (!proofOf) throw new TypeError("forkEvidence: checkpoints of different sizes need the larger tree's consistency proof");
  const { prefixRoot, proof } = proofOf(Math.min(a.size, b.size));
  return { ...base, prefixRoot: toHex(prefixRoot), proof: proof.map(toHex) };
}

/** Checks fork evidence against the log's verifier key. Never throws. */
export function checkForkEvidence(evidence: unknown, verifier: NoteVerifier): ForkCheck {
  const fail = (error: ForkError): ForkCheck => ({ ok: false, error });
  try {
    const e = evidence as Partial<ForkEvidence> | null;
    if (
      !e ||
      e.format !== FORK_EVIDENCE_FORMAT ||
      !Array.isArray(e.checkpoints) ||
      e.checkpoints.length !== 2 ||
      !e.checkpoints.every((n) => typeof n === "string")
    ) {
      return fail({ kind: "malformed-evidence", message: `not ${FORK_EVIDENCE_FORMAT} evidence with two checkpoint notes` });
    }
    const opened: Checkpoint[] = [];
    for (const which of [0, 1] as const) {
      const r = checkCheckpoint(e.checkpoints[which], verifier, e.origin);
      if (!r.ok) return fail({ kind: "bad-checkpoint", which, message: `checkpoint ${which + 1}: ${r.error.message}` });
      opened.push(r.checkpoint);
    }
    const [a, b] = opened;
    const roots = [toHex(a.root), toHex(b.root)] as const;
    if (a.size === b.size) {
      if (bytesEqual(a.root, b.root)) return fail({ kind: "not-a-fork", message: `both checkpoints sign the same root for size ${a.size}` });
      return { ok: true, size: a.size, roots };
    }
    const [small, large] = a.size < b.size ? [a, b] : [b, a];
    if (typeof e.prefixRoot !== "string" || !Array.isArray(e.proof)) {
      return fail({ kind: "malformed-evidence", message: "checkpoints of different sizes need prefixRoot and proof" });
    }
    const prefixRoot = fromHex(e.prefixRoot);
    const proof = e.proof.map((h) => fromHex(String(h)));
    const consistent = checkConsistency(small.size, large.size, prefixRoot, large.root, proof);
    if (!consistent.ok) return fail({ kind: "bad-proof", message: `the proof does not tie prefixRoot to the larger checkpoint: ${consistent.error.message}` });
    if (bytesEqual(prefixRoot, small.root)) {
      return fail({ kind: "not-a-fork", message: `the tree of size ${large.size} extends the tree of size ${small.size}: consistent` });
    }
    return { ok: true, size: small.size, roots: [toHex(small.root), e.prefixRoot] };
  } catch (err) {
    return fail({ kind: "malformed-evidence", message: `the evidence could not be read (${err instanceof Error ? err.message : String(err)})` });
  }
}
