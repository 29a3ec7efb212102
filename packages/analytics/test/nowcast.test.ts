import { describe, expect, it } from "vitest";
import { nowcast, reportingTriangle } from "../src/index.ts";

// A three-day triangle, D = 1, κ = 0.1 (hand-derived; the BNB quantiles from R surveillance 1.20.3:
//   p <- surveillance:::dbnb(0:200, 5, 9.1, 2.1); cs <- cumsum(p)
//   4 + which.max(cs > c(0.5, 0.025, 0.975)) - 1   →   5, 4, 10).
// Rows: day 0 reported 3 at delay 0, 1 at delay 1, 0 at delay 2; day 1: 2, 1; day 2: 4.
// Delays > D fold into D; n_0 = 3 + 2 + 4 = 9 (days 0…2), n_1 = 1 + 1 = 2 (days 0…1);
// Dirichlet(9.1, 2.1): delay CDF 9.1/11.2, 1. Day 2 has reported a fraction Beta(9.1, 2.1) of its cases,
// so its final count is 4 + BNB(4 + 1, 9.1, 2.1), with mean 4 + 5 · 2.1 / 8.1.
const triangle = [[3, 1, 0], [2, 1], [4]];

describe("nowcast (bayes.notrunc.bnb)", () => {
  it("estimates the delay distribution and the predictive of the open days", () => {
    const result = nowcast(triangle, { maxDelay: 1 });
    expect(result.delayCdf[0]).toBeCloseTo(9.1 / 11.2, 14);
    expect(result.delayCdf[1]).toBeCloseTo(1, 14);
    expect(result.points[0]).toEqual({ observed: 4, final: true, median: 4, lower: 4, upper: 4, mean: 4 });
    expect(result.points[1]).toEqual({ observed: 3, final: true, median: 3, lower: 3, upper: 3, mean: 3 });
    const open = result.points[2];
    expect({ ...open, mean: 0 }).toEqual({ observed: 4, final: false, median: 5, lower: 4, upper: 10, mean: 0 });
    expect(open.mean).toBeCloseTo(4 + (5 * 2.1) / 8.1, 12);
  });

  it("a narrower window forgets old delays; a support too small gives null, not a wrong count", () => {
    // window 1: only days 1…2 inform delay 0 (2 + 4) and day 1 delay 1 (1).
    const narrow = nowcast(triangle, { maxDelay: 1, window: 1 });
    expect(narrow.delayCdf[0]).toBeCloseTo(6.1 / 7.2, 14);
    const capped = nowcast(triangle, { maxDelay: 1, supportMax: 6 });
    expect(capped.points[2]).toMatchObject({ median: 5, lower: 4, upper: null });
  });

  it("builds the triangle from delayed counts, dropping reports after the last day", () => {
    const built = reportingTriangle(
      [
        { period: 0, delay: 0, count: 3 },
        { period: 0, delay: 1, count: 1 },
        { period: 1, delay: 0, count: 2 },
        { period: 1, delay: 1, count: 1 },
        { period: 2, delay: 0, count: 4 },
        { period: 2, delay: 1, count: 7 }, // reported on day 3: not there yet
      ],
      3,
    );
    expect(built).toEqual(triangle);
    expect(() => reportingTriangle([{ period: 3, delay: 0, count: 1 }], 3)).toThrow(/outside 0…2/);
    expect(() => reportingTriangle([{ period: 0, delay: -1, count: 1 }], 3)).toThrow(/delay -1/);
    expect(() => reportingTriangle([{ period: 0, delay: 0, count: 1.5 }], 3)).toThrow(/count 1.5/);
  });

  it("rejects malformed triangles and options", () => {
    expect(() => nowcast([])).toThrow(/non-empty/);
    expect(() =>
      nowcast([
        [1, 2],
        [3, 4],
      ]),
    ).toThrow(/row 1 must have 1 delays/);
    expect(() => nowcast([[1, -1], [3]])).toThrow(/non-negative integers/);
    expect(() => nowcast(triangle, { maxDelay: 3 })).toThrow(/maxDelay must be an integer in 1…2/);
    expect(() => nowcast(triangle, { maxDelay: 2, window: 1 })).toThrow(/window must be an integer ≥ maxDelay/);
    expect(() => nowcast(triangle, { kappa: 0 })).toThrow(/kappa/);
    expect(() => nowcast(triangle, { alpha: 1 })).toThrow(/alpha/);
    expect(() => nowcast(triangle, { delay: 1 } as never)).toThrow(/unknown option delay/);
  });
});
