import { describe, expect, it } from "vitest";
import { canonicalJson } from "@vigil/log";
import {
  CASE_REPORT_CONTRACT,
  type CompiledContract,
  compileRuleSet,
  decisionSummary,
  draftedRuleSet,
  loggedRecord,
  redecide,
  ruleSetHash,
  type RuleSet,
} from "../src/index.ts";

const contract = compileRuleSet(CASE_REPORT_CONTRACT) as CompiledContract;
const context = { regionName: "Jiang'an", population: 1000, cumulativeConfirmedBefore: 7 };
const report = { regionCode: "420102", date: "2020-02-10", newConfirmed: 3, suspected: 2, deaths: 0, tests: 10 };

/** An entry payload as the data-support layer logs a case report: its fields at the top of the body. */
const caseReportEntry = (fields: Record<string, unknown>, decided = fields, ref = contract.ref) =>
  canonicalJson({
    kind: "case-report",
    body: { ...fields, contract: ref, context, decision: decisionSummary(contract.decide(decided, context)) },
  });

describe("rechecking a logged decision from the entries alone", () => {
  it("reads a case-report entry's fields as the payload the contract decided, and confirms the decision", () => {
    const record = loggedRecord("case-report", caseReportEntry({ ...report, amends: 4, reason: "typo" }, report))!;
    expect(record.payload).toEqual(report);
    expect(record.contract).toEqual(contract.ref);
    const again = redecide(record, null);
    expect(again.problems).toEqual([]);
    expect(again.recomputed).toEqual(record.decision);
  });

  it("refutes a decision whose logged payload was altered after the fact", () => {
    // Decided on 3 confirmed cases; the entry now says 3,000 (above the population: the rule would have refused it).
    const record = loggedRecord("case-report", caseReportEntry({ ...report, newConfirmed: 3000, tests: 3000 }, report))!;
    const again = redecide(record, null);
    expect(again.problems).toEqual(["recomputing the contract's rules over the logged payload gives another decision"]);
    expect(again.recomputed?.accepted).toBe(false);
    expect(record.decision?.accepted).toBe(true);
  });

  it("replays a record under the rule set its contract's draft entry logged, and checks that rule set's hash", () => {
    const custom: RuleSet = {
      ...CASE_REPORT_CONTRACT,
      version: "9.0.0",
      body: {
        ...(CASE_REPORT_CONTRACT.body as object),
        validations: [{ name: "few-deaths", expression: "input.deaths < 5", message: "Too many deaths for this test." }],
      },
    } as RuleSet;
    const compiled = compileRuleSet(custom) as CompiledContract;
    const payload = canonicalJson({
      kind: "record",
      body: { contract: compiled.ref, payload: report, context, decision: decisionSummary(compiled.decide(report, context)), by: "x@example" },
    });
    const draft = canonicalJson({ kind: "rule-set", body: { action: "draft", ruleSet: custom } });
    const record = loggedRecord("record", payload)!;
    expect(redecide(record, draftedRuleSet(draft)).problems).toEqual([]);
    // The built-in contract is not the one named: its hash differs from the record's ref.
    expect(redecide(record, CASE_REPORT_CONTRACT).problems[0]).toMatch(`hashes to ${ruleSetHash(CASE_REPORT_CONTRACT)}, not ${compiled.ref.hash}`);
    // No draft and not the built-in contract: nothing to replay it with.
    expect(redecide(record, null).problems).toEqual([`contract ${CASE_REPORT_CONTRACT.key} 9.0.0 is not on the log`]);
  });

  it("names what cannot be rechecked: a payload that is not JSON, an entry without a contract", () => {
    expect(loggedRecord("record", "{not json")).toBeNull();
    expect(draftedRuleSet("{")).toBeNull();
    const bare = loggedRecord("case-report", canonicalJson({ kind: "case-report", body: report }))!;
    expect(redecide(bare, null)).toEqual({ recomputed: null, problems: ["the entry names no contract: there is no decision to recheck"] });
  });
});
