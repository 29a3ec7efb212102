import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkIdentity, IdentityError, recipientsOf, seal, unseal } from "../src/index.ts";

const pair = () => generateKeyPairSync("x25519");

describe("seal / unseal", () => {
  it("every recipient opens the one ciphertext; others cannot; the kind is bound", async () => {
    const [a, b, c, outsider] = [pair(), pair(), pair(), pair()];
    const text = new TextEncoder().encode('{"resourceType":"Condition"}');
    const jwe = await seal(
      text,
      [
        { kid: "HOSP-01", publicKey: a.publicKey },
        { kid: "CDC-01", publicKey: b.publicKey },
        { kid: "patient", publicKey: c.publicKey },
      ],
      "fhir",
    );
    expect(recipientsOf(jwe)).toEqual(["HOSP-01", "CDC-01", "patient"]);
    for (const k of [a, b, c]) expect(new TextDecoder().decode(await unseal(jwe, k.privateKey, "fhir"))).toBe('{"resourceType":"Condition"}');
    await expect(unseal(jwe, outsider.privateKey, "fhir")).rejects.toThrow();
    await expect(unseal(jwe, a.privateKey, "identity")).rejects.toThrow(/not a identity/);
    expect(JSON.stringify(jwe)).not.toContain("Condition");
  });

  it("dropping the wrapped keys leaves a ciphertext nobody opens (crypto-shredding)", async () => {
    const a = pair();
    const jwe = await seal(new TextEncoder().encode("secret"), [{ kid: "x", publicKey: a.publicKey }], "fhir");
    const shredded = { ...jwe, recipients: [] };
    await expect(unseal(shredded, a.privateKey, "fhir")).rejects.toThrow();
    await expect(seal(new Uint8Array(1), [], "fhir")).rejects.toThrow(/at least one recipient/);
  });
});

describe("checkIdentity", () => {
  it("normalises and names the failing field without its value", () => {
    expect(checkIdentity({ nationalId: "1101-01 19", name: " Li Wei ", birthDate: "1990-03-07", phone: "+86 138-0000-0000" })).toEqual({
      nationalId: "11010119",
      name: "Li Wei",
      birthDate: "1990-03-07",
      phone: "+8613800000000",
      address: null,
    });
    const bad = (() => {
      try {
        checkIdentity({ nationalId: "11010119", name: "Li Wei", birthDate: "1990-02-30", phone: "12345" });
      } catch (e) {
        return e as IdentityError;
      }
    })();
    expect(bad).toBeInstanceOf(IdentityError);
    expect(bad?.field).toBe("birthDate");
    expect(bad?.message).not.toContain("1990");
  });
});
