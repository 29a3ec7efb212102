import { describe, expect, it } from "vitest";
import { ewma, type EwmaPoint } from "../src/index.ts";

const point = (p: EwmaPoint | null): EwmaPoint => {
  expect(p).not.toBeNull();
  return p as EwmaPoint;
};

describe("ewma — hand-computed (weight 0.5, baseline 3, guard 0, threshold 2)", () => {
  // c² = ω/(2−ω) + 1/n − 2(1−ω)^(g+1)(1 − (1−ω)^n)/n = 1/3 + 1/3 − 2·0.5·0.875/3 = 0.375, c = 0.612372
  // counts 4 6 5 7 9 6; E0 = 4, E1 = 5, E2 = 5
  // t = 3: baseline 4,6,5 → mean 5, sd 1; E3 = 0.5·7 + 0.5·5 = 6; stat = 1/c = 1.63299 ≤ 2
  //        bound = (5 + 2c − 0.5·5)/0.5 = 7.44949 (y = 7 below)
  // t = 4: baseline 6,5,7 → mean 6, sd 1; E4 = 0.5·9 + 0.5·6 = 7.5; stat = 1.5/c = 2.44949 > 2 → alarm
  //        bound = (6 + 2c − 0.5·6)/0.5 = 8.44949; |stat| > 2 ⇒ carried E = 6 + 2c = 7.22474
  // t = 5: baseline 5,7,9 → mean 7, sd 2; E5 = 0.5·6 + 0.5·7.22474 = 6.61237; stat = −0.38763/(2c) = −0.31650
  //        (uncapped: E5 = 0.5·6 + 0.5·7.5 = 6.75, stat = −0.25/(2c) = −0.20412)
  const counts = [4, 6, 5, 7, 9, 6];
  const opts = { weight: 0.5, baseline: 3, guard: 0, threshold: 2 };
  const c = Math.sqrt(0.375);

  it("smooths, standardises by sd·c and alarms above the threshold", () => {
    const out = ewma(counts, opts);
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    const p3 = point(out[3]);
    expect(p3.expected).toBe(5);
    expect(p3.sd).toBe(1);
    expect(p3.smoothed).toBe(6);
    expect(p3.statistic).toBeCloseTo(1 / c, 12);
    expect(p3.upperBound).toBeCloseTo((5 + 2 * c - 2.5) / 0.5, 12);
    expect(p3.upperBound).toBeCloseTo(7.44949, 6);
    expect(p3.alarm).toBe(false);
    const p4 = point(out[4]);
    expect(p4.smoothed).toBe(7.5);
    expect(p4.statistic).toBeCloseTo(1.5 / c, 12);
    expect(p4.upperBound).toBeCloseTo(8.44949, 6);
    expect(p4.threshold).toBe(2);
    expect(p4.alarm).toBe(true);
  });

  it("caps the carried EWMA after an exceedance (ESSENCE), unless disabled", () => {
    const capped = point(ewma(counts, opts)[5]);
    expect(capped.expected).toBe(7);
    expect(capped.sd).toBe(2);
    expect(capped.smoothed).toBeCloseTo(0.5 * 6 + 0.5 * (6 + 2 * c), 12);
    expect(capped.statistic).toBeCloseTo(-0.3164966, 6);
    const raw = point(ewma(counts, { ...opts, capOutliers: false })[5]);
    expect(raw.smoothed).toBe(6.75);
    expect(raw.statistic).toBeCloseTo(-0.25 / (2 * c), 12);
  });

  it("weight 1 reduces to a Shewhart chart with prediction-interval scale √(1 + 1/n)", () => {
    // E(t) = y(t); c² = 1 + 1/3. t = 4: (9 − 6)/√(4/3) = 2.59808
    const p = point(ewma(counts, { ...opts, weight: 1 })[4]);
    expect(p.smoothed).toBe(9);
    expect(p.statistic).toBeCloseTo(3 / Math.sqrt(4 / 3), 12);
    expect(p.upperBound).toBeCloseTo(6 + 2 * Math.sqrt(4 / 3), 12);
  });
});

