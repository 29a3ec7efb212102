/**
 * Publication check and evaluation. `compileRuleSet` validates a rule set completely (shape, input
 * schema subset and ajv compile, every CEL expression against the subset and cost bound) and returns
 * an evaluator; compiled rule sets are cached by content hash, so a server deciding thousands of
 * submissions under one contract compiles it once, and the browser replaying a logged decision
 * gets the same hash and the same result.
 * @module
 */
import { canonicalBytes, toHex } from "@vigil/log";
import { sha256 } from "@noble/hashes/sha2.js";
import type { ValidateFunction } from "ajv";
import { celConverter, type CompiledExpression, compileExpression, MAX_PAYLOAD_CHARS, toCel } from "./cel.ts";
import { PayloadError, type RuleSetProblem, RuleSetError } from "./errors.ts";
import { type RiskAssessment, type RiskInputs, riskLevel } from "@vigil/analytics";
import type { ContractRuleSet, Decision, Measure, PolicyRuleSet, RuleResult, RuleSet, RuleSetRef, TriggerAction } from "./model.ts";
import { checkSchemaSubset, compileSchema, MAX_SCHEMA_BYTES, schemaMessages } from "./schema.ts";
import { checkShape } from "./validate.ts";
import { toRiskThresholds } from "./policy.ts";

/** Hex SHA-256 of the rule set's RFC 8785 canonical JSON: the identity every decision records. */
export function ruleSetHash(ruleSet: RuleSet): string {
  return toHex(sha256(canonicalBytes(ruleSet)));
}

/** The variables a contract's expressions see. */
export const CONTRACT_VARIABLES = ["input", "context"] as const;
/** The variables a policy's de-escalation conditions see: analytics' RiskInputs plus daysAtLevel. */
export const POLICY_VARIABLES = ["indicators"] as const;

interface CompiledRule {
  name: string;
  message: string;
  test: CompiledExpression;
  messageExpression: CompiledExpression | null;
}

export interface CompiledContract {
  readonly kind: "contract";
  readonly ruleSet: ContractRuleSet;
  readonly ref: RuleSetRef;
  /** Decides a submission: schema first, then every validation rule; routes and triggers only for accepted payloads. */
  decide(payload: unknown, context?: unknown): Decision;
}

export interface CompiledPolicy {
  readonly kind: "policy";
  readonly ruleSet: PolicyRuleSet;
  readonly ref: RuleSetRef;
  /**
   * The response level for an area's indicators under this policy (analytics' riskLevel with the
   * policy's thresholds), the measures declared at that level and the policy's identity — what an
   * enforcement record stores so "which rule applied" is provable later.
   */
  assess(inputs: RiskInputs): RiskAssessment & { measures: Measure[]; policy: RuleSetRef };
  /** De-escalation steps whose conditions hold for `indicators` (analytics' RiskInputs; null Rt/growth as null). */
  deEscalations(indicators: Record<string, number | null>, daysAtLevel: number, level: string): { to: string; message: string }[];
}

export type CompiledRuleSet = CompiledContract | CompiledPolicy;

const CACHE_LIMIT = 256;
const cache = new Map<string, CompiledRuleSet>();

/**
 * Validates and compiles a rule set; throws RuleSetError listing every problem (an unsupported CEL
 * construct is named in `construct`). The result is cached by content hash.
 */
export function compileRuleSet(value: unknown): CompiledRuleSet {
  const problems: RuleSetProblem[] = [];
  checkShape({ problems }, value);
  if (problems.length) throw new RuleSetError(problems);
  const ruleSet = value as RuleSet;
  let hash: string;
  try {
    hash = ruleSetHash(ruleSet);
  } catch (e) {
    throw new RuleSetError([{ path: "$", message: (e as Error).message }]);
  }
  const hit = cache.get(hash);
  if (hit) return hit;
  const ref = { key: ruleSet.key, version: ruleSet.version, hash };
  const compiled = ruleSet.kind === "contract" ? compileContract(ruleSet, ref, problems) : compilePolicy(ruleSet, ref, problems);
  if (problems.length || !compiled) throw new RuleSetError(problems);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(hash, compiled);
  return compiled;
}

/** Is the rule set publishable? The problems if not (the same checks as compileRuleSet). */
export function publishable(value: unknown): { ok: true; ref: RuleSetRef } | { ok: false; problems: RuleSetProblem[] } {
  try {
    return { ok: true, ref: compileRuleSet(value).ref };
  } catch (e) {
    if (e instanceof RuleSetError) return { ok: false, problems: e.problems };
    throw e;
  }
}

function schemaOf(schema: unknown, path: string, problems: RuleSetProblem[]): ValidateFunction | null {
  const before = problems.length;
  const size = canonicalBytes(schema ?? null).length;
  if (size > MAX_SCHEMA_BYTES) {
    problems.push({ path, message: `schema is ${size} bytes; at most ${MAX_SCHEMA_BYTES}` });
    return null;
  }
  checkSchemaSubset(schema, path, problems);
  if (problems.length > before) return null;
  return compileSchema(schema, path, problems);
}

