import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { medicalDemo } from "@vigil/privacy";
import { auditLog } from "../../../log/audit.ts";
import { hashPassword } from "../../../access/password.ts";
import { type Backend, type Running, snapshot, startVigil } from "../../../../test/harness.ts";

const HOSPITAL = "officer@vigil.example"; // DEPARTMENT_OFFICER at a hospital
const CDC = "cdc@vigil.example"; // DEPARTMENT_OFFICER at CDC-RL
const AUDITOR = "auditor@vigil.example";
const DECIDER = "decision@vigil.example";

const REGISTER = `mutation($i: RegisterPatientInput!) { registerPatient(input: $i) { pseudonym created } }`;
const ADD = `mutation($i: MedicalRecordInput!) { addMedicalRecord(input: $i) { entryIndex kind recipients sha256 } }`;
const GRANT = `mutation($i: GrantConsentInput!) { grantConsent(input: $i) { entryIndex revokedEntry } }`;
const REVOKE = `mutation($g: Int!) { revokeConsent(grantEntry: $g) { entryIndex revokedEntry } }`;
const READ = `query($p: String!, $purpose: String!, $kind: String, $reason: String) { medicalRecords(pseudonym: $p, purpose: $purpose, kind: $kind, reason: $reason) { entryIndex kind record } }`;
const OVERVIEW = `query($p: String!) { patientOverview(pseudonym: $p) { erased records { entryIndex kind erased } grants { entryIndex revokedEntry } accesses { entryIndex readerEmail purpose consentEntry breakGlass reason records } } }`;
const ERASE = `mutation($p: String!, $r: String!) { eraseMedicalRecords(pseudonym: $p, reason: $r) }`;

const identity = {
  nationalId: "990101198001010042",
  name: "Zebulon Quartermaine",
  birthDate: "1980-01-01",
  phone: "+8613912345678",
  address: "77 Nowhere Crescent",
};
const resource = (p: string, kind: string) =>
  kind === "Condition"
    ? { resourceType: "Condition", code: { text: "Viral pneumonia" }, subject: { reference: `Patient/${p}` } }
    : kind === "Observation"
      ? { resourceType: "Observation", status: "final", code: { text: "SARS-CoV-2 RNA" }, subject: { reference: `Patient/${p}` } }
      : { resourceType: "Encounter", status: "completed", subject: { reference: `Patient/${p}` } };

/** Everything identifying a scan must not find: the test patient's fields and every seeded patient's. */
function secrets(count: number, hospitals: string[]): string[] {
  const demo = medicalDemo(count, hospitals, "CDC-RL");
  const all = [identity, ...demo.patients.map((p) => p.identity)];
  return all.flatMap((i) => [i.nationalId, i.name, i.phone, i.address!]);
}

async function scanText(run: Running): Promise<string> {
  const db = run.vigil.db;
  const tables = await db.raw.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
  let text = "";
  for (const t of tables) {
    const rows = await db.raw.query<{ r: string }>(`SELECT t::text AS r FROM "${t.table_name}" t`);
    text += rows.map((r) => r.r).join("\n");
  }
  // The log's payloads are bytea (hex in the dump): scan them decoded too.
  const entries = await db.prisma.logEntry.findMany({ select: { payload: true } });
  return text + entries.map((e) => new TextDecoder().decode(e.payload)).join("\n");
}

async function privacyScan(run: Running, output: string[]) {
  const hospitals = (await run.vigil.db.prisma.department.findMany({ where: { kind: "HOSPITAL" }, orderBy: { code: "asc" } })).map((d) => d.code);
  // The harness seeds 6 demo patients (harness.ts demoPatients).
  const needles = secrets(6, hospitals);
  let dump = await scanText(run);
  if (run.databaseUrl) dump += execFileSync("pg_dump", ["--no-owner", run.databaseUrl], { encoding: "utf8", maxBuffer: 1 << 30 });
  const out = output.join("\n");
  for (const s of needles) {
    expect(dump.includes(s), `database holds ${s.slice(0, 3)}…`).toBe(false);
    expect(out.includes(s), "server output").toBe(false);
  }
  // The scan sees what is there: pseudonyms are in the dump (so the dump is not empty of medical data).
  expect(dump).toMatch(/P-[A-Z2-7]{32}/);
  expect(dump).toContain("medical-record");
}

