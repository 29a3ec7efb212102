import { describe, expect, it } from "vitest";
import { isPseudonym, normaliseNationalId, pseudonymOf } from "../src/index.ts";

const key = new Uint8Array(32).fill(7);
const other = new Uint8Array(32).fill(8);

describe("pseudonymOf", () => {
  it("is stable, printable and prefixed", () => {
    const p = pseudonymOf(key, "110101199003077777");
    expect(p).toBe(pseudonymOf(key, "110101199003077777"));
    expect(isPseudonym(p)).toBe(true);
    expect(p.startsWith("P-")).toBe(true);
    expect(p).not.toContain("110101");
  });

  it("ignores how the id is written (spacing, dashes, case, full-width digits)", () => {
    const p = pseudonymOf(key, "11010119900307777x");
    expect(pseudonymOf(key, " 110101-19900307-777X ")).toBe(p);
    expect(pseudonymOf(key, "１１０１０１１９９００３０７７７７x")).toBe(p);
  });

  it("depends on the key and the id", () => {
    expect(pseudonymOf(other, "110101199003077777")).not.toBe(pseudonymOf(key, "110101199003077777"));
    expect(pseudonymOf(key, "110101199003077778")).not.toBe(pseudonymOf(key, "110101199003077777"));
  });

  it("gives distinct pseudonyms to many ids", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(pseudonymOf(key, `ID${100000 + i}`));
    expect(seen.size).toBe(2000);
  });

  it("refuses short keys and empty ids without echoing the id", () => {
    expect(() => pseudonymOf(new Uint8Array(16), "110101199003077777")).toThrow(/at least 32 bytes/);
    expect(() => normaliseNationalId(" -- ")).toThrow(RangeError);
    const err = (() => {
      try {
        normaliseNationalId("ZQ!");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(RangeError);
    expect(err?.message).not.toContain("ZQ");
    expect(isPseudonym("110101199003077777")).toBe(false);
  });
});
