/**
 * Policies in the analysis layer's terms: a policy's levels are analytics' RiskThresholds with null
 * for a disabled criterion (JSON has no Infinity), and its alert block is analytics' AlertRule.
 * @module
 */
import { type AlertRule, DEFAULT_ALERT_RULE, type RiskLevelCriteria, type RiskThresholds } from "@vigil/analytics";
import type { LevelCriteria, PolicyBody, PolicyRuleSet } from "./model.ts";

const inf = (v: number | null) => (v === null ? Number.POSITIVE_INFINITY : v);
const fin = (v: number) => (v === Number.POSITIVE_INFINITY ? null : v);

function toCriteria(c: LevelCriteria): RiskLevelCriteria {
  return { minIncidencePer100k: c.minIncidencePer100k, minRt: inf(c.minRt), minGrowthRate: inf(c.minGrowthRate), minActiveAlarms: inf(c.minActiveAlarms) };
}
function fromCriteria(c: RiskLevelCriteria): LevelCriteria {
  return { minIncidencePer100k: c.minIncidencePer100k, minRt: fin(c.minRt), minGrowthRate: fin(c.minGrowthRate), minActiveAlarms: fin(c.minActiveAlarms) };
}

/** A policy's levels as the thresholds `riskLevel` takes. */
export function toRiskThresholds(levels: PolicyBody["levels"]): RiskThresholds {
  return { levels: { III: toCriteria(levels.III), II: toCriteria(levels.II), I: toCriteria(levels.I) } };
}

/** A policy's alert rule as the analysis layer enforces it. */
export function toAlertRule(body: PolicyBody): AlertRule {
  const t = toRiskThresholds(body.levels);
  return { method: body.alert.method, alpha: body.alert.alpha, threshold: body.alert.threshold, levels: t.levels };
}

/**
 * The demo's first policy: today's default alert rule (DEFAULT_ALERT_RULE: EARS C2, α = 0.001,
 * DEFAULT_RISK_THRESHOLDS), the designated reporters the data-support layer uses for case reports
 * (a hospital in the district, the CDC of its city), illustrative OxCGRT-coded measures per level
 * and de-escalation after 14 days below a level's incidence entry criterion.
 */
export const DEFAULT_POLICY: PolicyRuleSet = {
  key: "default-response",
  version: "1.0.0",
  kind: "policy",
  title: "Default alert and response policy",
  effective: { from: "2020-01-01", until: null },
  jurisdiction: "RL",
  body: {
    phase: "PREVENTION",
    alert: { method: DEFAULT_ALERT_RULE.method, alpha: DEFAULT_ALERT_RULE.alpha, threshold: DEFAULT_ALERT_RULE.threshold },
    levels: {
      III: fromCriteria(DEFAULT_ALERT_RULE.levels.III),
      II: fromCriteria(DEFAULT_ALERT_RULE.levels.II),
      I: fromCriteria(DEFAULT_ALERT_RULE.levels.I),
    },
    reporting: [
      {
        contract: "case-report",
        reporters: [
          { kind: "HOSPITAL", scope: "district" },
          { kind: "CDC", scope: "city" },
        ],
        dueBy: "10:00",
      },
    ],
    measures: {
      IV: [
        { indicator: "H1", value: 1, flag: 1 },
        { indicator: "H2", value: 2 },
      ],
      III: [
        { indicator: "H1", value: 2, flag: 1 },
        { indicator: "H2", value: 2 },
        { indicator: "H3", value: 2 },
        { indicator: "C4", value: 2, flag: 0 },
      ],
      II: [
        { indicator: "H1", value: 2, flag: 1 },
        { indicator: "H2", value: 3 },
        { indicator: "H3", value: 2 },
        { indicator: "H6", value: 2, flag: 1 },
        { indicator: "C1", value: 2, flag: 0 },
        { indicator: "C3", value: 2, flag: 1 },
        { indicator: "C4", value: 3, flag: 1 },
      ],
      I: [
        { indicator: "H1", value: 2, flag: 1 },
        { indicator: "H2", value: 3 },
        { indicator: "H3", value: 2 },
        { indicator: "H6", value: 3, flag: 1 },
        { indicator: "C1", value: 3, flag: 1 },
        { indicator: "C2", value: 2, flag: 1 },
        { indicator: "C3", value: 2, flag: 1 },
        { indicator: "C4", value: 4, flag: 1 },
        { indicator: "C6", value: 1, flag: 1 },
        { indicator: "C7", value: 2, flag: 0 },
      ],
    },
    deEscalation: [
      {
        from: "I",
        to: "II",
        minDays: 14,
        when: "indicators.incidencePer100k < 100.0",
        message: "14 days at level I and 7-day incidence below level I's 100/100k",
      },
      {
        from: "II",
        to: "III",
        minDays: 14,
        when: "indicators.incidencePer100k < 30.0",
        message: "14 days at level II and 7-day incidence below level II's 30/100k",
      },
      {
        from: "III",
        to: "IV",
        minDays: 14,
        when: "indicators.incidencePer100k < 10.0 && indicators.activeAlarms == 0",
        message: "14 days at level III, 7-day incidence below 10/100k and no active alarm",
      },
    ],
  },
};
