import { describe, expect, it } from "vitest";
import { fitLogLinearGlm, fitOlsTrend, fitPoissonTrend } from "../src/glm.ts";
import { studentTCdf } from "../src/special-functions.ts";

describe("fitLogLinearGlm (quasi-Poisson IRLS)", () => {
  const y = [3, 5, 2, 8, 6, 4, 9, 7, 12, 10, 6, 11];
  const group = [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1];

  it("without trend converges to the weighted group means", () => {
    const weights = [1, 2, 1, 1, 0.5, 1, 1, 1, 3, 1, 1, 2];
    const fit = fitLogLinearGlm({ y, group, groupCount: 2, weights });
    expect(fit.converged).toBe(true);
    for (const g of [0, 1]) {
      let sw = 0;
      let swy = 0;
      y.forEach((v, i) => {
        if (group[i] === g) {
          sw += weights[i];
          swy += weights[i] * v;
        }
      });
      expect(Math.abs(fit.groupIntercepts[g] - Math.log(swy / sw))).toBeLessThan(1e-9);
    }
  });

  it("recovers an exact log-linear mean with zero dispersion", () => {
    const t = Array.from({ length: 20 }, (_, i) => i);
    const exact = t.map((v) => 4 * Math.exp(0.08 * v));
    const fit = fitLogLinearGlm({ y: exact, time: t });
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.slope! - 0.08)).toBeLessThan(1e-10);
    expect(fit.dispersion).toBeLessThan(1e-15);
  });

  it("has hat values summing to the number of parameters and a Pearson dispersion", () => {
    const t = y.map((_, i) => i);
    const fit = fitLogLinearGlm({ y, group, groupCount: 2, time: t });
    const h = fit.hatValues();
    // Like R, hat values and dispersion use the working weights of the last IRLS solve, which differ from the
    // converged means at the ~1e-6 level — hence the tolerance.
    expect(Math.abs(h.reduce((s, v) => s + v, 0) - 3)).toBeLessThan(1e-4);
    const pearson = y.reduce((s, v, i) => s + (v - fit.fitted[i]) ** 2 / fit.fitted[i], 0);
    expect(Math.abs(fit.dispersion - pearson / (y.length - 3))).toBeLessThan(1e-4);
    expect(fit.dfResidual).toBe(9);
  });

  it("gives the slope's two-sided t-test and the link-scale prediction standard error", () => {
    const t = y.map((_, i) => i);
    const fit = fitLogLinearGlm({ y, time: t });
    const se = fit.slopeStandardError()!;
    const p = fit.slopePValue(studentTCdf)!;
    expect(Math.abs(p - 2 * studentTCdf(-Math.abs(fit.slope! / se), y.length - 2))).toBeLessThan(1e-15);
    const { eta, se: predSe } = fit.predictLink(0, 5.5);
    expect(Math.abs(eta - (fit.groupIntercepts[0] + fit.slope! * 5.5))).toBeLessThan(1e-12);
    expect(predSe).toBeGreaterThan(0);
  });

  it("scales the slope test and the prediction SE by a given dispersion (farringtonFlexible's summary.glm value)", () => {
    const t = y.map((_, i) => i);
    const fit = fitLogLinearGlm({ y, time: t });
    const own = fit.predictLink(0, 5.5);
    const scaled = fit.predictLink(0, 5.5, 4 * fit.dispersion);
    expect(scaled.eta).toBe(own.eta);
    expect(Math.abs(scaled.se - 2 * own.se)).toBeLessThan(1e-12);
    const se = fit.slopeStandardError()!;
    const p = fit.slopePValue(studentTCdf, 4 * fit.dispersion)!;
    expect(Math.abs(p - 2 * studentTCdf(-Math.abs(fit.slope! / (2 * se)), y.length - 2))).toBeLessThan(1e-15);
  });

  it("reports non-convergence instead of throwing for an all-zero group", () => {
    const fit = fitLogLinearGlm({ y: [0, 0, 0, 0, 1, 0, 0, 0], time: [0, 1, 2, 3, 4, 5, 6, 7], maxIterations: 3 });
    expect(fit.converged).toBe(false);
  });

  it("validates its input", () => {
    expect(() => fitLogLinearGlm({ y: [1, 2], group: [0, 2], groupCount: 2 })).toThrow(RangeError);
    expect(() => fitLogLinearGlm({ y: [1, 2], time: [1] })).toThrow(RangeError);
  });
});

describe("sliding-window trend fits", () => {
  it("fitPoissonTrend agrees with the general IRLS on the same window", () => {
    const y = [4, 6, 5, 9, 8, 12, 11, 15, 14, 20];
    const trend = fitPoissonTrend(y, 0, y.length)!;
    const t = y.map((_, i) => i - (y.length - 1) / 2);
    const general = fitLogLinearGlm({ y, time: t, epsilon: 1e-14, maxIterations: 100 });
    expect(Math.abs(trend.slope - general.slope!)).toBeLessThan(1e-9);
    expect(Math.abs(trend.intercept - general.groupIntercepts[0])).toBeLessThan(1e-9);
    expect(Math.abs(trend.varSlope - (Math.max(1, general.dispersion) * general.slopeStandardError()! ** 2) / general.dispersion)).toBeLessThan(1e-9);
  });

  it("returns null when the MLE does not exist", () => {
    expect(fitPoissonTrend([0, 0, 0, 0, 0], 0, 5)).toBeNull();
    expect(fitPoissonTrend([0, 0, 0, 0, 7], 0, 5)).toBeNull();
    expect(fitPoissonTrend([7, 0, 0, 0, 0], 0, 5)).toBeNull();
    expect(fitPoissonTrend([0, 0, 7, 0, 0], 0, 5)).not.toBeNull();
  });

  it("fitOlsTrend is least squares on log(y + 0.5)", () => {
    const y = [1, 2, 4, 8];
    const fit = fitOlsTrend(y, 0, 4);
    const z = y.map((v) => Math.log(v + 0.5));
    const c = [-1.5, -0.5, 0.5, 1.5];
    const slope = c.reduce((s, ci, i) => s + ci * z[i], 0) / c.reduce((s, ci) => s + ci * ci, 0);
    expect(Math.abs(fit.slope - slope)).toBeLessThan(1e-14);
  });
});
