import {
  farrington,
  growth,
  nowcast,
  project,
  reportingTriangle,
  reproductionNumber,
  riskLevel,
  type DelayedCount,
  type RiskAssessment,
} from "@vigil/analytics";
import { DEFAULT_DISEASE, DISEASE_CODES } from "@vigil/rules";
import { LRUCache } from "lru-cache";
import { bytesEqual, hashLeaf, verifyInclusion } from "@vigil/log";
import type { Alert, Database, Region } from "@vigil/db";
import { canReadRegion, readableRegion } from "../../access/scope.ts";
import type { Viewer } from "../../access/viewer.ts";
import { addDays, DAY_MS, dayDiff, daysBetween, parseDay, formatDay, today, weekStart } from "@vigil/calendar";
import { fail } from "../../errors.ts";
import type { Page } from "../../graphql/pagination.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";
import type { ReportService } from "../data-support/service.ts";
import { ALERT_METHODS, WEEKLY_RULE, type AlertMethod, type AlertRule, type PolicyService, type RuleInForce } from "../policy/service.ts";
import type { DashboardReads } from "../../reads/service.ts";
import { DAILY_METHODS, detect, parametersFor, runDetector, WARMUP_DAYS, type DetectorParameters } from "./detection.ts";

/**
 * Serial interval used for Rt and renewal projections: gamma with mean 5.2 and sd 2.8 days, a common
 * estimate for respiratory outbreaks (e.g. COVID-19, Ferretti et al. 2020); a policy could publish its own.
 */
export const SERIAL_INTERVAL = { mean: 5.2, sd: 2.8 } as const;
const RT_WINDOW = 7;
const GROWTH_WINDOW = 14;
const PROJECTION_DAYS = 14;
/** Days the nowcast estimates the delay distribution from, the longest delay it models, and the days it returns. */
const NOWCAST_WINDOW = 60;
const NOWCAST_MAX_DELAY = 10;
const NOWCAST_SHOWN = 21;

export interface SeriesPoint {
  date: string;
  count: number;
  upperBound: number | null;
  alarm: boolean;
}

export type AlertListener = (alert: Alert & { region: Region }) => void;

interface Indicators {
  incidencePer100k: number;
  newCases7d: number;
  growthRate: number | null;
  rt: number | null;
  activeAlarms: number;
}

/** Daily counts of a region: all confirmed cases, and of them those acquired elsewhere. */
export interface DailyCounts {
  counts: number[];
  imported: number[];
}

/** R_t is driven by local transmission (EpiEstim's local/imported split): local = confirmed − imported. */
const rtInput = (counts: number[], imported?: number[]) =>
  imported?.some((x) => x > 0) ? { local: counts.map((c, i) => c - imported[i]!), imported } : counts;

/** Indicators of the last day of `counts` for `riskLevel`, from the same series the dashboard draws. */
function indicators(counts: number[], population: number, activeAlarms: number, imported?: number[]): Indicators {
  const newCases7d = counts.slice(-7).reduce((s, c) => s + c, 0);
  const g = counts.length >= GROWTH_WINDOW ? growth(counts.slice(-GROWTH_WINDOW - 7), { window: GROWTH_WINDOW }).at(-1) : null;
  const rt = counts.length > RT_WINDOW + 1 ? reproductionNumber(rtInput(counts, imported), SERIAL_INTERVAL, { window: RT_WINDOW }).at(-1) : null;
  return { incidencePer100k: (newCases7d / population) * 100_000, newCases7d, growthRate: g?.rate ?? null, rt: rt?.mean ?? null, activeAlarms };
}

const assess = (ind: Indicators, rule: AlertRule): RiskAssessment => riskLevel(ind, { levels: rule.levels });

/** Analysis layer: series per region, detector runs, alerts on the log, levels for the dashboard. */
export class AnalysisService {
  private listeners: AlertListener[] = [];
  /**
   * Farrington's verdicts keyed by their whole input (counts, start, range, parameters): ~100 GLM fits per
   * disease and region are the cost of a weekly panel, and a dashboard re-renders every panel on each live
   * update while a daily report leaves the weekly counts unchanged. Keyed by value, an entry can never be stale,
   * so no invalidation is needed and several instances cannot disagree.
   */
  private readonly weeklyVerdicts = new LRUCache<string, ReturnType<typeof farrington>>({ max: 512 });

