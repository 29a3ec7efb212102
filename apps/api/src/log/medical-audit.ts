import type { Database } from "@vigil/db";
import type { AuditProblem } from "@vigil/log";
import { checkMedicalLog, type MedicalEntry } from "@vigil/privacy";

const KINDS = ["patient-registration", "consent-grant", "consent-revocation", "medical-access", "medical-erasure"];

/**
 * The medical rules anyone can check from the log alone (issue 14): consents signed by the patient's registered
 * key, and no access entry after the revocation of the consent it names or after the patient's erasure.
 */
export async function auditMedical(db: Database): Promise<AuditProblem | null> {
  const rows = await db.prisma.$queryRawUnsafe<{ index: bigint; kind: string; payload: Uint8Array }[]>(
    `SELECT "index", "kind", "payload" FROM "LogEntry" WHERE "kind" = ANY($1::text[]) ORDER BY "index"`,
    KINDS,
  );
  const decoder = new TextDecoder();
  const entries: MedicalEntry[] = rows.map((r) => ({
    index: Number(r.index),
    kind: r.kind,
    body: (JSON.parse(decoder.decode(r.payload)) as { body: Record<string, unknown> }).body,
  }));
  const p = checkMedicalLog(entries);
  return p && { ...p, table: "LogEntry" };
}
