/**
 * @vigil/log: an RFC 9162 Merkle log toolkit with no I/O, for Node and the browser.
 * See README.md for formats and the storage convention.
 */
export { toHex, fromHex } from "./hex.ts";
export { toBase64, fromBase64 } from "./base64.ts";
export { HASH_SIZE, hashLeaf, hashChildren, emptyRoot, bytesEqual } from "./hash.ts";
export { rootFromLeafHashes, mth } from "./tree.ts";
export { inclusionProof, consistencyProof } from "./proof.ts";
export type { Checked, CheckError } from "./checked.ts";
export {
  type ProofError,
  type ProofErrorKind,
  type ProofCheck,
  checkInclusion,
  checkConsistency,
  verifyInclusion,
  verifyConsistency,
} from "./verify.ts";
export { type NodeId, type StoredNode, type NodeLookup, perfectSubtrees, hashFromSubtrees } from "./range.ts";
export { inclusionProofNodes, consistencyProofNodes } from "./storage-proof.ts";
export { CompactRange } from "./compact-range.ts";
export {
  type NoteSigner,
  type NoteVerifier,
  type LogKeyPair,
  type ParsedVerifierKey,
  type VerifierKeyType,
  ED25519_KEY_TYPE,
  COSIGNATURE_KEY_TYPE,
  generateLogKey,
  publicKeyFromPrivateKey,
  keyId,
  keyIdHex,
  encodeVerifierKey,
  parseVerifierKey,
} from "./note-key.ts";
export { signCosignature } from "./cosignature.ts";
export { cosignedMessage } from "./cosigned-message.ts";
export {
  type NoteSignature,
  type OpenedNote,
  type NoteError,
  type NoteErrorKind,
  type NoteCheck,
  signNote,
  checkSignedNote,
  openSignedNote,
} from "./signed-note.ts";
export {
  type Checkpoint,
  type CheckpointInput,
  type CheckpointError,
  type CheckpointErrorKind,
  type CheckpointCheck,
  encodeCheckpoint,
  checkCheckpointBody,
  parseCheckpoint,
  signCheckpoint,
  checkCheckpoint,
  verifyCheckpoint,
} from "./checkpoint.ts";
export {
  type Policy,
  type PolicyLog,
  type PolicyWitness,
  type PolicyGroup,
  type PolicyError,
  type PolicyErrorKind,
  type PolicyCheck,
  type PolicyEvaluation,
  type PolicyEvaluationError,
  type PolicyEvaluationCheck,
  MAX_POLICY_ITEMS,
  checkPolicy,
  parsePolicy,
  encodePolicy,
  evaluatePolicy,
  satisfiesPolicy,
} from "./policy.ts";
export { type Finality, assessFinality, meetsQuorum } from "./finality.ts";
export {
  type Ballot,
  type Candidate,
  type Tally,
  type ScheduledPolicy,
  type ScheduledCheckpoint,
  cosignerVkey,
  delegateQuorum,
  electionPolicy,
  tallyElection,
  policySchedule,
} from "./election.ts";
export {
  type AddCheckpointRequest,
  type AddCheckpointCheck,
  type AcceptedCheckpoint,
  type WitnessedHead,
  type WitnessRejection,
  type WitnessRejectionKind,
  type VerifiedAddCheckpoint,
  MAX_PROOF_LINES,
  MAX_ADD_CHECKPOINT_BYTES,
  parseAddCheckpointRequest,
  encodeAddCheckpointRequest,
  verifyAddCheckpoint,
  checkAgainstLatest,
  checkAddCheckpoint,
  witnessedNote,
} from "./witness.ts";
export {
  type TileId,
  type TileError,
  type TileErrorKind,
  type TileCheck,
  type TileLookup,
  TILE_HEIGHT,
  TILE_WIDTH,
  MAX_ENTRY_SIZE,
  tilePath,
  parseTilePath,
  newTiles,
  tileWidth,
  parseEntryBundle,
  encodeEntryBundle,
  leafTile,
  checkEntryBundle,
  checkTiles,
} from "./tiles.ts";
export { canonicalJson, canonicalBytes } from "./canonical-json.ts";
export { batchDigest } from "./batch.ts";
export {
  type DepartmentKeyBody,
  type DepartmentKeyCheck,
  type KeyInForce,
  DEPARTMENT_KEY_KIND,
  DepartmentKeyRegistry,
  decodeDepartmentKey,
  encodeDepartmentKey,
} from "./department-keys.ts";
export { AUDIT_PROBLEM_KINDS, type AuditProblemKind, type AuditProblem, isAuditProblemKind } from "./audit-problem.ts";
export {
  FORK_EVIDENCE_FORMAT,
  type ForkEvidence,
  type ForkError,
  type ForkErrorKind,
  type ForkCheck,
  forkEvidence,
  checkForkEvidence,
} from "./fork-evidence.ts";
