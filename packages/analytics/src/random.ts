/**
 * Seeded pseudo-random numbers and the samplers built on them: xoshiro128** (Blackman & Vigna
 * 2018) with normal, gamma, Poisson, binomial and negative binomial draws.
 *
 * The one copy for the repository: the demo scenario (packages/scenario) and the projection
 * intervals both draw from here. Streams must be identical across runs and machines — seeded
 * demo data, screenshots and log hashes depend on it — so nothing here may touch Math.random
 * or anything platform-dependent, and a given seed and {@link RngOptions} must keep producing
 * the same numbers forever: change an algorithm only behind a new option value.
 * @module
 */

export interface Rng {
  /** Uniform on [0, 1) with 53 bits of resolution. */
  next(): number;
  /** Uniform 32-bit unsigned integer; handy for deriving independent child streams. */
  uint32(): number;
  normal(mean?: number, sd?: number): number;
  /** Gamma with the given shape and scale (mean = shape × scale). */
  gamma(shape: number, scale?: number): number;
  poisson(lambda: number): number;
  binomial(n: number, p: number): number;
  /**
   * Negative binomial parameterised the way epidemiologists use it: mean μ and dispersion k, so that
   * variance = μ + μ²/k. Smaller k means burstier counts; k = Infinity degenerates to Poisson(μ).
   */
  negBinomial(mean: number, dispersion: number): number;
}

/**
 * Which variant of the stream to produce. The two combinations in use are the defaults (the demo
 * scenario's stream) and `{ seeding: "splitmix32", normal: "polar" }` (the projection's); each is
 * kept so that seeded outputs published before the two copies were merged do not change.
 */
export interface RngOptions {
  /**
   * How the 128-bit state comes from the seed. `"mixed"` (default): both 32-bit halves of the
   * seed (or its IEEE bits) through murmur3's finaliser, then 8 outputs discarded, so every
   * finite seed, fractional ones included, has its own stream. `"splitmix32"`: four splitmix32
   * outputs from `seed >>> 0` (the low 32 bits of an integer seed), nothing discarded.
   */
  readonly seeding?: "mixed" | "splitmix32";
  /**
   * How normal variates are drawn. `"box-muller"` (default): one variate per two uniforms.
   * `"polar"`: Marsaglia's polar method, which yields pairs and hands out the second one next.
   */
  readonly normal?: "box-muller" | "polar";
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

// murmur3's finaliser: a bijection on uint32, so distinct inputs stay distinct while bits get mixed.
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function seedWords(seed: number): [number, number] {
  if (Number.isSafeInteger(seed)) return [seed >>> 0, Math.floor(seed / TWO_POW_32) >>> 0];
  // Fractional seeds are unusual but legal; their IEEE bits are as good an identity as any.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed, false);
  return [view.getUint32(4, false), (view.getUint32(0, false) ^ 0x5bd1e995) >>> 0];
}

// splitmix32: a Weyl sequence through murmur3's finaliser.
function splitmix32State(seed: number): [number, number, number, number] {
  let x = seed >>> 0;
  const next = () => {
    x = (x + 0x9e3779b9) >>> 0;
    return fmix32(x);
  };
  return [next(), next(), next(), next()];
}

// Exact log(k!) for small k (where Stirling is least accurate and most often needed), Stirling's series beyond.
const LOG_FACTORIAL_TABLE_SIZE = 256;
const logFactorialTable: number[] = (() => {
  const table = [0];
  for (let k = 1; k < LOG_FACTORIAL_TABLE_SIZE; k++) table.push(table[k - 1] + Math.log(k));
  return table;
})();
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return logFactorialTable[k];
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_2PI + inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}

