import { describe, expect, it } from "vitest";
import { canonicalBytes, canonicalJson, toHex } from "../src/index.ts";

// Vectors: RFC 8785 §3.2.2, §3.2.3 and Appendix B, and the test data of the RFC
// authors' reference implementation (cyberphone/json-canonicalization testdata/).

const double = (bits: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${bits}`));
  return view.getFloat64(0);
};

describe("canonicalJson: RFC 8785 examples", () => {
  it("§3.2.2 sample: numbers, string escaping and literals (testdata values.json)", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' + '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("§3.2.3 sorting: property names ordered by UTF-16 code units", () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\u{1f600}":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    ["0000000000000000", "0"],
    ["8000000000000000", "0"],
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
  ])("Appendix B: IEEE 754 0x%s serialises as %s", (bits, expected) => {
    expect(canonicalJson(double(bits))).toBe(expected);
  });

  it.each(["7fffffffffffffff", "7ff0000000000000"])("Appendix B: 0x%s (NaN / Infinity) is an error", (bits) => {
    expect(() => canonicalJson(double(bits))).toThrow(/non-finite number/);
  });

  it.each([
    [1e21, "1e+21"],
    [1e20, "100000000000000000000"],
    [1e-7, "1e-7"],
    [1e-6, "0.000001"],
    [-0, "0"],
    [333333333.33333329, "333333333.3333333"],
    [4.5, "4.5"],
    [-1, "-1"],
  ])("number %d serialises as %s", (n, expected) => {
    expect(canonicalJson(n)).toBe(expected);
    expect(canonicalJson([n])).toBe(`[${expected}]`);
  });
});

describe("canonicalJson: reference implementation test data", () => {
  it("structures.json", () => {
    const input = JSON.parse('{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}');
    expect(canonicalJson(input)).toBe('{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}');
  });

  it("arrays.json", () => {
    expect(canonicalJson(JSON.parse('[56, {"d": true, "10": null, "1": [ ]}]'))).toBe('[56,{"1":[],"10":null,"d":true}]');
  });

  it("french.json: ordering ignores locale", () => {
    const input = { sin: "ingnore locale", pêche: "but canonicalization MUST", péché: "is wrong according to French", peach: "This sorting order" };
    expect(canonicalJson(input)).toBe(
      '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}',
    );
  });

  it("unicode.json: strings are not normalised", () => {
    expect(canonicalJson({ "Unnormalized Unicode": "\u1e0d\u0307" })).toBe('{"Unnormalized Unicode":"\u1e0d\u0307"}');
  });

  it("weird.json: controls, DEL and HTML-ish keys", () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f", "\\ud83d\\ude02": "Smiley",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\u{1f602}":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });
});

describe("canonicalJson: behaviour", () => {
  it("is independent of property insertion order, at every depth", () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: "s" } };
    const b = { a: { x: "s", y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"s","y":[1,{"p":null,"q":true}]},"b":1}');
  });

  it("escapes exactly the characters JSON requires", () => {
    expect(canonicalJson('\u0000\b\t\n\f\r\u001f "\\/\u007f\u2028')).toBe('"\\u0000\\b\\t\\n\\f\\r\\u001f \\"\\\\/\u007f\u2028"');
  });

  it("accepts null-prototype objects and shared (non-cyclic) references", () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 1;
    bare.a = 2;
    const shared = { k: 1 };
    expect(canonicalJson(bare)).toBe('{"a":2,"z":1}');
    expect(canonicalJson([shared, shared])).toBe('[{"k":1},{"k":1}]');
  });

  it("canonicalBytes is the UTF-8 encoding", () => {
    expect(toHex(canonicalBytes({ "€": "ö" }))).toBe("7b22e282ac223a22c3b6227d");
  });

  class Point {
    x = 1;
  }
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ["NaN", { n: Number.NaN }, /non-finite number NaN .*at \$\.n$/],
    ["Infinity", [1, -Infinity], /non-finite number -Infinity .*at \$\[1\]$/],
    ["undefined value", { a: { b: undefined } }, /undefined.*at \$\.a\.b/],
    ["undefined at top level", undefined, /undefined.*at \$/],
    ["array hole", [1, , 3], /array hole at \$\[1\]/],
    ["function", { f: () => 1 }, /function at \$\.f/],
    ["symbol", { s: Symbol("x") }, /symbol at \$\.s/],
    ["bigint", { "odd key": 10n }, /bigint.*at \$\["odd key"\]/],
    ["Date", { d: new Date(0) }, /Date object.*at \$\.d/],
    ["Map", new Map(), /Map object/],
    ["class instance", new Point(), /Point object/],
    ["Uint8Array", { bytes: new Uint8Array(2) }, /Uint8Array object/],
    ["cycle", cyclic, /cyclic reference at \$\.self/],
    ["lone high surrogate", { s: "a\ud800b" }, /lone surrogate U\+D800 .*at \$\.s/],
    ["lone low surrogate in a key", { "\udc00": 1 }, /lone surrogate U\+DC00/],
    ["symbol-keyed property", { [Symbol("k")]: 1 }, /symbol-keyed property/],
  ])("rejects %s with a TypeError naming the path", (_, value, message) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
