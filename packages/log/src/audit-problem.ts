/**
 * What an audit of a stored log can find wrong, as data: the API's audit (`npm run ledger -- verify`)
 * reports one of these, and the portal or a script can switch on `kind` instead of matching messages.
 *
 * Why here, in the pure package: the kinds are part of what "this log verifies" means, shared by the
 * server that audits and every client that displays or rechecks the result.
 */
export const AUDIT_PROBLEM_KINDS = [
  // The entries themselves.
  /** An index is absent: the stored entries are not contiguous from 0. */
  "gap",
  /** A stored leaf hash is not SHA-256(0x00 ‖ payload): the payload was edited. */
  "leaf-mismatch",
  /** A payload is not the JSON document it must be. */
  "malformed-payload",
  /** A column of the entry row (kind, receivedAt, department) differs from the signed payload. */
  "column-mismatch",
  /** An entry names a submitting department that does not exist. */
  "unknown-department",
  // Submitters' batch signatures.
  /** An entry is covered by no submitter's signature. */
  "unsigned-entry",
  /** A signed batch does not match its entries: no length, cut short, run past the log's end, or another submitter's entry inside. */
  "bad-batch",
  /** A submitter's Ed25519 signature over a batch does not verify. */
  "bad-signature",
  // Department keys, replayed from the log's department-key entries (never from the Department table).
  /** An entry is signed by a department that has no key registered on the log at that index. */
  "unregistered-key",
  /** A department-key entry breaks the registration/rotation rules (wrong signer, wrong previous key, malformed). */
  "bad-key-entry",
  // The stored tree.
  /** A stored subtree hash differs from the one recomputed from the leaves. */
  "node-mismatch",
  /** A subtree hash the leaves complete is not stored. */
  "missing-node",
  /** Stored subtree hashes that no entry accounts for. */
  "orphan-node",
  // Checkpoints.
  /** A checkpoint's stored root is not the root of the entries it covers. */
  "root-mismatch",
  /** A checkpoint's note is not signed by the log key (or not a checkpoint for this log). */
  "checkpoint-signature",
  /** A checkpoint's signed note names another size or root than its row. */
  "checkpoint-inconsistent",
  /** A checkpoint covers more entries than the log has: entries deleted from the end. */
  "truncated",
  // Domain rows (reports, alerts, policies, tasks) against their entries.
  /** A domain row points at no log entry. */
  "domain-no-entry",
  /** A domain row points at an entry of another kind (or a task status change instead of its assignment). */
  "domain-wrong-kind",
  /** A domain row's field (or a task's status) differs from what the log says. */
  "domain-mismatch",
  /** A logged governed fact has no domain row: deleted from the tables but not from history. */
  "domain-missing",
  /** A medical access entry after the consent it names was revoked, or after the patient's records were erased. */
  "access-after-revocation",
  /** A consent entry whose patient signature does not verify with the patient's registered key (or names no grant). */
  "bad-consent",
] as const;

export type AuditProblemKind = (typeof AUDIT_PROBLEM_KINDS)[number];

export interface AuditProblem {
  /** The first log index the problem touches. */
  index: number;
  kind: AuditProblemKind;
  /** One sentence for people; do not parse it, switch on `kind`. */
  message: string;
  /** The value that would have passed (recomputed hash as hex, the log's value as JSON), when there is one. */
  expected?: string;
  /** The value found (stored hash as hex, the table's value as JSON). */
  actual?: string;
  /** The table where the bad value sits ("LogEntry", "LogNode", "Checkpoint", "CaseReport", …). */
  table?: string;
}

/** For values that arrive untyped (JSON, GraphQL enums). */
export function isAuditProblemKind(value: unknown): value is AuditProblemKind {
  return typeof value === "string" && (AUDIT_PROBLEM_KINDS as readonly string[]).includes(value);
}
