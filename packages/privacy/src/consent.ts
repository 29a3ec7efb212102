import { ed25519 } from "@noble/curves/ed25519.js";
import { canonicalBytes } from "@vigil/log";

/** Why data is read (FHIR Consent.provision.purpose, from HL7 v3 PurposeOfUse: TREAT, HRESCH, PUBHLTH, ETREAT). */
export const PURPOSES = ["TREATMENT", "RESEARCH", "PUBLIC_HEALTH", "EMERGENCY"] as const;
export type Purpose = (typeof PURPOSES)[number];
/** The FHIR resource types a sealed record may be (the fixed record contract until the rules issue lands). */
export const RECORD_KINDS = ["Condition", "Observation", "Encounter"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Who a grant is to: one department (by code) or everyone of one role. */
export type Grantee = { department: string; role?: undefined } | { role: string; department?: undefined };

/** The body of a `consent-grant` entry, before the patient's signature. */
export interface GrantTerms {
  pseudonym: string;
  grantee: Grantee;
  purposes: Purpose[];
  kinds: RecordKind[];
  /** Data period and validity, YYYY-MM-DD inclusive; `to` null = until revoked. */
  from: string;
  to: string | null;
}

/** A grant as the log holds it, with its entry index and, once revoked, the revocation's. */
export interface Grant extends GrantTerms {
  index: number;
  revokedAt?: number | null;
}

export interface Reader {
  role: string;
  departmentCode: string | null;
}

export type Decision = { released: true; consent: number } | { released: false; reason: "no-consent" | "revoked" | "expired" | "not-yet" };

/**
 * The consent decision: the reader may read `kind` for `purpose` on `day` only if a grant in force covers all three.
 * The earliest covering grant is named (stable answers for the same state). A revoked grant never covers;
 * when only revoked or out-of-period grants would, the refusal says so.
 */
export function decide(grants: readonly Grant[], reader: Reader, purpose: Purpose, kind: RecordKind, day: string): Decision {
  let near: "revoked" | "expired" | "not-yet" | null = null;
  for (const g of [...grants].sort((a, b) => a.index - b.index)) {
    const covers =
      (g.grantee.department ? g.grantee.department === reader.departmentCode : g.grantee.role === reader.role) &&
      g.purposes.includes(purpose) &&
      g.kinds.includes(kind);
    if (!covers) continue;
    if (g.revokedAt != null) near ??= "revoked";
    else if (day < g.from) near ??= "not-yet";
    else if (g.to != null && day > g.to) near ??= "expired";
    else return { released: true, consent: g.index };
  }
  return { released: false, reason: near ?? "no-consent" };
}

/** What the patient signs for a grant or revocation: RFC 8785 bytes under a domain tag. */
export function consentSigningBytes(kind: "consent-grant" | "consent-revocation", body: unknown): Uint8Array {
  const tag = new TextEncoder().encode(`vigil-${kind}/1\n`);
  const bytes = canonicalBytes(body);
  const out = new Uint8Array(tag.length + bytes.length);
  out.set(tag);
  out.set(bytes, tag.length);
  return out;
}

export function signConsent(privateKey: Uint8Array, kind: "consent-grant" | "consent-revocation", body: unknown): string {
  return Buffer.from(ed25519.sign(consentSigningBytes(kind, body), privateKey)).toString("base64");
}

export function verifyConsent(publicKey: Uint8Array, kind: "consent-grant" | "consent-revocation", body: unknown, signature: string): boolean {
  try {
    return ed25519.verify(new Uint8Array(Buffer.from(signature, "base64")), consentSigningBytes(kind, body), publicKey);
  } catch {
    return false;
  }
}

/** One medical entry of the log, as the checker needs it (payload `body` of the entry). */
export interface MedicalEntry {
  index: number;
  kind: string;
  body: Record<string, unknown>;
}

export interface MedicalProblem {
  index: number;
  kind: "access-after-revocation" | "bad-consent";
  message: string;
}

/**
 * Replays the medical entries in log order and finds the first that breaks the rules anyone can check from the
 * log alone: every consent entry is signed by the key the patient's registration put on the log (or names a
 * grant of that patient); an access entry under a consent names a grant of that patient not revoked before it;
 * no access entry for a patient (break-glass included) follows the erasure of that patient's records.
 */
export function checkMedicalLog(entries: readonly MedicalEntry[]): MedicalProblem | null {
  const patientKey = new Map<string, Uint8Array>();
  const grants = new Map<number, { pseudonym: string; revokedAt: number | null }>();
  const erasedAt = new Map<string, number>();
  for (const e of [...entries].sort((a, b) => a.index - b.index)) {
    const b = e.body;
    const pseudonym = String(b.pseudonym ?? "");
    if (e.kind === "patient-registration") {
      if (!patientKey.has(pseudonym)) patientKey.set(pseudonym, new Uint8Array(Buffer.from(String(b.patientKey ?? ""), "base64")));
    } else if (e.kind === "consent-grant" || e.kind === "consent-revocation") {
      const key = patientKey.get(pseudonym);
      const { signature, ...terms } = b;
      if (!key || typeof signature !== "string" || !verifyConsent(key, e.kind, terms, signature))
        return { index: e.index, kind: "bad-consent", message: `${e.kind} at ${e.index} is not signed by the patient's registered key` };
      if (e.kind === "consent-grant") grants.set(e.index, { pseudonym, revokedAt: null });
      else {
        const g = grants.get(Number(b.grant));
        if (!g || g.pseudonym !== pseudonym)
          return { index: e.index, kind: "bad-consent", message: `revocation at ${e.index} names no grant of this patient (${String(b.grant)})` };
        g.revokedAt ??= e.index;
      }
    } else if (e.kind === "medical-erasure") {
      if (!erasedAt.has(pseudonym)) erasedAt.set(pseudonym, e.index);
    } else if (e.kind === "medical-access") {
      const erased = erasedAt.get(pseudonym);
      if (erased != null)
        return { index: e.index, kind: "access-after-revocation", message: `access at ${e.index} follows the erasure at ${erased} of the patient's records` };
      if (b.consent != null) {
        const g = grants.get(Number(b.consent));
        if (!g || g.pseudonym !== pseudonym)
          return {
            index: e.index,
            kind: "access-after-revocation",
            message: `access at ${e.index} names consent ${String(b.consent)}, no grant of this patient`,
          };
        if (g.revokedAt != null)
          return {
            index: e.index,
            kind: "access-after-revocation",
            message: `access at ${e.index} follows the revocation at ${g.revokedAt} of consent ${String(b.consent)}`,
          };
      } else if (b.breakGlass !== true && b.self !== true) {
        return { index: e.index, kind: "access-after-revocation", message: `access at ${e.index} names no consent and is not break-glass` };
      }
    }
  }
  return null;
}
