import { describe, expect, it } from "vitest";
import { growth } from "../src/growth.ts";
import { studentTQuantile } from "../src/special-functions.ts";

/** Independent dense IRLS for the 2-parameter Poisson log-linear model, used as a derivation in the test. */
function referencePoissonFit(y: number[]) {
  const n = y.length;
  const x = y.map((_, i) => i);
  let b0 = Math.log(y.reduce((s, v) => s + v, 0) / n);
  let b1 = 0;
  for (let it = 0; it < 100; it++) {
    let a00 = 0,
      a01 = 0,
      a11 = 0,
      r0 = 0,
      r1 = 0;
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(b0 + b1 * x[i]);
      const z = b0 + b1 * x[i] + (y[i] - mu) / mu;
      a00 += mu;
      a01 += mu * x[i];
      a11 += mu * x[i] * x[i];
      r0 += mu * z;
      r1 += mu * x[i] * z;
    }
    const det = a00 * a11 - a01 * a01;
    b0 = (a11 * r0 - a01 * r1) / det;
    b1 = (a00 * r1 - a01 * r0) / det;
  }
  let a00 = 0,
    a01 = 0,
    a11 = 0,
    pearson = 0;
  for (let i = 0; i < n; i++) {
    const mu = Math.exp(b0 + b1 * x[i]);
    a00 += mu;
    a01 += mu * x[i];
    a11 += mu * x[i] * x[i];
    pearson += (y[i] - mu) ** 2 / mu;
  }
  const phi = Math.max(1, pearson / (n - 2));
  return { slope: b1, se: Math.sqrt((phi * a00) / (a00 * a11 - a01 * a01)) };
}

describe("growth", () => {
  const rising = [3, 5, 4, 8, 6, 9, 12, 10, 15, 14, 20, 18, 25, 30, 28, 35, 40, 38, 50, 47];

  it("matches an independent quasi-Poisson fit: slope and t-based 95 % interval", () => {
    const result = growth(rising, { window: 14 });
    for (let t = 13; t < rising.length; t++) {
      const ref = referencePoissonFit(rising.slice(t - 13, t + 1));
      const half = studentTQuantile(0.975, 12) * ref.se;
      expect(Math.abs(result[t]!.rate - ref.slope)).toBeLessThan(1e-9);
      expect(Math.abs(result[t]!.lower - (ref.slope - half))).toBeLessThan(1e-8);
      expect(Math.abs(result[t]!.upper - (ref.slope + half))).toBeLessThan(1e-8);
    }
  });

  it("returns null until a full window (default 14) is available", () => {
    const result = growth(rising);
    expect(result).toHaveLength(rising.length);
    expect(result.slice(0, 13).every((r) => r === null)).toBe(true);
    expect(result[13]).not.toBeNull();
  });

  it("recovers a known growth rate and its doubling time", () => {
    const r = 0.1;
    const counts = Array.from({ length: 28 }, (_, i) => Math.round(200 * Math.exp(r * i)));
    const last = growth(counts)[27]!;
    expect(Math.abs(last.rate - r)).toBeLessThan(0.002);
    expect(last.lower).toBeLessThan(r);
    expect(last.upper).toBeGreaterThan(r);
    expect(Math.abs(last.doublingTime! - Math.LN2 / r)).toBeLessThan(0.15);
    expect(last.halvingTime).toBeNull();
  });

  it("reports a halving time for a decline and neither time for a flat series", () => {
    const declining = Array.from({ length: 14 }, (_, i) => Math.round(500 * Math.exp(-0.05 * i)));
    const down = growth(declining)[13]!;
    expect(down.rate).toBeLessThan(0);
    expect(down.doublingTime).toBeNull();
    expect(Math.abs(down.halvingTime! - Math.LN2 / 0.05)).toBeLessThan(0.5);

    const flat = growth(Array.from({ length: 14 }, () => 10))[13]!;
    expect(flat.rate).toBe(0);
    expect(flat.doublingTime).toBeNull();
    expect(flat.halvingTime).toBeNull();
  });

  it("returns null where the fit does not exist (no cases, or all cases on a boundary period)", () => {
    expect(
      growth(
        Array.from({ length: 7 }, () => 0),
        { window: 7 },
      )[6],
    ).toBeNull();
    expect(growth([0, 0, 0, 0, 0, 0, 9], { window: 7 })[6]).toBeNull();
    expect(growth([0, 0, 0, 9, 0, 0, 0], { window: 7 })[6]!.rate).toBe(0);
  });

  it("offers least squares on log(y + 0.5) with a residual-variance t interval", () => {
    const y = [2, 3, 5, 4, 8, 9, 12];
    const est = growth(y, { window: 7, method: "ols" })[6]!;
    const z = y.map((v) => Math.log(v + 0.5));
    const c = [-3, -2, -1, 0, 1, 2, 3];
    const sxx = 28;
    const slope = c.reduce((s, ci, i) => s + ci * z[i], 0) / sxx;
    const zBar = z.reduce((s, v) => s + v, 0) / 7;
    const rss = z.reduce((s, v, i) => s + (v - zBar - slope * c[i]) ** 2, 0);
    const half = studentTQuantile(0.975, 5) * Math.sqrt(rss / 5 / sxx);
    expect(Math.abs(est.rate - slope)).toBeLessThan(1e-12);
    expect(Math.abs(est.upper - est.lower - 2 * half)).toBeLessThan(1e-12);
  });

  it("gives a wider interval for a higher confidence level", () => {
    const a = growth(rising, { level: 0.9 })[19]!;
    const b = growth(rising, { level: 0.99 })[19]!;
    expect(b.upper - b.lower).toBeGreaterThan(a.upper - a.lower);
  });

  it("rejects invalid input", () => {
    expect(() => growth([1, -2, 3])).toThrow(RangeError);
    expect(() => growth([1, 2, 3], { window: 2 })).toThrow(/window/);
    expect(() => growth([1, 2, 3], { method: "loess" as "ols" })).toThrow(/method/);
    expect(() => growth([1, 2, 3], { level: 1 })).toThrow(/level/);
  });
});