function requireFiniteNonNegative(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite non-negative number, got ${String(value)}`);
  }
}

/**
 * xoshiro128**: small, fast, passes BigCrush, and unlike mulberry32 its 2^128 period is far
 * beyond what a scenario or a projection draws.
 * @param seed - any finite number.
 * @param options - stream variant, see {@link RngOptions}.
 * @throws RangeError for a non-finite seed or an unknown option value.
 */
export function createRng(seed: number, options: RngOptions = {}): Rng {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
  }
  const seeding = options.seeding ?? "mixed";
  const normalMethod = options.normal ?? "box-muller";
  if (seeding !== "mixed" && seeding !== "splitmix32") throw new RangeError(`seeding must be "mixed" or "splitmix32", got ${String(seeding)}`);
  if (normalMethod !== "box-muller" && normalMethod !== "polar") throw new RangeError(`normal must be "box-muller" or "polar", got ${String(normalMethod)}`);
  let s0: number, s1: number, s2: number, s3: number;
  if (seeding === "mixed") {
    const [lo, hi] = seedWords(seed);
    // Each word depends on the previous one, so (s0, s1) alone already identifies (lo, hi): distinct seeds, distinct streams.
    s0 = fmix32(lo ^ 0x9e3779b9);
    s1 = fmix32((hi ^ 0x243f6a88 ^ s0) >>> 0);
    s2 = fmix32((s1 + 0xb7e15162) >>> 0);
    s3 = fmix32((s2 + 0x6a09e667) >>> 0);
  } else {
    [s0, s1, s2, s3] = splitmix32State(seed);
  }
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  function uint32(): number {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  }

  // The seeding mix is cheap, so let the generator itself scramble away any structure it left.
  if (seeding === "mixed") for (let k = 0; k < 8; k++) uint32();

  function next(): number {
    const a = uint32() >>> 5;
    const b = uint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  // Samplers below take logarithms, so they need a uniform that can never be exactly zero.
  function openUnit(): number {
    let u = next();
    while (u === 0) u = next();
    return u;
  }

  // Marsaglia's polar method makes variates in pairs; the second waits here for the next call.
  let spare: number | null = null;
  function polar(): number {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    return u * f;
  }

  function normal(mean = 0, sd = 1): number {
    if (normalMethod === "polar") return mean + sd * polar();
    // Box–Muller. Written as (sd·r)·cos, the order the scenario's stream has always been computed in.
    const r = Math.sqrt(-2 * Math.log(openUnit()));
    return mean + sd * r * Math.cos(2 * Math.PI * next());
  }

  function gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`gamma shape must be finite and > 0, got ${String(shape)}`);
    requireFiniteNonNegative("gamma scale", scale);
    if (shape < 1) {
      // Marsaglia–Tsang needs shape ≥ 1; boost and correct (Γ(a) = Γ(a+1)·U^(1/a)).
      return gamma(shape + 1, scale) * openUnit() ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = openUnit();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  function poisson(lambda: number): number {
    requireFiniteNonNegative("poisson lambda", lambda);
    if (lambda === 0) return 0;
    if (lambda < 10) {
      // Knuth's product method: exact and fastest when few events are expected.
      const limit = Math.exp(-lambda);
      let k = 0;
      let product = next();
      while (product > limit) {
        k++;
        product *= next();
      }
      return k;
    }
    return poissonPtrs(lambda);
  }

  // Hörmann (1993) transformed rejection (PTRS): exact, O(1) expected time for large means, where
  // Knuth's method would need ~lambda uniforms per draw.
  function poissonPtrs(lambda: number): number {
    const slam = Math.sqrt(lambda);
    const logLam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = next() - 0.5;
      const v = openUnit();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLam - logFactorial(k)) return k;
    }
  }

  function binomial(n: number, p: number): number {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`binomial n must be a non-negative integer, got ${String(n)}`);
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${String(p)}`);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    // Both algorithms below are tuned for p ≤ ½; use the symmetry for the rest.
    if (p > 0.5) return n - binomialSmallP(n, 1 - p);
    return binomialSmallP(n, p);
  }

  function binomialSmallP(n: number, p: number): number {
    return n * p < 14 ? binomialInversion(n, p) : binomialBtrs(n, p);
  }

  // Sequential search of the CDF: expected O(np) steps, so only for small means. The bound guards
  // against floating-point underflow in the tail walking forever.
  function binomialInversion(n: number, p: number): number {
    const q = 1 - p;
    const qn = Math.exp(n * Math.log1p(-p));
    const np = n * p;
    const bound = Math.min(n, np + 10 * Math.sqrt(np * q + 1));
    let x = 0;
    let px = qn;
    let u = next();
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = next();
      } else {
        u -= px;
        px = ((n - x + 1) * p * px) / (x * q);
      }
    }
    return x;
  }

  // Hörmann (1993) BTRS: exact transformed rejection with O(1) expected cost, needed because the
  // SEIR draws Binomial(susceptibles ≈ 10^6, p) every simulated day.
  function binomialBtrs(n: number, p: number): number {
    const q = 1 - p;
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const alpha = (2.83 + 5.1 / b) * spq;
    const lpq = Math.log(p / q);
    const m = Math.floor((n + 1) * p);
    const h = logFactorial(m) + logFactorial(n - m);
    for (;;) {
      const u = next() - 0.5;
      const v = openUnit();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      const lhs = Math.log((v * alpha) / (a / (us * us) + b));
      if (lhs <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
    }
  }

  function negBinomial(mean: number, dispersion: number): number {
    requireFiniteNonNegative("negBinomial mean", mean);
    if (typeof dispersion !== "number" || !(dispersion > 0)) {
      throw new RangeError(`negBinomial dispersion must be > 0 (Infinity for Poisson), got ${String(dispersion)}`);
    }
    if (mean === 0) return 0;
    if (dispersion === Infinity) return poisson(mean);
    // Gamma–Poisson mixture: a Poisson whose rate itself fluctuates is exactly what overdispersed reporting is.
    return poisson(gamma(dispersion, mean / dispersion));
  }

  return { next, uint32, normal, gamma, poisson, binomial, negBinomial };
}
