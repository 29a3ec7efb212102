// A date form field's day as the instants a query takes, in UTC like every day of the log.
import { DAY_MS, isDay, parseDay } from "@vigil/calendar";

/** The instant a day starts (a "from" field); undefined for an empty or malformed field. */
export const dayStart = (d: string | undefined) => (isDay(d) ? parseDay(d).toISOString() : undefined);
/** The last millisecond of a day (a "to" field), so the day itself is included. */
export const dayEnd = (d: string | undefined) => (isDay(d) ? new Date(parseDay(d).getTime() + DAY_MS - 1).toISOString() : undefined);
