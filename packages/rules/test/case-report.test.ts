import { describe, expect, it } from "vitest";
import { CASE_REPORT_CONTRACT, type CompiledContract, compileRuleSet, PayloadError } from "../src/index.ts";

// The data-support service's plausibility checks are private methods of a database-backed class
// (ReportService.checkCounts / checkCumulative), so they cannot be imported without a database.
// Per the issue, nothing is copied from them: these cases are derived by hand from
// PLAUSIBILITY_RULES and the messages the service throws.
const contract = compileRuleSet(CASE_REPORT_CONTRACT) as CompiledContract;
const ctx = { regionName: "Jiang'an", population: 1000, cumulativeConfirmedBefore: 7 };
const report = (over: Partial<Record<string, unknown>> = {}) => ({
  regionCode: "420102",
  date: "2020-02-10",
  newConfirmed: 3,
  suspected: 2,
  deaths: 0,
  tests: 10,
  ...over,
});
const failed = (payload: unknown, context: unknown = ctx) =>
  contract
    .decide(payload, context)
    .results.filter((r) => !r.passed)
    .map((r) => [r.rule, r.message]);

describe("case-report contract", () => {
  it("accepts a plausible report with every rule passed and names the contract hash", () => {
    const d = contract.decide(report(), ctx);
    expect(d.accepted).toBe(true);
    expect(d.results.map((r) => [r.rule, r.passed])).toEqual([
      ["confirmed-within-population", true],
      ["confirmed-within-tests", true],
      ["deaths-within-cumulative-confirmed", true],
      ["imported-within-confirmed", true],
    ]);
    expect(d.ruleSet).toEqual({ key: "case-report", version: "1.1.0", hash: contract.ref.hash });
    expect(d.ruleSet.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("confirmed-within-population: newConfirmed = population passes, population + 1 fails with the service's message", () => {
    expect(failed(report({ newConfirmed: 1000, tests: 0 }))).toEqual([]);
    expect(failed(report({ newConfirmed: 1001, tests: 0 }))).toEqual([
      [
        "confirmed-within-population",
        "Implausible report (rule confirmed-within-population: newConfirmed ≤ the district's population): 1001 confirmed cases in Jiang'an exceed its population of 1000.",
      ],
    ]);
  });

  it("confirmed-within-tests: applies only when tests > 0; newConfirmed = tests passes", () => {
    expect(failed(report({ newConfirmed: 50, tests: 0 }))).toEqual([]);
    expect(failed(report({ newConfirmed: 10, tests: 10 }))).toEqual([]);
    expect(failed(report({ newConfirmed: 11, tests: 10 }))).toEqual([
      [
        "confirmed-within-tests",
        "Implausible report (rule confirmed-within-tests: newConfirmed ≤ tests, when tests are reported (tests > 0)): 11 confirmed cases from 10 tests.",
      ],
    ]);
  });

  it("deaths-within-cumulative-confirmed: counts this report's confirmed cases with the earlier ones", () => {
    // cumulative = 7 before + 3 today = 10
    expect(failed(report({ deaths: 10 }))).toEqual([]);
    expect(failed(report({ deaths: 11 }))).toEqual([
      [
        "deaths-within-cumulative-confirmed",
        "Implausible report (rule deaths-within-cumulative-confirmed: deaths ≤ the district's cumulative confirmed cases up to and including this report's day (current values)): 11 deaths exceed the 10 confirmed cases 420102 has reported up to 2020-02-10.",
      ],
    ]);
    expect(failed(report({ deaths: 0, newConfirmed: 0 }), { ...ctx, cumulativeConfirmedBefore: 0 })).toEqual([]);
  });

  it("reports every failing rule, not only the first", () => {
    expect(failed(report({ newConfirmed: 2000, tests: 5, deaths: 5000 })).map(([r]) => r)).toEqual([
      "confirmed-within-population",
      "confirmed-within-tests",
      "deaths-within-cumulative-confirmed",
    ]);
  });

  it("refuses payloads outside the schema before any rule runs", () => {
    for (const bad of [report({ newConfirmed: -1 }), report({ deaths: 1.5 }), report({ tests: "10" }), report({ extra: 1 }), { regionCode: "420102" }]) {
      const d = contract.decide(bad, ctx);
      expect(d.accepted).toBe(false);
      expect(d.results).toHaveLength(1);
      expect(d.results[0]!.rule).toBe("schema");
      expect(d.results[0]!.message).toMatch(/^payload does not match the case-report schema: /);
    }
  });

  it("refuses a malformed context or an oversized payload with a PayloadError", () => {
    expect(() => contract.decide(report(), { population: 10 })).toThrow(PayloadError);
    expect(() => contract.decide({ ...report(), pad: "x".repeat(70_000) }, ctx)).toThrow(/at most 65536/);
  });

  it("routes deaths to the city CDC, only for accepted reports", () => {
    expect(contract.decide(report({ deaths: 1 }), ctx).routes).toEqual(["city-cdc"]);
    expect(contract.decide(report({ deaths: 0 }), ctx).routes).toEqual([]);
    expect(contract.decide(report({ deaths: 1, newConfirmed: 5000 }), ctx).routes).toEqual([]);
  });

  it("imported-within-confirmed: optional (a 1.0.0 report passes), imported = newConfirmed passes, one more fails; disease from the code list", () => {
    expect(contract.decide(report(), ctx).accepted).toBe(true);
    const r = report();
    expect(contract.decide({ ...r, imported: r.newConfirmed, disease: "INFLUENZA" }, ctx).accepted).toBe(true);
    const over = contract.decide({ ...r, imported: r.newConfirmed + 1 }, ctx);
    expect(over.results.find((x) => !x.passed)?.rule).toBe("imported-within-confirmed");
    expect(contract.decide({ ...r, disease: "PLAGUE-X" }, ctx).results.map((x) => x.rule)).toEqual(["schema"]);
  });

  it("gives the same decision for the same payload (deterministic)", () => {
    const p = report({ deaths: 11 });
    expect(contract.decide(p, ctx)).toEqual(contract.decide(structuredClone(p), structuredClone(ctx)));
  });
});