  constructor(
    private readonly db: Database,
    private readonly regions: RegionDirectory,
    private readonly policies: PolicyService,
    private readonly reports: ReportService,
    private readonly log: LogStore,
    private readonly reads?: DashboardReads,
  ) {}

  onAlert(listener: AlertListener): void {
    this.listeners.push(listener);
  }

  /** Series, detectors, alerts and level of a region the viewer may read; by default the 120 days up to the latest report. */
  async overviewFor(
    viewer: Viewer,
    regionCode: string,
    opts: { from?: string | null; to?: string | null; method?: AlertMethod | null; disease?: string | null; period?: "DAY" | "WEEK" | null },
  ) {
    readableRegion(viewer, this.regions, regionCode);
    const disease = opts.disease ?? DEFAULT_DISEASE;
    if (!DISEASE_CODES.includes(disease))
      throw fail("BAD_USER_INPUT", `Unknown disease ${disease.slice(0, 40)}; the published code list has ${DISEASE_CODES.join(", ")}.`, { field: "disease" });
    // Authorised above; the answer itself is the same for every viewer allowed to see the region.
    const args = { regionCode, from: opts.from ?? null, to: opts.to ?? null, method: opts.method ?? null, disease, period: opts.period ?? null };
    const compute = () => this.computeOverview(regionCode, disease, opts);
    return this.reads ? this.reads.answer(viewer.id, { kind: "riskOverview", args }, compute) : compute();
  }

  private async computeOverview(
    regionCode: string,
    disease: string,
    opts: { from?: string | null; to?: string | null; method?: AlertMethod | null; period?: "DAY" | "WEEK" | null },
  ) {
    const end = opts.to ?? (await this.reports.latestDay(disease)) ?? today();
    if (opts.period === "WEEK") return this.weeklyOverview(regionCode, disease, opts.from ?? null, end);
    return this.overview(regionCode, opts.from ?? addDays(end, -119), end, opts.method ?? undefined, disease);
  }

  /**
   * Weekly counts (ISO weeks, dated on their Monday) of a disease, with the weekly rule the policy layer
   * publishes (Farrington, Noufaily et al. 2013 settings) run over every shown week: each week's baseline is
   * the same weeks of the `b` previous years, so the series read spans b years before `from`.
   */
  async weeklyOverview(regionCode: string, disease: string, fromGiven: string | null, to: string) {
    const region = this.regions.get(regionCode);
    if (!region) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const { rule: daily, policy } = await this.policies.ruleFor(regionCode, to);
    const weekly = WEEKLY_RULE;
    const lastWeek = weekStart(to);
    const from = weekStart(fromGiven ?? addDays(lastWeek, -7 * 103));
    if (from > lastWeek) throw fail("BAD_USER_INPUT", "`from` must not be after `to`.", { field: "from" });
    if (dayDiff(from, lastWeek) > 7 * 52 * 3) throw fail("BAD_USER_INPUT", "Ask for at most three years of weeks at a time.", { field: "from" });
    // Baseline years plus the reference window's half-width, so the first shown week has its whole baseline.
    const start = weekStart(addDays(from, -7 * (52 * weekly.parameters.b + weekly.parameters.w + 1)));
    const daily_ = await this.series(regionCode, start, addDays(lastWeek, 6), { disease });
    const weeks: string[] = [];
    for (let w = start; w <= lastWeek; w = addDays(w, 7)) weeks.push(w);
    const at = new Map(weeks.map((w, i) => [w, i]));
    const counts = new Array<number>(weeks.length).fill(0);
    for (const p of daily_) counts[at.get(weekStart(p.date))!]! += p.count;
    const first = at.get(from)!;
    const range = weeks.map((_, i) => i).filter((i) => i >= first);
    const key = `${start}|${first}|${JSON.stringify(weekly.parameters)}|${counts.join(",")}`;
    let verdicts = this.weeklyVerdicts.get(key);
    if (!verdicts) {
      verdicts = farrington(counts, { ...weekly.parameters, startDate: start, range });
      this.weeklyVerdicts.set(key, verdicts);
    }
    const points = range.map((i) => ({
      date: weeks[i]!,
      count: counts[i]!,
      expected: verdicts[i]?.expected ?? null,
      upperBound: verdicts[i] ? finite(verdicts[i]!.upperBound) : null,
      alarm: verdicts[i]?.alarm ?? false,
      trend: verdicts[i]?.trend ?? null,
    }));
    const activeAlarms = points.slice(-4).filter((p) => p.alarm).length;
    // A week's count stands for the 7-day incidence the levels are defined on.
    const ind = indicators([counts.at(-1) ?? 0], region.population, activeAlarms);
    const assessment = assess(ind, daily);
    // Alerts are raised by the daily rule on COVID-19 only (weekly alarms are shown, not yet logged as alerts).
    const alerts: Awaited<ReturnType<typeof this.alertsIn>> = [];
    return {
      region,
      from,
      to: lastWeek,
      disease,
      period: "WEEK" as const,
      method: daily.method,
      seriesMethod: weekly.method,
      seriesParameters: JSON.stringify(weekly.parameters),
      series: points.map((p) => ({ date: p.date, count: p.count, upperBound: p.upperBound, alarm: p.alarm })),
      farrington: points,
      detectors: [],
      alerts,
      rtSeries: [],
      growth: null,
      projection: { method: "none", points: [] },
      serialInterval: SERIAL_INTERVAL,
      ...ind,
      level: assessment.level,
      levelReasons: assessment.reasons,
      policy,
    };
  }

