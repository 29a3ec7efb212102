import { GraphQLError } from "graphql";
import { addDays, DAY_MS, isDay, parseDay, today } from "@vigil/calendar";
import { fail } from "../errors.ts";

/**
 * Bounds of every calendar day that comes in from a client, checked at the edge (the LocalDate scalar and
 * the query-horizon guard) so no service ever sees year 0000 or is asked for 8,000 years of series.
 */

/** The earliest day the system knows about: VIGIL_HISTORY_START (YYYY-MM-DD), default 1900-01-01. */
export const HISTORY_START: string = historyStart(process.env.VIGIL_HISTORY_START);
/** The latest day the LocalDate scalar accepts (the last day with a YYYY-MM-DD form). */
export const LAST_DAY = "9999-12-31";
/** The longest span one query may cover, in days (three years). */
export const MAX_SPAN_DAYS = 3 * 366;
/** Query dates may look ahead of today by at most this many days (projections, planning), never to year 9999. */
export const MAX_DAYS_AHEAD = 366;

function historyStart(value: string | undefined): string {
  if (!value) return "1900-01-01";
  if (!isDay(value)) throw new Error(`VIGIL_HISTORY_START=${value} is not a YYYY-MM-DD date`);
  return value;
}

/**
 * `scalar` marks a value the LocalDate scalar refused: written in the document, graphql reports it during
 * validation (Apollo then says GRAPHQL_VALIDATION_FAILED); the marker lets formatError say BAD_USER_INPUT,
 * as for the same value in a variable.
 */
const badInput = (message: string, field?: string) =>
  new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", scalar: "LocalDate", ...(field && { field }) } });

/** A client-supplied day: a real calendar day within HISTORY_START..LAST_DAY, else BAD_USER_INPUT. */
export function inputDay(value: unknown, field?: string): string {
  const where = field ? `${field}: ` : "";
  if (!isDay(value)) {
    const shown = typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
    throw badInput(`${where}${shown} is not a calendar date (YYYY-MM-DD).`, field);
  }
  if (value < HISTORY_START) throw badInput(`${where}${value} is before the start of the history (${HISTORY_START}).`, field);
  if (value > LAST_DAY) throw badInput(`${where}${value} is after ${LAST_DAY}.`, field);
  return value;
}

/**
 * Dates of a filed report (for the data-support service): HISTORY_START..today (UTC), else BAD_USER_INPUT
 * naming `field`. A report for 0001-01-01 or for next week is refused before anything is stored.
 */
export function checkReportDate(day: string, field = "date"): string {
  inputDay(day, field);
  const now = today();
  if (day > now) throw fail("BAD_USER_INPUT", `${field}: ${day} is in the future (today is ${now}).`, { field });
  return day;
}

/** Days from `from` to `to` inclusive, in O(1) (never a loop over the span). */
export function spanDays(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / DAY_MS) + 1;
}

/**
 * The horizon of a query over days, checked before any work: each given day at most MAX_DAYS_AHEAD after
 * today, `from` ≤ `to`, and at most MAX_SPAN_DAYS days when both are given.
 */
export function checkHorizon(args: { from?: string | null; to?: string | null; date?: string | null }): void {
  const latest = addDays(today(), MAX_DAYS_AHEAD);
  for (const field of ["from", "to", "date"] as const) {
    const day = args[field];
    if (day != null && day > latest) throw fail("BAD_USER_INPUT", `${field}: ${day} is more than ${MAX_DAYS_AHEAD} days ahead (latest ${latest}).`, { field });
  }
  const { from, to } = args;
  if (from != null && to != null) {
    if (from > to) throw fail("BAD_USER_INPUT", "`from` must not be after `to`.", { field: "from" });
    if (spanDays(from, to) > MAX_SPAN_DAYS) throw fail("BAD_USER_INPUT", `Ask for at most three years (${MAX_SPAN_DAYS} days) at a time.`, { field: "from" });
  }
}