describe("medical records under patient control (PGlite)", () => {
  let run: Running;
  const output: string[] = [];
  let hospital: string, cdc: string, auditor: string, decider: string, patient: string;
  let pseudonym: string;

  beforeAll(async () => {
    for (const m of ["log", "error", "warn", "info"] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void output.push(a.map(String).join(" ")));
    run = await startVigil("pglite");
    [hospital, cdc, auditor, decider] = await Promise.all([HOSPITAL, CDC, AUDITOR, DECIDER].map((e) => run.login(e)));
    const r = await run.gql(REGISTER, { i: identity }, hospital);
    pseudonym = r.data!.registerPatient.pseudonym;
    // The test's patient signs in like the demo patient (a PATIENT account holding only the pseudonym).
    await run.vigil.db.prisma.user.create({
      data: { email: "p2@vigil.example", name: "Test patient", role: "PATIENT", passwordHash: await hashPassword(run.password), patientPseudonym: pseudonym },
    });
    patient = await run.login("p2@vigil.example");
    for (const kind of ["Condition", "Observation", "Encounter"]) {
      const a = await run.gql(ADD, { i: { pseudonym, kind, record: resource(pseudonym, kind) } }, hospital);
      expect(a.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await run?.stop();
    vi.restoreAllMocks();
  });

  it("registration gives a pseudonym, is idempotent, and refuses bad input naming the field only", async () => {
    expect(pseudonym).toMatch(/^P-[A-Z2-7]{32}$/);
    const again = await run.gql(REGISTER, { i: { ...identity, nationalId: "990101-19800101-0042" } }, hospital);
    expect(again.data!.registerPatient).toEqual({ pseudonym, created: false });
    const before = await snapshot(run.vigil);
    const bad = await run.gql(REGISTER, { i: { ...identity, nationalId: "990101198001019999", birthDate: "1980-02-30" } }, hospital);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "birthDate" });
    expect(JSON.stringify(bad)).not.toContain("Zebulon");
    const notHospital = await run.gql(REGISTER, { i: identity }, cdc);
    expect(notHospital.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect(await snapshot(run.vigil)).toEqual(before);
    const withName = await run.gql(
      ADD,
      { i: { pseudonym, kind: "Condition", record: { ...resource(pseudonym, "Condition"), note: [{ name: "x" }] } } },
      hospital,
    );
    expect(withName.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "record" });
  });

  it("a patient reaches only the medical operations", async () => {
    const r = await run.gql(`{ caseReports(limit: 1) { id } }`, {}, patient);
    expect(r.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const other = await run.gql(OVERVIEW, { p: (await run.gql(`{ myPseudonym }`, {}, await run.login("patient@vigil.example"))).data!.myPseudonym }, patient);
    expect(other.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("consent matrix: reader × consent state × purpose × kind → released (logged first) or CONSENT_REQUIRED", async () => {
    const g = await run.gql(GRANT, { i: { granteeDepartment: "CDC-RL", purposes: ["PUBLIC_HEALTH"], kinds: ["Condition", "Observation"] } }, patient);
    expect(g.errors).toBeUndefined();
    const grantEntry = g.data!.grantConsent.entryIndex as number;
    const readers = { cdc, decider, auditor } as const;
    const cases: { reader: keyof typeof readers; state: "granted" | "revoked"; purpose: string; kind: string; released: boolean }[] = [];
    for (const state of ["granted", "revoked"] as const)
      for (const reader of Object.keys(readers) as (keyof typeof readers)[])
        for (const purpose of ["PUBLIC_HEALTH", "RESEARCH"])
          for (const kind of ["Condition", "Observation", "Encounter"])
            cases.push({
              reader,
              state,
              purpose,
              kind,
              released: state === "granted" && reader === "cdc" && purpose === "PUBLIC_HEALTH" && kind !== "Encounter",
            });
    for (const c of cases) {
      if (c.state === "revoked" && cases.indexOf(c) === cases.findIndex((x) => x.state === "revoked")) {
        const r = await run.gql(REVOKE, { g: grantEntry }, patient);
        expect(r.data!.revokeConsent.revokedEntry).toBeGreaterThan(grantEntry);
      }
      const before = await snapshot(run.vigil);
      const accessesBefore = await run.vigil.db.prisma.medicalAccess.count();
      const r = await run.gql(READ, { p: pseudonym, purpose: c.purpose, kind: c.kind }, readers[c.reader]);
      const label = `${c.reader} ${c.state} ${c.purpose} ${c.kind}`;
      if (c.released) {
        expect(r.errors, label).toBeUndefined();
        expect(
          r.data!.medicalRecords.map((x: { kind: string }) => x.kind),
          label,
        ).toEqual([c.kind]);
        expect(r.data!.medicalRecords[0].record.subject.reference).toBe(`Patient/${pseudonym}`);
        // The access entry exists, names the consent and the released record, and precedes nothing it released.
        const access = await run.vigil.db.prisma.medicalAccess.findFirstOrThrow({ orderBy: { id: "desc" } });
        expect(Number(access.consentEntry), label).toBe(grantEntry);
        expect(JSON.parse(access.records)).toEqual([r.data!.medicalRecords[0].entryIndex]);
        expect(await run.vigil.db.prisma.medicalAccess.count()).toBe(accessesBefore + 1);
      } else {
        expect(r.errors![0]!.extensions, label).toMatchObject({ code: "FORBIDDEN", reason: "CONSENT_REQUIRED" });
        expect(await snapshot(run.vigil), label).toEqual(before);
        expect(await run.vigil.db.prisma.medicalAccess.count()).toBe(accessesBefore);
      }
    }
    expect(cases.filter((c) => c.released)).toHaveLength(2);
  });

  it("break-glass needs a hospital officer and a reason, and shows in the patient's access history", async () => {
    const noReason = await run.gql(READ, { p: pseudonym, purpose: "EMERGENCY" }, hospital);
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
    const notHospital = await run.gql(READ, { p: pseudonym, purpose: "EMERGENCY", reason: "unconscious on arrival, allergies unknown" }, cdc);
    expect(notHospital.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const r = await run.gql(READ, { p: pseudonym, purpose: "EMERGENCY", reason: "unconscious on arrival, allergies unknown" }, hospital);
    expect(r.data!.medicalRecords).toHaveLength(3);
    const o = await run.gql(OVERVIEW, { p: pseudonym }, patient);
    const glass = o.data!.patientOverview.accesses.find((a: { breakGlass: boolean }) => a.breakGlass);
    expect(glass).toMatchObject({ readerEmail: HOSPITAL, purpose: "EMERGENCY", consentEntry: null, reason: "unconscious on arrival, allergies unknown" });
    const audit = await run.gql(OVERVIEW, { p: pseudonym }, auditor);
    expect(audit.data!.patientOverview.accesses.length).toBe(o.data!.patientOverview.accesses.length);
  });

  it("the consent receipt carries the ISO 27560 fields and the log evidence", async () => {
    const o = await run.gql(OVERVIEW, { p: pseudonym }, patient);
    const grant = o.data!.patientOverview.grants[0];
    const r = await run.gql(`query($g: Int!) { consentReceipt(grantEntry: $g) }`, { g: grant.entryIndex }, patient);
    const receipt = JSON.parse(r.data!.consentReceipt);
    expect(receipt).toMatchObject({
      piiPrincipalId: pseudonym,
      state: "withdrawn",
      withdrawal: { entryIndex: grant.revokedEntry },
      evidence: { entryIndex: grant.entryIndex },
    });
    expect(receipt.purposes[0]).toMatchObject({ purpose: "PUBLIC_HEALTH", piiCategories: ["Condition", "Observation"], recipients: ["CDC-RL"] });
  });

  it("the privacy scan finds no seeded or registered identity in the database, the log or the server output", async () => {
    await privacyScan(run, output);
  });

  it("erasure: ciphertexts and keys gone, reads NOT_FOUND erased, the log verifies; a forged access after it fails verify", async () => {
    const e = await run.gql(ERASE, { p: pseudonym, r: "patient's request (form 12)" }, patient);
    expect(e.errors).toBeUndefined();
    const p = run.vigil.db.prisma;
    expect(await p.medicalRecord.count({ where: { pseudonym, NOT: { jwe: null } } })).toBe(0);
    expect((await p.patient.findUniqueOrThrow({ where: { pseudonym } })).wrappedKeys).toBeNull();
    expect(await run.vigil.services.pseudonyms.openIdentity(pseudonym)).toBeNull();
    const r = await run.gql(READ, { p: pseudonym, purpose: "EMERGENCY", reason: "unconscious on arrival, allergies unknown" }, hospital);
    expect(r.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", erased: true });
    const log = run.vigil.services.log;
    await log.publishCheckpoint();
    const ok = await auditLog(run.vigil.db, { origin: log.origin, logPublicKey: run.vigil.services.keys.logPublic });
    expect(ok.problem).toBeNull();
    // A forged access after the erasure (and naming the revoked consent), appended through the store itself.
    await log.write((w) =>
      w.append([
        {
          kind: "medical-access",
          departmentCode: null,
          departmentId: null,
          body: {
            pseudonym,
            reader: { user: 1, role: "DEPARTMENT_OFFICER", department: "CDC-RL" },
            purpose: "PUBLIC_HEALTH",
            records: [],
            consent: null,
            breakGlass: true,
            self: false,
          },
        },
      ]),
    );
    const bad = await auditLog(run.vigil.db, { origin: log.origin, logPublicKey: run.vigil.services.keys.logPublic });
    expect(bad.problem?.kind).toBe("access-after-revocation");
  });
});

describe.each(["postgres"] as Backend[])("privacy scan (%s, pg_dump)", (backend) => {
  let run: Running;
  const output: string[] = [];
  beforeAll(async () => {
    for (const m of ["log", "error", "warn", "info"] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void output.push(a.map(String).join(" ")));
    run = await startVigil(backend);
    await run.gql(REGISTER, { i: identity }, await run.login(HOSPITAL));
  });
  afterAll(async () => {
    await run?.stop();
    vi.restoreAllMocks();
  });
  it("no seeded name, national id, phone or address in plaintext", async () => {
    await privacyScan(run, output);
  });
});