function compileContract(rs: ContractRuleSet, ref: RuleSetRef, problems: RuleSetProblem[]): CompiledContract | null {
  const b = rs.body;
  const input = schemaOf(b.input, "$.body.input", problems);
  const contextSchema = b.context ?? { type: "object" };
  const context = schemaOf(contextSchema, "$.body.context", problems);
  const vars = CONTRACT_VARIABLES;
  const rules: CompiledRule[] = b.validations.map((r, i) => ({
    name: r.name,
    message: r.message,
    test: compileExpression(r.expression, vars, `$.body.validations[${i}].expression`, problems)!,
    messageExpression:
      r.messageExpression === undefined ? null : compileExpression(r.messageExpression, vars, `$.body.validations[${i}].messageExpression`, problems),
  }));
  const routes = b.routing.map((r, i) => ({ route: r.route, test: compileExpression(r.when, vars, `$.body.routing[${i}].when`, problems)! }));
  const triggers = b.triggers.map((t, i) => ({
    name: t.name,
    action: t.action as TriggerAction,
    message: t.message,
    test: compileExpression(t.when, vars, `$.body.triggers[${i}].when`, problems)!,
  }));
  if (problems.length || !input || !context) return null;
  const inputToCel = celConverter(b.input);
  const contextToCel = celConverter(contextSchema);
  const holds = (t: CompiledExpression, vars: Record<string, unknown>) => {
    const out = t.run(vars);
    return "value" in out && out.value === true;
  };
  return {
    kind: "contract",
    ruleSet: rs,
    ref,
    decide(payload, ctx = {}) {
      // Bounded before anything runs: the static cost bound of every rule assumes it.
      let size: number;
      try {
        // JSON.stringify throws on bigint and cycles; undefined would vanish, so insist on a string.
        const text: unknown = JSON.stringify([payload, ctx]);
        if (typeof text !== "string") throw new TypeError("not a JSON value");
        size = text.length;
      } catch (e) {
        throw new PayloadError(`payload is not JSON: ${(e as Error).message}`);
      }
      if (size > MAX_PAYLOAD_CHARS) throw new PayloadError(`payload and context are ${size} characters of JSON; at most ${MAX_PAYLOAD_CHARS}`);
      const results: RuleResult[] = [];
      if (!input(payload)) {
        results.push({ rule: "schema", passed: false, message: `payload does not match the ${rs.key} schema: ${schemaMessages(input).join("; ")}` });
        return { accepted: false, results, routes: [], triggers: [], ruleSet: ref };
      }
      if (!context(ctx)) throw new PayloadError(`context does not match the ${rs.key} context schema: ${schemaMessages(context).join("; ")}`);
      const vars = { input: inputToCel(payload), context: contextToCel(ctx) };
      let accepted = true;
      for (const r of rules) {
        const out = r.test.run(vars);
        if ("value" in out && out.value === true) {
          results.push({ rule: r.name, passed: true, message: r.message });
          continue;
        }
        accepted = false;
        const error = "error" in out ? out.error : out.value === false ? undefined : `the rule evaluated to ${typeof out.value}, not a bool`;
        let message = r.message;
        if (!error && r.messageExpression) {
          const m = r.messageExpression.run(vars);
          if ("value" in m && typeof m.value === "string") message = m.value;
        }
        results.push(error ? { rule: r.name, passed: false, message, error } : { rule: r.name, passed: false, message });
      }
      if (!accepted) return { accepted, results, routes: [], triggers: [], ruleSet: ref };
      const routed: string[] = [];
      for (const r of routes) if (holds(r.test, vars)) routed.push(r.route);
      const fired: Decision["triggers"] = [];
      for (const t of triggers) if (holds(t.test, vars)) fired.push({ name: t.name, action: t.action, message: t.message });
      return {
        accepted,
        results,
        routes: routed,
        triggers: fired,
        ruleSet: ref,
      };
    },
  };
}

function compilePolicy(rs: PolicyRuleSet, ref: RuleSetRef, problems: RuleSetProblem[]): CompiledPolicy | null {
  const steps = rs.body.deEscalation.map((d, i) => ({ ...d, test: compileExpression(d.when, POLICY_VARIABLES, `$.body.deEscalation[${i}].when`, problems)! }));
  if (problems.length) return null;
  const thresholds = toRiskThresholds(rs.body.levels);
  return {
    kind: "policy",
    ruleSet: rs,
    ref,
    assess(inputs) {
      const a = riskLevel(inputs, thresholds);
      return { ...a, measures: rs.body.measures[a.level] ?? [], policy: ref };
    },
    deEscalations(indicators, daysAtLevel, level) {
      const vars = {
        indicators: toCel({ ...indicators, daysAtLevel }, { properties: { activeAlarms: { type: "integer" }, daysAtLevel: { type: "integer" } } }),
      };
      return steps
        .filter((s) => s.from === level && daysAtLevel >= s.minDays)
        .filter((s) => {
          const out = s.test.run(vars);
          return "value" in out && out.value === true;
        })
        .map((s) => ({ to: s.to, message: s.message }));
    },
  };
}
