/**
 * "What was in force on that day", from effective windows alone: per key, the version whose window
 * contains the day and that took effect last. A newer version therefore supersedes an older one on
 * its own effective date, and the older one applies again on no day after that. Whether a version
 * may be in the list at all (approved by a second officer, not back-dated, not revoked) is the
 * lifecycle's business on the log; this is the pure rule the API and the portal's timeline share.
 * @module
 */
import type { RuleSet, RuleSetKind } from "./model.ts";

const semver = (v: string) => v.split(".").map(Number) as [number, number, number];

/** −1, 0, 1 as semantic version a is lower, equal, higher than b. */
export function compareVersions(a: string, b: string): number {
  const x = semver(a);
  const y = semver(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/** True when `day` (YYYY-MM-DD) lies in the rule set's window [from, until). */
export const covers = (rs: Pick<RuleSet, "effective">, day: string): boolean =>
  rs.effective.from <= day && (rs.effective.until === null || day < rs.effective.until);

/** The rule sets in force on `day`, one per key (optionally of one kind), sorted by key. */
export function inForce<T extends RuleSet>(ruleSets: readonly T[], day: string, kind?: RuleSetKind): T[] {
  const best = new Map<string, T>();
  for (const rs of ruleSets) {
    if ((kind && rs.kind !== kind) || !covers(rs, day)) continue;
    const cur = best.get(rs.key);
    if (!cur || rs.effective.from > cur.effective.from || (rs.effective.from === cur.effective.from && compareVersions(rs.version, cur.version) > 0))
      best.set(rs.key, rs);
  }
  return [...best.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
