/**
 * Calendar arithmetic on "YYYY-MM-DD" strings in UTC. Reports are per calendar day with no time zone, so
 * keeping dates as plain strings avoids any local-time drift.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseIsoDate(name: string, value: string): number {
  if (typeof value !== "string" || !ISO_DATE.test(value)) {
    throw new RangeError(`${name} must be a YYYY-MM-DD date, got ${String(value)}`);
  }
  const ms = Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)));
  // Date.UTC silently rolls 2024-02-30 over into March; a round trip catches it.
  if (formatIsoDate(ms) !== value) throw new RangeError(`${name} is not a real calendar date: ${value}`);
  return ms;
}

export function formatIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatIsoDate(parseIsoDate("date", date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekday(date: string): number {
  return new Date(parseIsoDate("date", date)).getUTCDay();
}

export function todayUtc(): string {
  return formatIsoDate(Date.now());
}