  /** Every region the viewer may read, on `date` (default: the latest reported day). */
  async riskMapFor(viewer: Viewer, date?: string | null) {
    const compute = async () => this.riskMap(date ?? (await this.reports.latestDay()) ?? today());
    const all = this.reads ? await this.reads.answer(viewer.id, { kind: "riskMap", args: { date: date ?? null } }, compute) : await compute();
    return all.filter((r) => canReadRegion(viewer, this.regions, r.region.code));
  }

  /** Most recent first, in the viewer's scope (a region and everything below it). */
  async alerts(viewer: Viewer, filter: { regionCode?: string | null } & Page) {
    if (filter.regionCode && !this.regions.get(filter.regionCode)) throw fail("NOT_FOUND", `Unknown region ${filter.regionCode}.`);
    const region = readableRegion(viewer, this.regions, filter.regionCode);
    const where = region ? { regionCode: { in: this.regions.subtree(region) } } : {};
    return this.db.prisma.alert.findMany({
      where,
      orderBy: [{ date: "desc" }, { id: "desc" }],
      take: filter.limit,
      skip: filter.offset,
      include: { region: true },
    });
  }

  /** Recheck the alert logged at `entryIndex`, if the viewer may read its region. */
  async recheckAt(viewer: Viewer, entryIndex: number) {
    const alert =
      Number.isSafeInteger(entryIndex) && entryIndex >= 0
        ? await this.db.prisma.alert.findUnique({ where: { entryIndex: BigInt(entryIndex) }, select: { id: true, regionCode: true } })
        : null;
    if (!alert) throw fail("NOT_FOUND", `No alert is logged at entry ${entryIndex}.`);
    readableRegion(viewer, this.regions, alert.regionCode);
    return this.recheck(alert.id);
  }

  /**
   * Daily confirmed cases of a region (sum of its districts), zero-filled over [from, to]: the current values,
   * or with `asOfEntry` the values that were current just before that log entry (what an alert then saw).
   */
  async series(regionCode: string, from: string, to: string, opts: { asOfEntry?: number; disease?: string } = {}): Promise<{ date: string; count: number }[]> {
    return (await this.seriesSplit(regionCode, from, to, opts)).map(({ date, count }) => ({ date, count }));
  }

