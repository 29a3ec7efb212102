import type { Condition, Encounter, Observation } from "@medplum/fhirtypes";
import { RECORD_KINDS, type RecordKind } from "./consent.ts";

export type FhirRecord = Condition | Observation | Encounter;

/** Fields that identify a person: a sealed record refers to its patient by pseudonym only. */
const IDENTIFYING = ["name", "telecom", "address", "identifier", "birthDate", "photo", "contact"];
const MAX_BYTES = 64 * 1024;

export class RecordError extends RangeError {}

/**
 * The fixed record contract until the rules issue publishes one: a FHIR R5 Condition, Observation or Encounter
 * of the kind named, whose `subject` is `Patient/<pseudonym>`, with its required elements present and no
 * identifying element anywhere in it. Returns the record typed.
 */
export function checkRecord(kind: string, record: unknown, pseudonym: string): FhirRecord {
  if (!(RECORD_KINDS as readonly string[]).includes(kind)) throw new RecordError(`kind must be one of ${RECORD_KINDS.join(", ")}`);
  if (!record || typeof record !== "object" || Array.isArray(record)) throw new RecordError("record must be a JSON object");
  const r = record as Record<string, unknown>;
  if (r.resourceType !== kind) throw new RecordError(`record.resourceType must be ${kind}`);
  if (JSON.stringify(record).length > MAX_BYTES) throw new RecordError(`record must be at most ${MAX_BYTES} bytes of JSON`);
  const subject = r.subject as { reference?: unknown } | undefined;
  if (subject?.reference !== `Patient/${pseudonym}`) throw new RecordError("record.subject.reference must be Patient/<the pseudonym>");
  const found = findIdentifying(record);
  if (found) throw new RecordError(`record must not carry identifying elements (${found}): identity stays sealed apart`);
  const need: Record<RecordKind, string[]> = { Condition: ["code"], Observation: ["status", "code"], Encounter: ["status"] };
  for (const f of need[kind as RecordKind]) if (r[f] == null) throw new RecordError(`a ${kind} needs ${f}`);
  return record as FhirRecord;
}

function findIdentifying(v: unknown, path = "record"): string | null {
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const f = findIdentifying(x, `${path}[${i}]`);
      if (f) return f;
    }
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (IDENTIFYING.includes(k)) return `${path}.${k}`;
      const f = findIdentifying(x, `${path}.${k}`);
      if (f) return f;
    }
  }
  return null;
}
