import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { textProblem } from "./text.ts";

/** Bounds on a JSON argument before any service sees it (the rules package bounds payloads again, in characters). */
export const JSON_MAX_DEPTH = 32;
export const JSON_MAX_NODES = 20_000;

const bad = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

/**
 * A JSON value checked as every String input is (text.ts: NFC, no controls, bidi overrides, zero-width
 * characters or lone surrogates — in keys and values alike), with no non-finite number, bounded in depth and
 * size. Our own scalar for the same reason as LocalDate: its errors are this graphql's, so clients get
 * BAD_USER_INPUT rather than an internal error.
 */
function clean(value: unknown, path: string, budget: { nodes: number }, depth: number): unknown {
  if (--budget.nodes < 0) throw bad(`JSON value has more than ${JSON_MAX_NODES} items.`);
  if (depth > JSON_MAX_DEPTH) throw bad(`JSON value is nested deeper than ${JSON_MAX_DEPTH} levels.`);
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw bad(`${path} is not a finite number.`);
    return value;
  }
  if (typeof value === "string") {
    const problem = textProblem(value);
    if (problem) throw bad(`${path} ${problem}; remove it and send the value again.`);
    return value.normalize("NFC");
  }
  if (Array.isArray(value)) return value.map((v, i) => clean(v, `${path}[${i}]`, budget, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const problem = textProblem(k);
      if (problem) throw bad(`a key of ${path} ${problem}.`);
      // A "__proto__" key must stay data, not become the object's prototype.
      Object.defineProperty(out, k.normalize("NFC"), {
        value: clean(v, `${path}.${k}`, budget, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw bad(`${path} is not a JSON value.`);
}

const checked = (value: unknown) => clean(value, "$", { nodes: JSON_MAX_NODES }, 0);

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.NULL:
      return null;
    case Kind.BOOLEAN:
    case Kind.STRING:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    case Kind.VARIABLE:
      throw bad("Pass a JSON value inline in full or as a whole variable, not with variables inside it.");
  }
}

export const JSONValue = new GraphQLScalarType({
  name: "JSON",
  description: "A JSON value (object, array, string, number, boolean or null).",
  serialize: (value) => value,
  parseValue: (value) => checked(value),
  parseLiteral: (ast) => checked(literal(ast)),
});
