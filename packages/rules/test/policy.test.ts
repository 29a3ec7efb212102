import { createRng, DEFAULT_ALERT_RULE, DEFAULT_RISK_THRESHOLDS, riskLevel } from "@vigil/analytics";
import { describe, expect, it } from "vitest";
import {
  type CompiledPolicy,
  compileRuleSet,
  DEFAULT_POLICY,
  OXCGRT_INDICATORS,
  publishable,
  ruleSetHash,
  toAlertRule,
  toRiskThresholds,
} from "../src/index.ts";

describe("default policy", () => {
  it("is publishable and carries today's default alert rule exactly", () => {
    expect(publishable(DEFAULT_POLICY).ok).toBe(true);
    expect(toAlertRule(DEFAULT_POLICY.body)).toEqual({ ...DEFAULT_ALERT_RULE });
  });

  it("assigns the same response level as DEFAULT_RISK_THRESHOLDS on random indicators", () => {
    const rng = createRng(12);
    const t = toRiskThresholds(DEFAULT_POLICY.body.levels);
    for (let i = 0; i < 2000; i++) {
      const inputs = {
        incidencePer100k: rng.next() * 150,
        growthRate: rng.next() < 0.2 ? null : rng.next() * 0.15 - 0.02,
        rt: rng.next() < 0.2 ? null : rng.next() * 2,
        activeAlarms: Math.floor(rng.next() * 4),
      };
      expect(riskLevel(inputs, t)).toEqual(riskLevel(inputs, DEFAULT_RISK_THRESHOLDS));
    }
  });

  it("names the designated reporters of case reports: a hospital in the district and the city's CDC", () => {
    expect(DEFAULT_POLICY.body.reporting).toEqual([
      {
        contract: "case-report",
        reporters: [
          { kind: "HOSPITAL", scope: "district" },
          { kind: "CDC", scope: "city" },
        ],
        dueBy: "10:00",
      },
    ]);
  });

  it("assesses a response level with the measures declared at it and the policy hash in force", () => {
    const p = compileRuleSet(DEFAULT_POLICY) as CompiledPolicy;
    const inputs = { incidencePer100k: 40, rt: 1.3, growthRate: null, activeAlarms: 0 };
    const a = p.assess(inputs);
    expect(a.level).toBe(riskLevel(inputs, DEFAULT_RISK_THRESHOLDS).level);
    expect(a.level).toBe("II");
    expect(a.measures).toEqual(DEFAULT_POLICY.body.measures.II);
    expect(a.policy).toEqual({ key: "default-response", version: "1.0.0", hash: ruleSetHash(DEFAULT_POLICY) });
  });

  it("steps down only after the minimum days and while the condition holds", () => {
    const p = compileRuleSet(DEFAULT_POLICY) as CompiledPolicy;
    const low = { incidencePer100k: 20, rt: 0.8, growthRate: -0.01, activeAlarms: 0 };
    expect(p.deEscalations(low, 14, "II")).toEqual([{ to: "III", message: DEFAULT_POLICY.body.deEscalation[1]!.message }]);
    expect(p.deEscalations(low, 13, "II")).toEqual([]);
    expect(p.deEscalations({ ...low, incidencePer100k: 35 }, 30, "II")).toEqual([]);
    expect(p.deEscalations({ ...low, incidencePer100k: 5, activeAlarms: 1 }, 30, "III")).toEqual([]);
    expect(p.deEscalations({ ...low, incidencePer100k: 5 }, 30, "III")).toEqual([{ to: "IV", message: DEFAULT_POLICY.body.deEscalation[2]!.message }]);
  });
});

describe("policy validation", () => {
  const withBody = (over: Record<string, unknown>) => ({ ...DEFAULT_POLICY, body: { ...DEFAULT_POLICY.body, ...over } });
  const problems = (v: unknown) => {
    const r = publishable(v);
    return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it("refuses measures off the OxCGRT scale, unknown indicators and flags an indicator lacks", () => {
    expect(problems(withBody({ measures: { I: [{ indicator: "C1", value: 4 }] } }))).toEqual([
      "$.body.measures.I[0].value: expected an integer 0–3 (C1 School closing)",
    ]);
    expect(problems(withBody({ measures: { I: [{ indicator: "C9", value: 1 }] } }))).toEqual([
      "$.body.measures.I[0].indicator: expected an OxCGRT indicator C1–C8, E1–E4 or H1–H8",
    ]);
    expect(problems(withBody({ measures: { I: [{ indicator: "C8", value: 1, flag: 1 }] } }))).toEqual(["$.body.measures.I[0].flag: C8 has no flag"]);
    expect(problems(withBody({ measures: { I: [{ indicator: "E3", value: 2.5e9 }] } }))).toEqual([]);
  });

  it("refuses thresholds the analysis layer would refuse (levels not nested)", () => {
    const levels = { ...DEFAULT_POLICY.body.levels, I: { ...DEFAULT_POLICY.body.levels.I, minIncidencePer100k: 5 } };
    expect(problems(withBody({ levels }))[0]).toMatch(/^\$\.body\.levels: riskLevel: thresholds are not monotone/);
  });

  it("null disables a criterion (JSON has no Infinity) and maps to Infinity for riskLevel", () => {
    const levels = { ...DEFAULT_POLICY.body.levels, I: { ...DEFAULT_POLICY.body.levels.I, minRt: null } };
    expect(problems(withBody({ levels }))).toEqual([]);
    expect(toRiskThresholds(levels).levels.I.minRt).toBe(Number.POSITIVE_INFINITY);
  });

  it("refuses unknown fields, a bad phase and a de-escalation that goes up", () => {
    expect(problems(withBody({ phase: "PANIC", extra: 1 })).sort()).toEqual([
      '$.body.extra: unknown field "extra" (expected phase, alert, levels, reporting, measures, deEscalation)',
      "$.body.phase: expected one of PREVENTION, EMERGENCY, RECOVERY",
    ]);
    const up = [{ from: "III", to: "II", minDays: 1, when: "true", message: "m" }];
    expect(problems(withBody({ deEscalation: up }))).toEqual(["$.body.deEscalation[0].to: de-escalation goes to a lower level than III"]);
  });
});

describe("OxCGRT codebook", () => {
  it("has C1–C8, E1–E4 and H1–H8, ordinal except the four US-dollar indicators", () => {
    expect(OXCGRT_INDICATORS.map((i) => i.id)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `C${i + 1}`),
      ...Array.from({ length: 4 }, (_, i) => `E${i + 1}`),
      ...Array.from({ length: 8 }, (_, i) => `H${i + 1}`),
    ]);
    expect(OXCGRT_INDICATORS.filter((i) => i.max === null).map((i) => i.id)).toEqual(["E3", "E4", "H4", "H5"]);
  });
});
