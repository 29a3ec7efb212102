import { describe, expect, it } from "vitest";
import { project } from "../src/projection.ts";
import { poissonQuantile } from "../src/special-functions.ts";

const rising = [3, 5, 4, 8, 6, 9, 12, 10, 15, 14, 20, 18, 25, 30, 28, 35, 40, 38, 50, 47];

describe("project", () => {
  it("is deterministic for a seed and returns one point per step", () => {
    const a = project(rising, { seed: 42 });
    const b = project(rising, { seed: 42 });
    expect(a).toEqual(b);
    expect(a.method).toBe("growth");
    expect(a.points.map((p) => p.step)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    for (const p of a.points) {
      expect(p.lower).toBeLessThanOrEqual(p.median);
      expect(p.median).toBeLessThanOrEqual(p.upper);
      expect(Number.isInteger(p.median)).toBe(true);
    }
    expect(project(rising, { seed: 43 })).not.toEqual(a);
  });

  it("extrapolates growth and widens the interval with the horizon", () => {
    const { points } = project(rising, { seed: 1, horizon: 28 });
    expect(points).toHaveLength(28);
    expect(points[27].median).toBeGreaterThan(points[0].median);
    expect(points[27].upper - points[27].lower).toBeGreaterThan(points[0].upper - points[0].lower);
    // The last window's fitted growth rate is ≈ 0.12 per period: the median follows exp(r·h).
    const ratio = points[13].median / points[6].median;
    expect(ratio).toBeGreaterThan(Math.exp(0.08 * 7));
    expect(ratio).toBeLessThan(Math.exp(0.16 * 7));
  });

  it("projects a stable Poisson series at its level with at least Poisson-wide intervals", () => {
    const level = 400;
    const counts = Array.from({ length: 28 }, (_, i) => level + ((i * 7) % 11) - 5);
    const { points } = project(counts, { seed: 3, samples: 4000, horizon: 7 });
    const poissonLow = poissonQuantile(0.025, level);
    const poissonHigh = poissonQuantile(0.975, level);
    for (const p of points) {
      expect(Math.abs(p.median - level)).toBeLessThan(15);
      expect(p.lower).toBeLessThanOrEqual(poissonLow + 3);
      expect(p.upper).toBeGreaterThanOrEqual(poissonHigh - 3);
    }
  });

  it("renewal: constant incidence with lag-1 transmission stays at its level with a Poisson interval", () => {
    // R ≈ 1 with a posterior sd of ~0.01, so step 1 is close to Poisson(1000): 2.5 % / 97.5 % ≈ 938 / 1062.
    const counts = Array.from({ length: 30 }, () => 1000);
    const { method, points } = project(counts, { method: "renewal", serialInterval: [1], seed: 5, samples: 20_000 });
    expect(method).toBe("renewal");
    expect(Math.abs(points[0].median - 1000)).toBeLessThanOrEqual(4);
    expect(points[0].lower).toBeGreaterThanOrEqual(925);
    expect(points[0].lower).toBeLessThanOrEqual(945);
    expect(points[0].upper).toBeGreaterThanOrEqual(1055);
    expect(points[0].upper).toBeLessThanOrEqual(1075);
    // Uncertainty accumulates through the renewal equation.
    expect(points[13].upper - points[13].lower).toBeGreaterThan(points[0].upper - points[0].lower);
  });

  it("renewal: a declining epidemic (R < 1) is projected to keep declining", () => {
    const counts = Array.from({ length: 35 }, (_, i) => Math.round(300 * Math.exp(-0.08 * i)));
    const { points } = project(counts, { method: "renewal", serialInterval: { mean: 4.7, sd: 2.9 }, seed: 9 });
    expect(points[13].median).toBeLessThan(points[0].median);
    expect(points[0].median).toBeLessThan(counts[counts.length - 1] * 1.2);
  });

  it("returns no points when the last window cannot be fitted", () => {
    const counts = [5, 3, 4, ...Array.from({ length: 14 }, () => 0)];
    expect(project(counts).points).toEqual([]);
    expect(project(counts, { method: "renewal", serialInterval: [0.5, 0.5] }).points).toEqual([]);
  });

  it("rejects invalid options", () => {
    expect(() => project(rising, { horizon: 6 })).toThrow(/horizon/);
    expect(() => project(rising, { horizon: 29 })).toThrow(/horizon/);
    expect(() => project(rising, { horizon: 14.5 })).toThrow(/horizon/);
    expect(() => project(rising, { method: "renewal" })).toThrow(TypeError);
    expect(() => project(rising, { method: "arima" as "growth" })).toThrow(/method/);
    expect(() => project([1, 2, 3])).toThrow(/window/);
    expect(() => project([1, -1])).toThrow(RangeError);
    expect(() => project(rising, { samples: 10 })).toThrow(/samples/);
  });
});
