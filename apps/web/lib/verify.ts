// Proof checks the browser runs itself with @vigil/log, the same library the API builds proofs with:
// the explorer trusts nothing the server says about a proof, only the log's verifier key.
import { fromHex, hashLeaf, parseVerifierKey, toHex, verifyCheckpoint, verifyConsistency, verifyInclusion, type NoteVerifier } from "@vigil/log";
import { fmtInt } from "./format";
import type { Checkpoint, ConsistencyProof, InclusionProof } from "./shapes";

export interface Check {
  id: string;
  label: string;
  ok: boolean;
  /** What was compared, in a sentence: shown under the label. */
  detail: string;
}

export interface Verification {
  ok: boolean;
  checks: Check[];
}

const done = (checks: Check[]): Verification => ({ ok: checks.every((c) => c.ok), checks });

/** Short form of a hash for sentences; the full value is on the page next to it. */
export const shortHash = (hex: string) => (hex.length > 16 ? `${hex.slice(0, 16)}…` : hex);

/** Hex to bytes, or null for anything that is not a well-formed hex string (a mangled proof must fail, not throw). */
function bytes(hex: string): Uint8Array | null {
  try {
    return fromHex(hex);
  } catch {
    return null;
  }
}

/** "vigil.example/log (key a01c85a3)" from a C2SP verifier key `<name>+<key id>+<base64 key>`. */
export function describeKey(vkey: string): string {
  const [name, id] = vkey.split("+");
  return id ? `${name} (key ${id})` : vkey;
}

type CheckpointResult = { check: Check; root: Uint8Array | null };

/** The signed note verifies with the log key, and it commits to the size and root the server served with it. */
function checkCheckpoint(id: string, label: string, cp: Checkpoint, verifier: NoteVerifier | null, vkey: string, treeSize = cp.size): CheckpointResult {
  if (!verifier) return { check: { id, label, ok: false, detail: `The log verifier key "${vkey}" is not a well-formed Ed25519 note key.` }, root: null };
  const signed = verifyCheckpoint(cp.note, verifier);
  if (!signed) {
    return {
      check: { id, label, ok: false, detail: `The signed note does not verify with ${describeKey(vkey)}, or is not a checkpoint of this log.` },
      root: null,
    };
  }
  const root = toHex(signed.root);
  const mismatches = [
    signed.size !== cp.size && `the note says size ${fmtInt(signed.size)}, the server ${fmtInt(cp.size)}`,
    signed.size !== treeSize && `the proof is for a tree of ${fmtInt(treeSize)} entries`,
    root !== cp.rootHash.toLowerCase() && `the note's root ${shortHash(root)} differs from the served root ${shortHash(cp.rootHash)}`,
  ].filter(Boolean);
  return {
    check: {
      id,
      label,
      ok: mismatches.length === 0,
      detail: mismatches.length
        ? `Signed by ${describeKey(vkey)}, but ${mismatches.join("; ")}.`
        : `Signed by ${describeKey(vkey)}: root ${shortHash(root)} over ${fmtInt(signed.size)} entries.`,
    },
    // The signed root, never the served one: inclusion and consistency are checked against what the log key vouches for.
    root: signed.root,
  };
}

/**
 * The three checks of an entry's inclusion proof:
 * 1. the payload hashes to the leaf hash served (RFC 9162 leaf hash, SHA-256(0x00 ‖ UTF-8 payload));
 * 2. the checkpoint's signed note verifies with the log key, for the proof's tree size and root;
 * 3. the audit path leads from that leaf, at its index, to the signed root.
 */
