/**
 * Calendar days as "YYYY-MM-DD" strings in UTC.
 *
 * Reports, policies and alerts are about days, not instants, so a day travels as its plain
 * string and is only turned into a Date (UTC midnight) for arithmetic: no local time zone can
 * shift it. This is the one parser: every package and app reads days through it, so "what is
 * a valid day" has a single answer (strict: 2026-02-30 is refused, not rolled into March).
 * No dependencies and no Node built-ins: it runs in the browser too.
 * @module
 */

/** Milliseconds in a UTC day (no leap seconds in ECMAScript time). */
export const DAY_MS = 86_400_000;

const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

function label(name: string | undefined): string {
  return name === undefined ? "" : `${name}: `;
}

/** Why a well-shaped "YYYY-MM-DD" is still not a day, for the error message. */
function whyNotADay(text: string): string {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  if (month < 1 || month > 12) return `there is no month ${text.slice(5, 7)}`;
  // Day 0 of the next month is the last day of this one.
  const length = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
  return `${text.slice(0, 7)} has ${length} days`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The day as a Date at 00:00 UTC.
 * @param text - "YYYY-MM-DD", zero-padded, year 0000–9999.
 * @param name - what the text is (e.g. "startDate"), to prefix the error message with.
 * @throws RangeError when text is not a string of that shape, or names no calendar day
 *   (2026-02-30 → "2026-02-30 is not a calendar date: 2026-02 has 28 days").
 */
export function parseDay(text: string, name?: string): Date {
  if (typeof text !== "string" || !DAY_TEXT.test(text)) {
    throw new RangeError(`${label(name)}${String(text)} is not a YYYY-MM-DD date`);
  }
  // The ISO form (not Date.UTC, which maps years 0–99 to 1900–1999), then a round trip: engines
  // refuse month 13 or day 32 but roll 2026-02-30 over to 2 March (V8 does).
  const d = new Date(`${text}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) {
    throw new RangeError(`${label(name)}${text} is not a calendar date: ${whyNotADay(text)}`);
  }
  return d;
}

/** Whether text is a "YYYY-MM-DD" calendar day that {@link parseDay} accepts. */
export function isDay(text: unknown): text is string {
  if (typeof text !== "string" || !DAY_TEXT.test(text)) return false;
  const d = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * The UTC calendar day of an instant, "YYYY-MM-DD".
 * @throws RangeError for an invalid Date or one outside years 0000–9999 (no YYYY-MM-DD form).
 */
export function formatDay(d: Date): string {
  const time = d instanceof Date ? d.getTime() : Number.NaN;
  const text = Number.isNaN(time) ? "" : d.toISOString().slice(0, 10);
  if (!DAY_TEXT.test(text)) throw new RangeError(`formatDay: ${String(d)} has no YYYY-MM-DD form`);
  return text;
}

function requireWholeDays(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${String(n)}`);
}

/** The day n days after (n < 0: before) day. */
export function addDays(day: string, n: number): string {
  requireWholeDays(n, "addDays: n");
  return formatDay(new Date(parseDay(day).getTime() + n * DAY_MS));
}

/**
 * The same month and day n years later (earlier for n < 0). 29 February becomes 1 March in a
 * common year — what R's `seq.Date(by = "year")` and JavaScript's Date both do, and what
 * Farrington's reference weeks rely on.
 */
export function addYears(day: string, n: number): string {
  requireWholeDays(n, "addYears: n");
  const d = parseDay(day);
  d.setUTCFullYear(d.getUTCFullYear() + n);
  return formatDay(d);
}

/** Whole days from `from` to `to`: 1 for consecutive days, negative when `to` is earlier. */
export function dayDiff(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / DAY_MS);
}

/** Every day from `from` to `to`, both included, in order; empty when `to` is before `from`. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = parseDay(from).getTime(), end = parseDay(to).getTime(); t <= end; t += DAY_MS) out.push(formatDay(new Date(t)));
  return out;
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekday(day: string): number {
  return parseDay(day).getUTCDay();
}

/** Today's UTC calendar day. */
export function today(): string {
  return formatDay(new Date());
}

/** The names apps/api has used (`toDay(date)`, `fromDay(text)`): the same functions, not copies. */
export { formatDay as toDay, parseDay as fromDay };

/** The Monday (ISO 8601 week start) of the week `day` falls in: the date weekly reports are filed under. */
export function weekStart(day: string): string {
  return addDays(day, -((weekday(day) + 6) % 7));
}
