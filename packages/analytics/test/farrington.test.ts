import { describe, expect, it } from "vitest";
import { farrington, farringtonThreshold, type FarringtonOptions } from "../src/farrington.ts";
import {
  ALGO_FARRINGTON_ALARMS,
  FARRINGTON_FLEXIBLE_ALARMS,
  SALMONELLA_COUNTS,
  SALMONELLA_FIRST_TEST_INDEX,
  SALMONELLA_START,
} from "./fixtures/salmonella-newport.ts";

const DAY_MS = 86_400_000;
const weekDate = (index: number) => new Date(Date.parse(`${SALMONELLA_START}T00:00:00Z`) + index * 7 * DAY_MS).toISOString().slice(0, 10);
const testRange = Array.from({ length: SALMONELLA_COUNTS.length - SALMONELLA_FIRST_TEST_INDEX }, (_, i) => SALMONELLA_FIRST_TEST_INDEX + i);

function alarmDates(options: FarringtonOptions): string[] {
  const result = farrington(SALMONELLA_COUNTS, { ...options, range: testRange });
  return testRange.filter((k) => result[k]?.alarm).map(weekDate);
}

function mismatches(got: string[], expected: readonly string[]): string[] {
  const all = new Set([...got, ...expected]);
  return [...all].filter((d) => got.includes(d) !== expected.includes(d)).sort();
}

describe("farringtonThreshold reproduces R surveillance's own unit-test values", () => {
  // cran/surveillance @ 014b5f73d95b868de606499d2f2e9c308c0a419e, tests/testthat/test-farringtonFlexible.R,
  // "THRESHOLD FUNCTION FARRINGTON" and "THRESHOLD FUNCTION NOUFAILY"; R's tolerance there is 1e-6 (absolute).
  const close = (got: { lower: number; upper: number; probability: number; score: number }, expected: number[]) => {
    const values = [got.lower, got.upper, got.probability, got.score];
    values.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-6));
  };

  it.each([
    ["none", [1.3073128, 8.6926872, 0.0907246, 0.8124165]],
    ["1/2", [1.9891097, 9.3744842, 0.1189986, 0.6857951]],
    ["2/3", [1.8084477, 9.1154825, 0.1094727, 0.7289546]],
  ] as const)("delta method with power transformation %s", (powerTransform, expected) => {
    close(farringtonThreshold({ method: "delta", predFit: 5, predSeFit: 0.2, phi: 1, alpha: 0.05, y: 8, powerTransform }), [...expected]);
  });

  it.each([
    ["muan", 1.5, [8, 24, 0.8597797, 0.4193982]],
    ["muan", 1.0, [9, 22, 0.9093099, 0.4605347]],
    ["nbPlugin", 1.5, [1, 10, 0.03763657, 1.11918153]],
    ["nbPlugin", 1.0, [2, 9, 0.01369527, 1.27061541]],
  ] as const)("Noufaily %s threshold with phi = %s", (method, phi, expected) => {
    close(farringtonThreshold({ method, predFit: Math.log(5), predSeFit: Math.log(2), phi, alpha: 0.05, y: 11 }), [...expected]);
  });
});

describe("farrington on the epysurv Salmonella Newport series against R's published alarms", () => {
  it("reproduces R algo.farrington (the 1996 design) on all 105 evaluated weeks", () => {
    // The 1996 algorithm is the flexible one with: only the ±w windows (noPeriods = 1), the current window left
    // out (pastWeeksNotIncluded = w), reweighting threshold 1, and a two-sided 1 % level (0.5 % one-sided).
    const got = alarmDates({
      b: 3,
      w: 3,
      noPeriods: 1,
      pastWeeksNotIncluded: 3,
      weightsThreshold: 1,
      alpha: 0.005,
      thresholdMethod: "delta",
      startDate: SALMONELLA_START,
      rImplementation: "algo.farrington",
    });
    expect(got).toEqual([...ALGO_FARRINGTON_ALARMS]);
  });

  it("reproduces R farringtonFlexible on all 105 weeks", () => {
    // epysurv's FarringtonFlexible control: b = 3, w = 3, alpha = 0.01, delta threshold, pastWeeksNotIncluded = 26,
    // noPeriods = 1 (R default), limit54 = c(5, 4), pThresholdTrend = 0.05 (its trend_threshold is not an R argument).
    const got = alarmDates({ b: 3, w: 3, alpha: 0.01, noPeriods: 1, pastWeeksNotIncluded: 26, thresholdMethod: "delta", startDate: SALMONELLA_START });
    // 2011-08-29 (6 cases) was the one difference while the trend t-test used the fit's Pearson dispersion: R's
    // summary.glm sees model$weights overwritten with the outbreak weights (see FlexibleFit.summaryDispersion),
    // which makes the trend significant there and the bound low enough for R's alarm.
    expect(mismatches(got, FARRINGTON_FLEXIBLE_ALARMS)).toEqual([]);
  });

  it("reports the quantities behind a decision: expected count, bound, trend and overdispersion", () => {
    const k = SALMONELLA_COUNTS.length - 1; // 2012-12-31
    const result = farrington(SALMONELLA_COUNTS, { b: 3, w: 3, alpha: 0.01, noPeriods: 1, thresholdMethod: "delta", startDate: SALMONELLA_START, range: [k] })[
      k
    ];
    expect(result).not.toBeNull();
    expect(result!.alarm).toBe(false);
    expect(result!.phi).toBeGreaterThanOrEqual(1);
    expect(result!.upperBound).toBeGreaterThan(result!.expected);
    expect(typeof result!.trend).toBe("boolean");
  });

  it("flags the November 2011 outbreak with the default (Noufaily) settings and returns integer NB bounds", () => {
    const result = farrington(SALMONELLA_COUNTS, { startDate: SALMONELLA_START });
    for (const date of ["2011-11-07", "2011-11-14"]) {
      const k = SALMONELLA_COUNTS.findIndex((_, i) => weekDate(i) === date);
      expect(result[k]?.alarm).toBe(true);
      expect(Number.isInteger(result[k]!.upperBound)).toBe(true);
    }
    // b = 5 years of weekly history plus the window are needed before the first evaluation.
    expect(result.slice(0, 5 * 52 + 3).every((r) => r === null)).toBe(true);
    expect(result[5 * 52 + 3 + 2]).not.toBeNull();
  });
});