export function verifyEntryProof(
  entry: { index: number; payload: string; leafHash: string },
  proof: InclusionProof,
  vkey: string,
  /** A pinned portal's key check (lib/pinned-key.ts): listed first, and a failure fails the verdict. */
  keyCheck: Check | null = null,
): Verification {
  const computed = toHex(hashLeaf(new TextEncoder().encode(entry.payload)));
  const served = entry.leafHash.toLowerCase();
  const leaf: Check = {
    id: "leaf",
    label: "Leaf hash matches the payload",
    ok: computed === served && proof.leafHash.toLowerCase() === served,
    detail:
      computed === served
        ? proof.leafHash.toLowerCase() === served
          ? `SHA-256(0x00 ‖ payload) = ${shortHash(computed)}, the leaf hash served.`
          : `The payload hashes to ${shortHash(computed)}, but the proof is for leaf ${shortHash(proof.leafHash)} instead.`
        : `SHA-256(0x00 ‖ payload) = ${shortHash(computed)}, but the server says ${shortHash(served)} instead.`,
  };

  const verifier = parseVerifierKey(vkey);
  const { check: checkpoint, root } = checkCheckpoint("checkpoint", "Checkpoint signed by the log", proof.checkpoint, verifier, vkey, proof.treeSize);

  const leafBytes = bytes(proof.leafHash);
  const path = proof.hashes.map(bytes);
  const wellFormed = leafBytes !== null && path.every((h) => h !== null);
  const included =
    wellFormed && root !== null && proof.index === entry.index && verifyInclusion(leafBytes, proof.index, proof.treeSize, path as Uint8Array[], root);
  const n = proof.hashes.length;
  const inclusion: Check = {
    id: "inclusion",
    label: "Included in the signed tree",
    ok: included,
    detail: !wellFormed
      ? "The proof contains a value that is not a 32-byte hex hash."
      : proof.index !== entry.index
        ? `The proof is for entry #${proof.index}, not #${entry.index}.`
        : root === null
          ? "Not checked against an unsigned root: the checkpoint did not verify."
          : included
            ? `${n} sibling hash${n === 1 ? "" : "es"} lead from leaf #${proof.index} to the signed root of ${fmtInt(proof.treeSize)} entries.`
            : `The ${n} sibling hash${n === 1 ? "" : "es"} from leaf #${proof.index} do not lead to the signed root of ${fmtInt(proof.treeSize)} entries.`,
  };
  return done([...(keyCheck ? [keyCheck] : []), leaf, checkpoint, inclusion]);
}

/** Both checkpoints are signed by the log, and the newer tree extends the older one (RFC 9162 §2.1.4). */
export function verifyConsistencyProof(p: ConsistencyProof, vkey: string, keyCheck: Check | null = null): Verification {
  const verifier = parseVerifierKey(vkey);
  const older = checkCheckpoint("from", `Checkpoint ${fmtInt(p.from.size)} signed by the log`, p.from, verifier, vkey);
  const newer = checkCheckpoint("to", `Checkpoint ${fmtInt(p.to.size)} signed by the log`, p.to, verifier, vkey);
  const path = p.hashes.map(bytes);
  const wellFormed = path.every((h) => h !== null);
  const consistent =
    wellFormed && older.root !== null && newer.root !== null && verifyConsistency(p.from.size, p.to.size, older.root, newer.root, path as Uint8Array[]);
  const n = p.hashes.length;
  const extension: Check = {
    id: "consistency",
    label: "The newer tree extends the older one",
    ok: consistent,
    detail: !wellFormed
      ? "The proof contains a value that is not a 32-byte hex hash."
      : older.root === null || newer.root === null
        ? "Not checked against unsigned roots: a checkpoint did not verify."
        : consistent
          ? p.from.size === p.to.size
            ? "Same tree: equal sizes and equal signed roots."
            : `${n} hash${n === 1 ? "" : "es"} show the first ${fmtInt(p.from.size)} entries are unchanged in the tree of ${fmtInt(p.to.size)}: nothing was rewritten or removed.`
          : `The ${n} hash${n === 1 ? "" : "es"} do not reconcile the two signed roots: the log was rewritten, or the proof is wrong.`,
  };
  return done([...(keyCheck ? [keyCheck] : []), older.check, newer.check, extension]);
}

/** The hex hash with the lowest bit of its first byte flipped: the smallest possible forgery. */
export function flipBit(hex: string): string {
  const b = bytes(hex);
  if (!b || b.length === 0) return hex;
  b[0] ^= 0x01;
  return toHex(b);
}
