import { describe, expect, it } from "vitest";
import { CASE_REPORT_CONTRACT, compareVersions, type ContractRuleSet, DEFAULT_POLICY, inForce } from "../src/index.ts";

const v = (version: string, from: string, until: string | null = null): ContractRuleSet => ({ ...CASE_REPORT_CONTRACT, version, effective: { from, until } });

describe("inForce", () => {
  const v1 = v("1.0.0", "2020-01-01");
  const v2 = v("1.1.0", "2020-03-01");
  it("a superseded version stops applying on the new version's effective date", () => {
    expect(inForce([v1, v2], "2020-02-29").map((r) => r.version)).toEqual(["1.0.0"]);
    expect(inForce([v1, v2], "2020-03-01").map((r) => r.version)).toEqual(["1.1.0"]);
    expect(inForce([v2, v1], "2021-01-01").map((r) => r.version)).toEqual(["1.1.0"]);
  });

  it("nothing before the first effective date; until is exclusive", () => {
    expect(inForce([v1, v2], "2019-12-31")).toEqual([]);
    const limited = v("2.0.0", "2020-01-01", "2020-01-10");
    expect(inForce([limited], "2020-01-09")).toEqual([limited]);
    expect(inForce([limited], "2020-01-10")).toEqual([]);
  });

  it("filters by kind and returns one rule set per key, sorted by key", () => {
    expect(inForce([DEFAULT_POLICY, v1], "2020-06-01").map((r) => r.key)).toEqual(["case-report", "default-response"]);
    expect(inForce([DEFAULT_POLICY, v1], "2020-06-01", "policy").map((r) => r.key)).toEqual(["default-response"]);
  });

  it("on the same effective date the higher semantic version wins (numeric, not lexical)", () => {
    expect(inForce([v("1.10.0", "2020-01-01"), v("1.9.0", "2020-01-01")], "2020-01-02")[0]!.version).toBe("1.10.0");
    expect(compareVersions("1.10.0", "1.9.0")).toBe(1);
    expect(compareVersions("2.0.0", "2.0.0")).toBe(0);
  });
});
