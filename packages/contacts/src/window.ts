import { DAY_MS } from "./overlap.ts";

/** The infectious-period policy parameter: from `daysBeforeOnset` days before onset to isolation. */
export interface InfectiousPeriodPolicy {
  daysBeforeOnset: number;
  /** Without an isolation date the window runs this many days after onset. */
  daysAfterOnsetIfNotIsolated: number;
}

/** Default: 2 days before onset to isolation (WHO's contact definition); 14 days after onset if never isolated. */
export const DEFAULT_INFECTIOUS_PERIOD: InfectiousPeriodPolicy = { daysBeforeOnset: 2, daysAfterOnsetIfNotIsolated: 14 };

/** [from, to) in ms: onset and isolation are instants (ms since the epoch). */
export function infectiousWindow(
  onset: number,
  isolation: number | null,
  policy: InfectiousPeriodPolicy = DEFAULT_INFECTIOUS_PERIOD,
): { from: number; to: number } {
  const from = onset - policy.daysBeforeOnset * DAY_MS;
  const to = isolation ?? onset + policy.daysAfterOnsetIfNotIsolated * DAY_MS;
  if (to <= from) throw new RangeError("isolation is before the infectious period starts");
  return { from, to };
}

/** The query window: the infectious window narrowed by an optional from/to; null when they do not meet. */
export function narrowWindow(w: { from: number; to: number }, from?: number | null, to?: number | null): { from: number; to: number } | null {
  const f = Math.max(w.from, from ?? w.from);
  const t = Math.min(w.to, to ?? w.to);
  return t > f ? { from: f, to: t } : null;
}
