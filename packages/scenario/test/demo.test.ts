import { describe, expect, it } from "vitest";
import { buildDemoScenario, type DemoScenario, type ScenarioReport } from "../src/index.ts";

const TODAY = "2025-06-01";
const scenario = buildDemoScenario({ today: TODAY });
const districts = scenario.regions.filter((r) => r.level === "DISTRICT");

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function seriesOf(s: DemoScenario, regionCode: string): ScenarioReport[] {
  return s.reports.filter((r) => r.regionCode === regionCode).sort((a, b) => a.date.localeCompare(b.date));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function trailing7(xs: readonly number[], end: number): number {
  return mean(xs.slice(end - 6, end + 1));
}

describe("buildDemoScenario options", () => {
  it("defaults to seed 20200123 and 150 days ending yesterday relative to `today`", () => {
    expect(scenario.seed).toBe(20200123);
    expect(scenario.endDate).toBe("2025-05-31");
    expect(scenario.startDate).toBe("2025-01-02");
  });

  it("crosses month and year boundaries correctly", () => {
    const s = buildDemoScenario({ today: "2024-03-01", days: 120 });
    expect(s.endDate).toBe("2024-02-29");
    expect(s.startDate).toBe("2023-11-02");
  });

  it("uses an explicit endDate over `today`", () => {
    const s = buildDemoScenario({ endDate: "2024-12-31", today: "2030-01-01", days: 130 });
    expect(s.endDate).toBe("2024-12-31");
    expect(s.startDate).toBe("2024-08-24");
    expect(new Set(s.reports.map((r) => r.date)).size).toBe(130);
  });

  it("falls back to the clock only when no date is given", () => {
    const yesterday = (ms: number) => new Date(ms - 86_400_000).toISOString().slice(0, 10);
    const before = yesterday(Date.now());
    const s = buildDemoScenario();
    const after = yesterday(Date.now());
    expect([before, after]).toContain(s.endDate);
  });

  it("rejects too-short or fractional histories and malformed dates", () => {
    expect(() => buildDemoScenario({ today: TODAY, days: 119 })).toThrow(RangeError);
    expect(() => buildDemoScenario({ today: TODAY, days: 150.5 })).toThrow(RangeError);
    expect(() => buildDemoScenario({ today: "2025-6-1" })).toThrow(RangeError);
    expect(() => buildDemoScenario({ endDate: "2025-02-30" })).toThrow(RangeError);
    expect(() => buildDemoScenario({ seed: Number.NaN, today: TODAY })).toThrow(RangeError);
  });
});

describe("demo case reports", () => {
  it("has exactly one report per district per day over the whole window, in date order", () => {
    expect(scenario.reports).toHaveLength(districts.length * 150);
    const keys = new Set(scenario.reports.map((r) => `${r.regionCode}|${r.date}`));
    expect(keys.size).toBe(scenario.reports.length);
    const dates = [...new Set(scenario.reports.map((r) => r.date))];
    expect(dates).toHaveLength(150);
    expect(dates[0]).toBe(scenario.startDate);
    expect(dates[dates.length - 1]).toBe(scenario.endDate);
    for (let k = 1; k < dates.length; k++) {
      expect(Date.parse(dates[k]) - Date.parse(dates[k - 1])).toBe(86_400_000);
    }
    const districtCodes = new Set(districts.map((d) => d.code));
    expect(scenario.reports.every((r) => districtCodes.has(r.regionCode))).toBe(true);
    for (let k = 1; k < scenario.reports.length; k++) {
      expect(scenario.reports[k].date >= scenario.reports[k - 1].date).toBe(true);
    }
  });

  it("contains only non-negative integer counts, with at least as many tests as confirmations", () => {
    for (const r of scenario.reports) {
      for (const v of [r.newConfirmed, r.suspected, r.deaths, r.tests]) expect(Number.isInteger(v) && v >= 0).toBe(true);
      expect(r.tests).toBeGreaterThanOrEqual(r.newConfirmed);
    }
  });

  it("sits at a plausible endemic level outside the outbreaks", () => {
    const outbreakDistricts = new Set(scenario.outbreaks.map((o) => o.regionCode));
    for (const d of districts.filter((d) => !outbreakDistricts.has(d.code))) {
      const avg = mean(seriesOf(scenario, d.code).map((r) => r.newConfirmed));
      expect(avg, d.code).toBeGreaterThan(0.25);
      expect(avg, d.code).toBeLessThan(15);
    }
  });

  it("keeps suspected, deaths and tests in realistic proportion to confirmed cases", () => {
    const total = (key: "newConfirmed" | "suspected" | "deaths" | "tests") => scenario.reports.reduce((sum, r) => sum + r[key], 0);
    const confirmed = total("newConfirmed");
    expect(total("suspected") / confirmed).toBeGreaterThan(1.5);
    expect(total("suspected") / confirmed).toBeLessThan(3.5);
    expect(total("deaths")).toBeGreaterThan(0);
    expect(total("deaths") / confirmed).toBeLessThan(0.03);
    expect(total("tests") / confirmed).toBeGreaterThan(20);
  });

  it("scales routine testing with population", () => {
    const byPopulation = [...districts].sort((a, b) => a.population - b.population);
    const avgTests = (code: string) => mean(seriesOf(scenario, code).map((r) => r.tests));
    expect(avgTests(byPopulation[byPopulation.length - 1].code)).toBeGreaterThan(avgTests(byPopulation[0].code));
  });

  it("shows the weekday effect: fewer reports at weekends and a Monday catch-up", () => {
    const outbreakDistricts = new Set(scenario.outbreaks.map((o) => o.regionCode));
    const baseline = scenario.reports.filter((r) => !outbreakDistricts.has(r.regionCode));
    const byDow = Array.from({ length: 7 }, (_, dow) => mean(baseline.filter((r) => dayOfWeek(r.date) === dow).map((r) => r.newConfirmed)));
    const weekend = mean([byDow[0], byDow[6]]);
    const midweek = mean([byDow[2], byDow[3], byDow[4]]);
    expect(weekend).toBeLessThan(0.85 * midweek);
    expect(byDow[1]).toBeGreaterThan(midweek);
  });
});

describe("determinism", () => {
  it("rebuilds an identical scenario from the same seed and dates", () => {
    expect(buildDemoScenario({ today: TODAY })).toEqual(scenario);
    expect(buildDemoScenario({ seed: 7, endDate: "2025-05-31" })).toEqual(buildDemoScenario({ seed: 7, today: TODAY }));
  });

  it("changes the case reports, but not the organisation, with a different seed", () => {
    const other = buildDemoScenario({ seed: 1, today: TODAY });
    expect(other.seed).toBe(1);
    expect(other.regions).toEqual(scenario.regions);
    expect(other.departments).toEqual(scenario.departments);
    expect(other.users).toEqual(scenario.users);
    expect(other.reports).not.toEqual(scenario.reports);
  });

  it("does not share mutable state between builds", () => {
    const first = buildDemoScenario({ today: TODAY });
    first.regions[0].population = 0;
    first.reports[0].newConfirmed = -1;
    expect(buildDemoScenario({ today: TODAY })).toEqual(scenario);
  });
});

describe("outbreaks", () => {
  it("records two outbreaks in district regions of different cities, the second later", () => {
    const { outbreaks } = scenario;
    expect(outbreaks).toHaveLength(2);
    const [first, second] = outbreaks.map((o) => scenario.regions.find((r) => r.code === o.regionCode));
    expect(first?.level).toBe("DISTRICT");
    expect(second?.level).toBe("DISTRICT");
    expect(first?.parentCode).not.toBe(second?.parentCode);
    expect(outbreaks[1].startDate > outbreaks[0].startDate).toBe(true);
    for (const o of outbreaks) {
      expect(o.startDate >= scenario.startDate).toBe(true);
      expect(o.peakDate > o.startDate).toBe(true);
      expect(o.peakDate <= scenario.endDate).toBe(true);
    }
  });

  it("starts the headline outbreak about 60% of the way through the window", () => {
    const offset = (Date.parse(scenario.outbreaks[0].startDate) - Date.parse(scenario.startDate)) / 86_400_000;
    expect(offset).toBe(90);
  });

  // Several seeds and window lengths: the outbreak must be unmistakable in every build, not just the default one.
  it.each([
    [20200123, 150],
    [1, 150],
    [2, 120],
    [3, 200],
    [99, 365],
  ])("seed %d, %d days: the headline district's peak 7-day average is at least 5× its pre-outbreak level", (seed, days) => {
    const s = buildDemoScenario({ seed, days, today: TODAY });
    const outbreak = s.outbreaks[0];
    const rows = seriesOf(s, outbreak.regionCode);
    const counts = rows.map((r) => r.newConfirmed);
    const start = rows.findIndex((r) => r.date === outbreak.startDate);
    const before = trailing7(counts, start - 1);
    let peak = 0;
    for (let t = start; t < counts.length; t++) peak = Math.max(peak, trailing7(counts, t));
    expect(before).toBeLessThanOrEqual(12);
    expect(peak).toBeGreaterThanOrEqual(5 * Math.max(before, 1));
    expect(peak).toBeGreaterThanOrEqual(40);
    expect(Math.max(...counts.slice(start))).toBeGreaterThanOrEqual(50);
  });

  it("puts the recorded peak date at the top of the outbreak curve", () => {
    for (const o of scenario.outbreaks) {
      const rows = seriesOf(scenario, o.regionCode);
      const counts = rows.map((r) => r.newConfirmed);
      const peak = rows.findIndex((r) => r.date === o.peakDate);
      const start = rows.findIndex((r) => r.date === o.startDate);
      const around = mean(counts.slice(peak - 3, peak + 4));
      expect(around).toBeGreaterThan(3 * mean(counts.slice(start - 7, start)));
    }
  });

  it("makes the second outbreak smaller than the first", () => {
    const peakOf = (code: string) => Math.max(...seriesOf(scenario, code).map((r) => r.newConfirmed));
    expect(peakOf(scenario.outbreaks[1].regionCode)).toBeLessThan(peakOf(scenario.outbreaks[0].regionCode));
  });

  it("is flagged by an EARS C2 detector between its start and its peak", () => {
    const o = scenario.outbreaks[0];
    const rows = seriesOf(scenario, o.regionCode);
    const counts = rows.map((r) => r.newConfirmed);
    const start = rows.findIndex((r) => r.date === o.startDate);
    const peak = rows.findIndex((r) => r.date === o.peakDate);
    // C2: 7-day baseline with a 2-day guard band, alarm when the count exceeds mean + 3 sd.
    const c2Alarm = (t: number): boolean => {
      const window = counts.slice(t - 9, t - 2);
      const mu = mean(window);
      const sd = Math.sqrt(window.reduce((a, x) => a + (x - mu) ** 2, 0) / (window.length - 1));
      return (counts[t] - mu) / Math.max(sd, 0.5) > 3;
    };
    const alarms = [];
    for (let t = start; t <= peak; t++) if (c2Alarm(t)) alarms.push(rows[t].date);
    expect(alarms.length).toBeGreaterThan(0);
  });
});
