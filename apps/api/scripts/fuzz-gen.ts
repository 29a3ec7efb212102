/**
 * A schema-driven request generator for the fuzzer (npm run fuzz, test/fuzz.test.ts): pure, seeded, no I/O.
 * From the SDL it writes documents and variables for every Query and Mutation field with random arguments
 * (hostile strings, impossible dates, huge and negative numbers, wrong types), mutates valid requests, and
 * makes junk bodies, encodings, methods and headers. The runner (fuzz-run.ts) sends them.
 */
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";

/** One request to send: `role` null = anonymous. A body is sent as is (a string) or as gzip of it. */
export interface FuzzCase {
  /** What kind of case, for the report. */
  kind: "generated" | "mutated" | "junk-body" | "junk-headers" | "junk-document";
  method: string;
  /** Query string appended to /graphql (GET). */
  search?: string;
  headers: Record<string, string>;
  body?: string;
  gzip?: boolean;
  role: string | null;
  /** Whether it may write (a mutation, or a body that might parse as one): the runner snapshots around it. */
  mayWrite: boolean;
}

/** Real names from the running instance, so some requests get past the first check. */
export interface FuzzHints {
  roles: string[];
  regionCodes: string[];
  departmentCodes: string[];
  emails: string[];
  latestDay: string;
}

