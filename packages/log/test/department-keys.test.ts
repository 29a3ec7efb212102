import { describe, expect, it } from "vitest";
import { DepartmentKeyRegistry, decodeDepartmentKey, encodeDepartmentKey } from "../src/index.ts";

const key = (n: number) => encodeDepartmentKey(new Uint8Array(32).fill(n));

describe("department keys replayed from the log", () => {
  it("registers by the authority, rotates by the old key or the authority, and says which key is in force since when", () => {
    const r = new DepartmentKeyRegistry();
    expect(r.apply({ index: 0, submitter: null, body: { action: "register", department: "H1", publicKey: key(1) } })).toMatchObject({
      ok: true,
      previous: null,
    });
    expect(r.keyOf("H1")).toEqual({ publicKey: key(1), since: 0 });
    const rotated = r.apply({
      index: 5,
      submitter: "H1",
      body: { action: "rotate", department: "H1", publicKey: key(2), previousKey: key(1), signedBy: "department" },
    });
    expect(rotated).toMatchObject({ ok: true, previous: { publicKey: key(1), since: 0 }, key: { publicKey: key(2), since: 5 } });
    expect(
      r.apply({ index: 9, submitter: null, body: { action: "rotate", department: "H1", publicKey: key(3), previousKey: key(2), signedBy: "authority" } }).ok,
    ).toBe(true);
    expect(r.keyOf("H1")).toEqual({ publicKey: key(3), since: 9 });
    expect(r.keyOf("H2")).toBeUndefined();
    expect(r.departments()).toEqual(["H1"]);
  });

  it.each([
    [
      "a registration by a department",
      { index: 1, submitter: "H1", body: { action: "register", department: "H2", publicKey: key(4) } },
      /signed by the authority/,
    ],
    ["a second registration", { index: 1, submitter: null, body: { action: "register", department: "H1", publicKey: key(4) } }, /registered already/],
    [
      "a rotation of an unknown department",
      { index: 1, submitter: null, body: { action: "rotate", department: "H9", publicKey: key(4), previousKey: key(1), signedBy: "authority" } },
      /not registered/,
    ],
    [
      "a rotation naming another previous key",
      { index: 1, submitter: "H1", body: { action: "rotate", department: "H1", publicKey: key(4), previousKey: key(7), signedBy: "department" } },
      /previousKey is not the key in force/,
    ],
    [
      "a rotation to the same key",
      { index: 1, submitter: "H1", body: { action: "rotate", department: "H1", publicKey: key(1), previousKey: key(1), signedBy: "department" } },
      /is the key in force/,
    ],
    [
      "a rotation whose signer disagrees with signedBy",
      { index: 1, submitter: "H2", body: { action: "rotate", department: "H1", publicKey: key(4), previousKey: key(1), signedBy: "department" } },
      /submitted by H2/,
    ],
    [
      "a rotation saying authority, submitted by the department",
      { index: 1, submitter: "H1", body: { action: "rotate", department: "H1", publicKey: key(4), previousKey: key(1), signedBy: "authority" } },
      /submitted by H1/,
    ],
    [
      "a rotation without signedBy",
      { index: 1, submitter: "H1", body: { action: "rotate", department: "H1", publicKey: key(4), previousKey: key(1) } },
      /signedBy must be/,
    ],
    [
      "a 31-byte key",
      { index: 1, submitter: null, body: { action: "register", department: "H2", publicKey: encodeDepartmentKey(new Uint8Array(31)) } },
      /not a base64 32-byte/,
    ],
    ["an unknown action", { index: 1, submitter: null, body: { action: "revoke", department: "H1", publicKey: key(4) } }, /unknown action/],
    ["no body", { index: 1, submitter: null, body: null }, /not an object/],
  ])("refuses %s and changes nothing", (_name, entry, why) => {
    const r = new DepartmentKeyRegistry();
    r.apply({ index: 0, submitter: null, body: { action: "register", department: "H1", publicKey: key(1) } });
    const check = r.apply(entry);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(why);
    expect(r.keyOf("H1")).toEqual({ publicKey: key(1), since: 0 });
    expect(r.keyOf("H2")).toBeUndefined();
  });

  it("decodes only canonical base64 of exactly 32 bytes", () => {
    expect(decodeDepartmentKey(key(1))).toEqual(new Uint8Array(32).fill(1));
    expect(decodeDepartmentKey(key(1).replace("=", ""))).toBeNull();
    expect(decodeDepartmentKey(42)).toBeNull();
  });
});
