import type { Alert, Database, Region, RiskLevel } from "@vigil/db";
import { addDays, daysBetween, fromDay, toDay } from "../dates.ts";
import { fail } from "../errors.ts";
import type { Ledger } from "../ledger/ledger.ts";
import { detect, detectorParameters, WARMUP_DAYS } from "./detection.ts";
import type { AlertRule, PolicyService } from "./policies.ts";
import type { RegionDirectory } from "./regions.ts";

export interface SeriesPoint { date: string; count: number; upperBound: number | null; alarm: boolean }

/** Response level from 7-day incidence per 100k against the published bounds; an alarm lifts IV to III. */
export function levelFor(incidencePer100k: number, rule: AlertRule, alarmInLastWeek: boolean): RiskLevel {
  if (incidencePer100k >= rule.levels.I) return "I";
  if (incidencePer100k >= rule.levels.II) return "II";
  if (incidencePer100k >= rule.levels.III || alarmInLastWeek) return "III";
  return "IV";
}

export type AlertListener = (alert: Alert & { region: Region }) => void;

/** Analysis layer: series per region, detector runs, alerts on the log, levels for the dashboard. */
export class AnalysisService {
  private listeners: AlertListener[] = [];

  constructor(private readonly db: Database, private readonly regions: RegionDirectory, private readonly policies: PolicyService, private readonly ledger: Ledger) {}

  onAlert(listener: AlertListener): void {
    this.listeners.push(listener);
  }

  /** Daily confirmed cases of a region (sum of its districts), zero-filled over [from, to]. */
  async series(regionCode: string, from: string, to: string): Promise<{ date: string; count: number }[]> {
    if (!this.regions.get(regionCode)) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const rows = await this.db.prisma.caseReport.groupBy({
      by: ["date"],
      where: { regionCode: { in: this.regions.districtsUnder(regionCode) }, date: { gte: fromDay(from), lte: fromDay(to) } },
      _sum: { newConfirmed: true },
    });
    const byDay = new Map(rows.map((r) => [toDay(r.date), r._sum.newConfirmed ?? 0]));
    return daysBetween(from, to).map((date) => ({ date, count: byDay.get(date) ?? 0 }));
  }

  async overview(regionCode: string, from: string, to: string) {
    if (from > to) throw fail("BAD_USER_INPUT", "`from` must not be after `to`.", { field: "from" });
    if (daysBetween(from, to).length > 3 * 366) throw fail("BAD_USER_INPUT", "Ask for at most three years at a time.", { field: "from" });
    const region = this.regions.get(regionCode);
    if (!region) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const { rule } = await this.policies.ruleFor(regionCode, to);
    const full = await this.series(regionCode, addDays(from, -WARMUP_DAYS), to);
    const verdicts = detect(rule, full.map((p) => p.count));
    const series: SeriesPoint[] = full.slice(WARMUP_DAYS).map((p, i) => {
      const v = verdicts[i + WARMUP_DAYS];
      return { date: p.date, count: p.count, upperBound: v ? v.upperBound : null, alarm: v?.alarm ?? false };
    });
    const alerts = await this.db.prisma.alert.findMany({
      where: { regionCode: { in: this.regions.subtree(regionCode) }, date: { gte: fromDay(from), lte: fromDay(to) } },
      orderBy: [{ date: "asc" }, { regionCode: "asc" }],
      include: { region: true },
    });
    const last7 = full.slice(-7).reduce((s, p) => s + p.count, 0);
    const incidencePer100k = (last7 / region.population) * 100_000;
    const alarmInLastWeek = series.slice(-7).some((p) => p.alarm);
    return { region, from, to, method: rule.method, series, alerts, incidencePer100k, newCases7d: last7, level: levelFor(incidencePer100k, rule, alarmInLastWeek) };
  }

  /** The level of every region on a day, from one grouped query. */
  async riskMap(day: string) {
    const rows = await this.db.prisma.caseReport.groupBy({
      by: ["regionCode"],
      where: { date: { gt: fromDay(addDays(day, -7)), lte: fromDay(day) } },
      _sum: { newConfirmed: true },
    });
    const alarms = await this.db.prisma.alert.findMany({ where: { date: { gt: fromDay(addDays(day, -7)), lte: fromDay(day) } }, select: { regionCode: true } });
    const perDistrict = new Map(rows.map((r) => [r.regionCode, r._sum.newConfirmed ?? 0]));
    const alarmed = new Set(alarms.map((a) => a.regionCode));
    return Promise.all(this.regions.all().map(async (region) => {
      const districts = this.regions.districtsUnder(region.code);
      const newCases7d = districts.reduce((s, d) => s + (perDistrict.get(d) ?? 0), 0);
      const incidencePer100k = (newCases7d / region.population) * 100_000;
      const { rule } = await this.policies.ruleFor(region.code, day);
      return { region, newCases7d, incidencePer100k, level: levelFor(incidencePer100k, rule, districts.some((d) => alarmed.has(d))) };
    }));
  }

  /**
   * Run the rule in force over a district's series and put every new alarm on the log with the exact
   * inputs, parameters and outputs, so `recheck` can recompute it. Returns the alerts raised now.
   */
  async evaluate(regionCode: string, from: string, to: string): Promise<Alert[]> {
    const region = this.regions.get(regionCode);
    if (!region) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const { rule, policyId } = await this.policies.ruleFor(regionCode, to);
    const start = addDays(from, -WARMUP_DAYS);
    const full = await this.series(regionCode, start, to);
    const counts = full.map((p) => p.count);
    const verdicts = detect(rule, counts);
    const existing = new Set((await this.db.prisma.alert.findMany({
      where: { regionCode, method: rule.method, date: { gte: fromDay(from), lte: fromDay(to) } }, select: { date: true },
    })).map((a) => toDay(a.date)));
    const raised: { date: string; i: number }[] = [];
    full.forEach((p, i) => { if (p.date >= from && verdicts[i]?.alarm && !existing.has(p.date)) raised.push({ date: p.date, i }); });
    if (!raised.length) return [];
    const created = await this.db.prisma.$transaction(async (tx) => {
      const items = raised.map(({ date, i }) => {
        const v = verdicts[i]!;
        const inputFrom = Math.max(0, i - WARMUP_DAYS);
        const recent = counts.slice(Math.max(0, i - 6), i + 1).reduce((s, c) => s + c, 0);
        return {
          date, v, level: levelFor((recent / region.population) * 100_000, rule, true),
          body: {
            regionCode, date, method: rule.method, parameters: detectorParameters(rule), policyId,
            input: { from: full[inputFrom]!.date, counts: counts.slice(inputFrom, i + 1) },
            output: { observed: counts[i], statistic: v.statistic, upperBound: v.upperBound, alarm: true },
          },
        };
      });
      const entries = await this.ledger.append(tx, items.map((it) => ({ kind: "alert", departmentCode: null, departmentId: null, body: it.body })));
      return Promise.all(items.map((it, k) => tx.alert.create({
        data: {
          regionCode, date: fromDay(it.date), method: rule.method, statistic: finite(it.v.statistic), threshold: finite(it.v.upperBound),
          observed: counts[raised[k]!.i]!, level: it.level, policyId, entryIndex: entries[k]!.index,
        },
        include: { region: true },
      })));
    });
    for (const a of created) for (const l of this.listeners) l(a);
    return created;
  }
}

/** Float columns cannot hold ±Infinity portably (sd = 0 gives an infinite statistic): clamp for storage. */
const finite = (x: number) => (Number.isFinite(x) ? x : x > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE);