  /** `series` with each day's imported cases beside its confirmed ones (for R_t from local transmission). */
  async seriesSplit(
    regionCode: string,
    from: string,
    to: string,
    opts: { asOfEntry?: number; disease?: string } = {},
  ): Promise<{ date: string; count: number; imported: number }[]> {
    if (!this.regions.get(regionCode)) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const asOf = opts.asOfEntry == null ? null : BigInt(opts.asOfEntry);
    const rows = await this.db.prisma.caseReport.groupBy({
      by: ["date"],
      // One value per district-day: an amended report is history, its correction is what counts.
      where: {
        regionCode: { in: this.regions.districtsUnder(regionCode) },
        disease: opts.disease ?? DEFAULT_DISEASE,
        date: { gte: parseDay(from), lte: parseDay(to) },
        ...(asOf === null ? { current: true } : { entryIndex: { lt: asOf }, OR: [{ current: true }, { amendedBy: { is: { entryIndex: { gt: asOf } } } }] }),
      },
      _sum: { newConfirmed: true, imported: true },
    });
    const byDay = new Map(rows.map((r) => [formatDay(r.date), r._sum]));
    return daysBetween(from, to).map((date) => ({ date, count: byDay.get(date)?.newConfirmed ?? 0, imported: byDay.get(date)?.imported ?? 0 }));
  }

  async overview(regionCode: string, from: string, to: string, method?: AlertMethod, disease: string = DEFAULT_DISEASE) {
    if (from > to) throw fail("BAD_USER_INPUT", "`from` must not be after `to`.", { field: "from" });
    if (daysBetween(from, to).length > 3 * 366) throw fail("BAD_USER_INPUT", "Ask for at most three years at a time.", { field: "from" });
    const region = this.regions.get(regionCode);
    if (!region) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const { rule, policy } = await this.policies.ruleFor(regionCode, to);
    const chosen = method ?? rule.method;
    const full = await this.seriesSplit(regionCode, addDays(from, -WARMUP_DAYS), to, { disease });
    const counts = full.map((p) => p.count);
    const imported = full.map((p) => p.imported);
    const dates = full.map((p) => p.date);
    const shown = (i: number) => i >= WARMUP_DAYS;

    const detectors = [...new Set<AlertMethod>([chosen, ...DAILY_METHODS])].map((m) => {
      const verdicts = detect(rule, counts, m);
      const points = verdicts
        .map((v, i) => ({ date: dates[i]!, statistic: v?.statistic ?? null, upperBound: v?.upperBound ?? null, alarm: v?.alarm ?? false }))
        .filter((_, i) => shown(i));
      return { method: m, parameters: JSON.stringify(parametersFor(rule, m)), alarms: points.filter((p) => p.alarm).length, points };
    });
    const main = detectors[0]!;
    const series: SeriesPoint[] = full
      .filter((_, i) => shown(i))
      .map((p, i) => ({ date: p.date, count: p.count, upperBound: main.points[i]!.upperBound, alarm: main.points[i]!.alarm }));

    // From local transmission: imported cases add infectious pressure but are nobody's offspring here.
    const rt = reproductionNumber(rtInput(counts, imported), SERIAL_INTERVAL, { window: RT_WINDOW })
      .map((r, i) => (r ? { date: dates[i]!, mean: r.mean, lower: r.lower, upper: r.upper } : null))
      .filter((r, i): r is NonNullable<typeof r> => r !== null && shown(i));
    const g = growth(counts, { window: GROWTH_WINDOW }).at(-1) ?? null;
    const proj = project(counts, { horizon: PROJECTION_DAYS, method: "growth", seed: 1 });
    const projection = {
      method: proj.method,
      points: proj.points.map((p) => ({ date: addDays(to, p.step), median: p.median, lower: p.lower, upper: p.upper })),
    };

    // Alerts are raised by the daily rule on COVID-19 only.
    const alerts = disease === DEFAULT_DISEASE ? await this.alertsIn(regionCode, from, to) : [];
    const activeAlarms = detectors.filter((d) => d.points.slice(-7).some((p) => p.alarm)).length;
    const ind = indicators(counts, region.population, activeAlarms, imported);
    const assessment = assess(ind, rule);
    return {
      region,
      from,
      to,
      disease,
      period: "DAY" as const,
      method: chosen,
      seriesMethod: chosen as string,
      seriesParameters: main.parameters,
      series,
      farrington: [],
      detectors,
      alerts,
      rtSeries: rt,
      growth: g,
      projection,
      serialInterval: SERIAL_INTERVAL,
      ...ind,
      level: assessment.level,
      levelReasons: assessment.reasons,
      policy,
    };
  }

