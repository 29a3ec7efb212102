import { sha256 } from "@noble/hashes/sha2.js";
import { assessFinality } from "./finality.ts";
import { toHex } from "./hex.ts";
import { COSIGNATURE_KEY_TYPE, type NoteVerifier, encodeVerifierKey, parseVerifierKey } from "./note-key.ts";
import { type Policy, type PolicyWitness, checkPolicy, encodePolicy } from "./policy.ts";
import { utf8Bytes } from "./text-rules.ts";

/**
 * Delegate elections (approval voting, DPoS style), as pure functions: the tally of one epoch's ballots and the
 * tlog-policy its result embeds. The log stores ballots and results as entries; this decides what they mean.
 *
 * - A ballot approves up to K candidates, each at most once. One ballot per department per epoch counts: the
 *   first in log order (a later one is refused, not a silent overwrite).
 * - The K candidates with the most approvals are elected (a candidate nobody approved is not, so fewer than K may be). Ties are broken by SHA-256(epoch ‖ 0x0A ‖ vkey),
 *   lowest first: not by name or registration order, which a candidate could choose.
 * - The result's policy: every elected delegate as a `witness` line, `group delegates q …` with q = ⌊2K/3⌋ + 1
 *   (more than two thirds: two faulty delegates of five cannot make a checkpoint final), mirrors as
 *   `group mirrors any …` when there are any, and a quorum that needs both.
 */

export interface Candidate {
  /** Policy name (a witness name): letters, digits and `-._`. */
  readonly name: string;
  /** Its C2SP verifier key (type 0x04, or 0x01 read as the same Ed25519 key). */
  readonly vkey: string;
  readonly url?: string;
}

export interface Ballot {
  readonly department: string;
  readonly epoch: number;
  /** Candidate names approved. */
  readonly approvals: readonly string[];
}

export interface Tally {
  readonly epoch: number;
  /** Elected delegates, best first. */
  readonly elected: readonly Candidate[];
  /** Approvals per candidate name (every candidate, 0 included). */
  readonly approvals: Readonly<Record<string, number>>;
  /** Ballots that did not count, with why. */
  readonly refused: readonly { readonly department: string; readonly reason: string }[];
}

/** q = ⌊2K/3⌋ + 1: the smallest number of cosignatures that is more than two thirds of K. */
export const delegateQuorum = (k: number): number => Math.floor((2 * k) / 3) + 1;

function tieHash(epoch: number, vkey: string): string {
  return toHex(sha256(utf8Bytes(`${epoch}\n${vkey}`)));
}

export function tallyElection(input: { epoch: number; k: number; candidates: readonly Candidate[]; ballots: readonly Ballot[] }): Tally {
  const { epoch, k, candidates, ballots } = input;
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError("tallyElection: k must be a positive integer");
  const known = new Map(candidates.map((c) => [c.name, c]));
  const approvals: Record<string, number> = Object.fromEntries(candidates.map((c) => [c.name, 0]));
  const voted = new Set<string>();
  const refused: { department: string; reason: string }[] = [];
  for (const b of ballots) {
    const refuse = (reason: string) => refused.push({ department: b.department, reason });
    if (b.epoch !== epoch) refuse(`the ballot is for epoch ${b.epoch}, not ${epoch}`);
    else if (voted.has(b.department)) refuse(`${b.department} has already voted in epoch ${epoch}`);
    else if (b.approvals.length > k) refuse(`the ballot approves ${b.approvals.length} candidates; at most ${k} may be approved`);
    else if (new Set(b.approvals).size !== b.approvals.length) refuse("the ballot approves a candidate twice");
    else if (b.approvals.some((a) => !known.has(a))) refuse(`the ballot approves ${b.approvals.filter((a) => !known.has(a)).join(", ")}, not a candidate`);
    else {
      voted.add(b.department);
      for (const a of b.approvals) approvals[a]! += 1;
    }
  }
  const ranked = [...candidates].sort((a, b) => approvals[b.name]! - approvals[a.name]! || (tieHash(epoch, a.vkey) < tieHash(epoch, b.vkey) ? -1 : 1));
  return { epoch, elected: ranked.filter((c) => approvals[c.name]! > 0).slice(0, k), approvals, refused };
}