describe("farrington behaviour", () => {
  const years = 6;
  const flat = (level: number) => Array.from({ length: years * 52 }, (_, i) => level + (i % 3 === 0 ? 1 : 0));

  it("returns one entry per period, null where b years of history are missing", () => {
    const counts = flat(10);
    const result = farrington(counts);
    expect(result).toHaveLength(counts.length);
    expect(result[5 * 52 + 2]).toBeNull();
    expect(result[5 * 52 + 3]).not.toBeNull();
  });

  it("alarms on a spike in a stable series and nowhere else", () => {
    const counts = flat(10);
    const spike = counts.length - 1;
    counts[spike] = 40;
    const result = farrington(counts);
    const alarms = result.flatMap((r, i) => (r?.alarm ? [i] : []));
    expect(alarms).toEqual([spike]);
    expect(result[spike]!.expected).toBeGreaterThan(9);
    expect(result[spike]!.expected).toBeLessThan(12);
    expect(result[spike]!.score).toBeGreaterThan(1);
  });

  it("suppresses alarms when fewer than limit54[0] cases occurred in the last limit54[1] periods", () => {
    const counts: number[] = Array.from({ length: years * 52 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const last = counts.length - 1;
    counts[last] = 3;
    expect(farrington(counts, { range: [last] })[last]?.alarm ?? false).toBe(false);
    expect(farrington(counts, { range: [last], limit54: [0, 4] })[last]?.alarm).toBe(true);
  });

  it("returns null where the baseline model cannot be fitted (all-zero baseline), as R returns NA", () => {
    const counts = Array.from({ length: years * 52 }, () => 0);
    const last = counts.length - 1;
    counts[last] = 2;
    expect(farrington(counts, { range: [last], limit54: [0, 4] })[last]).toBeNull();
  });

  it("evaluates only the requested range", () => {
    const counts = flat(10);
    const last = counts.length - 1;
    const result = farrington(counts, { range: [last] });
    expect(result.filter((r) => r !== null)).toHaveLength(1);
    expect(result[last]).toEqual(farrington(counts)[last]);
  });

  it("keeps a significant trend and uses it for the expectation", () => {
    // A declining series: an increasing one would be dropped because its prediction exceeds every baseline count.
    const counts = Array.from({ length: years * 52 }, (_, i) => Math.round(40 * Math.exp(-0.006 * i)));
    const last = counts.length - 1;
    const withTrend = farrington(counts, { range: [last] })[last]!;
    const noTrend = farrington(counts, { range: [last], trend: false })[last]!;
    expect(withTrend.trend).toBe(true);
    expect(noTrend.trend).toBe(false);
    expect(Math.abs(withTrend.expected - counts[last])).toBeLessThan(Math.abs(noTrend.expected - counts[last]));
  });

  it("supports the three threshold methods", () => {
    const counts = flat(10);
    const last = counts.length - 1;
    const bounds = (["nbPlugin", "muan", "delta"] as const).map((thresholdMethod) => farrington(counts, { range: [last], thresholdMethod })[last]!.upperBound);
    expect(Number.isInteger(bounds[0])).toBe(true);
    expect(bounds[1]).toBeGreaterThanOrEqual(bounds[0]);
    expect(bounds[2]).toBeGreaterThan(10);
  });

  it("rejects invalid input with clear errors", () => {
    expect(() => farrington([1, -1, 2])).toThrow(RangeError);
    expect(() => farrington([1, 2.5])).toThrow(RangeError);
    expect(() => farrington("1,2" as unknown as number[])).toThrow(TypeError);
    expect(() => farrington([1, 2], { alpha: 0 })).toThrow(/alpha/);
    expect(() => farrington([1, 2], { b: 0 })).toThrow(/b must/);
    expect(() => farrington([1, 2], { thresholdMethod: "other" as "delta" })).toThrow(/thresholdMethod/);
    expect(() => farrington([1, 2], { range: [5] })).toThrow(/range index/);
    expect(() => farrington([1, 2], { startDate: "2021-02-30" })).toThrow(/startDate/);
    expect(() => farrington([1, 2], { startDate: "2021-02-01", frequency: 12 })).toThrow(/frequency/);
    expect(() => farrington([1, 2], { rImplementation: "surveillance" as "algo.farrington" })).toThrow(/rImplementation/);
  });
});
