/**
 * Special functions and distribution quantiles used by the Farrington, growth,
 * renewal (Rt) and projection modules.
 *
 * Why a private copy: the package must stay dependency-free, and the detectors
 * need R-grade accuracy (the reference tests compare against R's `qgamma`,
 * `qnbinom`, `pt` to 6+ significant digits), which the usual short
 * approximations do not give. Algorithms follow Numerical Recipes 3rd ed.
 * (Press et al. 2007, §6.1–6.4).
 *
 * The normal distribution is not here: `normal.ts` holds the one Φ and Φ⁻¹
 * (Cody 1969, Wichura 1988 AS 241). This module used to carry a second copy of
 * each, whose AS 241 table had a mistyped digit (b7 = 5226.495278852545925;
 * the published PPND16 value, also R's, is 5226.495278852854561).
 *
 * Not re-exported from the package index on purpose: it is a toolbox for the
 * sibling modules, not public API.
 * @module
 */
import { normalCdf, normalQuantile } from "./normal.ts";

/** The names this module's callers and tests already use; both are `normal.ts`'s functions, not copies. */
export { normalCdf, normalQuantile as normalQuantileAS241 };

const DBL_EPSILON = 2.220446049250313e-16;
const FPMIN = 1e-300;
/** Relative tolerance for the continued fractions; a few ulps above machine precision. */
const CF_EPS = 1e-15;
const MAX_CF_ITERATIONS = 100_000;

const LANCZOS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199, 0.339946499848118887e-4, 0.465236289270485756e-4,
  -0.983744753048795646e-4, 0.158088703224912494e-3, -0.210264441724104883e-3, 0.217439618115212643e-3, -0.16431810653676389e-3, 0.844182239838527433e-4,
  -0.261908384015814087e-4, 0.368991826595316234e-5,
];

