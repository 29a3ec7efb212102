import type { Database } from "@vigil/db";
import { demoResource, medicalDemo, type RecordKind } from "@vigil/privacy";
import type { Viewer } from "../../../access/viewer.ts";
import type { MedicalService } from "./service.ts";

export const DEMO_PATIENT_EMAIL = "patient@vigil.example";

/**
 * The medical demo through the real service: patients registered by their hospitals (one write per hospital),
 * one sealed record or two each, grants signed by the patients, one revocation and one transfer. The demo
 * patient login is patient 0. The user row carries only the pseudonym, never the seeded identity.
 */
export async function seedMedical(db: Database, medical: MedicalService, count: number, passwordHash: string, say: (line: string) => void) {
  const started = Date.now();
  const hospitals = await db.prisma.department.findMany({ where: { kind: "HOSPITAL" }, orderBy: { code: "asc" } });
  const cdc = (await db.prisma.department.findFirst({ where: { kind: "CDC" }, orderBy: { code: "asc" } }))?.code ?? hospitals[0]!.code;
  const demo = medicalDemo(
    count,
    hospitals.map((h) => h.code),
    cdc.endsWith("-RL") ? cdc : "CDC-RL",
  );
  const officer = (code: string): Viewer => {
    const d = hospitals.find((h) => h.code === code)!;
    return { id: 0, email: `seed@${code}`, role: "DEPARTMENT_OFFICER", departmentId: d.id, departmentCode: d.code, regionCode: d.regionCode };
  };
  const pseudonyms: string[] = new Array(count);
  for (const h of hospitals) {
    const mine = demo.patients.map((p, i) => ({ p, i })).filter((x) => x.p.hospital === h.code);
    if (!mine.length) continue;
    const registered = await medical.registerPatients(
      officer(h.code),
      mine.map((x) => x.p.identity),
    );
    mine.forEach((x, k) => {
      pseudonyms[x.i] = registered[k]!.pseudonym;
    });
  }
  say(`seeding medical: ${count} patients registered`);
  const patientViewer = (i: number): Viewer => ({
    id: 0,
    email: DEMO_PATIENT_EMAIL,
    role: "PATIENT",
    departmentId: null,
    departmentCode: null,
    regionCode: null,
    patientPseudonym: pseudonyms[i],
  });
  // Grants first, so records are sealed to the granted departments too.
  const grantEntries = new Map<number, number>();
  for (const [i, p] of demo.patients.entries())
    for (const g of p.grants) {
      const row = await medical.grant(patientViewer(i), { ...g, kinds: g.kinds as RecordKind[] });
      if (!grantEntries.has(i)) grantEntries.set(i, Number(row.entryIndex));
    }
  for (const h of hospitals) {
    const recs = demo.patients.flatMap((p, i) =>
      p.hospital === h.code ? p.records.map((r) => ({ pseudonym: pseudonyms[i]!, kind: r.kind, record: demoResource(pseudonyms[i]!, r) })) : [],
    );
    if (recs.length) await medical.addRecords(officer(h.code), recs);
  }
  const revoked = grantEntries.get(demo.revoked);
  if (revoked != null) await medical.revoke(patientViewer(demo.revoked), revoked);
  const t = demo.patients[demo.transfer.patient]!;
  if (t.hospital !== demo.transfer.to) await medical.transfer(officer(t.hospital), pseudonyms[demo.transfer.patient]!, demo.transfer.to);
  // The demo patient reads their own records once, so the portal's access history is not empty.
  await medical.read(patientViewer(0), pseudonyms[0]!, "TREATMENT");
  await db.prisma.user.create({ data: { email: DEMO_PATIENT_EMAIL, name: "Demo patient", role: "PATIENT", passwordHash, patientPseudonym: pseudonyms[0]! } });
  say(`seeding medical: records, ${grantEntries.size} patients' grants, a revocation and a transfer in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { email: DEMO_PATIENT_EMAIL, role: "PATIENT" };
}