  /**
   * Nowcast of the last days' counts of a region (its districts' reports pooled into one reporting triangle):
   * a report's delay is the whole days from its date to its receipt (`receivedAt`); the triangle is taken as of
   * the end of `to` (the latest reported day by default), counting only reports received by then, as a
   * dashboard would have seen them that evening. Höhle & an der Heiden's Bayesian nowcast (@vigil/analytics
   * `nowcast`, matched against R's surveillance::nowcast in bench:peers) gives each day's final count.
   */
  async nowcastFor(viewer: Viewer, regionCode: string, opts: { disease?: string | null; to?: string | null } = {}) {
    readableRegion(viewer, this.regions, regionCode);
    if (!this.regions.get(regionCode)) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const disease = opts.disease ?? DEFAULT_DISEASE;
    if (!DISEASE_CODES.includes(disease)) throw fail("BAD_USER_INPUT", `Unknown disease ${disease.slice(0, 40)}.`, { field: "disease" });
    const to = opts.to ?? (await this.reports.latestDay(disease)) ?? today();
    const from = addDays(to, -(NOWCAST_WINDOW - 1));
    const rows = await this.db.prisma.caseReport.findMany({
      where: {
        regionCode: { in: this.regions.districtsUnder(regionCode) },
        disease,
        current: true,
        date: { gte: parseDay(from), lte: parseDay(to) },
        receivedAt: { lt: new Date(parseDay(to).getTime() + DAY_MS) },
      },
      select: { date: true, receivedAt: true, newConfirmed: true },
    });
    const records: DelayedCount[] = rows.map((r) => ({
      period: dayDiff(from, formatDay(r.date)),
      delay: Math.max(0, Math.floor((r.receivedAt.getTime() - r.date.getTime()) / DAY_MS)),
      count: r.newConfirmed,
    }));
    const result = nowcast(reportingTriangle(records, NOWCAST_WINDOW), { maxDelay: NOWCAST_MAX_DELAY });
    const dates = daysBetween(from, to);
    return {
      region: this.regions.get(regionCode)!,
      disease,
      asOf: to,
      maxDelay: NOWCAST_MAX_DELAY,
      delayCdf: result.delayCdf,
      points: result.points.slice(-NOWCAST_SHOWN).map((p, k) => ({ date: dates[dates.length - NOWCAST_SHOWN + k]!, ...p })),
    };
  }

  private alertsIn(regionCode: string, from: string, to: string) {
    return this.db.prisma.alert.findMany({
      where: { regionCode: { in: this.regions.subtree(regionCode) }, date: { gte: parseDay(from), lte: parseDay(to) } },
      orderBy: [{ date: "asc" }, { regionCode: "asc" }],
      include: { region: true },
    });
  }

  /** The level of every region on a day, from one grouped query over the last weeks. */
  async riskMap(day: string) {
    const start = addDays(day, -WARMUP_DAYS);
    const rows = await this.db.prisma.caseReport.groupBy({
      by: ["regionCode", "date"],
      where: { date: { gte: parseDay(start), lte: parseDay(day) }, current: true, disease: DEFAULT_DISEASE },
      _sum: { newConfirmed: true },
    });
    const alarms = await this.db.prisma.alert.groupBy({
      by: ["regionCode"],
      where: { date: { gt: parseDay(addDays(day, -7)), lte: parseDay(day) } },
      _count: { _all: true },
    });
    const days = daysBetween(start, day);
    const at = new Map(days.map((d, i) => [d, i]));
    const perDistrict = new Map<string, number[]>();
    for (const r of rows) {
      const s = perDistrict.get(r.regionCode) ?? perDistrict.set(r.regionCode, new Array(days.length).fill(0)).get(r.regionCode)!;
      s[at.get(formatDay(r.date))!]! += r._sum.newConfirmed ?? 0;
    }
    const alarmCount = new Map(alarms.map((a) => [a.regionCode, a._count._all]));
    const ruleFor = await this.policies.rulesOn(day);
    return this.regions.all().map((region) => {
      const districts = this.regions.districtsUnder(region.code);
      const counts = new Array(days.length).fill(0);
      for (const d of districts)
        perDistrict.get(d)?.forEach((c, i) => {
          counts[i] += c;
        });
      const ind = indicators(counts, region.population, districts.some((d) => alarmCount.has(d)) ? 1 : 0);
      const inForce = ruleFor(region.code);
      const a = assess(ind, inForce.rule);
      return { region, ...ind, level: a.level, levelReasons: a.reasons, policy: inForce.policy };
    });
  }