/** mulberry32: small, fast, seeded. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDFFFy",
  "\u202Eevil",
  "\u2066iso\u2069",
  "zero\u200Bwidth",
  "\uFEFFbom",
  "Cafe\u0301",
  "\u0007bell\u001b[31m",
  "\r\n\t",
  "x".repeat(5000),
  "€".repeat(2000),
  "😷".repeat(300),
  '\'; DROP TABLE "User"; --',
  "%00%ff",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, meant literally.
  "${jndi:ldap://127.0.0.1/a}",
  "../../etc/passwd",
  "NaN",
  "-1",
  "null",
  "{}",
];

export const HOSTILE_DATES: readonly unknown[] = [
  "0000-01-01",
  "0000-01-10",
  "0001-01-01",
  "1899-12-31",
  "1900-01-01",
  "9999-12-31",
  "10000-01-01",
  "+010000-01-01",
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "2026-1-1",
  "2026-11-27T00:00:00Z",
  "",
  "yesterday",
  20261127,
  "２０２６-11-27",
];

export const HOSTILE_INTS: readonly unknown[] = [
  0,
  -1,
  1,
  2,
  7,
  50,
  500,
  501,
  100_000,
  100_001,
  2_147_483_647,
  -2_147_483_648,
  2_147_483_648,
  1e15,
  -1e15,
  1.5,
  "5",
  true,
];
const HOSTILE_FLOATS: readonly unknown[] = [0, -0, 0.001, 1, -1, 0.5, 1e308, -1e308, 5e-324, 1e20, "1.0", false];
const WRONG_TYPES: readonly unknown[] = [null, 1, -1, 1.5, "x", true, {}, [], [1, 2], { a: 1 }, "\u0000"];

/** Build the generator over an SDL text (schema.graphql). */
export function createFuzzer(sdl: string, hints: FuzzHints, seed = 1) {
  const schema: GraphQLSchema = buildSchema(sdl);
  const r = rng(seed);
  const query = schema.getQueryType() as GraphQLObjectType;
  const mutation = schema.getMutationType() as GraphQLObjectType;
  const roots: [GraphQLObjectType, GraphQLField<unknown, unknown>][] = [
    ...Object.values(query.getFields()).map((f) => [query, f] as [GraphQLObjectType, GraphQLField<unknown, unknown>]),
    ...Object.values(mutation.getFields()).map((f) => [mutation, f] as [GraphQLObjectType, GraphQLField<unknown, unknown>]),
  ];
  const role = () => (r.chance(0.15) ? null : r.pick(hints.roles));
  const day = () => {
    const base = Date.parse(`${hints.latestDay}T00:00:00Z`);
    return new Date(base + (r.int(400) - 300) * 86_400_000).toISOString().slice(0, 10);
  };

  const plausibleString = (name: string): string => {
    const n = name.toLowerCase();
    if (n.includes("region")) return r.pick(hints.regionCodes);
    if (n.includes("department")) return r.pick(hints.departmentCodes);
    if (n.includes("email")) return r.pick(hints.emails);
    if (n.includes("password")) return r.pick(["wrong-password", "x", "p".repeat(300)]);
    if (n.includes("title")) return r.pick(["Trace contacts", "Close schools", "Rule of ten", "Fuzz task"]);
    return r.pick(["a", "test", "RL-01", "HOSP-RL-01-02", "2026-11-27"]);
  };

  /** A value for an input type: mostly plausible, often hostile, sometimes of the wrong type. */
  const value = (type: GraphQLInputType, name: string, depth = 0): unknown => {
    if (r.chance(0.04)) return r.pick(WRONG_TYPES);
    if (isNonNullType(type)) return r.chance(0.02) ? null : value(type.ofType, name, depth);
    if (r.chance(0.08)) return null;
    if (isListType(type)) return Array.from({ length: r.int(4) }, () => value(type.ofType, name, depth + 1));
    if (isEnumType(type)) return r.chance(0.9) ? r.pick(type.getValues()).value : r.pick(["lowercase", "UNKNOWN_VALUE", "", "\u0000"]);
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) {
        if (!isNonNullType(f.type) && r.chance(0.4)) continue;
        if (isNonNullType(f.type) && r.chance(0.03)) continue;
        out[f.name] = depth > 3 ? null : value(f.type, f.name, depth + 1);
      }
      if (r.chance(0.05)) out.unknownField = "x";
      return out;
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case "String":
        case "ID":
          return r.chance(0.5) ? plausibleString(name) : r.pick(HOSTILE_STRINGS);
        case "Int":
          return r.chance(0.4) ? r.int(60) : r.pick(HOSTILE_INTS);
        case "Float":
          return r.chance(0.5) ? r.next() * 10 : r.pick(HOSTILE_FLOATS);
        case "Boolean":
          return r.chance(0.9) ? r.chance(0.5) : "true";
        case "LocalDate":
          return r.chance(0.5) ? day() : r.pick(HOSTILE_DATES);
        case "DateTimeISO":
          return r.pick(["2026-11-27T10:00:00Z", "0000-01-01T00:00:00Z", "not a time", 0]);
        default:
          return r.pick(HOSTILE_STRINGS);
      }
    }
    return null;
  };

  /** The value as a GraphQL literal (invalid JSON escapes such as lone surrogates are left as they print). */
  const literal = (v: unknown, type: GraphQLInputType): string => {
    if (v === null || v === undefined) return "null";
    const named = getNamedType(type);
    if (Array.isArray(v)) return `[${v.map((x) => literal(x, isListType(type) ? type.ofType : type)).join(", ")}]`;
    if (typeof v === "object") {
      const fields = isInputObjectType(named) ? named.getFields() : {};
      return `{ ${Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${k}: ${literal(x, fields[k]?.type ?? named)}`)
        .join(", ")} }`;
    }
    if (typeof v === "string" && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(v) && r.chance(0.9)) return v;
    if (typeof v === "number" && !Number.isFinite(v)) return "0";
    return JSON.stringify(v);
  };

  const typeName = (t: GraphQLInputType): string => (isNonNullType(t) ? `${typeName(t.ofType)}!` : isListType(t) ? `[${typeName(t.ofType)}]` : t.name);

  /** A selection set for an output type: a few fields, objects down to `depth`. */
  const selection = (type: GraphQLOutputType, depth: number): string => {
    const named = getNamedType(type);
    if (isLeafType(named) || !isObjectType(named)) return "";
    const fields = Object.values(named.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)));
    const chosen = new Set<GraphQLField<unknown, unknown>>();
    for (let i = 0, n = 1 + r.int(4); i < n; i++) chosen.add(r.pick(depth > 0 && r.chance(0.4) ? fields : leaves.length ? leaves : fields));
    const parts = [...chosen].map((f) => {
      const args = f.args.length && r.chance(0.5) ? argList(f, {}) : "";
      const sub = isLeafType(getNamedType(f.type)) ? "" : depth > 0 ? selection(f.type, depth - 1) : "";
      if (!isLeafType(getNamedType(f.type)) && !sub) return "__typename";
      return `${f.name}${args}${sub ? ` ${sub}` : ""}`;
    });
    if (r.chance(0.1)) parts.push("__typename");
    return `{ ${parts.join(" ")} }`;
  };

  /** Inline arguments, or `$variables` recorded in `vars` (and declared by the caller). */
  const argList = (f: GraphQLField<unknown, unknown>, vars: Record<string, { type: GraphQLInputType; value: unknown }> | null): string => {
    const parts: string[] = [];
    for (const a of f.args) {
      if (!isNonNullType(a.type) && r.chance(0.5)) continue;
      const v = value(a.type, a.name);
      if (vars && r.chance(0.6)) {
        const name = `v${Object.keys(vars).length}`;
        vars[name] = { type: a.type, value: v };
        parts.push(`${a.name}: $${name}`);
      } else parts.push(`${a.name}: ${literal(v, a.type)}`);
    }
    if (r.chance(0.03)) parts.push("bogusArgument: 1");
    return parts.length ? `(${parts.join(", ")})` : "";
  };

  const jsonCase = (kind: FuzzCase["kind"], body: unknown, mayWrite: boolean, extra: Partial<FuzzCase> = {}): FuzzCase => ({
    kind,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    role: role(),
    mayWrite,
    ...extra,
  });

  const generated = (): FuzzCase => {
    const [root, field] = r.pick(roots);
    const vars: Record<string, { type: GraphQLInputType; value: unknown }> = {};
    const args = argList(field, vars);
    const sub = selection(field.type, 1 + r.int(3));
    const op = root === mutation ? "mutation" : "query";
    const decl = Object.entries(vars)
      .map(([k, v]) => `$${k}: ${r.chance(0.05) ? "String" : typeName(v.type)}`)
      .join(", ");
    const doc = `${op} Fuzz${decl ? `(${decl})` : ""} { ${field.name}${args}${sub ? ` ${sub}` : ""} }`;
    const variables = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.value]));
    return jsonCase("generated", { query: doc, variables, operationName: r.chance(0.9) ? "Fuzz" : r.pick([null, "Other", 5]) }, op === "mutation");
  };

  const templates = (): { query: string; variables: Record<string, unknown>; write: boolean }[] => [
    {
      query: "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
      variables: { e: r.pick(hints.emails), p: "wrong" },
      write: true,
    },
    {
      query: "mutation($i: AssignTaskInput!) { assignTask(input: $i) { id title status } }",
      variables: { i: { title: "Fuzz task", description: "d", ownerDepartmentCode: r.pick(hints.departmentCodes), due: day() } },
      write: true,
    },
    {
      query: "mutation($id: Int!, $s: TaskStatus!) { updateTaskStatus(id: $id, status: $s) { id status } }",
      variables: { id: r.int(5), s: "IN_PROGRESS" },
      write: true,
    },
    {
      query: "mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id entryIndex } }",
      variables: { i: { regionCode: r.pick(hints.regionCodes), date: day(), newConfirmed: r.int(50), suspected: r.int(50), deaths: 0, tests: 100 } },
      write: true,
    },
    {
      query: "mutation($i: PublishPolicyInput!) { publishPolicy(input: $i) { id version } }",
      variables: { i: { title: "Fuzz rule", effectiveFrom: day(), method: "EARS_C2", phase: "RESPONSE", threshold: 1 } },
      write: true,
    },
    {
      query: "query($r: String!, $f: LocalDate, $t: LocalDate) { riskOverview(regionCode: $r, from: $f, to: $t) { level } }",
      variables: { r: r.pick(hints.regionCodes), f: day(), t: hints.latestDay },
      write: false,
    },
    {
      query: "query($f: LocalDate!, $t: LocalDate!) { reportsPerDay(from: $f, to: $t) { date reports } }",
      variables: { f: day(), t: hints.latestDay },
      write: false,
    },
    { query: "query($l: Int!, $o: Int!) { caseReports(limit: $l, offset: $o) { id date entry { index } } }", variables: { l: 10, o: 0 }, write: false },
    { query: "query($i: Int!) { entry(index: $i) { index payload proof { hashes } } }", variables: { i: r.int(100) }, write: false },
    { query: "query($a: Int!, $b: Int!) { consistencyProof(from: $a, to: $b) { hashes } }", variables: { a: r.int(50), b: 50 + r.int(50) }, write: false },
    { query: "query($d: LocalDate) { riskMap(date: $d) { level region { code } } }", variables: { d: day() }, write: false },
    { query: "{ logHead { size rootHash } latestReportDay regions { code } }", variables: {}, write: false },
  ];

  const mutated = (): FuzzCase => {
    const t = r.pick(templates());
    let q = t.query;
    const vars: Record<string, unknown> = JSON.parse(JSON.stringify(t.variables));
    const keys = Object.keys(vars);
    const hostile = () => r.pick([...HOSTILE_STRINGS, ...HOSTILE_DATES, ...HOSTILE_INTS, ...WRONG_TYPES]);
    switch (r.int(10)) {
      case 8:
      case 9:
        // sent as it is: valid requests keep the accepted paths (and the snapshots' settling) exercised
        break;
      case 0:
      case 1: {
        // one variable (or one field of an input variable) replaced by a hostile value
        const k = keys.length ? r.pick(keys) : undefined;
        if (k && vars[k] && typeof vars[k] === "object") {
          const obj = vars[k] as Record<string, unknown>;
          const f = r.pick(Object.keys(obj));
          obj[f] = hostile();
        } else if (k) vars[k] = hostile();
        break;
      }
      case 2:
        if (keys.length) delete vars[r.pick(keys)];
        break;
      case 3:
        q = q.slice(0, r.int(q.length));
        break;
      case 4: {
        const at = r.int(q.length);
        q = q.slice(0, at) + r.pick(["{", "}", "(", "$", "@", "\u0000", "\uD800", "...", '"', "#", "\\"]) + q.slice(at);
        break;
      }
      case 5:
        q = q.replace(/\{ (\w+)/, (_m, f) => `{ ${Array.from({ length: 1 + r.int(30) }, (_, i) => `a${i}: ${f}`).join(" ")} ${f}`);
        break;
      case 6:
        q = q.replace(/ \{ /, ` ${"@include(if: true) ".repeat(1 + r.int(40))}{ `);
        break;
      default:
        for (const k of keys) vars[k] = r.chance(0.5) ? hostile() : vars[k];
    }
    return jsonCase("mutated", { query: q, variables: vars }, t.write);
  };

  const junkDocument = (): FuzzCase => {
    const depth = 1 + r.int(40);
    const docs = [
      `{ ${"logHead { ".repeat(depth)}size${" }".repeat(depth)} }`,
      `{ caseReports { entry { proof { hashes } } region { code } } ${"regions { code } ".repeat(r.int(20))}}`,
      `query { ${"a: logHead { size } ".repeat(1 + r.int(50))} }`,
      `{ logHead { size } } fragment F on Query { ...F }`,
      `{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }`,
      `{ __schema { types { name fields { name } } } }`,
      `{ __type(name: "Mutation") { fields { name args { name } } } }`,
      `subscription { alertRaised { date } }`,
      `{ logHead { size } } { logHead { size } }`,
      `{ ${"x".repeat(r.int(10_000))} }`,
      `{ logHead(size: 1) { size } }`,
      `"${"\\u0000".repeat(100)}"`,
      `{ regions { code } }${" ".repeat(r.int(100))}#${"c".repeat(r.int(1000))}`,
      `{ chainHed { size } }`,
      `{ riskOverview(regionCode: "RL-01", from: "0000-01-01", to: "9999-12-31") { level } }`,
      `{ riskMap(date: "0000-01-10") { level } }`,
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: latestReportDay`).join(" ")} }`,
      `{ logHead ${"@skip(if: false) ".repeat(1 + r.int(3000))} { size } }`,
    ];
    return jsonCase("junk-document", { query: r.pick(docs) }, false);
  };

  const junkBody = (): FuzzCase => {
    const ok = JSON.stringify({ query: "{ logHead { size } }" });
    const deep = "[".repeat(5000 + r.int(50_000));
    const bodies: [string, Record<string, string>, boolean?][] = [
      ["{bad json", {}],
      ['{"query": "{ logHead { size } }"', {}],
      ["", {}],
      ["null", {}],
      ["[]", {}],
      [`[${ok},${ok}]`, {}],
      ["123", {}],
      ['"a string"', {}],
      ['{"query": 1}', {}],
      ['{"query": null}', {}],
      ['{"query": "{ logHead { size } }", "variables": "x"}', {}],
      ['{"query": "{ logHead { size } }", "variables": [1]}', {}],
      ['{"query": "{ logHead { size } }", "operationName": 5}', {}],
      ['{"query": "{ logHead { size } }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "00"}}}', {}],
      ['{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}}', {}],
      [deep, {}],
      ['{"__proto__": {"query": "{ logHead { size } }"}}', {}],
      ['{"query": "mutation { login(email: \\"a@b.c\\", password: \\"x\\") { token } }", "query": "{ logHead { size } }"}', {}],
      [ok, { "content-type": "text/plain" }],
      [ok, { "content-type": "application/x-www-form-urlencoded" }],
      [ok, { "content-type": "multipart/form-data; boundary=x" }],
      [ok, { "content-type": "application/graphql" }],
      [ok, { "content-type": "application/json; charset=utf-16" }],
      [ok, { "content-type": "application/json; charset=latin-7" }],
      [ok, { "content-type": "" }],
      [ok, { "content-encoding": "br" }],
      [ok, { "content-encoding": "x-unknown" }],
      ["\u0000\u0001\u0002garbage", { "content-encoding": "gzip" }],
      ["\u0000\u0001\u0002garbage", { "content-encoding": "deflate" }],
      [ok, { "content-encoding": "gzip" }, true],
      [`\uFEFF${ok}`, {}],
      [`{"query": "{ logHead { size } }", "pad": "${"p".repeat(1_100_000)}"}`, {}],
    ];
    const [body, headers, gzip] = r.pick(bodies);
    return { kind: "junk-body", method: "POST", headers: { "content-type": "application/json", ...headers }, body, gzip, role: role(), mayWrite: false };
  };

  const junkHeaders = (): FuzzCase => {
    const ok = JSON.stringify({ query: r.chance(0.5) ? "{ logHead { size } }" : 'mutation { login(email: "a@b.c", password: "x") { token } }' });
    const variants: [Partial<FuzzCase>, Record<string, string>][] = [
      [{ role: null }, { authorization: "Bearer" }],
      [{ role: null }, { authorization: "Bearer x.y.z" }],
      [{ role: null }, { authorization: `Bearer ${"a".repeat(8000)}` }],
      [{ role: null }, { authorization: "Basic YWRtaW46YWRtaW4=" }],
      [{ role: null }, { authorization: "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0." }],
      [{ role: null }, { cookie: "vigil_session=garbage; x-apollo-operation-name=1" }],
      [{ role: null }, { cookie: `vigil_session=${"c".repeat(4000)}`, "apollo-require-preflight": "1" }],
      [{}, { "x-apollo-operation-name": "\u00ff\u00e9" }],
      [{}, { accept: "text/html" }],
      [{}, { accept: "application/graphql-response+json;charset=utf-16" }],
      [{ method: "GET", search: `?query=${encodeURIComponent("{ logHead { size } }")}`, body: undefined }, { "apollo-require-preflight": "1" }],
      [
        { method: "GET", search: `?query=${encodeURIComponent('mutation { login(email: "a@b.c", password: "x") { token } }')}`, body: undefined },
        { "apollo-require-preflight": "1" },
      ],
      [{ method: "GET", search: "?query=%E0%A4%A", body: undefined }, { "apollo-require-preflight": "1" }],
      [{ method: "GET", search: "?query={&variables=%7Bbad", body: undefined }, { "apollo-require-preflight": "1" }],
      [{ method: "GET", search: "", body: undefined }, {}],
      [{ method: "PUT" }, {}],
      [{ method: "DELETE", body: undefined }, {}],
      [{ method: "PATCH" }, {}],
      [
        { method: "OPTIONS", body: undefined },
        { origin: "http://evil.example", "access-control-request-method": "POST" },
      ],
    ];
    const [extra, headers] = r.pick(variants);
    return {
      kind: "junk-headers",
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: ok,
      role: role(),
      mayWrite: true,
      ...extra,
    };
  };

  return {
    schema,
    /** The next case: about half generated from the schema, the rest mutated valid requests and junk. */
    next(): FuzzCase {
      const x = r.next();
      if (x < 0.5) return generated();
      if (x < 0.75) return mutated();
      if (x < 0.85) return junkDocument();
      if (x < 0.93) return junkBody();
      return junkHeaders();
    },
  };
}
