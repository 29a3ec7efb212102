/** Shape of the converted CEL conformance vectors (written by scripts/cel-vectors.ts). */

/** A cel.expr.Value as tagged JSON: 64-bit integers as decimal strings, bytes as base64. */
export type VectorValue =
  | { null: true }
  | { bool: boolean }
  | { int: string }
  | { uint: string }
  | { double: number | "NaN" | "Infinity" | "-Infinity" | "-0" }
  | { string: string }
  | { bytes: string }
  | { type: string }
  | { list: VectorValue[] }
  | { map: [VectorValue, VectorValue][] };

export interface VectorCase {
  section: string;
  name: string;
  expr: string;
  disableCheck?: true;
  disableMacros?: true;
  /** Declared variables: name → CEL type ("int", "list<dyn>", "map<string, int>"…). */
  typeEnv?: Record<string, string>;
  bindings?: Record<string, VectorValue>;
  /** The value the expression must evaluate to, or the errors it must raise (any error matches). */
  expect: { value: VectorValue } | { error: string[] };
  /** Why the case cannot arise in Vigil (protobuf messages, containers, unknowns, type-only checks). */
  notApplicable?: string;
}

export interface VectorFile {
  name: string;
  source: { repository: string; commit: string; path: string };
  cases: VectorCase[];
}
