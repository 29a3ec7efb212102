import type { Database, Policy, PolicyPhase, User } from "@vigil/db";
import { assertRiskThresholds, DEFAULT_ALERT_RULE, type AlertRule } from "@vigil/analytics";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { parseDay, today as utcToday } from "@vigil/calendar";
import type { Page } from "../../graphql/pagination.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";
import { toHex } from "@vigil/log";
import { toAlertRule, type RuleSetRef } from "@vigil/rules";
import { RuleRows } from "./rule-rows.ts";
import type { RuleSetService } from "./rule-sets.ts";

/**
 * The rule the analysis layer enforces for a region on a day, and the enforcement record naming it: a rule
 * set's key, version and content hash, or for an alert policy published with `publishPolicy` its key, version
 * and the leaf hash of its entry (null only when nothing is published and the built-in default applies).
 */
export interface RuleInForce {
  rule: AlertRule;
  policyId: number | null;
  policy: RuleSetRef | null;
}

/** What a policy officer publishes and the system enforces: the rule types live with the analysis that runs them. */
export { ALERT_METHODS, type AlertMethod, type AlertRule } from "@vigil/analytics";
export const DEFAULT_RULE: AlertRule = DEFAULT_ALERT_RULE;

export interface PublishFields {
  title: string;
  phase: PolicyPhase;
  regionCode?: string | null;
  rule: AlertRule;
  effectiveFrom: string;
}

// Unicode-aware: a Chinese title must not collapse to "-" and collide with every other one.
const keyOf = (title: string, regionCode: string | null) =>
  `${title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")}@${regionCode ?? "*"}`;

export class PolicyService {
  constructor(
    private readonly db: Database,
    private readonly regions: RegionDirectory,
    private readonly log: LogStore,
    /** The publication day (UTC); injectable for tests. */
    private readonly today: () => string = utcToday,
    /** Policies of @vigil/rules in force (absent: alert policies alone). */
    private readonly ruleSets?: RuleSetService,
    /** The stored policies, kept while no policy entry is appended (shared with the rule-set service). */
    private readonly rules: Pick<RuleRows, "current"> = new RuleRows(db),
  ) {}

  check(input: PublishFields): void {
    if (input.regionCode && !this.regions.get(input.regionCode)) throw fail("BAD_USER_INPUT", `Unknown region ${input.regionCode}.`, { field: "regionCode" });
    const { levels, alpha, method } = input.rule;
    try {
      assertRiskThresholds({ levels });
    } catch (e) {
      throw fail("BAD_USER_INPUT", (e as Error).message.replace(/^riskLevel: /, ""), { field: "levels" });
    }
    if (method !== "THRESHOLD" && !(alpha > 0 && alpha < 0.5)) throw fail("BAD_USER_INPUT", "alpha must be in (0, 0.5).", { field: "alpha" });
    if (method === "THRESHOLD" && !(input.rule.threshold > 0))
      throw fail("BAD_USER_INPUT", "A THRESHOLD rule needs a positive threshold.", { field: "threshold" });
    try {
      parseDay(input.effectiveFrom);
    } catch (e) {
      throw fail("BAD_USER_INPUT", (e as Error).message, { field: "effectiveFrom" });
    }
    // A rule governs from its publication on: back-dating it would silently change which rule "applied" in the past.
    const published = this.today();
    if (input.effectiveFrom < published)
      throw fail("BAD_USER_INPUT", `effectiveFrom ${input.effectiveFrom} is before today (${published}, UTC): a policy cannot be back-dated.`, {
        field: "effectiveFrom",
      });
  }

  /** A new version supersedes the previous one of the same title and scope; both stay on the log. */
  async publish(viewer: Viewer, input: PublishFields): Promise<Policy & { author: User }> {
    this.check(input);
    const regionCode = input.regionCode ?? null;
    const key = keyOf(input.title, regionCode);
    return this.log.write(async ({ tx, append }) => {
      const previous = await tx.policy.findFirst({ where: { key }, orderBy: { version: "desc" } });
      const version = (previous?.version ?? 0) + 1;
      const rule = JSON.stringify(input.rule);
      const [entry] = await append([
        {
          kind: "policy",
          departmentCode: viewer.departmentCode,
          departmentId: viewer.departmentId,
          body: {
            key,
            version,
            title: input.title,
            phase: input.phase,
            regionCode,
            rule: input.rule,
            effectiveFrom: input.effectiveFrom,
            author: viewer.email,
          },
        },
      ]);
      if (previous) await tx.policy.updateMany({ where: { key, status: "PUBLISHED" }, data: { status: "SUPERSEDED" } });
      return tx.policy.create({
        data: {
          key,
          title: input.title,
          phase: input.phase,
          version,
          status: "PUBLISHED",
          rule,
          regionCode,
          authorId: viewer.id,
          effectiveFrom: parseDay(input.effectiveFrom),
          entryIndex: entry!.index,
        },
        include: { author: true },
      });
    });
  }

