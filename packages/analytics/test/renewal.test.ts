import { describe, expect, it } from "vitest";
import { discretiseSerialInterval, overallInfectivity, reproductionNumber } from "../src/renewal.ts";

/**
 * EpiEstim reference: mrc-ide/EpiEstim, tests/testthat/test-estimate_R.R
 * (@ 31e1c5c5fe173cba6f7171fb245ee027d2512563) and its saved output
 * tests/testthat/_snaps/estimate_R.md (@ 2ca76bb6af94adb75ba0e57b459d9203b0659f88):
 * `estimate_R(Flu2009$incidence, ...)` with t_start = 2:26, t_end = 8:32 (sliding 7-day windows),
 * default prior (mean 5, sd 5). Flu2009: 2009 pandemic influenza in a school, Pennsylvania (Cauchemez et al. 2011).
 */
const FLU2009_INCIDENCE = [1, 1, 0, 2, 5, 3, 3, 3, 6, 2, 5, 9, 13, 12, 13, 11, 12, 6, 6, 6, 3, 1, 0, 2, 0, 0, 0, 0, 2, 0, 2, 0];
/** Flu2009$si_distr without its leading w_0 = 0. */
const FLU2009_SI = [0.233, 0.359, 0.198, 0.103, 0.053, 0.027, 0.014, 0.007, 0.003, 0.002, 0.001];

/** Example 1 (method "non_parametric_si", si_distr = Flu2009$si_distr): Mean(R), Std(R), Quantile.0.025(R), Quantile.0.975(R). */
const EXAMPLE1 = [
  [1.7356089, 0.40908694, 1.02863184, 2.6244959],
  [1.7490494, 0.36470202, 1.1087473, 2.5329479],
  [1.5370427, 0.30740855, 0.99469301, 2.1955178],
  [1.4316392, 0.27055438, 0.95131387, 2.0085685],
  [1.4223487, 0.25143809, 0.97288543, 1.9558194],
  [1.634941, 0.25227688, 1.17832168, 2.165173],
  [1.6636221, 0.23295369, 1.23867595, 2.1502729],
  [1.61568, 0.20686663, 1.23586721, 2.045607],
  [1.4340033, 0.1765136, 1.10905802, 1.8000616],
  [1.4083724, 0.16155139, 1.10963727, 1.742178],
  [1.2477516, 0.14219449, 0.98470606, 1.5414648],
  [1.0819346, 0.12577234, 0.84955138, 1.341987],
  [0.9369319, 0.11446445, 0.72610935, 1.1742159],
  [0.8194289, 0.10759629, 0.62222675, 1.0433607],
  [0.6908048, 0.10185361, 0.50575593, 0.9042566],
  [0.5894141, 0.09962917, 0.41054853, 0.8001144],
  [0.4989223, 0.09978447, 0.32287622, 0.7126626],
  [0.4726133, 0.10842493, 0.28454408, 0.7076205],
  [0.4173489, 0.11575175, 0.2222207, 0.6729457],
  [0.297695, 0.11251813, 0.11968883, 0.5553914],
  [0.240024, 0.120012, 0.06539846, 0.526089],
  [0.4577916, 0.20473063, 0.14864369, 0.9377027],
  [0.6754931, 0.3020897, 0.21933077, 1.3836245],
  [0.8634087, 0.38612813, 0.28034647, 1.7685354],
  [1.0040161, 0.44900963, 0.32600128, 2.0565439],
];

/** Example 3 (method "parametric_si", mean_si = 2.6, std_si = 1.5). */
const EXAMPLE3 = [
  [1.7357977, 0.40913143, 1.0287437, 2.6247813],
  [1.7491678, 0.36472669, 1.10882231, 2.5331192],
  [1.5370581, 0.30741163, 0.99470299, 2.1955399],
  [1.4318389, 0.27059213, 0.95144658, 2.0088487],
  [1.4227247, 0.25150457, 0.97314263, 1.9563365],
  [1.6353733, 0.25234358, 1.17863324, 2.1657455],
  [1.6639845, 0.23300443, 1.23894574, 2.1507413],
  [1.6161467, 0.20692639, 1.2362242, 2.0461979],
  [1.4344239, 0.17656537, 1.10938331, 1.8005896],
  [1.4087217, 0.16159146, 1.10991245, 1.74261],
  [1.2479472, 0.14221678, 0.98486038, 1.5417063],
  [1.0821477, 0.12579711, 0.84971868, 1.3422512],
  [0.9371671, 0.11449319, 0.72629165, 1.1745108],
  [0.8196564, 0.10762616, 0.62239946, 1.0436503],
  [0.6910352, 0.10188759, 0.50592464, 0.9045582],
  [0.5896765, 0.09967353, 0.41073132, 0.8004706],
  [0.4992206, 0.09984413, 0.32306927, 0.7130887],
  [0.4729631, 0.10850519, 0.28475471, 0.7081443],
  [0.4176319, 0.11583024, 0.22237137, 0.673402],
  [0.2978682, 0.11258359, 0.11975846, 0.5557145],
  [0.240088, 0.12004401, 0.06541591, 0.5262293],
  [0.4573477, 0.20453212, 0.14849956, 0.9367934],
  [0.6734382, 0.30117074, 0.21866356, 1.3794155],
  [0.8591897, 0.3842413, 0.27897655, 1.7598935],
  [0.9975352, 0.4461113, 0.32389696, 2.043269],
];

