/**
 * Regenerates packages/rules/test/vectors/*.json from the CEL conformance suite of google/cel-spec
 * (tests/simple/testdata/<file>.textproto, message cel.expr.conformance.test.SimpleTestFile).
 *
 *   npm run vectors -w @vigil/rules -- <path to a cel-spec git checkout or bare repository>
 *
 * Every test of the converted files is kept, in order. A test whose inputs or result need protobuf
 * messages, enums, a container, unknowns or only a deduced type gets `notApplicable` with the reason:
 * Vigil's rules read JSON payloads, so those cases cannot arise. The JSON carries the commit it came from.
 * @module
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { all, isMessage, one, parseTextProto, type TextMessage, type TextValue } from "./textproto.ts";
import type { VectorCase, VectorFile, VectorValue } from "../test/vectors/types.ts";

/** The files of the subset Vigil supports (see the README's conformance table). */
export const VECTOR_FILES = [
  "basic",
  "comparisons",
  "conversions",
  "fields",
  "fp_math",
  "integer_math",
  "lists",
  "logic",
  "macros",
  "parse",
  "plumbing",
  "string",
] as const;

class NotApplicable extends Error {}

const decoder = new TextDecoder("utf-8", { fatal: true });

function str(v: TextValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (isMessage(v) || !("bytes" in v)) throw new Error("expected a string");
  return decoder.decode(v.bytes);
}
function tok(v: TextValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (isMessage(v) || !("token" in v)) throw new Error("expected a token");
  return v.token;
}
function msg(v: TextValue | undefined): TextMessage {
  if (v === undefined || !isMessage(v)) throw new Error("expected a message");
  return v;
}

function double(t: string): number | "NaN" | "Infinity" | "-Infinity" | "-0" {
  const s = t.toLowerCase().replace(/^(-?[0-9.e+-]+)f$/, "$1");
  if (s === "nan" || s === "-nan") return "NaN";
  if (s === "inf" || s === "infinity") return "Infinity";
  if (s === "-inf" || s === "-infinity") return "-Infinity";
  const n = Number(s);
  if (Number.isNaN(n)) throw new Error(`bad double ${t}`);
  if (Object.is(n, -0)) return "-0";
  return n;
}

/** cel.expr.Value → tagged JSON. */
function value(m: TextMessage): VectorValue {
  const [field] = m.fields;
  if (!field) throw new Error("empty Value");
  const [k, v] = field;
  switch (k) {
    case "null_value":
      return { null: true };
    case "bool_value":
      return { bool: tok(v) === "true" };
    case "int64_value":
      return { int: BigInt(tok(v)!).toString() };
    case "uint64_value":
      return { uint: BigInt(tok(v)!).toString() };
    case "double_value":
      return { double: double(tok(v)!) };
    case "string_value":
      return { string: str(v)! };
    case "bytes_value": {
      if (isMessage(v) || !("bytes" in v)) throw new Error("bytes_value");
      return { bytes: Buffer.from(v.bytes).toString("base64") };
    }
    case "type_value":
      return { type: str(v)! };
    case "list_value":
      return { list: all(msg(v), "values").map((x) => value(msg(x))) };
    case "map_value":
      return {
        map: all(msg(v), "entries").map((e) => [value(msg(one(msg(e), "key"))), value(msg(one(msg(e), "value")))] as [VectorValue, VectorValue]),
      };
    case "object_value":
      throw new NotApplicable("a protobuf message value");
    case "enum_value":
      throw new NotApplicable("a protobuf enum value");
    default:
      throw new Error(`unknown Value field ${k}`);
  }
}

