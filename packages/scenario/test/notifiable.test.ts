import { describe, expect, it } from "vitest";
import { farrington } from "@vigil/analytics";
import { weekStart, weekday } from "@vigil/calendar";
import { DISEASE_CODES } from "@vigil/rules";
import { buildDemoScenario, buildWeeklyHistory, REPORTING_DELAY, reportArrivals, sentinelDistricts, WEEKLY_DISEASES } from "../src/index.ts";

const scenario = buildDemoScenario({ today: "2025-06-01" });
const history = buildWeeklyHistory(scenario.regions, scenario.departments, { endDate: scenario.endDate });
const cities = scenario.regions.filter((r) => r.level === "CITY");

describe("buildWeeklyHistory", () => {
  it("gives every city six years of Monday-dated weekly counts for at least three published diseases", () => {
    const sentinels = sentinelDistricts(scenario.regions);
    expect(sentinels.map((d) => d.parentCode)).toEqual(cities.map((c) => c.code));
    expect(WEEKLY_DISEASES.length).toBeGreaterThanOrEqual(3);
    for (const d of WEEKLY_DISEASES) expect(DISEASE_CODES).toContain(d.code);
    for (const s of sentinels)
      for (const d of WEEKLY_DISEASES) {
        const rows = history.reports.filter((r) => r.regionCode === s.code && r.disease === d.code);
        expect(rows.length).toBe(6 * 52 + 1);
        expect(rows.every((r) => weekday(r.date) === 1)).toBe(true);
        expect(rows.at(-1)!.date).toBe(weekStart(scenario.endDate));
        expect(new Set(rows.map((r) => r.date)).size).toBe(rows.length);
      }
    expect(history.reports.every((r) => r.newConfirmed >= 0 && r.suspected >= r.newConfirmed && r.deaths === 0)).toBe(true);
  });

  it("is seasonal: influenza's peak-season weeks carry far more cases than its off-season", () => {
    const flu = history.reports.filter((r) => r.disease === "INFLUENZA");
    const month = (r: { date: string }) => Number(r.date.slice(5, 7));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(flu.filter((r) => month(r) <= 2).map((r) => r.newConfirmed))).toBeGreaterThan(
      3 * mean(flu.filter((r) => month(r) >= 7 && month(r) <= 8).map((r) => r.newConfirmed)),
    );
  });

  it("plants one outbreak per city in the last weeks, which Farrington (Noufaily settings) flags", () => {
    expect(history.outbreaks.length).toBe(cities.length);
    let flagged = 0;
    for (const o of history.outbreaks) {
      const rows = history.reports.filter((r) => r.regionCode === o.regionCode && r.disease === o.disease);
      const counts = rows.map((r) => r.newConfirmed);
      const start = rows.findIndex((r) => r.date === o.startWeek);
      expect(start).toBeGreaterThan(5 * 52);
      const range = Array.from({ length: o.weeks }, (_, k) => start + k).filter((i) => i < counts.length);
      const v = farrington(counts, { startDate: rows[0]!.date, range });
      if (range.some((i) => v[i]?.alarm)) flagged++;
    }
    expect(flagged).toBe(history.outbreaks.length);
  });

  it("is pure: the same inputs give the same history, another seed another one", () => {
    expect(buildWeeklyHistory(scenario.regions, scenario.departments, { endDate: scenario.endDate })).toEqual(history);
    expect(buildWeeklyHistory(scenario.regions, scenario.departments, { endDate: scenario.endDate, seed: 7 }).reports).not.toEqual(history.reports);
  });
});

describe("reportArrivals", () => {
  const arrivals = reportArrivals(scenario.reports);
  it("draws imported cases within confirmed ones, about IMPORTED_SHARE of them", () => {
    expect(arrivals.length).toBe(scenario.reports.length);
    expect(arrivals.every((a, i) => a.imported >= 0 && a.imported <= scenario.reports[i]!.newConfirmed)).toBe(true);
    const share = arrivals.reduce((s, a) => s + a.imported, 0) / scenario.reports.reduce((s, r) => s + r.newConfirmed, 0);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.06);
  });
  it("draws delays from REPORTING_DELAY: most within two days, none beyond a week", () => {
    const within2 = arrivals.filter((a) => a.delayDays <= 2).length / arrivals.length;
    expect(within2).toBeGreaterThan(0.6);
    expect(within2).toBeLessThan(0.8);
    expect(Math.max(...arrivals.map((a) => a.delayDays))).toBe(REPORTING_DELAY.length - 1);
    expect(arrivals.every((a) => a.hour >= 6 && a.hour < 20)).toBe(true);
  });
});

describe("buildWeeklyHistory series option", () => {
  it("keeps the first N series of the full history, the first being the first city's influenza outbreak", () => {
    const one = buildWeeklyHistory(scenario.regions, scenario.departments, { endDate: scenario.endDate, series: 1 });
    expect(one.reports).toEqual(history.reports.slice(0, 6 * 52 + 1));
    expect(one.outbreaks).toEqual([history.outbreaks[0]]);
    expect(one.outbreaks[0]!.disease).toBe("INFLUENZA");
    expect(buildWeeklyHistory(scenario.regions, scenario.departments, { endDate: scenario.endDate, series: 0 }).reports).toEqual([]);
  });
});
