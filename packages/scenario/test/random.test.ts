import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "../src/index.ts";

function moments(rng: Rng, n: number, draw: (rng: Rng) => number): { mean: number; variance: number; values: number[] } {
  const values: number[] = [];
  for (let k = 0; k < n; k++) values.push(draw(rng));
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, variance, values };
}

// Fixed seeds make every assertion below deterministic; the tolerances are still wide enough that they
// would hold for almost any seed, so they test the sampler rather than one lucky stream.
const N = 40_000;

describe("createRng", () => {
  it("reproduces the same stream for the same seed", () => {
    const a = createRng(123);
    const b = createRng(123);
    for (let k = 0; k < 1000; k++) expect(a.next()).toBe(b.next());
  });

  it("gives different streams for different seeds, including neighbouring and unusual ones", () => {
    const seeds = [0, 1, 2, -1, 2 ** 32, 2 ** 40 + 7, 0.5, 20200123];
    const firsts = seeds.map((s) => {
      const rng = createRng(s);
      return [rng.uint32(), rng.uint32(), rng.uint32()].join(",");
    });
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it("rejects non-finite seeds", () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
    expect(() => createRng(Infinity)).toThrow(RangeError);
  });

  it("next() is uniform on [0, 1)", () => {
    const { mean, variance, values } = moments(createRng(1), N, (r) => r.next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    const deciles = new Array<number>(10).fill(0);
    for (const v of values) deciles[Math.floor(v * 10)]++;
    for (const count of deciles) expect(Math.abs(count - N / 10)).toBeLessThan(N / 10 / 10);
  });

  it("uint32() covers the full 32-bit range with integers", () => {
    const { mean, values } = moments(createRng(2), N, (r) => r.uint32());
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
    expect(mean / 2 ** 32).toBeCloseTo(0.5, 2);
  });
});

describe("continuous samplers", () => {
  it("normal() has the requested mean and standard deviation", () => {
    const { mean, variance } = moments(createRng(3), N, (r) => r.normal(10, 2));
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1);
  });

  it.each([
    [0.4, 3],
    [1, 1],
    [2.5, 0.5],
    [30, 2],
  ])("gamma(shape %d, scale %d) has mean shape·scale and variance shape·scale²", (shape, scale) => {
    const { mean, variance, values } = moments(createRng(4), N, (r) => r.gamma(shape, scale));
    expect(values.every((v) => v >= 0)).toBe(true);
    expect(mean / (shape * scale)).toBeGreaterThan(0.96);
    expect(mean / (shape * scale)).toBeLessThan(1.04);
    expect(variance / (shape * scale * scale)).toBeGreaterThan(0.9);
    expect(variance / (shape * scale * scale)).toBeLessThan(1.1);
  });
});

function logFactorial(k: number): number {
  let sum = 0;
  for (let j = 2; j <= k; j++) sum += Math.log(j);
  return sum;
}

// Moments can match while the shape is wrong; the rejection samplers (large means) are checked point by point.
function expectPmf(values: readonly number[], pmf: (k: number) => number, from: number, to: number): void {
  for (let k = from; k <= to; k++) {
    const freq = values.filter((v) => v === k).length / values.length;
    expect(Math.abs(freq - pmf(k))).toBeLessThan(0.005);
  }
}

describe("poisson", () => {
  it.each([0.3, 4, 9.9, 10, 37, 1234.5])("poisson(%d) has mean and variance λ", (lambda) => {
    const { mean, variance, values } = moments(createRng(5), N, (r) => r.poisson(lambda));
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N));
    expect(variance / lambda).toBeGreaterThan(0.95);
    expect(variance / lambda).toBeLessThan(1.05);
  });

  it("matches the Poisson probability of zero for a small mean", () => {
    const { values } = moments(createRng(6), N, (r) => r.poisson(1.5));
    const zeros = values.filter((v) => v === 0).length / N;
    expect(zeros).toBeCloseTo(Math.exp(-1.5), 2);
  });

  it("follows the Poisson probability mass function for a large mean", () => {
    const lambda = 25;
    const { values } = moments(createRng(61), 100_000, (r) => r.poisson(lambda));
    expectPmf(values, (k) => Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k)), 15, 35);
  });

  it("returns 0 for λ = 0 and rejects invalid means", () => {
    const rng = createRng(7);
    expect(rng.poisson(0)).toBe(0);
    expect(() => rng.poisson(-1)).toThrow(RangeError);
    expect(() => rng.poisson(Number.NaN)).toThrow(RangeError);
    expect(() => rng.poisson(Infinity)).toThrow(RangeError);
  });
});

describe("binomial", () => {
  it.each([
    [20, 0.3],
    [1000, 0.004],
    [1000, 0.5],
    [500, 0.97],
    [1_000_000, 0.02],
    [1_200_000, 0.000003],
  ])("binomial(%d, %d) has mean np and variance np(1-p) and stays within [0, n]", (n, p) => {
    const { mean, variance, values } = moments(createRng(8), N, (r) => r.binomial(n, p));
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= n)).toBe(true);
    const expectedVar = n * p * (1 - p);
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt(expectedVar / N));
    expect(variance / expectedVar).toBeGreaterThan(0.95);
    expect(variance / expectedVar).toBeLessThan(1.05);
  });

  it("follows the binomial probability mass function for a large mean", () => {
    const [n, p] = [100, 0.3];
    const { values } = moments(createRng(81), 100_000, (r) => r.binomial(n, p));
    const pmf = (k: number) => Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
    expectPmf(values, pmf, 20, 40);
  });

  it("handles the degenerate cases exactly", () => {
    const rng = createRng(9);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(1000, 0)).toBe(0);
    expect(rng.binomial(1000, 1)).toBe(1000);
  });

  it("rejects invalid arguments", () => {
    const rng = createRng(10);
    expect(() => rng.binomial(-1, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(2.5, 0.5)).toThrow(RangeError);
    expect(() => rng.binomial(10, 1.5)).toThrow(RangeError);
    expect(() => rng.binomial(10, Number.NaN)).toThrow(RangeError);
  });
});

describe("negBinomial", () => {
  it.each([
    [0.5, 0.5],
    [5, 2],
    [50, 10],
    [400, 30],
  ])("negBinomial(mean %d, dispersion %d) has variance μ + μ²/k", (mu, k) => {
    const { mean, variance, values } = moments(createRng(11), N, (r) => r.negBinomial(mu, k));
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    const expectedVar = mu + (mu * mu) / k;
    expect(Math.abs(mean - mu)).toBeLessThan(5 * Math.sqrt(expectedVar / N));
    expect(variance / expectedVar).toBeGreaterThan(0.9);
    expect(variance / expectedVar).toBeLessThan(1.1);
  });

  it("is overdispersed relative to Poisson, and is Poisson when dispersion is infinite", () => {
    const nb = moments(createRng(12), N, (r) => r.negBinomial(20, 5));
    const pois = moments(createRng(12), N, (r) => r.negBinomial(20, Infinity));
    expect(nb.variance).toBeGreaterThan(2 * pois.variance);
    expect(pois.variance / 20).toBeGreaterThan(0.95);
    expect(pois.variance / 20).toBeLessThan(1.05);
  });

  it("returns 0 for mean 0 and rejects invalid arguments", () => {
    const rng = createRng(13);
    expect(rng.negBinomial(0, 3)).toBe(0);
    expect(() => rng.negBinomial(-1, 3)).toThrow(RangeError);
    expect(() => rng.negBinomial(5, 0)).toThrow(RangeError);
  });
});
