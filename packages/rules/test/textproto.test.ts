import { describe, expect, it } from "vitest";
import { all, one, parseTextProto, type TextMessage } from "../scripts/textproto.ts";

const bytes = (v: unknown) => Array.from((v as { bytes: Uint8Array }).bytes);

describe("parseTextProto", () => {
  it("reads nested messages, repeated fields, list syntax and comments", () => {
    const m = parseTextProto(`# header\nname: "x"\nsection { test { a: 1 } test: { a: -2 } }\nvalues: [ { b: 1 }, { b: 2 } ]\n`);
    expect(one(m, "name")).toEqual({ bytes: new TextEncoder().encode("x") });
    const s = one(m, "section") as TextMessage;
    expect(all(s, "test")).toHaveLength(2);
    expect(all(m, "values")).toHaveLength(2);
  });

  it("decodes C escapes to bytes: octal, hex, \\u, quotes, and concatenates adjacent literals", () => {
    const m = parseTextProto(String.raw`s: "\303\277" t: '\xff\'' u: "\u00e9" v: "a" 'b' w: "\\\""`);
    expect(bytes(one(m, "s"))).toEqual([0xc3, 0xbf]);
    expect(bytes(one(m, "t"))).toEqual([0xff, 0x27]);
    expect(bytes(one(m, "u"))).toEqual([0xc3, 0xa9]);
    expect(bytes(one(m, "v"))).toEqual([0x61, 0x62]);
    expect(bytes(one(m, "w"))).toEqual([0x5c, 0x22]);
  });

  it("keeps number tokens verbatim (int64 exactness) and Any type URLs as field names", () => {
    const m = parseTextProto(`v { int64_value: -9223372036854775808 } o { [type.googleapis.com/a.B] { x: 1 } }`);
    expect(one(one(m, "v") as never, "int64_value")).toEqual({ token: "-9223372036854775808" });
    expect((one(m, "o") as { fields: [string, unknown][] }).fields[0]![0]).toBe("[type.googleapis.com/a.B]");
  });

  it("refuses malformed input with the line", () => {
    expect(() => parseTextProto(`a {\n b: 1\n`)).toThrow(/line/);
    expect(() => parseTextProto(`a: "x\\q"`)).toThrow(/escape/);
  });
});
