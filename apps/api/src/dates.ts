/** Calendar days as "YYYY-MM-DD" in UTC: reports are about days, not instants. */
export const DAY_MS = 86_400_000;

export function toDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function fromDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`${day} is not a YYYY-MM-DD date`);
  const d = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || toDay(d) !== day) throw new RangeError(`${day} is not a calendar date`);
  return d;
}

export function addDays(day: string, n: number): string {
  return toDay(new Date(fromDay(day).getTime() + n * DAY_MS));
}

export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = fromDay(from).getTime(), end = fromDay(to).getTime(); t <= end; t += DAY_MS) out.push(toDay(new Date(t)));
  return out;
}

export const today = (): string => toDay(new Date());
