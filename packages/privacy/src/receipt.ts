import type { Grant } from "./consent.ts";

/**
 * A consent receipt in the shape of ISO/IEC TS 27560 (consent record information structure; the fields of the
 * Kantara Consent Receipt it grew from): who the PII principal and controller are, what was consented to, for
 * which purposes and data, when, and its state, plus where its proof sits on the log.
 */
export interface ConsentReceipt {
  schemaVersion: "ISO/IEC TS 27560:2023";
  recordId: string;
  piiPrincipalId: string;
  piiControllers: { id: string; role: "controller" }[];
  consentTimestamp: string;
  collectionMethod: "signed log entry";
  state: "active" | "withdrawn" | "expired";
  purposes: { purpose: string; piiCategories: string[]; lawfulBasis: "consent"; recipients: string[] }[];
  validity: { from: string; to: string | null };
  withdrawal: { entryIndex: number; timestamp: string | null } | null;
  evidence: { log: string; entryIndex: number; leafHash: string; signature: string; patientKey: string };
}

export interface ReceiptInput {
  grant: Grant;
  controller: string;
  grantedAt: string;
  revokedAtTime: string | null;
  today: string;
  log: string;
  leafHash: string;
  signature: string;
  patientKey: string;
}

export function consentReceipt(i: ReceiptInput): ConsentReceipt {
  const g = i.grant;
  const recipient = g.grantee.department ?? `role:${g.grantee.role}`;
  return {
    schemaVersion: "ISO/IEC TS 27560:2023",
    recordId: `${i.log}#${g.index}`,
    piiPrincipalId: g.pseudonym,
    piiControllers: [{ id: i.controller, role: "controller" }],
    consentTimestamp: i.grantedAt,
    collectionMethod: "signed log entry",
    state: g.revokedAt != null ? "withdrawn" : g.to != null && i.today > g.to ? "expired" : "active",
    purposes: g.purposes.map((p) => ({ purpose: p, piiCategories: [...g.kinds], lawfulBasis: "consent", recipients: [recipient] })),
    validity: { from: g.from, to: g.to },
    withdrawal: g.revokedAt != null ? { entryIndex: g.revokedAt, timestamp: i.revokedAtTime } : null,
    evidence: { log: i.log, entryIndex: g.index, leafHash: i.leafHash, signature: i.signature, patientKey: i.patientKey },
  };
}
