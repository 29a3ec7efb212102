import { canonicalBytes, toHex } from "@vigil/log";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import {
  CASE_REPORT_CONTRACT,
  type CompiledContract,
  COST_LIMIT,
  compileRuleSet,
  type ContractRuleSet,
  publishable,
  RuleSetError,
  ruleSetHash,
} from "../src/index.ts";

const withRule = (expression: string, extra: Record<string, unknown> = {}): ContractRuleSet => ({
  ...CASE_REPORT_CONTRACT,
  body: { ...CASE_REPORT_CONTRACT.body, validations: [{ name: "r", expression, message: "m", ...extra }] },
});
const refusal = (v: unknown) => {
  const r = publishable(v);
  if (r.ok) throw new Error("expected a refusal");
  return r.problems;
};

describe("publication check: CEL subset", () => {
  it.each([
    ["timestamp(input.date) > timestamp('2020-01-01T00:00:00Z')", "function timestamp"],
    ["duration('1h') > duration('1m')", "function duration"],
    ["input.tests > 0u", "uint"],
    ["b'abc' == b'abc'", "bytes"],
    ["google.protobuf.Int64Value{value: 1} == 1", "message google.protobuf.Int64Value"],
    ["type(input.tests) == int", "function type"],
    ["input.date.lowerAscii() == input.date", "function lowerAscii"],
    ["secret.key == 1", "identifier secret"],
    // Optional field selection is an extension @bufbuild/cel's parser does not accept: refused as syntax.
    ["input.?tests == 1", "syntax"],
    ["input.tests >", "syntax"],
  ])("refuses %s naming %s", (expression, construct) => {
    const problems = refusal(withRule(expression));
    expect(problems.map((p) => p.construct)).toContain(construct);
    expect(problems.every((p) => p.path === "$.body.validations[0].expression")).toBe(true);
    const message = problems.find((p) => p.construct === construct)!.message;
    expect(message.length).toBeGreaterThan(10);
  });

  it("accepts the supported constructs: macros, has(), strings, maps, lists, the conditional", () => {
    const expr =
      "has(input.tests) && [1, 2, 3].all(x, x > 0) && [1, 2].exists_one(x, x == 2) && [1, 2].map(x, x * 2).filter(x, x > 2).size() == 1 && " +
      "input.date.startsWith('20') && input.regionCode.matches('^[0-9]+$') && {'a': 1}['a'] == 1 && (input.deaths > 0 ? 'y' : 'n') != '' && double(input.tests) >= 0.0";
    expect(publishable(withRule(expr))).toMatchObject({ ok: true });
  });

  it("refuses an expression whose estimated cost exceeds the limit (nested macros over payload lists)", () => {
    const problems = refusal({
      ...withRule("context.xs.all(a, context.xs.all(b, a != b || a == b))"),
    });
    expect(problems).toEqual([expect.objectContaining({ construct: "cost", message: expect.stringContaining(`exceeds the limit of ${COST_LIMIT}`) })]);
    // One level over a payload list is within the bound.
    expect(publishable(withRule("context.xs.all(a, a > 0) || true")).ok).toBe(true);
  });

  it("lists each refused construct once, however often it is used", () => {
    const problems = refusal(withRule("timestamp(input.date) < timestamp(input.date) && input.tests > 0u && input.deaths > 1u"));
    expect(problems.map((p) => p.construct)).toEqual(["function timestamp", "uint"]);
  });

  it("refuses a messageExpression outside the subset too", () => {
    expect(refusal(withRule("true", { messageExpression: "string(timestamp(input.date))" }))[0]).toMatchObject({
      path: "$.body.validations[0].messageExpression",
      construct: "function timestamp",
    });
  });

  it("fails a rule whose evaluation errors (missing field) instead of throwing, naming the error", () => {
    const c = compileRuleSet(withRule("context.missing > 0")) as CompiledContract;
    const d = c.decide(
      { regionCode: "1", date: "2020-01-01", newConfirmed: 0, suspected: 0, deaths: 0, tests: 0 },
      { regionName: "x", population: 1, cumulativeConfirmedBefore: 0 },
    );
    expect(d.accepted).toBe(false);
    expect(d.results[0]).toMatchObject({ rule: "r", passed: false, message: "m" });
    expect(d.results[0]!.error).toBeTruthy();
  });

  it("fails int64 overflow rather than wrapping (the cel-spec semantics cel-js lacks)", () => {
    const c = compileRuleSet(withRule("input.tests * 9223372036854775807 > 0")) as CompiledContract;
    const d = c.decide(
      { regionCode: "1", date: "2020-01-01", newConfirmed: 0, suspected: 0, deaths: 0, tests: 2 },
      { regionName: "x", population: 1, cumulativeConfirmedBefore: 0 },
    );
    expect(d.results[0]).toMatchObject({ passed: false });
    expect(d.results[0]!.error).toMatch(/overflow|range/i);
  });
});