/** cel.expr.Type → the type string the harness declares (JSON-shaped types only). */
function type(m: TextMessage): string {
  const [field] = m.fields;
  if (!field) throw new Error("empty Type");
  const [k, v] = field;
  switch (k) {
    case "primitive":
      return { BOOL: "bool", INT64: "int", UINT64: "uint", DOUBLE: "double", STRING: "string", BYTES: "bytes" }[tok(v)!] ?? fail(`primitive ${tok(v)}`);
    case "dyn":
      return "dyn";
    case "null":
      return "null_type";
    case "list_type":
      return `list<${type(msg(one(msg(v), "elem_type")))}>`;
    case "map_type":
      return `map<${type(msg(one(msg(v), "key_type")))}, ${type(msg(one(msg(v), "value_type")))}>`;
    case "type":
      return "type";
    default:
      throw new NotApplicable(`a declaration of type ${k}`);
  }
}

function fail(message: string): never {
  throw new Error(message);
}

function convertTest(section: string, t: TextMessage): VectorCase {
  const c: VectorCase = { section, name: str(one(t, "name"))!, expr: str(one(t, "expr"))!, expect: { value: { null: true } } };
  const flag = (f: string) => tok(one(t, f)) === "true";
  if (flag("disable_check")) c.disableCheck = true;
  if (flag("disable_macros")) c.disableMacros = true;
  try {
    if (flag("check_only")) throw new NotApplicable("check_only (type checking only)");
    const container = str(one(t, "container"));
    if (container) throw new NotApplicable(`container ${container}`);
    const decls = all(t, "type_env").map(msg);
    if (decls.length) {
      c.typeEnv = {};
      for (const d of decls) {
        const ident = one(d, "ident");
        if (!ident) throw new NotApplicable("a function declaration");
        c.typeEnv[str(one(d, "name"))!] = type(msg(one(msg(ident), "type")));
      }
    }
    const bindings = all(t, "bindings").map(msg);
    if (bindings.length) {
      c.bindings = {};
      for (const b of bindings) {
        const ev = msg(one(b, "value"));
        const v = one(ev, "value");
        if (!v) throw new NotApplicable("a binding that is an error or unknown");
        c.bindings[str(one(b, "key"))!] = value(msg(v));
      }
    }
    const v = one(t, "value");
    const err = one(t, "eval_error") ?? one(t, "any_eval_errors");
    if (v) c.expect = { value: value(msg(v)) };
    else if (err) {
      const sets = one(t, "eval_error") ? [msg(err)] : all(msg(err), "errors").map(msg);
      c.expect = { error: sets.flatMap((s) => all(s, "errors").map((e) => str(one(msg(e), "message")) ?? "")) };
    } else if (one(t, "typed_result")) throw new NotApplicable("typed_result (deduced types)");
    else if (one(t, "unknown") || one(t, "any_unknowns")) throw new NotApplicable("unknowns (partial evaluation)");
    else c.expect = { value: { bool: true } }; // the proto's default matcher: the expression evaluates to true
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw new Error(`${section}/${c.name}: ${(e as Error).message}`);
    c.notApplicable = e.message;
    c.expect = { value: { null: true } };
    delete c.typeEnv;
    delete c.bindings;
  }
  return c;
}

export function convertFile(text: string, source: VectorFile["source"]): VectorFile {
  const file = parseTextProto(text);
  const cases: VectorCase[] = [];
  for (const s of all(file, "section").map(msg)) {
    const section = str(one(s, "name"))!;
    for (const t of all(s, "test").map(msg)) cases.push(convertTest(section, t));
  }
  return { name: str(one(file, "name"))!, source, cases };
}

function main() {
  const repo = process.argv[2];
  if (!repo) {
    console.error("usage: cel-vectors <cel-spec git checkout or bare repository>");
    process.exit(2);
  }
  const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  const commit = git("rev-parse", "HEAD").trim();
  const out = join(dirname(fileURLToPath(import.meta.url)), "../test/vectors");
  for (const f of VECTOR_FILES) {
    const path = `tests/simple/testdata/${f}.textproto`;
    const v = convertFile(git("show", `${commit}:${path}`), { repository: "github.com/google/cel-spec", commit, path });
    writeFileSync(join(out, `${f}.json`), `${JSON.stringify(v, null, 1)}\n`);
    const na = v.cases.filter((c) => c.notApplicable).length;
    console.log(`${f}: ${v.cases.length} cases, ${na} not applicable`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
