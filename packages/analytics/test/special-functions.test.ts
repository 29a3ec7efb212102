import { describe, expect, it } from "vitest";
import {
  gammaQuantile,
  logGamma,
  negativeBinomialCdf,
  negativeBinomialQuantile,
  normalCdf,
  normalQuantileAS241,
  poissonCdf,
  poissonQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTCdf,
  studentTQuantile,
} from "../src/special-functions.ts";

// Reference values computed independently with SciPy 1.17.1 (scipy.special.gammaln / gammainc,
// scipy.stats.norm / gamma / t / poisson / nbinom), which agree with R's lgamma, pgamma, qgamma, pt, qt,
// qpois and qnbinom.
const relErr = (got: number, expected: number) => Math.abs(got - expected) / Math.max(Math.abs(expected), 1e-300);

describe("special functions", () => {
  it.each([
    [0.1, 2.252712651734206],
    [1.5, -0.12078223763524526],
    [7, 6.579251212010101],
    [50, 144.56574394634487],
    [171.2, 707.60092684767],
    [1e5, 1051287.7089736569],
  ])("logGamma(%s)", (x, expected) => {
    expect(relErr(logGamma(x), expected)).toBeLessThan(1e-13);
  });

  it.each([
    [1e-12, -7.034483825301131],
    [0.01, -2.3263478740408408],
    [0.3, -0.5244005127080409],
    [0.975, 1.959963984540054],
    [1 - 1e-9, 5.997807019601637],
  ])("normal quantile at p = %s (AS 241)", (p, expected) => {
    expect(relErr(normalQuantileAS241(p), expected)).toBeLessThan(1e-14);
  });

  it.each([
    [0.5, 0.2, 0.47291074313446196],
    [3, 2.5, 0.45618688411667035],
    [30, 25, 0.1821039159774551],
    [700, 650, 0.02717005563462278],
  ])("regularized lower incomplete gamma P(%s, %s)", (a, x, expected) => {
    expect(relErr(regularizedGammaP(a, x), expected)).toBeLessThan(1e-12);
    expect(relErr(regularizedGammaQ(a, x), 1 - expected)).toBeLessThan(1e-12);
  });

  it.each([
    [0.025, 1, 1, 0.025317807984289876],
    [0.975, 1, 1, 3.6888794541139354],
    [0.025, 12.5, 0.08, 0.5247888009975112],
    [0.975, 700, 0.002, 1.5055926614724056],
    [0.5, 0.3, 2, 0.14626227173390396],
  ])("gamma quantile p = %s, shape %s, scale %s", (p, shape, scale, expected) => {
    expect(relErr(gammaQuantile(p, shape, scale), expected)).toBeLessThan(1e-11);
  });

  it.each([
    [-2.1, 3, 0.0632826012748423],
    [0.4, 7.5, 0.6498471001853228],
    [2.2, 30, 0.9821757800015821],
    [-8, 250, 2.326400759458774e-14],
  ])("Student t CDF at %s with %s df", (t, df, expected) => {
    expect(relErr(studentTCdf(t, df), expected)).toBeLessThan(1e-10);
  });

  it.each([
    [0.975, 5, 2.5705818356363146],
    [0.975, 12, 2.1788128296672284],
    [0.001, 3, -10.214531852407385],
    [0.9999, 30, 4.23398595727206],
  ])("Student t quantile p = %s, %s df", (p, df, expected) => {
    expect(relErr(studentTQuantile(p, df), expected)).toBeLessThan(1e-10);
  });

  it.each([
    [0.95, 5, 9],
    [0.95, 33.3, 43],
    [0.999, 1000, 1099],
    [0.01, 0.7, 0],
  ])("Poisson quantile p = %s, lambda %s", (p, lambda, expected) => {
    expect(poissonQuantile(p, lambda)).toBe(expected);
    // Left-continuous inverse: F(q) ≥ p > F(q − 1).
    expect(poissonCdf(expected, lambda)).toBeGreaterThanOrEqual(p);
    if (expected > 0) expect(poissonCdf(expected - 1, lambda)).toBeLessThan(p);
  });

  it.each([
    [0.95, 31.3, 2 / 3, 24],
    [0.5, 2, 0.1, 15],
    [0.999, 500, 0.9, 82],
    [0.95, 0.05, 0.5, 0],
  ])("negative binomial quantile p = %s, size %s, prob %s", (p, size, prob, expected) => {
    expect(negativeBinomialQuantile(p, size, prob)).toBe(expected);
    expect(negativeBinomialCdf(expected, size, prob)).toBeGreaterThanOrEqual(p);
  });

  it("satisfies exact identities", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(normalCdf(1.959963984540054) - 0.975)).toBeLessThan(1e-14);
    // I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b.
    expect(relErr(regularizedBeta(0.3, 2.5, 1), 0.3 ** 2.5)).toBeLessThan(1e-13);
    expect(relErr(regularizedBeta(0.3, 1, 4), 1 - 0.7 ** 4)).toBeLessThan(1e-13);
    // Exponential distribution: Gamma(1) quantile is −log(1 − p).
    expect(relErr(gammaQuantile(0.9, 1), -Math.log(0.1))).toBeLessThan(1e-13);
    // t with 1 df is Cauchy.
    expect(relErr(studentTQuantile(0.9, 1), Math.tan(Math.PI * 0.4))).toBeLessThan(1e-13);
  });

  it("rejects arguments outside the domain", () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => gammaQuantile(1.2, 1)).toThrow(RangeError);
    expect(() => gammaQuantile(0.5, -1)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
    expect(() => negativeBinomialQuantile(0.5, 1, 0)).toThrow(RangeError);
  });
});
