import type { Purpose, RecordKind } from "./consent.ts";
import type { PatientIdentity } from "./identity.ts";

/** The demo's made-up patients (issue 14): deterministic, so the privacy scan knows exactly what to look for. */
export interface DemoPatient {
  identity: PatientIdentity;
  hospital: string;
  records: { kind: RecordKind; code: string; display: string; day: string }[];
  /** Grants the patient signs at seeding: to a department, or a role. */
  grants: { granteeDepartment?: string; granteeRole?: string; purposes: Purpose[]; kinds: RecordKind[] }[];
}

export interface MedicalDemo {
  patients: DemoPatient[];
  /** Index of the patient whose first grant is revoked. */
  revoked: number;
  /** Index of the patient transferred, and where to. */
  transfer: { patient: number; to: string };
}

const GIVEN = ["Anwen", "Bao", "Carmen", "Dmitri", "Esi", "Farid", "Greta", "Hiro", "Ines", "Jomo", "Kalani", "Lior", "Marisol", "Nnamdi", "Oona", "Pavel"];
const FAMILY = [
  "Achterberg",
  "Bianchi",
  "Castellanos",
  "Dufresne",
  "Eklund",
  "Fairweather",
  "Gallagher",
  "Halvorsen",
  "Iwasaki",
  "Jankowski",
  "Kowalczyk",
  "Lindahl",
];
const STREETS = ["Quillfeather Lane", "Marrowbone Road", "Juniper Terrace", "Saltmarsh Way", "Copperbeech Close", "Wrenfield Street"];
const CONDITIONS = [
  ["J12.9", "Viral pneumonia, unspecified"],
  ["U07.1", "COVID-19, virus identified"],
  ["J10.1", "Influenza with other respiratory manifestations"],
  ["A09", "Infectious gastroenteritis and colitis"],
] as const;

/** mulberry32: a small seeded PRNG, so the demo is the same on every start. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/**
 * `count` patients spread round-robin over `hospitals` (at least two), one Condition each and an Observation for
 * every third; every fifth grants the provincial CDC (`cdc`) public-health access to Conditions, every seventh
 * grants its own hospital treatment access to everything. Patient 0 (the demo login) has both. Patient 5's first
 * grant is revoked; patient 1 moves to the next hospital. National ids, names, phones and addresses are unique.
 */
export function medicalDemo(count: number, hospitals: readonly string[], cdc: string, endDay = "2026-11-30", seed = 14): MedicalDemo {
  if (hospitals.length < 2) throw new RangeError("the medical demo needs at least two hospitals");
  const r = rng(seed);
  const patients: DemoPatient[] = [];
  for (let i = 0; i < count; i++) {
    const hospital = hospitals[i % hospitals.length]!;
    const year = 1940 + Math.floor(r() * 65);
    const birthDate = `${year}-${pad(1 + Math.floor(r() * 12), 2)}-${pad(1 + Math.floor(r() * 28), 2)}`;
    const given = GIVEN[i % GIVEN.length]!;
    const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
    const identity: PatientIdentity = {
      // 18 characters like a resident id: a fixed region prefix, the birth date, a unique serial.
      nationalId: `7${pad(31, 2)}${pad(i % 1000, 3)}${birthDate.replaceAll("-", "")}${pad(i, 4)}`,
      name: `${given} ${family} ${i}`,
      birthDate,
      phone: `+86139${pad(10_000_000 + i * 37, 8)}`,
      address: `${10 + i} ${STREETS[i % STREETS.length]}, Unit ${1 + (i % 9)}`,
    };
    const [code, display] = CONDITIONS[i % CONDITIONS.length]!;
    const records: DemoPatient["records"] = [{ kind: "Condition", code, display, day: endDay }];
    if (i % 3 === 0) records.push({ kind: "Observation", code: "94500-6", display: "SARS-CoV-2 RNA [Presence] by NAA", day: endDay });
    const grants: DemoPatient["grants"] = [];
    if (i % 5 === 0) grants.push({ granteeDepartment: cdc, purposes: ["PUBLIC_HEALTH"], kinds: ["Condition"] });
    if (i % 7 === 0) grants.push({ granteeDepartment: hospital, purposes: ["TREATMENT"], kinds: ["Condition", "Observation", "Encounter"] });
    patients.push({ identity, hospital, records, grants });
  }
  return { patients, revoked: Math.min(5, count - 1), transfer: { patient: Math.min(1, count - 1), to: hospitals[(1 + 1) % hospitals.length]! } };
}

/** The FHIR resource of a demo record (subject by pseudonym only). */
export function demoResource(pseudonym: string, rec: DemoPatient["records"][number]): Record<string, unknown> {
  const subject = { reference: `Patient/${pseudonym}` };
  if (rec.kind === "Observation")
    return {
      resourceType: "Observation",
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code: rec.code, display: rec.display }] },
      subject,
      effectiveDateTime: rec.day,
      valueCodeableConcept: { text: "Detected" },
    };
  if (rec.kind === "Encounter") return { resourceType: "Encounter", status: "completed", subject, actualPeriod: { start: rec.day } };
  return {
    resourceType: "Condition",
    code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10", code: rec.code, display: rec.display }] },
    subject,
    recordedDate: rec.day,
  };
}