/**
 * Natural logarithm of the gamma function, ln Γ(x), for x > 0.
 *
 * Lanczos approximation with g = 671/128 and 14 terms (Numerical Recipes 3rd
 * ed., §6.1, `gammln`); relative error below 1e-14 over (0, ∞).
 * @param x - positive argument
 * @throws RangeError when x is not a positive finite number
 */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma: x must be a positive finite number, got ${x}`);
  let y = x;
  const tmp0 = x + 5.2421875;
  const tmp = (x + 0.5) * Math.log(tmp0) - tmp0;
  let ser = 0.999999999999997092;
  for (let j = 0; j < 14; j++) ser += LANCZOS[j] / ++y;
  return tmp + Math.log((2.5066282746310005 * ser) / x);
}

function gammaSeries(a: number, x: number, gln: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let i = 0; i < MAX_CF_ITERATIONS; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * CF_EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - gln);
}

function gammaContinuedFraction(a: number, x: number, gln: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_CF_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= CF_EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - gln) * h;
}

function assertShape(a: number, fn: string): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`${fn}: shape must be a positive finite number, got ${a}`);
}

/**
 * Regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a),
 * i.e. the CDF at x of a Gamma(shape a, scale 1) variable.
 *
 * Series for x < a + 1, Lentz continued fraction otherwise (Numerical Recipes
 * 3rd ed., §6.2).
 * @param a - shape, > 0
 * @param x - evaluation point, ≥ 0
 */
export function regularizedGammaP(a: number, x: number): number {
  assertShape(a, "regularizedGammaP");
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const gln = logGamma(a);
  return x < a + 1 ? gammaSeries(a, x, gln) : 1 - gammaContinuedFraction(a, x, gln);
}

/**
 * Regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), computed
 * directly (not as 1 − P) so that small upper tails keep their precision.
 * @param a - shape, > 0
 * @param x - evaluation point, ≥ 0
 */
export function regularizedGammaQ(a: number, x: number): number {
  assertShape(a, "regularizedGammaQ");
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const gln = logGamma(a);
  return x < a + 1 ? 1 - gammaSeries(a, x, gln) : gammaContinuedFraction(a, x, gln);
}

/**
 * Quantile function of the Gamma distribution (R: `qgamma(p, shape, scale = scale)`).
 *
 * Wilson–Hilferty / small-shape starting value refined by Halley steps on
 * P(a, x) (Numerical Recipes 3rd ed., §6.2.1, `invgammp`); the final Halley
 * step is taken after the relative change falls below 1e-8, so the result is
 * accurate to roughly machine precision.
 * @param p - probability in [0, 1]
 * @param shape - shape a > 0
 * @param scale - scale θ > 0 (default 1)
 */
export function gammaQuantile(p: number, shape: number, scale = 1): number {
  assertShape(shape, "gammaQuantile");
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`gammaQuantile: scale must be positive, got ${scale}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`gammaQuantile: p must lie in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const a = shape;
  const a1 = a - 1;
  const gln = logGamma(a);
  let x: number;
  let lna1 = 0;
  let afac = 0;
  if (a > 1) {
    lna1 = Math.log(a1);
    afac = Math.exp(a1 * (lna1 - 1) - gln);
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    x = Math.max(1e-3, a * (1 - 1 / (9 * a) - z / (3 * Math.sqrt(a))) ** 3);
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    x = p < t ? (p / t) ** (1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
  }
  const upper = p > 0.5;
  for (let j = 0; j < 100; j++) {
    if (x <= 0) return 0;
    // Why: in the upper tail, comparing Q with 1 − p keeps the relative precision of the small tail mass.
    const err = upper ? 1 - p - regularizedGammaQ(a, x) : regularizedGammaP(a, x) - p;
    const density = a > 1 ? afac * Math.exp(-(x - a1) + a1 * (Math.log(x) - lna1)) : Math.exp(-x + a1 * Math.log(x) - gln);
    if (density === 0) break;
    const u = err / density;
    let step = u / (1 - 0.5 * Math.min(1, u * ((a - 1) / x - 1)));
    x -= step;
    if (x <= 0) {
      x = 0.5 * (x + step);
      step = x;
    }
    if (Math.abs(step) < 1e-8 * x) {
      // One more Halley step after convergence of the bracket: cubic convergence takes 1e-8 to ~1e-16.
      const err2 = upper ? 1 - p - regularizedGammaQ(a, x) : regularizedGammaP(a, x) - p;
      const d2 = a > 1 ? afac * Math.exp(-(x - a1) + a1 * (Math.log(x) - lna1)) : Math.exp(-x + a1 * Math.log(x) - gln);
      if (d2 > 0) {
        const u2 = err2 / d2;
        x -= u2 / (1 - 0.5 * Math.min(1, u2 * ((a - 1) / x - 1)));
      }
      break;
    }
  }
  return x * scale;
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).
 * @param a - positive
 * @param b - positive
 */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_CF_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= CF_EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta function I_x(a, b) (R: `pbeta(x, a, b)`),
 * Lentz continued fraction with the symmetry switch (Numerical Recipes 3rd
 * ed., §6.4).
 * @param x - in [0, 1]
 * @param a - positive
 * @param b - positive
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`regularizedBeta: a and b must be positive, got ${a}, ${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta: x must lie in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const lbt = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lbt) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** 1 − I_x(a, b) computed without cancellation in the upper tail. */
function regularizedBetaComplement(x: number, a: number, b: number): number {
  return regularizedBeta(1 - x, b, a);
}

/**
 * CDF of Student's t distribution with `df` degrees of freedom (R: `pt`).
 * @param t - evaluation point
 * @param df - degrees of freedom, > 0 (need not be an integer)
 */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf: df must be positive, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t distribution (R: `qt(p, df)`).
 *
 * Closed forms for df = 1 and 2; otherwise a Cornish–Fisher start refined by
 * safeguarded Newton steps on {@link studentTCdf} (relative tolerance 1e-13).
 * @param p - probability in (0, 1)
 * @param df - degrees of freedom, > 0
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTQuantile: df must be positive, got ${df}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must lie in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  let t = z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  // Bracket for the safeguard: the quantile has the sign of p − ½.
  let lo = p < 0.5 ? -Infinity : 0;
  let hi = p < 0.5 ? 0 : Infinity;
  for (let i = 0; i < 100; i++) {
    const cdf = studentTCdf(t, df);
    const diff = cdf - p;
    if (diff > 0) hi = Math.min(hi, t);
    else lo = Math.max(lo, t);
    const density = Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
    let next = t - diff / density;
    if (!(next > lo && next < hi)) {
      next = Number.isFinite(lo) && Number.isFinite(hi) ? 0.5 * (lo + hi) : Number.isFinite(lo) ? lo + 2 * Math.abs(lo) + 1 : hi - 2 * Math.abs(hi) - 1;
    }
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

/**
 * Poisson CDF P(X ≤ k) = Q(k + 1, λ) (R: `ppois`).
 * @param k - count (floored)
 * @param lambda - mean ≥ 0
 */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda === 0) return 1;
  return regularizedGammaQ(Math.floor(k) + 1, lambda);
}

