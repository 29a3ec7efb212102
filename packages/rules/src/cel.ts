/**
 * Vigil's CEL: @bufbuild/cel (chosen over @marcbachmann/cel-js on the cel-spec conformance suite,
 * see the README), restricted to the JSON data model, with a static cost bound.
 *
 * The subset: literals null, bool, int, double and string; lists and maps (literals, indexing,
 * `in`, `size`); field selection and `has()`; arithmetic, comparison and logic operators and the
 * conditional; the macros all, exists, exists_one, map and filter; the functions size, contains,
 * startsWith, endsWith, matches (RE2: linear time), int, double, string, bool and dyn. Everything
 * else — unsigned or bytes literals, protobuf message construction, timestamps and durations, type
 * values, optional syntax, extension functions, undeclared identifiers — is refused when the rule set
 * is published, with an error naming the construct, so a rule never depends on a feature Vigil
 * does not test against the spec.
 *
 * Cost: neither library meters evaluation, and CEL has no unbounded loops, so the bound is static,
 * in the manner of Kubernetes' estimated cost for ValidatingAdmissionPolicy: one unit per node,
 * a comprehension's loop body multiplied by the largest list it can range over (a literal's length,
 * otherwise what a payload of MAX_PAYLOAD_CHARS can hold), string scans charged by the longest
 * string such a payload can hold. A rule whose bound exceeds COST_LIMIT is refused at publication;
 * payloads larger than MAX_PAYLOAD_CHARS are refused before evaluation, so the bound holds.
 * @module
 */
import { celEnv, celList, celMap, isCelError, parse, plan } from "@bufbuild/cel";
import type { RuleSetProblem } from "./errors.ts";

type Expr = ReturnType<typeof parse>["expr"];

/**
 * Length of the JSON text (JSON.stringify, UTF-16 code units) of the largest payload plus context a
 * contract evaluates. Characters rather than canonical bytes because measuring canonical bytes
 * cost more than the whole decision; the bound below only needs "a list element takes at least
 * two characters", which holds for either.
 */
export const MAX_PAYLOAD_CHARS = 64 * 1024;
/** Cost bound per expression; the value Kubernetes uses per CEL expression (PerCallLimit). */
export const COST_LIMIT = 1_000_000;
/** Longest source text of one expression. */
export const MAX_EXPRESSION_LENGTH = 4096;

// A JSON list element takes at least two characters ("0,"); a string at most the whole payload.
const LIST_BOUND = MAX_PAYLOAD_CHARS / 2;
const STRING_SCAN_COST = Math.ceil(MAX_PAYLOAD_CHARS / 64);

const OPERATORS = new Set([
  "_+_",
  "_-_",
  "_*_",
  "_/_",
  "_%_",
  "_==_",
  "_!=_",
  "_<_",
  "_<=_",
  "_>_",
  "_>=_",
  "_&&_",
  "_||_",
  "!_",
  "-_",
  "_?_:_",
  "_[_]",
  "@in",
  "@not_strictly_false",
]);
const FUNCTIONS = new Set(["size", "int", "double", "string", "bool", "dyn"]);
const STRING_SCANS = new Set(["contains", "startsWith", "endsWith", "matches"]);

/** A compiled expression: evaluates against bound variables; throws nothing. */
export interface CompiledExpression {
  readonly source: string;
  readonly cost: number;
  run(vars: Record<string, unknown>): { value: unknown } | { error: string };
}

const env = celEnv({});

/**
 * Parses `source`, checks it against Vigil's subset and cost bound with `variables` the only free
 * identifiers, and plans it. Problems are pushed onto `problems` (with `path`); returns null then.
 */
