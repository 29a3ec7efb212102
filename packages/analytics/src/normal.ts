/**
 * Standard normal distribution function Φ and its inverse Φ⁻¹.
 *
 * Detection thresholds are quoted as type-I error rates (α = 0.001, 0.025, …) in the
 * surveillance literature; converting them with a sloppy approximation would shift every
 * alarm boundary, so both directions use double-precision algorithms with published
 * error bounds instead of the common 1e-7 textbook approximations.
 */

// Cody (1969) rational Chebyshev coefficients, the same set R's pnorm() uses.
const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326,
  11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091, 34900.952721145977266, 38912.003286093271411,
  19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;

/**
 * exp(-x²/2) evaluated without losing the low bits of x²: x is split at a multiple of
 * 1/16 so that the dominant square is exact (Cody's trick). Without it Φ(-30) would only
 * carry ~12 correct digits.
 */
function gaussianTail(x: number, rational: number): number {
  const xsq = Math.trunc(x * 16) / 16;
  const del = (x - xsq) * (x + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * rational;
}

/**
 * Standard normal cumulative distribution function Φ(x) = P(Z ≤ x).
 *
 * Source: W. J. Cody (1969), "Rational Chebyshev approximations for the error function",
 * Mathematics of Computation 23:631–637 — the algorithm behind R's `pnorm()`. Relative
 * error is below 1e-15 over the whole double range, including the far tails (Φ(-37.5) ≈ 5e-308).
 *
 * @param x - any number; ±Infinity map to 1/0, NaN propagates.
 * @returns Φ(x) in [0, 1].
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    // Central region: Φ(x) = 1/2 + x·R(x²), no cancellation near 0.
    let xnum = A[4] * x * x;
    let xden = x * x;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]) * x * x;
      xden = (xden + B[i]) * x * x;
    }
    return 0.5 + (x * (xnum + A[3])) / (xden + B[3]);
  }
  let tail: number;
  if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    tail = gaussianTail(y, (xnum + C[7]) / (xden + D[7]));
  } else if (y < 38.5) {
    const xsq = 1 / (x * x);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * xsq;
      xden = (xden + Q[i]) * xsq;
    }
    const r = (INV_SQRT_2PI - (xsq * (xnum + P[4])) / (xden + Q[4])) / y;
    tail = gaussianTail(y, r);
  } else {
    tail = 0;
  }
  // The tail is the accurate quantity; 1 − tail only loses digits that doubles cannot hold anyway.
  return x > 0 ? 1 - tail : tail;
}

// Wichura (1988) AS 241 PPND16 coefficients, as published and as in R's qnorm.c. Note B0[7] =
// 5226.495278852854561: a copy with ...852545925 (two digit groups swapped) circulated in this repo;
// evaluated exactly, the published table stays within 7.5e-17 relative of Φ⁻¹ on |p − ½| ≤ 0.425, the
// swapped one within 9.5e-17.
const A0 = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
  33430.575583588128105, 2509.0809287301226727,
];
const B0 = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674,
  5226.495278852854561,
];
const C0 = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177,
  0.0227238449892691845833, 7.7454501427834140764e-4,
];
const D0 = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4,
  1.05075007164441684324e-9,
];
const E0 = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386,
  2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F0 = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
  2.04426310338993978564e-15,
];

function poly(c: readonly number[], x: number): number {
  let r = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) r = r * x + c[i];
  return r;
}

/**
 * Standard normal quantile Φ⁻¹(p): the z with Φ(z) = p.
 *
 * Source: M. J. Wichura (1988), "Algorithm AS 241: The percentage points of the normal
 * distribution", Applied Statistics 37:477–484 (PPND16, relative accuracy about 1e-16;
 * the algorithm behind R's `qnorm()`).
 *
 * @param p - probability in [0, 1]; 0 and 1 give -Infinity and +Infinity.
 * @returns Φ⁻¹(p).
 * @throws RangeError when p is NaN or outside [0, 1] — a probability outside that range is a
 *   caller bug, and silently returning NaN would turn every downstream alarm off.
 */
export function normalQuantile(p: number): number {
  if (typeof p !== "number" || Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`normalQuantile: p = ${String(p)} is not a probability in [0, 1]`);
  }
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A0, r)) / poly(B0, r);
  }
  // Work with the smaller tail probability so 1 − p never rounds away the answer.
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = poly(C0, r) / poly(D0, r);
  } else {
    r -= 5;
    z = poly(E0, r) / poly(F0, r);
  }
  return q < 0 ? -z : z;
}