describe("ewma — defaults (ω 0.4, baseline 28, guard 2, α 0.01)", () => {
  // Straightforward O(n·B) restatement of the documented definition, to check the O(n)
  // running-sum implementation over a long series that includes outlier capping.
  function naive(y: number[]) {
    const w = 0.4;
    const B = 28;
    const g = 2;
    const thr = 2.3263478740408411; // Φ⁻¹(0.99)
    const c = Math.sqrt(w / (2 - w) + 1 / B - (2 * (1 - w) ** (g + 1) * (1 - (1 - w) ** B)) / B);
    const res: ({ expected: number; sd: number; smoothed: number; statistic: number; upperBound: number } | null)[] = [null];
    let carried = y[0];
    for (let t = 1; t < y.length; t++) {
      const e = w * y[t] + (1 - w) * carried;
      if (t < B + g) {
        res.push(null);
        carried = e;
        continue;
      }
      const win = y.slice(t - g - B, t - g);
      const mean = win.reduce((a, b) => a + b, 0) / B;
      const sd = Math.sqrt(win.reduce((a, b) => a + (b - mean) ** 2, 0) / (B - 1));
      const stat = (e - mean) / (sd * c);
      res.push({ expected: mean, sd, smoothed: e, statistic: stat, upperBound: (mean + thr * sd * c - (1 - w) * carried) / w });
      carried = Math.abs(stat) > thr ? mean + Math.sign(stat) * thr * sd * c : e;
    }
    return res;
  }

  it("matches the definition period by period, including capping and alarms", () => {
    let seed = 7;
    const counts = Array.from({ length: 300 }, (_, i) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const base = 20 + 8 * Math.sin((2 * Math.PI * i) / 7);
      return Math.floor(base + (seed / 2147483648) * 10) + (i >= 150 && i < 156 ? 25 : 0);
    });
    const out = ewma(counts);
    const ref = naive(counts);
    expect(out.slice(0, 30).every((p) => p === null)).toBe(true);
    let alarms = 0;
    for (let t = 30; t < counts.length; t++) {
      const p = point(out[t]);
      const r = ref[t]!;
      expect(p.expected).toBeCloseTo(r.expected, 10);
      expect(p.sd).toBeCloseTo(r.sd, 10);
      expect(p.smoothed).toBeCloseTo(r.smoothed, 10);
      expect(p.statistic).toBeCloseTo(r.statistic, 9);
      expect(p.upperBound).toBeCloseTo(r.upperBound, 9);
      expect(p.threshold).toBeCloseTo(2.3263478740408411, 14);
      expect(p.alarm).toBe(r.statistic > 2.3263478740408411);
      if (p.alarm) alarms++;
    }
    expect(alarms).toBeGreaterThan(0);
    expect(point(out[152]).alarm).toBe(true); // inside the injected +25/day burst
  });

  it("uses the ESSENCE standard-error factor c = 0.519890 for ω 0.4, n 28, g 2", () => {
    // 28 alternating 0/2 counts then 2 guard periods then y = 5
    const counts = [...Array.from({ length: 30 }, (_, i) => (i % 2) * 2), 5];
    const p = point(ewma(counts)[30]);
    const sd = Math.sqrt((28 * 56 - 28 * 28) / (28 * 27)); // Σy = 28, Σy² = 56
    expect(p.expected).toBe(1);
    expect(p.sd).toBeCloseTo(sd, 12);
    expect((p.smoothed - p.expected) / p.statistic / p.sd).toBeCloseTo(0.5198901073883891, 12);
  });

  it("an explicit threshold replaces alpha", () => {
    const counts = Array.from({ length: 40 }, (_, i) => (i * 7) % 5);
    expect(point(ewma(counts, { threshold: 2.47266 })[35]).threshold).toBe(2.47266);
    expect(point(ewma(counts, { alpha: 0.05 })[35]).threshold).toBeCloseTo(1.6448536269514727, 14);
  });
});

describe("ewma — edge cases", () => {
  it("flat baseline: statistic 0 / +∞, and the cap pulls the carried value back to the mean", () => {
    const counts = [...new Array(30).fill(2), 2, 3, 2];
    const out = ewma(counts);
    expect(point(out[30])).toMatchObject({ expected: 2, sd: 0, smoothed: 2, statistic: 0, alarm: false });
    const up = point(out[31]);
    expect(up.statistic).toBe(Number.POSITIVE_INFINITY);
    expect(up.alarm).toBe(true);
    // carried E = mean 2 after the cap, so y = 2 is unremarkable again
    expect(point(out[32])).toMatchObject({ smoothed: 2, statistic: 0, alarm: false });
  });

  it("minSigma floors the baseline SD", () => {
    const counts = [...new Array(30).fill(2), 3];
    const p = point(ewma(counts, { minSigma: 1 })[30]);
    expect(p.sd).toBe(1);
    expect(p.statistic).toBeCloseTo(0.4 / 0.5198901073883891, 12);
    expect(p.alarm).toBe(false);
  });

  it("short series are all null", () => {
    expect(ewma([])).toEqual([]);
    expect(ewma(new Array(30).fill(1))).toEqual(new Array(30).fill(null));
    expect(ewma(new Array(31).fill(1))[30]).not.toBeNull();
  });

  it("rejects invalid counts and options", () => {
    expect(() => ewma([1, -1])).toThrow(RangeError);
    expect(() => ewma([1, 1.5])).toThrow(RangeError);
    expect(() => ewma([1], { weight: 0 })).toThrow(/weight/);
    expect(() => ewma([1], { weight: 1.5 })).toThrow(/weight/);
    expect(() => ewma([1], { alpha: 0.01, threshold: 2 })).toThrow(/either alpha or threshold/);
    expect(() => ewma([1], { threshold: 0 })).toThrow(/threshold/);
    expect(() => ewma([1], { alpha: 1 })).toThrow(/alpha/);
    expect(() => ewma([1], { baseline: 1 })).toThrow(/baseline/);
    expect(() => ewma([1], { capOutliers: 1 } as never)).toThrow(TypeError);
    expect(() => ewma([1], { lambda: 0.3 } as never)).toThrow(/unknown option "lambda"/);
  });
});
