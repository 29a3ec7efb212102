import type { RawSql } from "@vigil/db";

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

/**
 * Log-state reads shared by the requests that wait for one at the same time, without ever answering a request
 * with a state read before it asked: a request joins the read that has not been sent yet, which goes out once
 * the read in flight (if any) is back. So a burst of dashboard requests costs one round trip per round trip, not
 * one per request, and each still sees every write acknowledged before it arrived.
 */
export class SharedLogState {
  private inFlight: Promise<unknown> | null = null;
  private next: Promise<LogState> | null = null;

  constructor(private readonly raw: RawSql) {}

  read(): Promise<LogState> {
    if (this.next) return this.next;
    const read: Promise<LogState> = (this.inFlight ?? Promise.resolve()).then(() => {
      // Sent now: requests arriving from here on wait for the next read.
      if (this.next === read) this.next = null;
      const sent = logStateOf(this.raw);
      const flight: Promise<unknown> = sent
        .catch(() => {})
        .then(() => {
          if (this.inFlight === flight) this.inFlight = null;
        });
      this.inFlight = flight;
      return sent;
    });
    this.next = read;
    return read;
  }
}
