import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "../src/index.ts";

// Reference values computed with mpmath at 30+ significant digits (ncdf, and Newton-polished
// inverses); quoted here to 17 digits.
const relClose = (actual: number, expected: number, tol: number) => {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(tol);
};

describe("normalCdf (Cody 1969)", () => {
  it("matches high-precision values across the central region and both tails", () => {
    expect(normalCdf(0)).toBe(0.5);
    relClose(normalCdf(0.5), 0.69146246127401310364, 1e-15);
    relClose(normalCdf(1.96), 0.97500210485177956379, 1e-15);
    relClose(normalCdf(2.5), 0.99379033467422386483, 1e-15);
    relClose(normalCdf(-1), 0.15865525393145705141, 1e-15);
    relClose(normalCdf(-3), 0.0013498980316300945267, 1e-15);
    relClose(normalCdf(-6), 9.865876450376981407e-10, 1e-15);
    relClose(normalCdf(-10), 7.619853024160526066e-24, 1e-14);
    relClose(normalCdf(-37), 5.7255712225245768227e-300, 1e-13);
  });

  it("is symmetric, Φ(x) + Φ(−x) = 1", () => {
    for (const x of [0.1, 0.6744, 0.7, 1.5, 3.3, 5.5, 5.7, 7]) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    }
  });

  it("saturates at 0 and 1 and propagates NaN", () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe("normalQuantile (Wichura AS 241)", () => {
  it("returns the z thresholds used by EARS, CUSUM and EWMA", () => {
    relClose(normalQuantile(0.999), 3.0902323061678135415, 1e-15); // EARS C1/C2, α = 0.001
    relClose(normalQuantile(0.975), 1.9599639845400542355, 1e-15); // EARS C3, α = 0.025
    relClose(normalQuantile(0.99), 2.3263478740408411009, 1e-15); // EWMA, α = 0.01
    relClose(normalQuantile(0.95), 1.6448536269514727149, 1e-15);
    relClose(normalQuantile(0.001), -3.0902323061678135415, 1e-15);
    relClose(normalQuantile(1e-10), -6.3613409024040562047, 1e-15);
    relClose(normalQuantile(1e-300), -37.047096299361199237, 1e-15);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it("inverts normalCdf to ~1e-15 relative over 300 orders of magnitude", () => {
    // In the tail dΦ/Φ ≈ z·dz, so a 1e-16 relative error in z shows up ~z² larger in Φ(z).
    for (let e = -300; e <= -1; e += 7) {
      const p = 10 ** e;
      const z = normalQuantile(p);
      relClose(normalCdf(z), p, 4e-16 * (1 + z * z));
    }
    for (let p = 0.01; p < 0.995; p += 0.0123) {
      relClose(normalCdf(normalQuantile(p)), p, 2e-15);
    }
  });

  it("maps 0 and 1 to ∓Infinity", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects values that are not probabilities", () => {
    expect(() => normalQuantile(-0.1)).toThrow(RangeError);
    expect(() => normalQuantile(1.0001)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(/not a probability/);
  });
});
