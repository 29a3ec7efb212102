import type { NoteVerifier } from "./note-key.ts";
import { type Policy, evaluatePolicy } from "./policy.ts";

/**
 * Finality of a checkpoint under a delegate policy (tlog-policy): whether the log's signature and the
 * delegates' cosignatures on the note meet the quorum, and if not, why, in terms a portal can show.
 * A thin layer over `evaluatePolicy`, which stays the one definition of "satisfies the policy".
 *
 * Never fails open: no policy, a note the log did not sign, or any evaluation error is "not final".
 */
export interface Finality {
  readonly final: boolean;
  /** Policy witnesses whose cosignature verified, in policy order. */
  readonly witnessed: readonly string[];
  /** Policy witnesses with no valid cosignature on the note, in policy order. */
  readonly missing: readonly string[];
  /** Policy witnesses with a line under their key that does not verify (counted as missing too). */
  readonly invalid: readonly string[];
  /** Each group below its threshold (the quorum's own group first), with how many members it has. */
  readonly short: readonly { readonly group: string; readonly threshold: number; readonly have: number }[];
  /** Cosignature timestamps by witness (POSIX seconds). */
  readonly timestamps: Readonly<Record<string, number>>;
  /** Null when final; otherwise one sentence. */
  readonly reason: string | null;
}

const NONE = "none";

export function assessFinality(policy: Policy | null, note: string, logs: readonly NoteVerifier[]): Finality {
  const notFinal = (reason: string, witnessed: readonly string[] = [], invalid: readonly string[] = []): Finality => {
    const missing = (policy?.witnesses ?? []).map((w) => w.name).filter((n) => !witnessed.includes(n));
    return { final: false, witnessed, missing, invalid, short: policy ? shortGroups(policy, witnessed) : [], timestamps: {}, reason };
  };
  if (policy === null) return notFinal("no delegate policy is configured, so only the log itself vouches for this checkpoint");
  // A policy with quorum `none` would make every log-signed checkpoint final: that is failing open.
  if (policy.quorum === NONE) return notFinal("the delegate policy's quorum is `none`: a checkpoint needs delegate cosignatures to be final");
  const r = evaluatePolicy(policy, note, { logs });
  if (!r.ok) {
    if (r.error.kind !== "policy-quorum-not-met") return notFinal(`the log's signature does not verify (${r.error.message})`);
    const witnessed = r.error.witnessed;
    const short = shortGroups(policy, witnessed);
    const missing = policy.witnesses.map((w) => w.name).filter((n) => !witnessed.includes(n));
    const head = short[0];
    const reason = head
      ? `${head.group} needs ${head.threshold} cosignatures and has ${head.have}; missing: ${missing.join(", ") || "none"}`
      : `quorum ${policy.quorum} is not met; missing: ${missing.join(", ") || "none"}`;
    return { final: false, witnessed, missing, invalid: [], short, timestamps: {}, reason };
  }
  const { witnessed, invalid, cosignatures } = r.evaluation;
  const timestamps: Record<string, number> = {};
  for (const c of cosignatures) if (c.timestamp !== undefined) timestamps[c.witness] = c.timestamp;
  return {
    final: true,
    witnessed,
    missing: policy.witnesses.map((w) => w.name).filter((n) => !witnessed.includes(n)),
    invalid,
    short: [],
    timestamps,
    reason: null,
  };
}

/** Groups reachable from the quorum whose threshold the witnessed names do not meet, outermost first. */
function shortGroups(policy: Policy, witnessed: readonly string[]): { group: string; threshold: number; have: number }[] {
  const groups = new Map(policy.groups.map((g) => [g.name, g]));
  const out: { group: string; threshold: number; have: number }[] = [];
  const met = (name: string): boolean => {
    if (name === NONE) return true;
    const g = groups.get(name);
    if (g === undefined) return witnessed.includes(name);
    let have = 0;
    for (const m of g.members) if (met(m)) have++;
    if (have < g.threshold) out.unshift({ group: g.name, threshold: g.threshold, have });
    return have >= g.threshold;
  };
  // A group is counted after its members, so unshift leaves the quorum's own group first.
  met(policy.quorum);
  return out;
}

/**
 * Whether cosignatures by `witnessed` (names whose signatures the caller has already verified) meet the
 * policy's quorum: the group arithmetic of `assessFinality` without re-verifying, for a caller that checks
 * each cosignature as it arrives. `quorum none` and no policy are never met.
 */
export function meetsQuorum(policy: Policy | null, witnessed: readonly string[]): boolean {
  if (policy === null || policy.quorum === NONE) return false;
  return shortGroups(policy, witnessed).length === 0 && (policy.groups.some((g) => g.name === policy.quorum) || witnessed.includes(policy.quorum));
}
