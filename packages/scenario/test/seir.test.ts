import { describe, expect, it } from "vitest";
import { createRng, simulateSeir, type SeirParams } from "../src/index.ts";

const base: SeirParams = { population: 100_000, r0: 2.5, sigma: 1 / 5.2, gamma: 1 / 7, initialInfectious: 10 };

describe("simulateSeir", () => {
  it("conserves the population every day and keeps compartments non-negative integers", () => {
    const params: SeirParams = {
      population: 250_000,
      r0: (day) => (day < 40 ? 2.2 : 0.6),
      sigma: 1 / 5.2,
      gamma: 1 / 7,
      initialExposed: 30,
      initialInfectious: 20,
      initialRecovered: 5_000,
      importations: (day) => (day === 10 ? 50 : 1.5),
    };
    const days = simulateSeir(params, 200, createRng(1));
    expect(days).toHaveLength(200);
    for (const d of days) {
      expect(d.s + d.e + d.i + d.r).toBe(params.population);
      for (const v of [d.s, d.e, d.i, d.r, d.newExposed, d.imported, d.newInfectious, d.newRecovered]) {
        expect(Number.isInteger(v) && v >= 0).toBe(true);
      }
    }
  });

  it("reports flows that explain the change in compartments", () => {
    const days = simulateSeir({ ...base, importations: 2 }, 120, createRng(2));
    let prev = { s: base.population - 10, e: 0, i: 10, r: 0 };
    for (const d of days) {
      expect(d.s).toBe(prev.s - d.newExposed);
      expect(d.e).toBe(prev.e + d.newExposed - d.newInfectious);
      expect(d.i).toBe(prev.i + d.newInfectious - d.newRecovered);
      expect(d.r).toBe(prev.r + d.newRecovered);
      expect(d.imported).toBeLessThanOrEqual(d.newExposed);
      prev = d;
    }
  });

  it("produces a large epidemic with roughly the classic final size when R0 = 2.5", () => {
    const days = simulateSeir(base, 365, createRng(3));
    const last = days[days.length - 1];
    // Final-size equation z = 1 − exp(−R0·z) gives z ≈ 0.89 for R0 = 2.5.
    expect(last.r / base.population).toBeGreaterThan(0.85);
    expect(last.r / base.population).toBeLessThan(0.93);
    expect(last.e + last.i).toBe(0);
  });

  it("lets a subcritical epidemic die out without importations", () => {
    const days = simulateSeir({ ...base, r0: 0.5, initialInfectious: 50 }, 200, createRng(4));
    const last = days[days.length - 1];
    expect(last.e + last.i).toBe(0);
    expect(last.r).toBeLessThan(300);
  });

  it("stays disease-free with no infection and no importations", () => {
    const days = simulateSeir({ ...base, initialInfectious: 0 }, 100, createRng(5));
    expect(days.every((d) => d.s === base.population && d.newExposed === 0)).toBe(true);
  });

  it("draws importations at the requested rate", () => {
    const days = simulateSeir({ ...base, r0: 0, initialInfectious: 0, importations: 3 }, 1000, createRng(6));
    const imported = days.reduce((sum, d) => sum + d.imported, 0);
    expect(imported / 1000).toBeGreaterThan(2.8);
    expect(imported / 1000).toBeLessThan(3.2);
  });

  it("responds to a time-varying R0: growth stops once control starts", () => {
    const days = simulateSeir({ ...base, r0: (day) => (day < 50 ? 2.5 : 0.4), initialInfectious: 20 }, 120, createRng(7));
    const peakDay = days.reduce((best, d) => (d.newInfectious > days[best].newInfectious ? d.day : best), 0);
    expect(peakDay).toBeGreaterThan(40);
    expect(peakDay).toBeLessThan(65);
    expect(days[119].newInfectious).toBeLessThan(days[peakDay].newInfectious / 10);
  });

  it("is deterministic for a given seed", () => {
    expect(simulateSeir(base, 150, createRng(8))).toEqual(simulateSeir(base, 150, createRng(8)));
    expect(simulateSeir(base, 150, createRng(8))).not.toEqual(simulateSeir(base, 150, createRng(9)));
  });

  it("returns no days for a zero-length run", () => {
    expect(simulateSeir(base, 0, createRng(10))).toEqual([]);
  });

  it("rejects invalid parameters", () => {
    const rng = createRng(11);
    expect(() => simulateSeir({ ...base, population: 0 }, 10, rng)).toThrow(RangeError);
    expect(() => simulateSeir({ ...base, population: 1000.5 }, 10, rng)).toThrow(RangeError);
    expect(() => simulateSeir({ ...base, sigma: 0 }, 10, rng)).toThrow(RangeError);
    expect(() => simulateSeir({ ...base, gamma: -1 }, 10, rng)).toThrow(RangeError);
    expect(() => simulateSeir({ ...base, initialInfectious: 200_000 }, 10, rng)).toThrow(RangeError);
    expect(() => simulateSeir({ ...base, r0: () => Number.NaN }, 10, rng)).toThrow(RangeError);
    expect(() => simulateSeir({ ...base, importations: -1 }, 10, rng)).toThrow(RangeError);
    expect(() => simulateSeir(base, -1, rng)).toThrow(RangeError);
  });
});
