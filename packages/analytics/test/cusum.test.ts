import { describe, expect, it } from "vitest";
import { cusum, type CusumPoint } from "../src/index.ts";

const point = (p: CusumPoint | null): CusumPoint => {
  expect(p).not.toBeNull();
  return p as CusumPoint;
};

describe("cusum — hand-computed (baseline 3, guard 0, k 0.5, h 4)", () => {
  // counts: 4 6 5 | 7 9 12 5
  // t = 3: baseline 4,6,5 → μ 5, σ 1;  z = 2;   S = max(0, 0 + 2 − 0.5) = 1.5; bound = 5 + 1·(4.5 − 0) = 9.5
  // t = 4: baseline 6,5,7 → μ 6, σ 1;  z = 3;   S = 1.5 + 3 − 0.5 = 4.0 (not > 4); bound = 6 + (4.5 − 1.5) = 9 = y
  // t = 5: baseline 5,7,9 → μ 7, σ 2;  z = 2.5; S = 4 + 2.5 − 0.5 = 6 > 4 → alarm; bound = 7 + 2·(4.5 − 4) = 8
  // t = 6: baseline 7,9,12 → μ 28/3, σ² = (3·274 − 28²)/6 = 38/6; z = (5 − 28/3)/√(38/6) = −1.72189
  //        with reset: S = max(0, 0 − 1.72189 − 0.5) = 0
  //        without:    S = max(0, 6 − 1.72189 − 0.5) = 3.77811
  const counts = [4, 6, 5, 7, 9, 12, 5];
  const opts = { baseline: 3, guard: 0 };

  it("accumulates standardised excesses over k and alarms when S > h", () => {
    const out = cusum(counts, opts);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(point(out[3])).toEqual({ expected: 5, sd: 1, z: 2, statistic: 1.5, threshold: 4, alarm: false, upperBound: 9.5 });
    expect(point(out[4])).toEqual({ expected: 6, sd: 1, z: 3, statistic: 4, threshold: 4, alarm: false, upperBound: 9 });
    expect(point(out[5])).toEqual({ expected: 7, sd: 2, z: 2.5, statistic: 6, threshold: 4, alarm: true, upperBound: 8 });
  });

  it("restarts at 0 after an alarm by default", () => {
    const p6 = point(cusum(counts, opts)[6]);
    expect(p6.expected).toBeCloseTo(28 / 3, 12);
    expect(p6.sd).toBeCloseTo(Math.sqrt(38 / 6), 12);
    expect(p6.z).toBeCloseTo((5 - 28 / 3) / Math.sqrt(38 / 6), 12);
    expect(p6.statistic).toBe(0);
    expect(p6.upperBound).toBeCloseTo(28 / 3 + Math.sqrt(38 / 6) * 4.5, 12);
  });

  it("keeps accumulating with resetOnAlarm: false", () => {
    const p6 = point(cusum(counts, { ...opts, resetOnAlarm: false })[6]);
    expect(p6.statistic).toBeCloseTo(6 + (5 - 28 / 3) / Math.sqrt(38 / 6) - 0.5, 12);
    expect(p6.statistic).toBeCloseTo(3.778108, 6);
    expect(p6.alarm).toBe(false);
  });

  it("honours k and h", () => {
    // k = 1: t = 3 S = 1, t = 4 S = 1 + 3 − 1 = 3, t = 5 S = 3 + 2.5 − 1 = 4.5; h = 5 → no alarm
    const out = cusum(counts, { ...opts, k: 1, h: 5 });
    expect(out.slice(3, 6).map((p) => point(p).statistic)).toEqual([1, 3, 4.5]);
    expect(point(out[5]).alarm).toBe(false);
    expect(point(out[5]).threshold).toBe(5);
  });
});

