import { parseDay } from "@vigil/calendar";
import type { DepartmentKind } from "./gql/graphql";

// One fixed locale: numbers and times read the same for every user of a shared dashboard.
const LOCALE = "en-GB";

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const shortDay = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat(LOCALE, { weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

export const fmtInt = (n: number) => integer.format(n);
export const fmt1 = (n: number) => oneDecimal.format(n);
export const fmtDateTime = (iso: string | null | undefined) => (iso ? `${dateTime.format(new Date(iso))} UTC` : "—");
/** "12 Oct" for chart ticks. */
export const fmtShortDay = (day: string) => shortDay.format(parseDay(day));
/** "Mon, 12 Oct 2026" for tooltips. */
export const fmtLongDay = (day: string) => longDay.format(parseDay(day));

export const humanize = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replaceAll("_", " ");

const KIND_LABEL: Record<DepartmentKind, string> = {
  CDC: "CDC",
  CHARITY: "Charity",
  HEALTH_COMMISSION: "Health commission",
  HOSPITAL: "Hospital",
  MEDIA: "Media",
  PUBLIC_SECURITY: "Public security",
  TRANSPORT: "Transport",
};

/** Department kinds keep their acronyms ("CDC", not "Cdc"). */
export const kindLabel = (kind: DepartmentKind) => KIND_LABEL[kind] ?? humanize(kind);

/** A latency in seconds as people say it: "40 s", "12 min", "3.5 h", "2.1 days". */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds == null) return "—";
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? "−" : "";
  if (s < 60) return `${sign}${s < 10 ? fmt1(s) : fmtInt(s)} s`;
  if (s < 3600) return `${sign}${fmtInt(s / 60)} min`;
  if (s < 86_400) return `${sign}${fmt1(s / 3600)} h`;
  return `${sign}${fmt1(s / 86_400)} days`;
}