describe("publication check: shape and schema", () => {
  const problems = (v: unknown) => refusal(v).map((p) => p.path);
  it("refuses unknown fields at every level, bad versions, keys and windows", () => {
    expect(problems({ ...CASE_REPORT_CONTRACT, extra: 1 })).toEqual(["$.extra"]);
    expect(problems({ ...CASE_REPORT_CONTRACT, version: "1.0" })).toEqual(["$.version"]);
    expect(problems({ ...CASE_REPORT_CONTRACT, key: "Case Report" })).toEqual(["$.key"]);
    expect(problems({ ...CASE_REPORT_CONTRACT, effective: { from: "2020-02-30", until: null } })).toEqual(["$.effective.from"]);
    expect(problems({ ...CASE_REPORT_CONTRACT, effective: { from: "2020-02-01", until: "2020-01-01" } })).toEqual(["$.effective.until"]);
    expect(problems({ ...CASE_REPORT_CONTRACT, kind: "law" })).toEqual(["$.kind"]);
    expect(problems(withRule("true", { severity: "high" }))).toEqual(["$.body.validations[0].severity"]);
  });

  it("refuses duplicate rule names and input properties without a field class", () => {
    const b = CASE_REPORT_CONTRACT.body;
    expect(problems({ ...CASE_REPORT_CONTRACT, body: { ...b, validations: [b.validations[0], b.validations[0]] } })).toEqual(["$.body.validations[1].name"]);
    const { tests: _, ...classes } = b.fieldClasses;
    expect(problems({ ...CASE_REPORT_CONTRACT, body: { ...b, fieldClasses: classes } })).toEqual(["$.body.fieldClasses"]);
    expect(problems({ ...CASE_REPORT_CONTRACT, body: { ...b, fieldClasses: { ...b.fieldClasses, tests: "secret" } } })).toEqual(["$.body.fieldClasses.tests"]);
  });

  it("refuses JSON Schema keywords outside the subset, other drafts, and oversized schemas", () => {
    const b = CASE_REPORT_CONTRACT.body;
    const input = (extra: Record<string, unknown>) => ({ ...CASE_REPORT_CONTRACT, body: { ...b, input: { ...b.input, ...extra } } });
    expect(refusal(input({ $ref: "#/$defs/x" }))).toEqual([expect.objectContaining({ path: "$.body.input.$ref", construct: "$ref" })]);
    expect(refusal(input({ $schema: "http://json-schema.org/draft-07/schema#" }))[0]).toMatchObject({ path: "$.body.input.$schema" });
    expect(refusal(input({ description: "x".repeat(40_000) }))[0]!.message).toMatch(/at most 32768/);
    expect(refusal(input({ type: "thing" }))[0]!.message).toMatch(/invalid JSON Schema/);
  });

  it("throws RuleSetError listing every problem", () => {
    try {
      compileRuleSet({ ...CASE_REPORT_CONTRACT, version: "x", key: "" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleSetError);
      expect((e as RuleSetError).code).toBe("INVALID_RULE_SET");
      expect((e as RuleSetError).problems.map((p) => p.path).sort()).toEqual(["$.key", "$.version"]);
    }
  });
});

describe("content hash and cache", () => {
  it("is SHA-256 of the RFC 8785 canonical JSON, independent of key order", () => {
    const reordered = JSON.parse(JSON.stringify(CASE_REPORT_CONTRACT, Object.keys(CASE_REPORT_CONTRACT).reverse()));
    const shuffled = Object.fromEntries(Object.entries(CASE_REPORT_CONTRACT).reverse());
    expect(ruleSetHash(shuffled as never)).toBe(ruleSetHash(CASE_REPORT_CONTRACT));
    expect(ruleSetHash(CASE_REPORT_CONTRACT)).toBe(toHex(sha256(canonicalBytes(CASE_REPORT_CONTRACT))));
    expect(reordered).toBeDefined();
  });

  it("changes with any edit, and the compiled rule set is reused for equal content", () => {
    const a = compileRuleSet(CASE_REPORT_CONTRACT);
    expect(compileRuleSet(structuredClone(CASE_REPORT_CONTRACT))).toBe(a);
    const b = compileRuleSet({ ...CASE_REPORT_CONTRACT, version: "1.0.1" });
    expect(b.ref.hash).not.toBe(a.ref.hash);
    expect(b.ref.version).toBe("1.0.1");
  });
});
