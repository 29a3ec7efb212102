/**
 * Runs a converted CEL conformance case (test/vectors) against either candidate library, the way
 * the cel-spec simple-test runner does: declare the type environment, bind the inputs, evaluate,
 * and compare the result with the expected cel.expr.Value (an expected eval_error matches any error,
 * at parse, check or evaluation time, as cel-go's and cel-es's runners accept).
 * @module
 */
import { celEnv, celList, celMap, celUint, isCelError, isCelList, isCelMap, isCelType, isCelUint, parse as bufParse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { Environment } from "@marcbachmann/cel-js";
import { compileExpression } from "../src/cel.ts";
import type { RuleSetProblem } from "../src/errors.ts";
import type { VectorCase, VectorValue } from "./vectors/types.ts";

export type Outcome = { ok: true } | { ok: false; why: string };

const b64 = (s: string) => Uint8Array.from(Buffer.from(s, "base64"));

function dbl(d: Extract<VectorValue, { double: unknown }>["double"]): number {
  return typeof d === "number" ? d : d === "NaN" ? Number.NaN : d === "Infinity" ? Number.POSITIVE_INFINITY : d === "-Infinity" ? Number.NEGATIVE_INFINITY : -0;
}

/** Tagged value → plain comparable form: [tag, payload]. */
type Plain =
  | ["null"]
  | ["bool", boolean]
  | ["int" | "uint", bigint]
  | ["double", number]
  | ["string", string]
  | ["bytes", string]
  | ["type", string]
  | ["list", Plain[]]
  | ["map", [Plain, Plain][]];

function plainOf(v: VectorValue): Plain {
  if ("null" in v) return ["null"];
  if ("bool" in v) return ["bool", v.bool];
  if ("int" in v) return ["int", BigInt(v.int)];
  if ("uint" in v) return ["uint", BigInt(v.uint)];
  if ("double" in v) return ["double", dbl(v.double)];
  if ("string" in v) return ["string", v.string];
  if ("bytes" in v) return ["bytes", Buffer.from(b64(v.bytes)).toString("hex")];
  if ("type" in v) return ["type", v.type];
  if ("list" in v) return ["list", v.list.map(plainOf)];
  return ["map", v.map.map(([k, x]) => [plainOf(k), plainOf(x)] as [Plain, Plain])];
}

function same(a: Plain, b: Plain): boolean {
  if (a[0] !== b[0]) return false;
  switch (a[0]) {
    case "null":
      return true;
    case "double": {
      const x = a[1];
      const y = b[1] as number;
      return (Number.isNaN(x) && Number.isNaN(y)) || x === y;
    }
    case "list": {
      const y = b[1] as Plain[];
      return a[1].length === y.length && a[1].every((e, i) => same(e, y[i]!));
    }
    case "map": {
      const y = b[1] as [Plain, Plain][];
      return a[1].length === y.length && a[1].every(([k, v]) => y.some(([k2, v2]) => same(k, k2) && same(v, v2)));
    }
    default:
      return a[1] === b[1];
  }
}

const show = (p: Plain) => JSON.stringify(p, (_, v) => (typeof v === "bigint" ? `${v}n` : v));

function verdict(c: VectorCase, run: () => Plain): Outcome {
  let got: Plain;
  try {
    got = run();
  } catch (e) {
    if ("error" in c.expect) return { ok: true };
    return { ok: false, why: `error: ${String((e as Error).message).split("\n")[0]}` };
  }
  if ("error" in c.expect) return { ok: false, why: `expected an error, got ${show(got)}` };
  const want = plainOf(c.expect.value);
  return same(got, want) ? { ok: true } : { ok: false, why: `expected ${show(want)}, got ${show(got)}` };
}

// ---- @marcbachmann/cel-js -------------------------------------------------------------------

function toCelJs(v: VectorValue): unknown {
  if ("null" in v) return null;
  if ("bool" in v) return v.bool;
  if ("int" in v) return BigInt(v.int);
  if ("uint" in v) throw new Error("uint bindings are not representable in cel-js inputs");
  if ("double" in v) return dbl(v.double);
  if ("string" in v) return v.string;
  if ("bytes" in v) return b64(v.bytes);
  if ("type" in v) throw new Error("type bindings");
  if ("list" in v) return v.list.map(toCelJs);
  return new Map(v.map.map(([k, x]) => [toCelJs(k), toCelJs(x)]));
}

function fromCelJs(x: unknown): Plain {
  if (x === null) return ["null"];
  if (typeof x === "boolean") return ["bool", x];
  if (typeof x === "bigint") return ["int", x];
  if (typeof x === "number") return ["double", x];
  if (typeof x === "string") return ["string", x];
  if (x instanceof Uint8Array) return ["bytes", Buffer.from(x).toString("hex")];
  if (Array.isArray(x)) return ["list", x.map(fromCelJs)];
  if (x instanceof Map) return ["map", [...x].map(([k, v]) => [fromCelJs(k), fromCelJs(v)] as [Plain, Plain])];
  const name = (x as object).constructor?.name;
  if (name === "UnsignedInt") return ["uint", BigInt((x as { value: number | bigint }).value)];
  if (name === "Type") return ["type", String((x as { name?: string }).name ?? x)];
  if (name === "Object") return ["map", Object.entries(x as object).map(([k, v]) => [["string", k], fromCelJs(v)] as [Plain, Plain])];
  throw new Error(`cel-js returned an unsupported value (${name})`);
}

export function runCelJs(c: VectorCase): Outcome {
  return verdict(c, () => {
    // The spec's defaults: heterogeneous literals allowed (cel-go's HomogeneousAggregateLiterals is opt-in).
    const env = new Environment({ homogeneousAggregateLiterals: false, unlistedVariablesAreDyn: true });
    for (const [name, type] of Object.entries(c.typeEnv ?? {})) env.registerVariable(name, type);
    const ctx: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(c.bindings ?? {})) ctx[name] = toCelJs(v);
    return fromCelJs(env.evaluate(c.expr, ctx));
  });
}