  /**
   * Run the rule in force over a district's series and put every new alarm on the log with the exact
   * inputs, parameters and outputs, so `recheck` can recompute it. Returns the alerts raised now.
   */
  async evaluate(regionCode: string, from: string, to: string): Promise<Alert[]> {
    return this.evaluateMany([{ regionCode, from, to }]);
  }

  /**
   * `evaluate` for many regions' spans at once (a batch of reports): the rules in force come from the kept copy,
   * and the series and the alerts already raised of every span are two reads in all, not two per region.
   */
  async evaluateMany(spans: readonly { regionCode: string; from: string; to: string }[]): Promise<Alert[]> {
    for (const s of spans) if (!this.regions.get(s.regionCode)) throw fail("NOT_FOUND", `Unknown region ${s.regionCode}.`);
    // The enforcement record: every alert names the policy in force (key, version, hash), so "which rule applied" is provable later.
    // The rules, the series and the alerts already raised, read at once (one round trip of waiting, not two): the
    // alerts of every method, as the rule in force names the method only once its read is back.
    const windows = spans.map((s) => ({ ...s, seriesFrom: addDays(s.from, -WARMUP_DAYS) }));
    const [inForce, daily, alerted] = await Promise.all([
      Promise.all(spans.map((s) => this.policies.ruleFor(s.regionCode, s.to))),
      this.dailyCounts(windows),
      this.alertDays(windows),
    ]);
    const plans = windows.map((w, o) => ({ ...w, inForce: inForce[o]! }));
    const raisedBefore = new Map(plans.map((p, o) => [o, alerted.get(o)?.get(p.inForce.rule.method) ?? new Set<string>()]));
    const created: Alert[] = [];
    for (const [o, plan] of plans.entries()) {
      const byDay = daily.get(o);
      const full = daysBetween(plan.seriesFrom, plan.to).map((date) => ({ date, count: byDay?.get(date) ?? 0 }));
      created.push(...(await this.raise(plan.regionCode, plan.from, plan.inForce, full, raisedBefore.get(o) ?? new Set())));
    }
    return created;
  }

  /**
   * Confirmed cases per day of each span's region (its districts' current values, the daily disease), keyed by the
   * span's position: what `series` returns, for many spans in one read.
   */
  private async dailyCounts(spans: readonly { regionCode: string; seriesFrom: string; to: string }[]): Promise<Map<number, Map<string, number>>> {
    const q = spans.flatMap((s, o) => this.regions.districtsUnder(s.regionCode).map((d) => ({ d, from: s.seriesFrom, to: s.to, o })));
    const rows = await this.db.primary.raw.query<{ o: number; day: string; n: number }>(
      `SELECT q.o, to_char(c.date, 'YYYY-MM-DD') AS day, SUM(c."newConfirmed")::int AS n
       FROM unnest($1::text[], $2::date[], $3::date[], $4::int[]) AS q(r, f, t, o)
       JOIN "CaseReport" c ON c."regionCode" = q.r AND c.date >= q.f AND c.date <= q.t AND c.disease = $5 AND c.current
       GROUP BY q.o, c.date`,
      [q.map((x) => x.d), q.map((x) => x.from), q.map((x) => x.to), q.map((x) => x.o), DEFAULT_DISEASE],
    );
    const out = new Map<number, Map<string, number>>();
    for (const r of rows) {
      const o = Number(r.o);
      if (!out.has(o)) out.set(o, new Map());
      out.get(o)!.set(r.day, Number(r.n));
    }
    return out;
  }

