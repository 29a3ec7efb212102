// String.prototype.isWellFormed is ES2024 (Node 20); the repository's lib is ES2023.
/// <reference lib="es2024.string" />
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  GraphQLID,
  GraphQLString,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { fail } from "../errors.ts";
import { checkHorizon } from "./dates.ts";

/**
 * Text rules for every String (and ID) input of the schema, in one place: NFC-normalised, and refused with
 * BAD_USER_INPUT naming the field when it holds a control character (tab, newline and carriage return
 * excepted), a bidi override or isolate (U+202A–U+202E, U+2066–U+2069), a zero-width or invisible
 * character (U+200B–U+200D, U+2060, U+FEFF) or a lone surrogate. Lengths stay with class-validator.
 */
const FORBIDDEN: [RegExp, string][] = [
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  [/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/, "a control character"],
  [/[\u202a-\u202e\u2066-\u2069]/, "a bidirectional override or isolate"],
  [/[\u200b-\u200d\u2060\ufeff]/, "a zero-width character"],
];

/** Fields whose text is a secret, compared byte for byte and never stored as text: left exactly as sent. */
const VERBATIM = /password/i;

/** Half of a surrogate pair without its other half (the same test as @vigil/log's text rules). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `text` is refused (e.g. "contains U+0000, a control character"), or undefined if it is acceptable. */
export function textProblem(text: string): string | undefined {
  if (!text.isWellFormed()) {
    const at = text.search(LONE_SURROGATE);
    return `contains a lone surrogate (U+${text.charCodeAt(at).toString(16).toUpperCase()})`;
  }
  for (const [pattern, what] of FORBIDDEN) {
    const m = pattern.exec(text);
    if (m) return `contains ${codePoint(m[0])}, ${what}`;
  }
  return undefined;
}

/** The text in NFC, or BAD_USER_INPUT naming `field`. */
export function safeText(text: string, field: string): string {
  const problem = textProblem(text);
  if (problem) throw fail("BAD_USER_INPUT", `${field} ${problem}; remove it and send the text again.`, { field });
  return text.normalize("NFC");
}

const isText = (t: GraphQLInputType) => {
  const named = getNamedType(t);
  return named === GraphQLString || named === GraphQLID;
};

/** Whether a value of type `t` can hold text anywhere inside it (input objects are searched, cycles once). */
function holdsText(t: GraphQLInputType, seen = new Set<string>()): boolean {
  if (isText(t)) return true;
  const named = getNamedType(t);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => holdsText(f.type, seen));
}

function clean(value: unknown, type: GraphQLInputType, path: string): unknown {
  if (value == null || VERBATIM.test(path.slice(path.lastIndexOf(".") + 1))) return value;
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) return Array.isArray(value) ? value.map((v, i) => clean(v, t.ofType, `${path}[${i}]`)) : clean(value, t.ofType, path);
  if (isText(t)) return typeof value === "string" ? safeText(value, path) : value;
  if (isInputObjectType(t) && typeof value === "object") {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const f of Object.values(t.getFields())) if (f.name in out) out[f.name] = clean(out[f.name], f.type, `${path}.${f.name}`);
    return out;
  }
  return value;
}

/** Root fields whose day arguments span a horizon (checked in O(1) before the resolver runs). */
const HORIZON_FIELDS = new Set(["Query.riskOverview", "Query.riskMap", "Query.reportsPerDay"]);

/**
 * Apply the text rules to every argument of every field of the schema, and the query horizon to
 * HORIZON_FIELDS, before type-graphql converts and validates the arguments and before any resolver runs.
 */
export function guardInputs(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const texts = field.args.filter((a) => holdsText(a.type));
      const horizon = HORIZON_FIELDS.has(`${type.name}.${field.name}`);
      if (!texts.length && !horizon) continue;
      const guard = (args: Record<string, unknown>) => {
        const out = { ...args };
        for (const a of texts as GraphQLArgument[]) if (a.name in out) out[a.name] = clean(out[a.name], a.type, a.name);
        if (horizon) checkHorizon(out as { from?: string; to?: string; date?: string });
        return out;
      };
      const wrap = (inner: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> =>
        function guarded(root, args, ctx, info) {
          return inner(root, guard(args), ctx, info);
        };
      field.resolve = wrap(field.resolve ?? defaultFieldResolver);
      if (field.subscribe) field.subscribe = wrap(field.subscribe);
    }
  }
  return schema;
}
