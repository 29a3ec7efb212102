import { describe, expect, it } from "vitest";
import { CASE_REPORT_CONTRACT, type ContractRuleSet, DEFAULT_POLICY, diffRuleSets, type PolicyRuleSet } from "../src/index.ts";

describe("diffRuleSets", () => {
  it("is empty for equal rule sets, whatever their key order", () => {
    expect(diffRuleSets(CASE_REPORT_CONTRACT, structuredClone(CASE_REPORT_CONTRACT))).toEqual([]);
    expect(diffRuleSets(DEFAULT_POLICY, Object.fromEntries(Object.entries(DEFAULT_POLICY).reverse()))).toEqual([]);
  });

  it("matches rules by name: inserting one is one addition, editing one names its field", () => {
    const b = CASE_REPORT_CONTRACT.body;
    const extra = { name: "suspected-bounded", expression: "input.suspected <= context.population", message: "suspected ≤ population" };
    const next: ContractRuleSet = {
      ...CASE_REPORT_CONTRACT,
      version: "1.2.0",
      body: {
        ...b,
        validations: [
          extra,
          ...b.validations.map((r) => (r.name === "confirmed-within-tests" ? { ...r, expression: "input.newConfirmed <= input.tests" } : r)),
        ],
      },
    };
    expect(diffRuleSets(CASE_REPORT_CONTRACT, next)).toEqual([
      { path: "$.body.validations[suspected-bounded]", kind: "added", after: extra },
      {
        path: "$.body.validations[confirmed-within-tests].expression",
        kind: "changed",
        before: "input.tests == 0 || input.newConfirmed <= input.tests",
        after: "input.newConfirmed <= input.tests",
      },
      { path: "$.version", kind: "changed", before: "1.1.0", after: "1.2.0" },
    ]);
  });

  it("matches measures by indicator and de-escalations by their levels; reports removals", () => {
    const m = DEFAULT_POLICY.body.measures;
    const next: PolicyRuleSet = {
      ...DEFAULT_POLICY,
      body: {
        ...DEFAULT_POLICY.body,
        phase: "EMERGENCY",
        measures: { ...m, III: [...m.III!.filter((x) => x.indicator !== "C4"), { indicator: "H6" as const, value: 1 }].reverse() },
        deEscalation: DEFAULT_POLICY.body.deEscalation.slice(1),
      },
    };
    expect(diffRuleSets(DEFAULT_POLICY, next)).toEqual([
      { path: "$.body.deEscalation[I→II]", kind: "removed", before: DEFAULT_POLICY.body.deEscalation[0] },
      { path: "$.body.measures.III[H6]", kind: "added", after: { indicator: "H6", value: 1 } },
      { path: "$.body.measures.III[C4]", kind: "removed", before: { indicator: "C4", value: 2, flag: 0 } },
      { path: "$.body.phase", kind: "changed", before: "PREVENTION", after: "EMERGENCY" },
    ]);
  });

  it("compares unnamed lists by position and reports added and removed fields", () => {
    expect(diffRuleSets({ a: [1, 2], b: 1 }, { a: [1, 3, 4], c: 2 })).toEqual([
      { path: "$.a[1]", kind: "changed", before: 2, after: 3 },
      { path: "$.a[2]", kind: "added", after: 4 },
      { path: "$.b", kind: "removed", before: 1 },
      { path: "$.c", kind: "added", after: 2 },
    ]);
  });
});