  /** Days that already have an alert within the span, by method, keyed by the span's position. */
  private async alertDays(spans: readonly { regionCode: string; from: string; to: string }[]): Promise<Map<number, Map<string, Set<string>>>> {
    const rows = await this.db.primary.raw.query<{ o: number; method: string; day: string }>(
      `SELECT q.o, a.method, to_char(a.date, 'YYYY-MM-DD') AS day
       FROM unnest($1::text[], $2::date[], $3::date[]) WITH ORDINALITY AS q(r, f, t, o)
       JOIN "Alert" a ON a."regionCode" = q.r AND a.date >= q.f AND a.date <= q.t`,
      [spans.map((s) => s.regionCode), spans.map((s) => s.from), spans.map((s) => s.to)],
    );
    const out = new Map<number, Map<string, Set<string>>>();
    for (const r of rows) {
      const o = Number(r.o) - 1;
      if (!out.has(o)) out.set(o, new Map());
      const byMethod = out.get(o)!;
      if (!byMethod.has(r.method)) byMethod.set(r.method, new Set());
      byMethod.get(r.method)!.add(r.day);
    }
    return out;
  }

  /** The alarms of `full` from `from` on that have no alert yet, each put on the log with its inputs. */
  private async raise(
    regionCode: string,
    from: string,
    inForce: RuleInForce,
    full: { date: string; count: number }[],
    existing: Set<string>,
  ): Promise<Alert[]> {
    const region = this.regions.get(regionCode)!;
    const { rule, policyId, policy } = inForce;
    const counts = full.map((p) => p.count);
    const parameters = parametersFor(rule);
    const verdicts = runDetector(rule.method, parameters, counts);
    const raised = full.flatMap((p, i) => (p.date >= from && verdicts[i]?.alarm && !existing.has(p.date) ? [i] : []));
    if (!raised.length) return [];
    const created = await this.log.write(async ({ tx, append, lock }) => {
      // Another instance may have raised some of these since `existing` was read (both evaluated the same district):
      // under the lock its alerts are visible, and they are not raised twice.
      await lock();
      const taken = new Set(
        (
          await tx.alert.findMany({
            where: { regionCode, method: rule.method, date: { in: raised.map((i) => parseDay(full[i]!.date)) } },
            select: { date: true },
          })
        ).map((a) => formatDay(a.date)),
      );
      const items = raised
        .filter((i) => !taken.has(full[i]!.date))
        .map((i) => {
          const v = verdicts[i]!;
          // The detector sees only the past: log exactly the window it needed, ending at the alarm day.
          const inputFrom = Math.max(0, i - WARMUP_DAYS);
          const input = counts.slice(inputFrom, i + 1);
          const level = assess(indicators(input, region.population, 1), rule).level;
          return {
            i,
            v,
            level,
            body: {
              regionCode,
              date: full[i]!.date,
              method: rule.method,
              parameters,
              policyId,
              policy,
              level,
              input: { from: full[inputFrom]!.date, counts: input },
              output: { observed: counts[i], statistic: finite(v.statistic), upperBound: finite(v.upperBound), alarm: true },
            },
          };
        });
      if (!items.length) return [];
      const entries = await append(items.map((it) => ({ kind: "alert", departmentCode: null, departmentId: null, body: it.body })));
      return Promise.all(
        items.map((it, k) =>
          tx.alert.create({
            data: {
              regionCode,
              date: parseDay(full[it.i]!.date),
              method: rule.method,
              statistic: finite(it.v.statistic),
              threshold: finite(it.v.upperBound),
              observed: counts[it.i]!,
              level: it.level,
              policyId,
              policyKey: policy?.key ?? null,
              policyVersion: policy?.version ?? null,
              policyHash: policy?.hash ?? null,
              entryIndex: entries[k]!.index,
            },
            include: { region: true },
          }),
        ),
      );
    });
    for (const a of created) for (const l of this.listeners) l(a);
    return created;
  }