/** The tlog-policy a result entry embeds (checked: it parses back, or this throws). */
export function electionPolicy(input: { logVkey?: string; delegates: readonly Candidate[]; mirrors?: readonly Candidate[] }): string {
  const { delegates, mirrors = [] } = input;
  if (delegates.length === 0) throw new RangeError("electionPolicy: no delegates");
  const witness = (c: Candidate): PolicyWitness => {
    const v = parseVerifierKey(c.vkey);
    if (v === null) throw new TypeError(`electionPolicy: ${c.name}'s vkey does not parse`);
    const verifier = { name: v.name, publicKey: v.publicKey, type: COSIGNATURE_KEY_TYPE } as const;
    return c.url ? { name: c.name, verifier, url: c.url } : { name: c.name, verifier };
  };
  const log = input.logVkey ? parseVerifierKey(input.logVkey) : null;
  if (input.logVkey && log === null) throw new TypeError("electionPolicy: the log vkey does not parse");
  const groups = [{ name: "delegates", threshold: delegateQuorum(delegates.length), members: delegates.map((d) => d.name) }];
  if (mirrors.length) {
    groups.push({ name: "mirrors", threshold: 1, members: mirrors.map((m) => m.name) });
    groups.push({ name: "final", threshold: 2, members: ["delegates", "mirrors"] });
  }
  const policy: Policy = {
    logs: log ? [{ verifier: log }] : [],
    witnesses: [...delegates, ...mirrors].map(witness),
    groups,
    quorum: mirrors.length ? "final" : "delegates",
  };
  const text = encodePolicy(policy);
  const back = checkPolicy(text);
  if (!back.ok) throw new TypeError(`electionPolicy: ${back.error.message}`);
  return text;
}

/** Re-exported for callers that build candidates from raw keys. */
export const cosignerVkey = (name: string, publicKey: Uint8Array): string => encodeVerifierKey(name, publicKey, COSIGNATURE_KEY_TYPE);

/** An election result on the log: the entry index where it was appended, and the policy it embeds. */
export interface ScheduledPolicy {
  readonly resultIndex: number;
  readonly policy: Policy;
}

export interface ScheduledCheckpoint {
  readonly size: number;
  /** The cosigned note. */
  readonly note: string;
}

/**
 * Which policy governs each checkpoint, under the schedule rule (as EOS switches producer schedules): an
 * elected policy takes effect only at the first checkpoint that contains its result entry (size >
 * resultIndex) and is final under the policy in force before it, the *switch checkpoint*. The switch
 * checkpoint is judged by the old policy; every later one by the new. So a result the old delegates never
 * finalised changes nothing, and the log cannot appoint its own delegates without the old ones' cosignatures.
 * `checkpoints` in ascending size; results in log order. Returns, per checkpoint, the index of the policy
 * that judged it (0 = `initial`, i = results[i − 1]) and whether it is final under that policy.
 */
export function policySchedule(
  initial: Policy,
  results: readonly ScheduledPolicy[],
  checkpoints: readonly ScheduledCheckpoint[],
  logs: readonly NoteVerifier[],
): { readonly size: number; readonly policy: number; readonly final: boolean; readonly switchTo?: number }[] {
  const policies = [initial, ...results.map((r) => r.policy)];
  let current = 0;
  const out: { size: number; policy: number; final: boolean; switchTo?: number }[] = [];
  for (const cp of checkpoints) {
    const final = assessFinality(policies[current]!, cp.note, logs).final;
    // The latest result this checkpoint contains that is newer than the policy in force.
    let next = current;
    for (let i = current; i < results.length; i++) if (results[i]!.resultIndex < cp.size) next = i + 1;
    if (final && next !== current) {
      out.push({ size: cp.size, policy: current, final, switchTo: next });
      current = next;
    } else out.push({ size: cp.size, policy: current, final });
  }
  return out;
}
