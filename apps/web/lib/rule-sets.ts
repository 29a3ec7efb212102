import type { RuleSetRow } from "./shapes";

/** The policy page's groups: contracts govern every phase; policies in the lifecycle order of their phase. */
export const RULE_SET_GROUPS = [
  { id: "contracts", title: "Contracts (every phase)", match: (r: RuleSetRow) => r.kind === "CONTRACT" },
  { id: "prevention", title: "Policies — prevention (pre-event)", match: (r: RuleSetRow) => r.kind === "POLICY" && r.phase === "PREVENTION" },
  { id: "emergency", title: "Policies — emergency (in-event)", match: (r: RuleSetRow) => r.kind === "POLICY" && r.phase === "EMERGENCY" },
  { id: "recovery", title: "Policies — recovery (post-event)", match: (r: RuleSetRow) => r.kind === "POLICY" && r.phase === "RECOVERY" },
] as const;

export interface InForceSpan {
  key: string;
  version: string;
  hash: string;
  from: string;
  /** Exclusive; null: still in force (open-ended). */
  until: string | null;
  why: "open" | "superseded" | "revoked" | "expired";
}

/**
 * What was in force when, per key: each approved version from its effective date until the next approved
 * version of the key takes effect, its window ends, or its revocation — the rule the API's `ruleSets(at:)`
 * applies (@vigil/rules' inForce over approved windows), laid out as spans for the timeline.
 */
export function inForceSpans(rows: RuleSetRow[]): InForceSpan[] {
  const byKey = new Map<string, RuleSetRow[]>();
  for (const r of rows) if (r.approvedEntryIndex !== null && r.approvedEntryIndex !== undefined) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const spans: InForceSpan[] = [];
  for (const [key, versions] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    const ends = (r: RuleSetRow) => [r.effectiveUntil, r.revokedOn].filter((d): d is string => !!d).sort()[0] ?? null;
    const live = sorted.filter((r) => {
      const end = ends(r);
      return end === null || end > r.effectiveFrom;
    });
    live.forEach((r, i) => {
      const next = live.slice(i + 1).find((n) => n.effectiveFrom > r.effectiveFrom)?.effectiveFrom ?? null;
      const end = ends(r);
      const until = [next, end].filter((d): d is string => d !== null).sort()[0] ?? null;
      const why = until === null ? "open" : until === next ? "superseded" : until === r.revokedOn ? "revoked" : "expired";
      spans.push({ key, version: r.version, hash: r.hash, from: r.effectiveFrom, until, why });
    });
  }
  return spans;
}
