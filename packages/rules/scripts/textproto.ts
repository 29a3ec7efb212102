/**
 * A protobuf text-format reader, just enough for the CEL conformance files
 * (tests/simple/testdata/*.textproto of google/cel-spec): messages, repeated fields, `[a, b]` list
 * syntax, `[type.url]` Any expansion, C-style escaped strings (bytes), numbers and enum identifiers.
 * Hand-written because no maintained npm package parses text format without the .proto descriptors,
 * and the converter only needs the generic tree. Used by scripts only, never at run time.
 * @module
 */

/** A scalar as written: a string's bytes, or a number/identifier token kept verbatim (int64 exactness). */
export type TextScalar = { bytes: Uint8Array } | { token: string };
/** A message: its fields in order; a repeated field appears once per element. */
export interface TextMessage {
  fields: [string, TextValue][];
}
export type TextValue = TextMessage | TextScalar;

export const isMessage = (v: TextValue): v is TextMessage => "fields" in v;

const utf8 = new TextEncoder();

export function parseTextProto(src: string): TextMessage {
  let i = 0;
  const fail = (msg: string): never => {
    const line = src.slice(0, i).split("\n").length;
    throw new SyntaxError(`textproto: ${msg} at line ${line}`);
  };
  const skip = () => {
    for (;;) {
      while (i < src.length && /\s/.test(src[i]!)) i++;
      if (src[i] === "#") {
        while (i < src.length && src[i] !== "\n") i++;
        continue;
      }
      return;
    }
  };
  const peek = () => {
    skip();
    return src[i];
  };
  const name = (): string => {
    skip();
    if (src[i] === "[") {
      const end = src.indexOf("]", i);
      if (end < 0) fail("unterminated [type url]");
      const n = src.slice(i, end + 1);
      i = end + 1;
      return n;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (!m) return fail("expected a field name");
    i += m[0].length;
    return m[0];
  };
  const stringLit = (): Uint8Array => {
    const out: number[] = [];
    // Adjacent literals concatenate, as in C.
    while (peek() === '"' || peek() === "'") {
      const q = src[i++];
      while (src[i] !== q) {
        if (i >= src.length) fail("unterminated string");
        const c = src[i++]!;
        if (c !== "\\") {
          const cp = c.codePointAt(0)!;
          if (cp > 0xffff) i++;
          out.push(...utf8.encode(String.fromCodePoint(cp)));
          continue;
        }
        const e = src[i++]!;
        const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, "\\": 92, "'": 39, '"': 34, "?": 63 };
        if (e in simple) out.push(simple[e]!);
        else if (/[0-7]/.test(e)) {
          let s = e;
          while (s.length < 3 && /[0-7]/.test(src[i] ?? "")) s += src[i++];
          out.push(Number.parseInt(s, 8) & 0xff);
        } else if (e === "x" || e === "X") {
          let s = "";
          while (s.length < 2 && /[0-9a-fA-F]/.test(src[i] ?? "")) s += src[i++];
          if (!s) fail("bad \\x escape");
          out.push(Number.parseInt(s, 16));
        } else if (e === "u" || e === "U") {
          const n = e === "u" ? 4 : 8;
          const s = src.slice(i, i + n);
          if (!/^[0-9a-fA-F]+$/.test(s) || s.length !== n) fail("bad \\u escape");
          i += n;
          out.push(...utf8.encode(String.fromCodePoint(Number.parseInt(s, 16))));
        } else fail(`unknown escape \\${e}`);
      }
      i++;
    }
    return Uint8Array.from(out);
  };
  const scalar = (): TextScalar => {
    const c = peek();
    if (c === '"' || c === "'") return { bytes: stringLit() };
    const m = /^-?\s*[A-Za-z0-9_.+-]+/.exec(src.slice(i));
    if (!m) return fail("expected a value");
    i += m[0].length;
    // "- inf" is legal text format; keep the token without the inner space.
    return { token: m[0].replace(/\s+/g, "") };
  };
  const message = (close: string | null): TextMessage => {
    const fields: [string, TextValue][] = [];
    for (;;) {
      const c = peek();
      if (c === undefined) {
        if (close) fail(`expected ${close}`);
        return { fields };
      }
      if (c === close) {
        i++;
        return { fields };
      }
      const n = name();
      let colon = false;
      if (peek() === ":") {
        colon = true;
        i++;
      }
      const open = peek();
      const one = (): TextValue => {
        const o = peek();
        if (o === "{" || o === "<") {
          i++;
          return message(o === "{" ? "}" : ">");
        }
        if (!colon) fail(`field ${n}: expected ':' before a scalar`);
        return scalar();
      };
      if (open === "[" && colon) {
        i++;
        while (peek() !== "]") {
          fields.push([n, one()]);
          if (peek() === ",") i++;
        }
        i++;
      } else fields.push([n, one()]);
      if (peek() === "," || peek() === ";") i++;
    }
  };
  return message(null);
}

/** The fields named `name`, in order. */
export const all = (m: TextMessage, name: string): TextValue[] => m.fields.filter(([n]) => n === name).map(([, v]) => v);
/** The one field `name`, or undefined. */
export const one = (m: TextMessage, name: string): TextValue | undefined => all(m, name)[0];