// ---- @bufbuild/cel --------------------------------------------------------------------------

function toBuf(v: VectorValue): unknown {
  if ("null" in v) return null;
  if ("bool" in v) return v.bool;
  if ("int" in v) return BigInt(v.int);
  if ("uint" in v) return celUint(BigInt(v.uint));
  if ("double" in v) return dbl(v.double);
  if ("string" in v) return v.string;
  if ("bytes" in v) return b64(v.bytes);
  if ("type" in v) throw new Error("type bindings");
  if ("list" in v) return celList(v.list.map(toBuf) as never);
  return celMap(new Map(v.map.map(([k, x]) => [toBuf(k), toBuf(x)])) as never);
}

function fromBuf(x: unknown): Plain {
  if (isCelError(x)) throw x;
  if (x === null) return ["null"];
  if (typeof x === "boolean") return ["bool", x];
  if (typeof x === "bigint") return ["int", x];
  if (typeof x === "number") return ["double", x];
  if (typeof x === "string") return ["string", x];
  if (x instanceof Uint8Array) return ["bytes", Buffer.from(x).toString("hex")];
  if (isCelUint(x)) return ["uint", x.value];
  if (isCelList(x)) return ["list", [...x].map(fromBuf)];
  if (isCelMap(x)) return ["map", [...x].map(([k, v]) => [fromBuf(k), fromBuf(v)] as [Plain, Plain])];
  if (isCelType(x)) return ["type", x.name];
  throw new Error(`@bufbuild/cel returned an unsupported value (${(x as object)?.constructor?.name})`);
}

export function runBufbuild(c: VectorCase): Outcome {
  return verdict(c, () => {
    // As cel-es's own conformance runner: the strings extension registered, no separate check phase.
    const env = celEnv({ funcs: strings });
    const ctx: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(c.bindings ?? {})) ctx[name] = toBuf(v);
    return fromBuf(plan(env, bufParse(c.expr))(ctx as never));
  });
}

// ---- Vigil (the winner, through the publication check) ---------------------------------------

export type VigilOutcome = Outcome | { refused: string };

/** The case as Vigil runs it: refused at publication if outside the subset, else evaluated and compared. */
export function runVigil(c: VectorCase): VigilOutcome {
  const problems: RuleSetProblem[] = [];
  const vars = [...new Set([...Object.keys(c.typeEnv ?? {}), ...Object.keys(c.bindings ?? {})])];
  const compiled = compileExpression(c.expr, vars, "$", problems);
  if (!compiled) return { refused: problems.map((p) => p.construct ?? p.message).join(", ") };
  return verdict(c, () => {
    const ctx: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(c.bindings ?? {})) ctx[name] = toBuf(v);
    const out = compiled.run(ctx);
    if ("error" in out) throw new Error(out.error);
    return fromBuf(out.value);
  });
}
