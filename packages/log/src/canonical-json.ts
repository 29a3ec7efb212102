/**
 * JSON Canonicalization Scheme, RFC 8785 (JCS).
 *
 * Why: anything we hash or sign as JSON must serialise to the same bytes in every
 * runtime, whatever the key order it was built with. JCS is "JSON.stringify with
 * sorted keys" precisely because ECMAScript's number and string serialisation are
 * the ones it specifies, so the browser and Node agree by construction.
 *
 * Values outside the I-JSON data model throw a TypeError naming the offending path
 * instead of being dropped or coerced (as JSON.stringify does with `undefined`,
 * functions, NaN and Date): a silently different document would hash differently
 * from what the caller thinks they signed.
 */
// String.prototype.isWellFormed is ES2024 (Node 20, every current browser); the repository's lib is ES2023.
/// <reference lib="es2024.string" />
import { firstLoneSurrogate } from "./text-rules.ts";

export function canonicalJson(value: unknown): string {
  // The fast walk names no paths (building one per member was most of the cost, on every log entry); a value it
  // refuses is walked again by the one that does, for the error.
  try {
    return fast(value, new Set());
  } catch {
    return serialise(value, "$", new Set());
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `canonicalJson(value)`: what gets hashed or signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

/** `serialise` without paths: the same output, and it throws (anything) wherever `serialise` fails. */
function fast(value: unknown, ancestors: Set<object>): string {
  switch (typeof value) {
    case "string":
      if (!value.isWellFormed()) throw refusedValue;
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw refusedValue;
      return String(value);
    case "object":
      break;
    default:
      throw refusedValue;
  }
  if (value === null) return "null";
  if (ancestors.has(value)) throw refusedValue;
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = "[";
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw refusedValue;
      out += (i ? "," : "") + fast(value[i], ancestors);
    }
    out += "]";
  } else {
    const proto = Object.getPrototypeOf(value);
    if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(value).length > 0) throw refusedValue;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = "{";
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (!key.isWellFormed()) throw refusedValue;
      out += `${i ? "," : ""}${JSON.stringify(key)}:${fast(record[key], ancestors)}`;
    }
    out += "}";
  }
  ancestors.delete(value);
  return out;
}

const refusedValue = new Error("refused: walk again with paths");

function fail(path: string, problem: string): never {
  throw new TypeError(`canonicalJson: ${problem} at ${path}`);
}

function serialise(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case "string":
      return quote(value, path);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) fail(path, `non-finite number ${String(value)} (JSON has no NaN or Infinity)`);
      // ECMAScript Number::toString is exactly RFC 8785 §3.2.2.3; String(-0) is "0".
      return String(value);
    case "bigint":
      return fail(path, "bigint (JSON numbers are IEEE 754 doubles; encode it as a string)");
    case "undefined":
      return fail(path, "undefined (omit the property or use null)");
    case "function":
      return fail(path, "function");
    case "symbol":
      return fail(path, "symbol");
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.has(object)) fail(path, "cyclic reference");
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      const parts: string[] = [];
      for (let i = 0; i < object.length; i++) {
        if (!(i in object)) fail(`${path}[${i}]`, "array hole");
        parts.push(serialise(object[i], `${path}[${i}]`, ancestors));
      }
      return `[${parts.join(",")}]`;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto?.constructor as { name?: string } | undefined)?.name ?? "unknown";
      fail(path, `${name} object (only plain objects, arrays and primitives are JSON; convert it first)`);
    }
    if (Object.getOwnPropertySymbols(object).length > 0) fail(path, "symbol-keyed property");
    const record = object as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
    const keys = Object.keys(record).sort();
    const members = keys.map((key) => {
      const at = memberPath(path, key);
      return `${quote(key, at)}:${serialise(record[key], at, ancestors)}`;
    });
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(object);
  }
}

function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * JSON.stringify's string quoting is RFC 8785 §3.2.2.2 verbatim (short escapes for
 * \b \t \n \f \r, lowercase \u00xx for other controls, everything else literal),
 * except that it escapes lone surrogates where JCS requires an error: they cannot be
 * encoded as UTF-8, so the signed bytes would not be the caller's string.
 */
function quote(text: string, path: string): string {
  if (!text.isWellFormed()) fail(path, `lone surrogate ${firstLoneSurrogate(text)} in a string`);
  return JSON.stringify(text);
}