  /**
   * Recompute an alert from the log alone: the entry must be intact and included under the latest signed
   * checkpoint, its logged input must equal the case reports on the log for those days as they stood at the
   * alert's entry (every report entry before it), and the published method with the logged parameters must
   * reproduce the logged output. Amendments logged after the alert are reported apart (`inputsRevisedSince`).
   */
  async recheck(alertId: number) {
    const alert = await this.db.prisma.alert.findUnique({ where: { id: alertId } });
    if (!alert) throw fail("NOT_FOUND", `Unknown alert ${alertId}.`);
    const entry = await this.db.prisma.logEntry.findUniqueOrThrow({ where: { index: alert.entryIndex } });
    const problems: string[] = [];
    const payload = new Uint8Array(entry.payload);
    const leaf = hashLeaf(payload);
    const cp = await this.db.prisma.checkpoint.findFirst({ orderBy: { size: "desc" } });
    let included = false;
    if (!bytesEqual(leaf, new Uint8Array(entry.leafHash))) problems.push("the entry's payload no longer matches its leaf hash");
    if (cp && Number(cp.size) > Number(entry.index)) {
      const proof = await this.log.inclusionProof(Number(entry.index), Number(cp.size));
      included = verifyInclusion(leaf, Number(entry.index), Number(cp.size), proof, new Uint8Array(cp.rootHash));
      if (!included) problems.push(`the entry is not included in checkpoint ${cp.size} as logged`);
    } else problems.push("the entry is not under a checkpoint yet");

    const body = (
      JSON.parse(new TextDecoder().decode(payload)) as {
        body: {
          regionCode: string;
          date: string;
          method: AlertMethod;
          parameters: DetectorParameters;
          input: { from: string; counts: number[] };
          output: { statistic: number; upperBound: number; alarm: boolean };
        };
      }
    ).body;
    if (!ALERT_METHODS.includes(body.method)) throw fail("BAD_USER_INPUT", `Alert ${alertId} names an unknown method ${body.method}.`);
    const verdict = runDetector(body.method, body.parameters, body.input.counts).at(-1) ?? null;
    const recomputed = verdict ? { statistic: finite(verdict.statistic), upperBound: finite(verdict.upperBound), alarm: verdict.alarm } : null;
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    if (!recomputed) problems.push("the logged input is too short for the method to give a verdict");
    else if (!recomputed.alarm || !close(recomputed.statistic, body.output.statistic) || !close(recomputed.upperBound, body.output.upperBound)) {
      problems.push(
        `recomputing ${body.method} gives statistic ${recomputed.statistic.toFixed(4)}, bound ${recomputed.upperBound.toFixed(4)}, alarm ${recomputed.alarm}; the log says ${body.output.statistic.toFixed(4)}, ${body.output.upperBound.toFixed(4)}, true`,
      );
    }
    // The reports as they stood when the alert was raised: a later amendment does not unmake a past alarm.
    const reported = (await this.series(body.regionCode, body.input.from, body.date, { asOfEntry: Number(entry.index) })).map((p) => p.count);
    const inputsMatchReports = reported.length === body.input.counts.length && reported.every((c, i) => c === body.input.counts[i]);
    if (!inputsMatchReports) problems.push("the logged input differs from the case reports on the log for those days");
    // Separately: have later amendments changed those days since, and would the method still alarm on today's values?
    // This never refutes the alert (it was right on what was reported then); it tells a reader the picture moved.
    const currentInputCounts = (await this.series(body.regionCode, body.input.from, body.date)).map((p) => p.count);
    const inputsRevisedSince = currentInputCounts.some((c, i) => c !== reported[i]);
    const alarmsOnCurrentInputs = inputsRevisedSince
      ? (runDetector(body.method, body.parameters, currentInputCounts).at(-1)?.alarm ?? null)
      : (recomputed?.alarm ?? null);
    return {
      alertId,
      entryIndex: Number(entry.index),
      method: body.method,
      parameters: JSON.stringify(body.parameters),
      inputFrom: body.input.from,
      inputTo: body.date,
      inputCounts: body.input.counts,
      logged: body.output,
      recomputed,
      included,
      inputsMatchReports,
      inputsRevisedSince,
      currentInputCounts,
      alarmsOnCurrentInputs,
      confirmed: problems.length === 0,
      problems,
    };
  }
}

/** Float columns and canonical JSON cannot hold ±Infinity (sd = 0 gives an infinite statistic): clamp. */
const finite = (x: number) => (Number.isFinite(x) ? x : x > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE);
