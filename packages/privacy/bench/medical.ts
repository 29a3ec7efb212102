// npm run bench:medical — records sealed per second for 3 recipients, consent decisions and log checks per second,
// each with its ratio to a yardstick measured in the same run: raw jose GeneralEncrypt of one record to one recipient.
import { generateKeyPairSync } from "node:crypto";
import { GeneralEncrypt } from "jose";
import { checkMedicalLog, decide, type Grant, type MedicalEntry, seal, signConsent } from "../src/index.ts";

const record = new TextEncoder().encode(
  JSON.stringify({
    resourceType: "Condition",
    code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10", code: "J12.9" }] },
    subject: { reference: `Patient/P-${"A".repeat(32)}` },
  }),
);
const keys = [0, 1, 2].map(() => generateKeyPairSync("x25519"));

async function rate(label: string, n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<{ label: string; perSecond: number }> {
  for (let i = 0; i < Math.min(300, n); i++) await fn(i); // warm-up (the JIT and WebCrypto's key import caches)
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return { label, perSecond: n / ((performance.now() - t) / 1000) };
}

const P = `P-${"B".repeat(32)}`;
const grants: Grant[] = Array.from({ length: 20 }, (_, i) => ({
  index: i * 3,
  pseudonym: P,
  grantee: i % 2 ? { department: `HOSP-${i}` } : { role: "AUDITOR" },
  purposes: ["TREATMENT", "PUBLIC_HEALTH"],
  kinds: ["Condition", "Observation"],
  from: "2026-01-01",
  to: null,
  revokedAt: i % 5 === 0 ? i * 3 + 1 : null,
}));
const signer = generateKeyPairSync("ed25519");
const pub = Buffer.from(signer.publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");
const priv = new Uint8Array(Buffer.from(signer.privateKey.export({ format: "jwk" }).d!, "base64url"));
const terms = { pseudonym: P, grantee: { department: "CDC-RL" }, purposes: ["PUBLIC_HEALTH"], kinds: ["Condition"], from: "2026-01-01", to: null };
const history: MedicalEntry[] = [
  { index: 0, kind: "patient-registration", body: { pseudonym: P, patientKey: pub } },
  { index: 1, kind: "consent-grant", body: { ...terms, signature: signConsent(priv, "consent-grant", terms) } },
  ...Array.from({ length: 1000 }, (_, i) => ({ index: i + 2, kind: "medical-access", body: { pseudonym: P, consent: 1 } })),
];

const raw = () =>
  new GeneralEncrypt(record).setProtectedHeader({ enc: "A256GCM" }).addRecipient(keys[0]!.publicKey).setUnprotectedHeader({ alg: "ECDH-ES+A256KW" }).encrypt();
// Measured before and after the rest (shared cores vary): the yardstick is the faster of the two.
const first = await rate("yardstick: raw jose GeneralEncrypt, 1 recipient", 2000, raw);
const rows = [
  await rate("records sealed, 3 recipients (seal)", 1000, () =>
    seal(
      record,
      keys.map((k, i) => ({ kid: `R${i}`, publicKey: k.publicKey })),
      "vigil-fhir/1",
    ),
  ),
  await rate("access checks (decide over 20 grants)", 200_000, (i) =>
    decide(grants, { role: "DEPARTMENT_OFFICER", departmentCode: `HOSP-${i % 21}` }, "TREATMENT", "Condition", "2026-06-01"),
  ),
  await rate("log checks (checkMedicalLog, 1,002 entries) ×1,002", 30, () => checkMedicalLog(history)).then((r) => ({
    ...r,
    perSecond: r.perSecond * history.length,
  })),
];
const second = await rate("yardstick: raw jose GeneralEncrypt, 1 recipient", 2000, raw);
const yardstick = first.perSecond > second.perSecond ? first : second;
rows.unshift(yardstick);
console.log("| operation | per second | × yardstick |\n|---|---:|---:|");
for (const r of rows) console.log(`| ${r.label} | ${Math.round(r.perSecond).toLocaleString("en")} | ${(r.perSecond / yardstick.perSecond).toFixed(2)} |`);
