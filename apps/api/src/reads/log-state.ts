import type { RawSql } from "@vigil/db";
import { SharedRead } from "./shared-read.ts";

/**
 * How far a database has got along the log: its size and the leaf hash of its last entry. Every dashboard input
 * (reports, alerts, policies) is written in the same transaction as its log entry, and appends are serialised,
 * so two databases with the same state hold the same dashboard data — across instances, and on a replica that
 * replayed up to it. The hash makes the key content-addressed: another deployment (another test database) with
 * the same log size never shares a cached answer.
 */
export interface LogState {
  size: number;
  head: string;
}

export async function logStateOf(raw: RawSql): Promise<LogState> {
  const [row] = await raw.query<{ index: string | number | bigint; leafHash: Uint8Array }>(
    `SELECT "index", "leafHash" FROM "LogEntry" ORDER BY "index" DESC LIMIT 1`,
  );
  if (!row) return { size: 0, head: "" };
  return { size: Number(row.index) + 1, head: Buffer.from(row.leafHash).toString("base64url") };
}

/** Log-state reads shared by the requests that wait for one at the same time (see SharedRead). */
export class SharedLogState extends SharedRead<LogState> {
  constructor(raw: RawSql) {
    super(() => logStateOf(raw));
  }
}