  list(p: Page) {
    return this.db.prisma.policy.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: p.limit, skip: p.offset, include: { author: true } });
  }

  /**
   * The rule in force for a region on a day: of each policy, the latest version already effective that day
   * (status does not matter: a v2 effective next month leaves v1 in force until then, and history is judged
   * by the version in force at the time); then the most specific scope (region, ancestors, global). Ties in
   * one scope (two policies in force for the same region) go to the highest version, then the later
   * `effectiveFrom`, then the later publication (higher id): the same answer on every back end and every run.
   */
  async ruleFor(regionCode: string, day: string): Promise<RuleInForce> {
    return (await this.rulesOn(day))(regionCode);
  }

  /**
   * The same for many regions on one day (the risk map): one read of the policies, then per-region lookups.
   * Policies of the rule-set lifecycle (issue 12) and alert policies compete by scope: the most specific
   * jurisdiction wins (a rule set's jurisdiction is a region; an alert policy's is its region, or everywhere —
   * ranked as the province), then the later effective date (the newer decision), then the rule set, which a
   * second officer approved.
   */
  async rulesOn(day: string): Promise<(regionCode: string) => RuleInForce> {
    const until = parseDay(day).getTime();
    const effective = (await this.rules.current()).policies.filter((p) => p.effectiveFrom.getTime() <= until);
    const ruleSetFor = this.ruleSets ? await this.ruleSets.policiesOn(day) : () => null;
    const inForce = new Map<string, Policy & { entry?: { leafHash: Uint8Array } | null }>();
    for (const p of effective) {
      const current = inForce.get(p.key);
      if (!current || p.version > current.version) inForce.set(p.key, p);
    }
    return (regionCode) => {
      let best: (Policy & { entry?: { leafHash: Uint8Array } | null }) | undefined;
      let bestDepth = -1;
      for (const p of inForce.values()) {
        const depth = p.regionCode === null ? 0 : this.regions.contains(p.regionCode, regionCode) ? depthOf(this.regions, p.regionCode) : -1;
        if (depth > bestDepth || (depth === bestDepth && best && outranks(p, best))) {
          best = p;
          bestDepth = depth;
        }
      }
      const rs = ruleSetFor(regionCode);
      // Scope rank: a global alert policy covers the whole deployment, as a rule set for the province does.
      const legacyRank = best ? Math.max(bestDepth, 1) : -1;
      const rsRank = rs ? depthOf(this.regions, rs.row.jurisdiction) : -1;
      const rsWins =
        rs && (rsRank > legacyRank || (rsRank === legacyRank && rs.row.effectiveFrom.getTime() >= (best?.effectiveFrom.getTime() ?? Number.NEGATIVE_INFINITY)));
      if (rs && rsWins) return { rule: toAlertRule(rs.compiled.ruleSet.body), policyId: null, policy: rs.ref };
      if (!best) return { rule: DEFAULT_RULE, policyId: null, policy: null };
      const hash = best.entry ? toHex(new Uint8Array(best.entry.leafHash)) : "";
      return { rule: JSON.parse(best.rule) as AlertRule, policyId: best.id, policy: { key: best.key, version: String(best.version), hash } };
    };
  }
}

/** Same scope: the highest version wins, then the later effectiveFrom, then the later publication. */
function outranks(a: Policy, b: Policy): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (a.effectiveFrom.getTime() !== b.effectiveFrom.getTime()) return a.effectiveFrom > b.effectiveFrom;
  return a.id > b.id;
}

function depthOf(regions: RegionDirectory, code: string): number {
  let d = 1;
  for (let r = regions.get(code); r?.parentCode; r = regions.get(r.parentCode)) d++;
  return d;
}

/**
 * The weekly rule the policy layer publishes for weekly notifiable-disease series: Farrington's method with the
 * settings Noufaily et al. (2013) recommend and ECDC runs (5 baseline years, ±3 weeks, 10 seasonal periods,
 * outbreak reweighting, trend kept when p < 0.05, negative-binomial plug-in threshold at α = 0.05, last 26
 * weeks kept out of the baseline). Daily detectors need no years of history; Farrington does, so it is the
 * weekly series' method.
 */
export const WEEKLY_RULE = Object.freeze({
  method: "FARRINGTON" as const,
  parameters: Object.freeze({
    frequency: 52,
    b: 5,
    w: 3,
    noPeriods: 10,
    reweight: true,
    trend: true,
    pThresholdTrend: 0.05,
    alpha: 0.05,
    thresholdMethod: "nbPlugin" as const,
    pastWeeksNotIncluded: 26,
  }),
});