describe("cusum — defaults (baseline 7, guard 2)", () => {
  it("uses t−9…t−3 and ignores the guard band", () => {
    // t = 9: baseline 1…7 → μ 4, σ √(28/6); z = 7/σ = 3.24037; S = 2.74037 < 4
    const out = cusum([1, 2, 3, 4, 5, 6, 7, 100, 100, 11]);
    expect(out.slice(0, 9).every((p) => p === null)).toBe(true);
    const p = point(out[9]);
    const sd = Math.sqrt(28 / 6);
    expect(p.expected).toBe(4);
    expect(p.sd).toBeCloseTo(sd, 12);
    expect(p.z).toBeCloseTo(7 / sd, 12);
    expect(p.statistic).toBeCloseTo(7 / sd - 0.5, 12);
    expect(p.upperBound).toBeCloseTo(4 + sd * 4.5, 12);
    expect(p.alarm).toBe(false);
  });

  it("alarm is exactly 'count above upperBound' (with reset)", () => {
    let seed = 12345;
    const counts = Array.from({ length: 400 }, (_, i) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * 10) + (i % 50 > 45 ? 12 : 0);
    });
    const out = cusum(counts);
    let alarms = 0;
    out.forEach((p, t) => {
      if (p === null) return;
      expect(p.alarm).toBe(counts[t] > p.upperBound);
      if (p.alarm) alarms++;
    });
    expect(alarms).toBeGreaterThan(0);
  });
});

describe("cusum — edge cases", () => {
  it("flat baseline: excess → z = +∞ and immediate alarm; deficit → S = 0; never NaN", () => {
    const flat = [3, 3, 3, 3, 3, 3, 3, 3, 3];
    const out = cusum([...flat, 4, 3, 2], { resetOnAlarm: false });
    const up = point(out[9]);
    expect(up.z).toBe(Number.POSITIVE_INFINITY);
    expect(up.statistic).toBe(Number.POSITIVE_INFINITY);
    expect(up.alarm).toBe(true);
    expect(up.upperBound).toBe(3);
    // t = 11: baseline y2…y8 still flat, y = 2 → z = −∞ wipes out the infinite sum
    const down = point(out[11]);
    expect(down.z).toBe(Number.NEGATIVE_INFINITY);
    expect(down.statistic).toBe(0);
    expect(down.alarm).toBe(false);
  });

  it("flat baseline with minSigma behaves like a unit-scale chart", () => {
    const p = point(cusum([3, 3, 3, 3, 3, 3, 3, 3, 3, 4], { minSigma: 1 })[9]);
    expect(p).toEqual({ expected: 3, sd: 1, z: 1, statistic: 0.5, threshold: 4, alarm: false, upperBound: 7.5 });
  });

  it("Poisson scale: σ = √μ (algo.cusum's standardisation)", () => {
    // counts 4 6 5 | 9, baseline 3, guard 0: μ = 5, σ = √5; z = 4/√5; S = z − 0.5; bound = 5 + √5·4.5
    const p = point(cusum([4, 6, 5, 9], { baseline: 3, guard: 0, scale: "poisson" })[3]);
    expect(p.expected).toBe(5);
    expect(p.sd).toBe(Math.sqrt(5));
    expect(p.z).toBeCloseTo(4 / Math.sqrt(5), 12);
    expect(p.statistic).toBeCloseTo(4 / Math.sqrt(5) - 0.5, 12);
    expect(p.upperBound).toBeCloseTo(5 + Math.sqrt(5) * 4.5, 12);
    // The sample-SD chart of the same counts differs (σ = 1).
    expect(point(cusum([4, 6, 5, 9], { baseline: 3, guard: 0 })[3]).sd).toBe(1);
  });

  it("short series are all null", () => {
    expect(cusum([])).toEqual([]);
    expect(cusum([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual(new Array(9).fill(null));
    expect(cusum([1, 2, 3], { baseline: 3, guard: 0 })).toEqual([null, null, null]);
  });

  it("rejects invalid counts and options", () => {
    expect(() => cusum([1, -2])).toThrow(RangeError);
    expect(() => cusum([1, 0.5])).toThrow(RangeError);
    expect(() => cusum([1], { h: 0 })).toThrow(/h = 0/);
    expect(() => cusum([1], { k: -1 })).toThrow(/k = -1/);
    expect(() => cusum([1], { guard: -1 })).toThrow(/guard = -1/);
    expect(() => cusum([1], { baseline: 2 })).toThrow(/baseline/);
    expect(() => cusum([1], { resetOnAlarm: "yes" } as never)).toThrow(TypeError);
    expect(() => cusum([1], { threshold: 4 } as never)).toThrow(/unknown option/);
    expect(() => cusum([1], { scale: "robust" } as never)).toThrow(/scale must be/);
  });
});
