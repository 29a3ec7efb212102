/**
 * Contract input schemas: JSON Schema draft 2020-12, validated by ajv's 2020 build, restricted to
 * keywords whose meaning is local to the value (no $ref, no dynamic scopes, no formats that would
 * need ajv-formats or differ between builds) so that a schema reads the same to every replayer and
 * the CEL typing in cel.ts (`integer` → int) follows it exactly. Size limits keep a published
 * schema cheap to compile and to hold.
 * @module
 */
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import type { RuleSetProblem } from "./errors.ts";

export const MAX_SCHEMA_BYTES = 32 * 1024;
export const MAX_SCHEMA_DEPTH = 8;

const KEYWORDS = new Set([
  "$schema",
  "title",
  "description",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
]);
const SUBSCHEMA_MAPS = new Set(["properties"]);
const SUBSCHEMAS = new Set(["items", "additionalProperties"]);

export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** Checks `schema` is in Vigil's subset; pushes problems (with JSON paths). */
export function checkSchemaSubset(schema: unknown, path: string, problems: RuleSetProblem[], depth = 0): void {
  if (typeof schema === "boolean") return;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    problems.push({ path, message: "a JSON Schema must be an object or a boolean" });
    return;
  }
  if (depth > MAX_SCHEMA_DEPTH) {
    problems.push({ path, message: `schema nests deeper than ${MAX_SCHEMA_DEPTH} levels` });
    return;
  }
  const s = schema as Record<string, unknown>;
  if (depth === 0 && s.$schema !== undefined && s.$schema !== SCHEMA_DIALECT)
    problems.push({ path: `${path}.$schema`, message: `only draft 2020-12 (${SCHEMA_DIALECT}) is supported`, construct: String(s.$schema) });
  for (const [k, v] of Object.entries(s)) {
    if (!KEYWORDS.has(k)) {
      problems.push({ path: `${path}.${k}`, message: `JSON Schema keyword "${k}" is outside Vigil's schema subset`, construct: k });
      continue;
    }
    if (k === "$schema" && depth > 0) problems.push({ path: `${path}.$schema`, message: "$schema is allowed at the root only", construct: k });
    if (SUBSCHEMA_MAPS.has(k)) {
      if (v === null || typeof v !== "object" || Array.isArray(v)) problems.push({ path: `${path}.${k}`, message: `${k} must be an object` });
      else for (const [name, sub] of Object.entries(v)) checkSchemaSubset(sub, `${path}.${k}.${name}`, problems, depth + 1);
    } else if (SUBSCHEMAS.has(k)) checkSchemaSubset(v, `${path}.${k}`, problems, depth + 1);
  }
}

// One ajv instance: strict (unknown keywords and ambiguous types are errors), all errors reported.
const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });

/** Compiles a checked schema; problems (ajv's schema errors) are pushed, null returned then. */
export function compileSchema(schema: unknown, path: string, problems: RuleSetProblem[]): ValidateFunction | null {
  try {
    return ajv.compile(schema as object);
  } catch (e) {
    problems.push({ path, message: `invalid JSON Schema: ${(e as Error).message}` });
    return null;
  }
}

/** ajv's errors as one line each: "/newConfirmed must be integer". */
export function schemaMessages(v: ValidateFunction): string[] {
  return (v.errors ?? []).map((e) => `${e.instancePath || "(payload)"} ${e.message ?? "is invalid"}`.trim());
}
