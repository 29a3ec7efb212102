/**
 * The demo's surveillance history beyond the daily COVID-19 epidemic: six years of weekly counts of
 * notifiable diseases (one sentinel district per city, so every city has its series), the share of COVID-19
 * cases acquired elsewhere, and how late each daily report reached the portal. Pure: the same inputs always
 * give the same output.
 * @module
 */
import { createRng, type Rng } from "@vigil/analytics";
import { addDays, dayDiff, weekStart } from "@vigil/calendar";
import type { ScenarioRegion } from "./geography.ts";
import { reportingDepartmentFor, type ScenarioDepartment } from "./organisations.ts";
import type { ScenarioReport } from "./reports.ts";

/** A weekly disease's shape: baseline per 100,000 residents per week, seasonal swing, peak week, over-dispersion, trend. */
export interface WeeklyDiseaseProfile {
  code: string;
  perHundredThousand: number;
  /** Relative amplitude of the yearly cycle (0: none). */
  seasonality: number;
  /** ISO-week-ish position of the seasonal peak (0 … 51). */
  peakWeek: number;
  /** Negative-binomial k: smaller is burstier. */
  dispersion: number;
  /** Relative change of the baseline per year. */
  trendPerYear: number;
}

export const WEEKLY_DISEASES: readonly WeeklyDiseaseProfile[] = [
  { code: "INFLUENZA", perHundredThousand: 6, seasonality: 0.9, peakWeek: 5, dispersion: 6, trendPerYear: 0 },
  { code: "SALMONELLOSIS", perHundredThousand: 2.5, seasonality: 0.6, peakWeek: 32, dispersion: 10, trendPerYear: -0.03 },
  { code: "PERTUSSIS", perHundredThousand: 1.2, seasonality: 0.25, peakWeek: 30, dispersion: 8, trendPerYear: 0.05 },
];

export interface WeeklyHistoryOptions {
  /** Reports are filed up to the week containing this day. */
  endDate: string;
  /** Years of weekly history; default 6 (Farrington's 5 baseline years and the year shown). */
  years?: number;
  seed?: number;
  /**
   * At most this many series (city × disease), in the order city by city, disease by disease; default all.
   * The first series is the first city's influenza, which carries that city's outbreak.
   */
  series?: number;
}

export interface WeeklyOutbreak {
  regionCode: string;
  disease: string;
  /** Monday of the first outbreak week. */
  startWeek: string;
  weeks: number;
}

/** Weekly reports (dated on their Monday, one per sentinel district, disease and week) and the outbreaks planted in them. */
export interface WeeklyHistory {
  reports: (ScenarioReport & { disease: string })[];
  outbreaks: WeeklyOutbreak[];
}

const WEEKS_PER_YEAR = 52;

/** The sentinel district of each city: its most populous district. */
export function sentinelDistricts(regions: readonly ScenarioRegion[]): ScenarioRegion[] {
  const cities = regions.filter((r) => r.level === "CITY");
  return cities.map((c) => regions.filter((r) => r.parentCode === c.code).sort((a, b) => b.population - a.population || a.code.localeCompare(b.code))[0]!);
}

/**
 * Six years of weekly counts per sentinel district and weekly disease: a negative-binomial around a
 * seasonal, slowly trending baseline, with one outbreak per city in the last 26 weeks (a different disease
 * in each city), so Farrington has past years to learn from and something to find in the year shown.
 */
export function buildWeeklyHistory(
  regions: readonly ScenarioRegion[],
  departments: readonly ScenarioDepartment[],
  options: WeeklyHistoryOptions,
): WeeklyHistory {
  const years = options.years ?? 6;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new RangeError(`years must be an integer in 1…20, got ${String(years)}`);
  const master = createRng(options.seed ?? 20_190_101);
  const last = weekStart(options.endDate);
  const weeks = years * WEEKS_PER_YEAR + 1;
  const first = addDays(last, -7 * (weeks - 1));
  const sentinels = sentinelDistricts(regions);
  const reports: WeeklyHistory["reports"] = [];
  const outbreaks: WeeklyOutbreak[] = [];
  for (const [c, district] of sentinels.entries()) {
    const reporter = reportingDepartmentFor(district, departments).code;
    for (const [k, disease] of WEEKLY_DISEASES.entries()) {
      // Drawn even for series left out, so a smaller demo is a prefix of the full one.
      const rng: Rng = createRng(master.uint32());
      if (c * WEEKLY_DISEASES.length + k >= (options.series ?? Number.POSITIVE_INFINITY)) continue;
      const base = (disease.perHundredThousand * district.population) / 100_000;
      const hit = k === c % WEEKLY_DISEASES.length;
      // 4 to 12 weeks before the last one, lasting 4 weeks, about 4× the baseline at its height.
      const startAt = weeks - 1 - (4 + Math.floor(rng.next() * 9));
      if (hit) outbreaks.push({ regionCode: district.code, disease: disease.code, startWeek: addDays(first, 7 * startAt), weeks: 4 });
      for (let t = 0; t < weeks; t++) {
        const date = addDays(first, 7 * t);
        // The calendar's season, not the series' start: week-of-year from the day of the year.
        const weekOfYear = dayDiff(`${date.slice(0, 4)}-01-01`, date) / 7;
        const season = 1 + disease.seasonality * Math.cos((2 * Math.PI * (weekOfYear - disease.peakWeek)) / WEEKS_PER_YEAR);
        const trend = (1 + disease.trendPerYear) ** ((t - weeks) / WEEKS_PER_YEAR);
        const since = t - startAt;
        const surge = hit && since >= 0 && since < 4 ? 1 + 3 * Math.sin((Math.PI * (since + 0.5)) / 4) : 1;
        const newConfirmed = rng.negBinomial(Math.max(0.05, base * season * trend * surge), disease.dispersion);
        reports.push({
          regionCode: district.code,
          date,
          disease: disease.code,
          newConfirmed,
          suspected: newConfirmed + rng.poisson(newConfirmed * 0.3),
          deaths: 0,
          tests: 0,
          departmentCode: reporter,
        });
      }
    }
  }
  return { reports, outbreaks };
}

/** What the seed adds to each daily report: imported cases among the confirmed ones, and the days until it was received. */
export interface ReportArrival {
  imported: number;
  /** Whole days from the report's date to its receipt (0: the same day). */
  delayDays: number;
  /** Hour (UTC) of the receipt on that day. */
  hour: number;
}

/** Share of confirmed COVID-19 cases acquired elsewhere (travellers), and the delay distribution P(delay = d), d = 0 … 7. */
export const IMPORTED_SHARE = 0.04;
export const REPORTING_DELAY = Object.freeze([0.3, 0.25, 0.15, 0.1, 0.08, 0.05, 0.04, 0.03]);

/**
 * Per daily report: imported cases (binomial share of its confirmed cases) and its reporting delay, drawn from
 * REPORTING_DELAY (the seed's six days from front-line report to national action: most reports within two
 * days, a tail up to a week). Aligned with `reports`.
 */
export function reportArrivals(reports: readonly Pick<ScenarioReport, "newConfirmed">[], seed = 20_200_124): ReportArrival[] {
  const rng = createRng(seed);
  const cdf: number[] = [];
  REPORTING_DELAY.reduce((s, p, d) => (cdf[d] = s + p), 0);
  return reports.map((r) => {
    const u = rng.next() * cdf.at(-1)!;
    const delayDays = cdf.findIndex((c) => u < c);
    return { imported: rng.binomial(r.newConfirmed, IMPORTED_SHARE), delayDays, hour: 6 + Math.floor(rng.next() * 14) };
  });
}