/** EpiEstim prints 7–8 significant digits; agreement is required to the last printed digit. */
function expectPrinted(got: number, expected: number) {
  expect(Math.abs(got - expected)).toBeLessThanOrEqual(Math.max(5e-8, Math.abs(expected) * 6e-8));
}

describe("reproductionNumber reproduces EpiEstim estimate_R on Flu2009", () => {
  it.each([
    ["Example 1: non-parametric serial interval", FLU2009_SI, EXAMPLE1],
    ["Example 3: parametric serial interval (mean 2.6, sd 1.5)", { mean: 2.6, sd: 1.5 }, EXAMPLE3],
  ] as const)("%s", (_, si, expected) => {
    const result = reproductionNumber(FLU2009_INCIDENCE, si);
    // Windows [t − 6, t] for t = 7..31 (0-based) are EpiEstim's t_start = 2:26, t_end = 8:32.
    expect(result.slice(0, 7).every((r) => r === null)).toBe(true);
    expected.forEach(([mean, sd, lower, upper], i) => {
      const r = result[7 + i]!;
      expectPrinted(r.mean, mean);
      expectPrinted(r.sd, sd);
      expectPrinted(r.lower, lower);
      expectPrinted(r.upper, upper);
    });
  });

  it("discretises the gamma serial interval like EpiEstim discr_si (si_distr printed in Example 3)", () => {
    const w = discretiseSerialInterval(2.6, 1.5, 12);
    const printed = [
      2.331721e-1, 3.585794e-1, 1.981108e-1, 1.033427e-1, 5.290518e-2, 2.682146e-2, 1.35162e-2, 6.783438e-3, 3.394351e-3, 1.694674e-3, 8.445945e-4, 4.203313e-4,
    ];
    printed.forEach((v, i) => expect(Math.abs(w[i] - v) / v).toBeLessThan(5e-7));
  });
});

describe("reproductionNumber: exactly derivable cases", () => {
  it("constant incidence with all transmission at lag 1 gives the closed-form posterior", () => {
    // Λ_t = c for t ≥ 1, so over a 7-day window the posterior is Gamma(1 + 7c, rate 1/5 + 7c).
    const c = 20;
    const result = reproductionNumber(
      Array.from({ length: 30 }, () => c),
      [1],
    );
    const shape = 1 + 7 * c;
    const rate = 0.2 + 7 * c;
    for (let t = 7; t < 30; t++) {
      expect(result[t]!.mean).toBeCloseTo(shape / rate, 12);
      expect(result[t]!.sd).toBeCloseTo(Math.sqrt(shape) / rate, 12);
      expect(result[t]!.lower).toBeLessThan(shape / rate);
      expect(result[t]!.upper).toBeGreaterThan(shape / rate);
    }
  });

  it("computes the infectious pressure Λ_t = Σ I_{t−s} w_s", () => {
    expect(Array.from(overallInfectivity([1, 2, 3, 4], [0.5, 0.5]))).toEqual([0, 0.5, 1.5, 2.5]);
  });

  it("is null before the first full window, with no infectious pressure, or before the mean serial interval", () => {
    const zerosThenCases = [0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5];
    const r = reproductionNumber(zerosThenCases, [1], { window: 3 });
    expect(r[3]).toBeNull(); // Λ = 0 over the window: only the prior would speak
    expect(r[10]).not.toBeNull();
    // Mean serial interval 10: EpiEstim reports nothing while the window end (1-based) is ≤ 10.
    const longSi = Array.from({ length: 19 }, (_, i) => (i === 9 ? 1 : 0));
    const s = reproductionNumber(
      Array.from({ length: 15 }, () => 3),
      longSi,
      { window: 3 },
    );
    expect(s[9]).toBeNull();
    expect(s[10]).not.toBeNull();
  });

  it("honours window, prior and level options", () => {
    const counts = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22];
    const narrow = reproductionNumber(counts, [0.5, 0.5], { level: 0.5 })[10]!;
    const wide = reproductionNumber(counts, [0.5, 0.5], { level: 0.99 })[10]!;
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
    expect(reproductionNumber(counts, [0.5, 0.5], { window: 3 })[3]).not.toBeNull();
    const strongPrior = reproductionNumber(counts, [0.5, 0.5], { priorMean: 1, priorSd: 0.01 })[10]!;
    expect(strongPrior.mean).toBeCloseTo(1, 2);
  });

  it("rejects invalid serial intervals and options", () => {
    expect(() => reproductionNumber([1, 2, 3], [0.5, 0.2])).toThrow(/sum to 1/);
    expect(() => reproductionNumber([1, 2, 3], [0.5, -0.5, 1])).toThrow(RangeError);
    expect(() => reproductionNumber([1, 2, 3], { mean: 1, sd: 1 })).toThrow(/> 1/);
    expect(() => reproductionNumber([1, 2, 3], { mean: 3, sd: 0 })).toThrow(/sd/);
    expect(() => reproductionNumber([1, 2, 3], null as unknown as number[])).toThrow(TypeError);
    expect(() => reproductionNumber([1, 2.5], [1])).toThrow(RangeError);
    expect(() => reproductionNumber([1, 2, 3], [1], { window: 0 })).toThrow(/window/);
  });
});