export function compileExpression(source: string, variables: readonly string[], path: string, problems: RuleSetProblem[]): CompiledExpression | null {
  if (typeof source !== "string" || source.trim() === "") {
    problems.push({ path, message: "expected a CEL expression" });
    return null;
  }
  if (source.length > MAX_EXPRESSION_LENGTH) {
    problems.push({ path, message: `expression is ${source.length} characters; at most ${MAX_EXPRESSION_LENGTH}` });
    return null;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (e) {
    problems.push({ path, message: `CEL syntax error: ${(e as Error).message}`, construct: "syntax" });
    return null;
  }
  const before = problems.length;
  const cost = walk(parsed.expr, new Set(variables), 1, path, problems);
  if (problems.length > before) {
    // One problem per construct, however often the expression uses it.
    const found = problems.splice(before);
    const seen = new Set<string>();
    for (const p of found) if (!seen.has(p.message) && seen.add(p.message)) problems.push(p);
    return null;
  }
  if (cost > COST_LIMIT) {
    problems.push({ path, message: `estimated cost ${cost} exceeds the limit of ${COST_LIMIT} (nested macros over payload lists)`, construct: "cost" });
    return null;
  }
  const program = plan(env, parsed);
  return {
    source,
    cost,
    run(vars) {
      try {
        const v = program(vars as never);
        if (isCelError(v)) return { error: v.message };
        return { value: v };
      } catch (e) {
        return { error: (e as Error).message };
      }
    },
  };
}

function refuse(problems: RuleSetProblem[], path: string, construct: string, message: string): number {
  problems.push({ path, construct, message: `${message} is outside Vigil's CEL subset` });
  return 0;
}

function walk(e: Expr | undefined, scope: Set<string>, mult: number, path: string, problems: RuleSetProblem[]): number {
  if (!e) return 0;
  const k = e.exprKind;
  switch (k.case) {
    case "constExpr": {
      const c = k.value.constantKind.case;
      if (c === "uint64Value") return refuse(problems, path, "uint", "an unsigned integer literal");
      if (c === "bytesValue") return refuse(problems, path, "bytes", "a bytes literal");
      if (c === "durationValue" || c === "timestampValue") return refuse(problems, path, c, "a duration or timestamp literal");
      return mult;
    }
    case "identExpr":
      if (!scope.has(k.value.name))
        return refuse(problems, path, `identifier ${k.value.name}`, `the identifier \`${k.value.name}\` (declared: ${[...scope].join(", ")})`);
      return mult;
    case "selectExpr":
      return mult + walk(k.value.operand, scope, mult, path, problems);
    case "callExpr": {
      const f = k.value.function;
      const target = k.value.target;
      let cost = mult;
      if (OPERATORS.has(f) || FUNCTIONS.has(f)) {
        if (target && !FUNCTIONS.has(f)) return refuse(problems, path, `function ${f}`, `the method .${f}()`);
      } else if (STRING_SCANS.has(f)) cost += mult * STRING_SCAN_COST;
      else if (f === "_[?_]" || f === "_?._" || f.startsWith("optional.")) return refuse(problems, path, "optional", "optional syntax");
      else return refuse(problems, path, `function ${f}`, `the function ${f}()`);
      cost += walk(target, scope, mult, path, problems);
      for (const a of k.value.args) cost += walk(a, scope, mult, path, problems);
      return cost;
    }
    case "listExpr":
      if (k.value.optionalIndices.length) return refuse(problems, path, "optional", "an optional list element");
      return k.value.elements.reduce((s, x) => s + walk(x, scope, mult, path, problems), mult);
    case "structExpr": {
      if (k.value.messageName) return refuse(problems, path, `message ${k.value.messageName}`, `constructing the protobuf message ${k.value.messageName}{…}`);
      let cost = mult;
      for (const en of k.value.entries) {
        if (en.optionalEntry) return refuse(problems, path, "optional", "an optional map entry");
        if (en.keyKind.case === "mapKey") cost += walk(en.keyKind.value, scope, mult, path, problems);
        cost += walk(en.value, scope, mult, path, problems);
      }
      return cost;
    }
    case "comprehensionExpr": {
      const c = k.value;
      if (c.iterVar2) return refuse(problems, path, "two-variable comprehension", "a two-variable comprehension");
      const range = c.iterRange?.exprKind;
      const n = range?.case === "listExpr" ? range.value.elements.length : LIST_BOUND;
      let cost = mult + walk(c.iterRange, scope, mult, path, problems) + walk(c.accuInit, scope, mult, path, problems);
      const inner = new Set(scope).add(c.iterVar).add(c.accuVar);
      const loopMult = mult * Math.max(n, 1);
      cost += walk(c.loopCondition, inner, loopMult, path, problems) + walk(c.loopStep, inner, loopMult, path, problems);
      cost += walk(c.result, new Set(scope).add(c.accuVar), mult, path, problems);
      return cost;
    }
    default:
      return refuse(problems, path, "unknown", "this expression");
  }
}

/** Converts a JSON value (already validated against its schema) to the CEL value rules see. */
export type CelConverter = (value: unknown) => unknown;

/**
 * JSON → CEL values, typed by the JSON Schema the value was validated against: `integer` becomes
 * CEL int, any other number double (CEL's JSON mapping), objects maps, arrays lists. This is how
 * Kubernetes types CEL over OpenAPI schemas; without it `string(input.deaths)` would print "3.0".
 * Built once per schema (a closure per subschema) because converting is a large share of a decision.
 */
export function celConverter(schema: unknown): CelConverter {
  const s = (schema ?? {}) as { type?: unknown; properties?: Record<string, unknown>; items?: unknown; additionalProperties?: unknown };
  const integer = isType(s.type, "integer");
  const props = new Map(Object.entries(s.properties ?? {}).map(([k, sub]) => [k, celConverter(sub)]));
  const other = s.additionalProperties === undefined || typeof s.additionalProperties === "boolean" ? generic : celConverter(s.additionalProperties);
  const items = s.items === undefined || typeof s.items === "boolean" ? generic : celConverter(s.items);
  return (value) => {
    if (typeof value === "number") return integer && Number.isInteger(value) ? BigInt(value) : value;
    if (Array.isArray(value)) return celList(value.map(items) as never);
    if (value !== null && typeof value === "object") {
      const m = new Map<string, unknown>();
      for (const k in value) if (Object.hasOwn(value, k)) m.set(k, (props.get(k) ?? other)((value as Record<string, unknown>)[k]));
      return celMap(m as never);
    }
    return value;
  };
}

const generic: CelConverter = (value) => {
  if (Array.isArray(value)) return celList(value.map(generic) as never);
  if (value !== null && typeof value === "object") {
    const m = new Map<string, unknown>();
    for (const k in value) if (Object.hasOwn(value, k)) m.set(k, generic((value as Record<string, unknown>)[k]));
    return celMap(m as never);
  }
  return value;
};

/** One-off conversion (tests, tools); decisions use a converter built once. */
export const toCel = (value: unknown, schema: unknown): unknown => celConverter(schema)(value);

const isType = (t: unknown, want: string) => t === want || (Array.isArray(t) && t.includes(want));
