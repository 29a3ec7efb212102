import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkMedicalLog, consentReceipt, decide, type Grant, type MedicalEntry, medicalDemo, signConsent } from "../src/index.ts";

const P = `P-${"A".repeat(32)}`;
const grant = (over: Partial<Grant> = {}): Grant => ({
  index: 10,
  pseudonym: P,
  grantee: { department: "CDC-RL" },
  purposes: ["PUBLIC_HEALTH"],
  kinds: ["Condition"],
  from: "2026-01-01",
  to: "2026-12-31",
  ...over,
});
const cdc = { role: "DEPARTMENT_OFFICER", departmentCode: "CDC-RL" };

describe("decide", () => {
  it("releases only what a grant in force covers, naming it", () => {
    expect(decide([grant()], cdc, "PUBLIC_HEALTH", "Condition", "2026-06-01")).toEqual({ released: true, consent: 10 });
    expect(decide([grant()], cdc, "RESEARCH", "Condition", "2026-06-01")).toEqual({ released: false, reason: "no-consent" });
    expect(decide([grant()], cdc, "PUBLIC_HEALTH", "Observation", "2026-06-01").released).toBe(false);
    expect(decide([grant()], { ...cdc, departmentCode: "HOSP-1" }, "PUBLIC_HEALTH", "Condition", "2026-06-01").released).toBe(false);
    expect(decide([grant({ revokedAt: 12 })], cdc, "PUBLIC_HEALTH", "Condition", "2026-06-01")).toEqual({ released: false, reason: "revoked" });
    expect(decide([grant()], cdc, "PUBLIC_HEALTH", "Condition", "2027-01-01")).toEqual({ released: false, reason: "expired" });
    expect(decide([grant()], cdc, "PUBLIC_HEALTH", "Condition", "2025-12-31")).toEqual({ released: false, reason: "not-yet" });
    const byRole = grant({ index: 20, grantee: { role: "AUDITOR" } });
    expect(decide([byRole], { role: "AUDITOR", departmentCode: null }, "PUBLIC_HEALTH", "Condition", "2026-06-01")).toEqual({ released: true, consent: 20 });
    // A revoked grant never covers, but a later grant in force does.
    expect(decide([grant({ revokedAt: 12 }), grant({ index: 30 })], cdc, "PUBLIC_HEALTH", "Condition", "2026-06-01")).toEqual({ released: true, consent: 30 });
  });
});

describe("checkMedicalLog", () => {
  const keys = generateKeyPairSync("ed25519");
  const pub = Buffer.from(keys.publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");
  const priv = new Uint8Array(Buffer.from(keys.privateKey.export({ format: "jwk" }).d!, "base64url"));
  const terms = { pseudonym: P, grantee: { department: "CDC-RL" }, purposes: ["PUBLIC_HEALTH"], kinds: ["Condition"], from: "2026-01-01", to: null };
  const base: MedicalEntry[] = [
    { index: 1, kind: "patient-registration", body: { pseudonym: P, patientKey: pub } },
    { index: 2, kind: "consent-grant", body: { ...terms, signature: signConsent(priv, "consent-grant", terms) } },
    { index: 3, kind: "medical-access", body: { pseudonym: P, consent: 2 } },
    { index: 4, kind: "consent-revocation", body: { pseudonym: P, grant: 2, signature: signConsent(priv, "consent-revocation", { pseudonym: P, grant: 2 }) } },
    { index: 5, kind: "medical-access", body: { pseudonym: P, consent: null, breakGlass: true } },
  ];
  it("passes an honest history", () => expect(checkMedicalLog(base)).toBeNull());
  it("fails an access after the revocation of its consent", () => {
    expect(checkMedicalLog([...base, { index: 6, kind: "medical-access", body: { pseudonym: P, consent: 2 } }])).toMatchObject({
      index: 6,
      kind: "access-after-revocation",
    });
  });
  it("fails any access after the erasure, break-glass included", () => {
    const erased = [
      ...base,
      { index: 6, kind: "medical-erasure", body: { pseudonym: P } },
      { index: 7, kind: "medical-access", body: { pseudonym: P, breakGlass: true } },
    ];
    expect(checkMedicalLog(erased)).toMatchObject({ index: 7, kind: "access-after-revocation" });
  });
  it("fails a consent not signed by the patient's registered key", () => {
    const other = generateKeyPairSync("ed25519");
    const forged = signConsent(new Uint8Array(Buffer.from(other.privateKey.export({ format: "jwk" }).d!, "base64url")), "consent-grant", terms);
    expect(checkMedicalLog([base[0]!, { index: 2, kind: "consent-grant", body: { ...terms, signature: forged } }])).toMatchObject({
      index: 2,
      kind: "bad-consent",
    });
    // Editing the terms of a signed grant breaks it too.
    expect(checkMedicalLog([base[0]!, { index: 2, kind: "consent-grant", body: { ...base[1]!.body, purposes: ["RESEARCH"] } }])).toMatchObject({
      kind: "bad-consent",
    });
  });
  it("a receipt reports the state and evidence", () => {
    const r = consentReceipt({
      grant: grant({ revokedAt: 12 }),
      controller: "HOSP-1",
      grantedAt: "t",
      revokedAtTime: "u",
      today: "2026-06-01",
      log: "vigil.example/log",
      leafHash: "ab",
      signature: "s",
      patientKey: pub,
    });
    expect(r).toMatchObject({ state: "withdrawn", withdrawal: { entryIndex: 12 }, piiPrincipalId: P, evidence: { entryIndex: 10 } });
  });
});

describe("the full-size medical demo (pure generator, 200 patients)", () => {
  it("spreads 200 unique patients over the hospitals, with grants, one revocation and one transfer", () => {
    const hospitals = ["HOSP-A", "HOSP-B", "HOSP-C", "HOSP-D"];
    const d = medicalDemo(200, hospitals, "CDC-RL");
    expect(d.patients).toHaveLength(200);
    for (const h of hospitals) expect(d.patients.filter((p) => p.hospital === h).length).toBe(50);
    for (const f of ["nationalId", "name", "phone", "address"] as const) expect(new Set(d.patients.map((p) => p.identity[f])).size).toBe(200);
    expect(d.patients.filter((p) => p.grants.length).length).toBeGreaterThan(40);
    expect(d.patients[d.revoked]!.grants.length).toBeGreaterThan(0);
    expect(d.transfer.to).not.toBe(d.patients[d.transfer.patient]!.hospital);
    expect(medicalDemo(200, hospitals, "CDC-RL")).toEqual(d);
  });
});
