// The dashboards' shared filter state, read from and written to the query string, so a link reproduces the
// view and Back/Forward step through it: ?region=RL-01-02&period=last-90d (relative to the latest report day)
// or ?from=2026-07-01&to=2026-09-30 (absolute), &method=EWMA. Pure: the server pages and the client controls
// both read it, and export URLs are built from it.
import { addDays, dayDiff, isDay } from "@vigil/calendar";
import { LEVEL_RANK } from "./levels";
import type { RegionRisk } from "./shapes";

/** Relative periods offered in the filter bar; any `last-<n>d` with 1 ≤ n ≤ 1096 is accepted from a URL. */
export const RELATIVE_PERIODS = [30, 60, 90, 150] as const;
export const DEFAULT_PERIOD_DAYS = 90;
const MAX_PERIOD_DAYS = 1096; // the API's three-year span limit

export type Period = { kind: "relative"; days: number } | { kind: "absolute"; from: string; to: string };

export interface Filters {
  region: string | null;
  period: Period;
  method: string | null;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;
const get = (p: Params, k: string): string | undefined => {
  const v = p instanceof URLSearchParams ? (p.get(k) ?? undefined) : p[k];
  return Array.isArray(v) ? v[0] : v;
};

/** A malformed or out-of-range value falls back to the default rather than failing the page. */
export function parsePeriod(p: Params): Period {
  const from = get(p, "from");
  const to = get(p, "to");
  if (from && to && isDay(from) && isDay(to)) {
    const span = dayDiff(from, to);
    if (span >= 0 && span < MAX_PERIOD_DAYS) return { kind: "absolute", from, to };
  }
  const m = /^last-(\d{1,4})d$/.exec(get(p, "period") ?? "");
  const days = m ? Number(m[1]) : DEFAULT_PERIOD_DAYS;
  return { kind: "relative", days: days >= 1 && days <= MAX_PERIOD_DAYS ? days : DEFAULT_PERIOD_DAYS };
}

export function parseFilters(p: Params): Filters {
  return { region: get(p, "region") || null, period: parsePeriod(p), method: get(p, "method") || null };
}

/** The period as days, given the latest report day (the dashboards' natural "today"). */
export function periodRange(period: Period, latestDay: string): { from: string; to: string } {
  if (period.kind === "absolute") return { from: period.from, to: period.to };
  return { from: addDays(latestDay, -(period.days - 1)), to: latestDay };
}

export function periodLabel(period: Period): string {
  return period.kind === "absolute" ? `${period.from} to ${period.to}` : `last ${period.days} days`;
}

/** The query string of a filter state: only what differs from the defaults, in a stable order. */
export function filterQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.region) q.set("region", f.region);
  if (f.period.kind === "absolute") {
    q.set("from", f.period.from);
    q.set("to", f.period.to);
  } else if (f.period.days !== DEFAULT_PERIOD_DAYS) q.set("period", `last-${f.period.days}d`);
  if (f.method) q.set("method", f.method);
  return q;
}

/**
 * The region a dashboard opens on when the URL names none (or one outside the viewer's scope): the most
 * at-risk district the viewer may see — highest response level, then highest 7-day incidence per 100k —
 * else the most at-risk region of any level. `risks` is already limited to the viewer's scope by the API.
 */
export function mostAtRisk(risks: RegionRisk[]): RegionRisk | undefined {
  const rank = (a: RegionRisk, b: RegionRisk) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || b.incidencePer100k - a.incidencePer100k;
  const districts = risks.filter((r) => r.region.level === "DISTRICT");
  return [...(districts.length ? districts : risks)].sort(rank)[0];
}

export function pickRegion(risks: RegionRisk[], asked: string | null | undefined): string | null {
  if (asked && risks.some((r) => r.region.code === asked)) return asked;
  return mostAtRisk(risks)?.region.code ?? null;
}
