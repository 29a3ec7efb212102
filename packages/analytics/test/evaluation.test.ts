import { describe, expect, it } from "vitest";
import { interruptedTimeSeries, quantile, summariseLatencies } from "../src/index.ts";

describe("interrupted time series (segmented regression)", () => {
  // Worked by hand. Before (t = 0..3): y = 2, 4, 5, 7 → t̄ = 1.5, Sxx = 5, Sxy = 8, slope 1.6, intercept 2.1,
  // residuals −0.1, 0.3, −0.3, 0.1, RSS 0.2. After (t = 4..7): y = 4, 3, 3, 1 → t̄ = 5.5, Sxx = 5, Sxy = −4.5,
  // slope −0.9, intercept 7.7, residuals −0.1, −0.2, 0.7, −0.4, RSS 0.7. s² = 0.9 / (8 − 4) = 0.225.
  // At t0 = 4 the before-line gives 8.5 and the after-line 4.1: level change −4.4, with
  // Var = s²(1/4 + 2.5²/5 + 1/4 + 1.5²/5) = 0.225 · 2.2 = 0.495. Slope change −2.5, Var = s²(1/5 + 1/5) = 0.09.
  // qt(0.975, 4) = 2.7764451051977987.
  const r = interruptedTimeSeries([2, 4, 5, 7, 4, 3, 3, 1], 4);
  const tq = 2.7764451051977987;

  it("fits one line per segment", () => {
    expect(r.before.intercept).toBeCloseTo(2.1, 12);
    expect(r.before.slope).toBeCloseTo(1.6, 12);
    expect(r.after.intercept).toBeCloseTo(7.7, 12);
    expect(r.after.slope).toBeCloseTo(-0.9, 12);
    expect(r.df).toBe(4);
    expect(r.residualSd).toBeCloseTo(Math.sqrt(0.225), 12);
  });

  it("gives the level and slope change with their 95 % intervals", () => {
    expect(r.levelChange.estimate).toBeCloseTo(-4.4, 12);
    expect(r.levelChange.standardError).toBeCloseTo(Math.sqrt(0.495), 12);
    expect(r.levelChange.lower).toBeCloseTo(-4.4 - tq * Math.sqrt(0.495), 9);
    expect(r.levelChange.upper).toBeCloseTo(-4.4 + tq * Math.sqrt(0.495), 9);
    expect(r.slopeChange.estimate).toBeCloseTo(-2.5, 12);
    expect(r.slopeChange.standardError).toBeCloseTo(0.3, 12);
    expect(r.slopeChange.lower).toBeCloseTo(-2.5 - tq * 0.3, 9);
    expect(r.slopeChange.upper).toBeCloseTo(-2.5 + tq * 0.3, 9);
  });

  it("finds no change where there is none, and refuses segments too short to fit", () => {
    const line = [1, 3, 5, 7, 9, 11].map((y, i) => y + (i % 2 ? 0.5 : -0.5));
    const flat = interruptedTimeSeries(line, 3);
    expect(flat.levelChange.lower).toBeLessThan(0);
    expect(flat.levelChange.upper).toBeGreaterThan(0);
    expect(() => interruptedTimeSeries([1, 2, 3, 4, 5], 1)).toThrow(RangeError);
    expect(() => interruptedTimeSeries([1, 2, 3, 4], 2)).toThrow(RangeError);
  });
});

describe("latency summaries", () => {
  it("interpolates quantiles as R's type 7", () => {
    // quantile(c(1, 2, 4, 10), c(0.5, 0.9)) in R: 3, 8.2
    expect(quantile([10, 1, 4, 2], 0.5)).toBe(3);
    expect(quantile([10, 1, 4, 2], 0.9)).toBeCloseTo(8.2, 12);
    expect(summariseLatencies([])).toEqual({ count: 0, median: null, p90: null, max: null });
    expect(summariseLatencies([5])).toEqual({ count: 1, median: 5, p90: 5, max: 5 });
  });
});