/**
 * Negative binomial CDF P(X ≤ k) for the number of failures before `size`
 * successes with success probability `prob` (R: `pnbinom(k, size, prob)`),
 * via I_prob(size, k + 1).
 * @param k - count (floored)
 * @param size - dispersion/size parameter, > 0
 * @param prob - success probability in (0, 1]
 */
export function negativeBinomialCdf(k: number, size: number, prob: number): number {
  if (k < 0) return 0;
  if (prob === 1) return 1;
  return regularizedBeta(prob, size, Math.floor(k) + 1);
}

/**
 * Upper tail P(X ≥ k) of the negative binomial (R: `pnbinom(k - 1, size, prob, lower.tail = FALSE)`).
 * @param k - count
 * @param size - size parameter, > 0
 * @param prob - success probability in (0, 1]
 */
export function negativeBinomialUpperTail(k: number, size: number, prob: number): number {
  if (k <= 0) return 1;
  if (prob === 1) return 0;
  return regularizedBetaComplement(prob, size, Math.floor(k - 1) + 1);
}

/**
 * Generic left-continuous discrete quantile search: smallest y with F(y) ≥ p,
 * started from a Cornish–Fisher guess so only a few CDF evaluations are needed.
 */
function discreteQuantile(p: number, mu: number, sigma: number, gamma: number, cdf: (y: number) => number): number {
  const z = normalQuantile(p);
  let y = Math.max(0, Math.round(mu + sigma * (z + (gamma * (z * z - 1)) / 6)));
  // R fuzzes p downwards by 64 ulps so that F(y) == p (up to rounding) still returns y.
  const target = p * (1 - 64 * DBL_EPSILON);
  if (cdf(y) >= target) {
    while (y > 0 && cdf(y - 1) >= target) y--;
    return y;
  }
  // Step up with doubling increments, then bisect, so that poor starting guesses stay cheap.
  let step = Math.max(1, Math.floor(sigma / 8));
  let lo = y;
  let hi = y + step;
  while (cdf(hi) < target) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cdf(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Poisson quantile (R: `qpois(p, lambda)`): smallest integer y with P(X ≤ y) ≥ p.
 * @param p - probability in [0, 1]
 * @param lambda - mean ≥ 0
 */
export function poissonQuantile(p: number, lambda: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`poissonQuantile: p must lie in [0, 1], got ${p}`);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poissonQuantile: lambda must be finite and ≥ 0, got ${lambda}`);
  if (lambda === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  const sigma = Math.sqrt(lambda);
  return discreteQuantile(p, lambda, sigma, 1 / sigma, (y) => poissonCdf(y, lambda));
}

/**
 * Negative binomial quantile (R: `qnbinom(p, size, prob)`): smallest integer y
 * with P(X ≤ y) ≥ p, X counting failures before `size` successes.
 * @param p - probability in [0, 1]
 * @param size - size parameter, > 0
 * @param prob - success probability in (0, 1]
 */
export function negativeBinomialQuantile(p: number, size: number, prob: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`negativeBinomialQuantile: p must lie in [0, 1], got ${p}`);
  if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`negativeBinomialQuantile: size must be positive, got ${size}`);
  if (!(prob > 0 && prob <= 1)) throw new RangeError(`negativeBinomialQuantile: prob must lie in (0, 1], got ${prob}`);
  if (prob === 1 || p === 0) return 0;
  if (p === 1) return Infinity;
  const q = 1 - prob;
  const mu = (size * q) / prob;
  const sigma = Math.sqrt(size * q) / prob;
  const gamma = (2 - prob) / Math.sqrt(size * q);
  return discreteQuantile(p, mu, sigma, gamma, (y) => negativeBinomialCdf(y, size, prob));
}
