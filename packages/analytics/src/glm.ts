/**
 * Quasi-Poisson log-linear GLM fitted by iteratively reweighted least squares,
 * for the design used by the Farrington family: one intercept per seasonal
 * group plus an optional common linear time trend,
 *
 *   log E[y_i] = β_{g(i)} + β_T · t_i,   Var[y_i] = φ · E[y_i].
 *
 * Why a structured fitter instead of a dense one: with per-group intercepts the
 * weighted normal equations reduce, via the Schur complement of the trend, to
 * O(n) work per iteration, which keeps Farrington affordable when it is run
 * over thousands of series. The parametrisation (one intercept per group)
 * spans the same column space as R's treatment-contrast design
 * `response ~ 1 + wtime + seasgroups`, so fitted values, deviance, dispersion,
 * hat values, predictions and the trend's t-test are identical.
 *
 * The iteration reproduces R's `glm.fit` (R Core Team, `stats` package):
 * start at μ = y + 0.1, μ clamped at machine epsilon as in `poisson()$linkinv`,
 * convergence when |dev − dev_old| / (|dev| + 0.1) < ε (ε = 1e-8, at most 25
 * iterations). Quantities R derives from the final QR — dispersion, hat values
 * and standard errors — use the working weights of the last IRLS solve, as R does.
 *
 * Also hosts the two-parameter sliding-window trend fits used by `growth` and
 * `project` ({@link fitPoissonTrend}, {@link fitOlsTrend}), which are the same
 * model with a single group, specialised to avoid per-window allocations.
 * Internal module: not re-exported from the package index.
 * @module
 */

const DBL_EPSILON = 2.220446049250313e-16;

/** Input of {@link fitLogLinearGlm}. */
export interface LogLinearGlmInput {
  /** Non-negative responses (counts). */
  readonly y: ArrayLike<number>;
  /** Seasonal group of each observation, integers in [0, groupCount); default: all 0. */
  readonly group?: ArrayLike<number>;
  /** Number of groups (intercepts); default 1. Every group must have an observation with positive weight. */
  readonly groupCount?: number;
  /** Time covariate with a common slope; omit for an intercept-only (per group) model. */
  readonly time?: ArrayLike<number>;
  /** Prior weights (R's `weights=`); default 1. Zero-weight observations are ignored. */
  readonly weights?: ArrayLike<number>;
  /** Maximum IRLS iterations; default 25 (R's `glm.control()$maxit`). */
  readonly maxIterations?: number;
  /** Relative deviance tolerance; default 1e-8 (R's `glm.control()$epsilon`). */
  readonly epsilon?: number;
  /** Starting linear predictor (R's `etastart`); default log(y + 0.1) as R's `poisson()$initialize`. */
  readonly etaStart?: ArrayLike<number>;
}

/** Result of {@link fitLogLinearGlm}; mirrors what R's `glm` + `summary.glm` report. */
export interface LogLinearGlmFit {
  /** Whether the deviance criterion was met within `maxIterations` (R's `model$converged`). */
  readonly converged: boolean;
  /** IRLS iterations performed. */
  readonly iterations: number;
  /** Intercept of each group on the log scale. */
  readonly groupIntercepts: Float64Array;
  /** Common slope on the log scale, or null for models without trend. */
  readonly slope: number | null;
  /** Fitted means μ̂. */
  readonly fitted: Float64Array;
  /** Linear predictor η̂ (log μ̂ before R's clamp at machine epsilon). */
  readonly linearPredictor: Float64Array;
  /** Poisson deviance 2 Σ w [y log(y/μ) − (y − μ)]. */
  readonly deviance: number;
  /** Pearson dispersion estimate φ̂ = Σ w (y − μ)² / μ / df (R's `summary(model)$dispersion`); not floored. */
  readonly dispersion: number;
  /** Residual degrees of freedom: observations with positive weight minus parameters. */
  readonly dfResidual: number;
  /** Diagonal of the weighted hat matrix (R's `hatvalues(model)`). */
  hatValues(): Float64Array;
  /**
   * Linear predictor and its standard error at a new point, like `predict.glm(type = "link", se.fit = TRUE)`;
   * the SE is scaled by `dispersion` (default: this fit's estimate).
   */
  predictLink(group: number, time?: number, dispersion?: number): { eta: number; se: number };
  /** Standard error of the slope (dispersion-scaled), or null without trend. */
  slopeStandardError(): number | null;
  /**
   * Two-sided p-value of the slope's t-test on `dfResidual` df, as `summary.glm` for quasi families; null without trend.
   * `dispersion` (default: this fit's) scales the slope's variance.
   */
  slopePValue(pt: (t: number, df: number) => number, dispersion?: number): number | null;
}

const LOG_DBL_EPSILON = Math.log(DBL_EPSILON);

/**
 * Fits the quasi-Poisson log-linear model with per-group intercepts and an
 * optional common time slope by IRLS, reproducing R's `glm(..., family =
 * quasipoisson(link = "log"))` (see module docs).
 *
 * Why IRLS even where a closed form exists (the groups-only model): R stops at
 * a relative deviance change below 1e-8 and derives standard errors from the
 * penultimate working weights, so following its exact path from μ = y + 0.1
 * is what reproduces R's numbers to ~1e-10 rather than ~1e-5.
 *
 * Never throws for numerical trouble: a fit whose normal equations become
 * singular or whose deviance is not finite is returned with
 * `converged: false`, which is how R's Farrington code treats it.
 * @param input - responses, grouping, optional time covariate and prior weights; see {@link LogLinearGlmInput}
 * @returns the fit; check `converged` before using it
 * @throws RangeError for inconsistent input lengths or group indices
 */
export function fitLogLinearGlm(input: LogLinearGlmInput): LogLinearGlmFit {
  // A typed copy keeps the hot loops monomorphic whatever array type the caller passes.
  const y = Float64Array.from(input.y);
  const n = y.length;
  const G = input.groupCount ?? 1;
  const maxIterations = input.maxIterations ?? 25;
  const epsilon = input.epsilon ?? 1e-8;
  const time = input.time;
  const hasTrend = time !== undefined;
  if (!Number.isInteger(G) || G < 1) throw new RangeError(`groupCount must be a positive integer, got ${G}`);
  if (input.group && input.group.length !== n) throw new RangeError("group must have the same length as y");
  if (time && time.length !== n) throw new RangeError("time must have the same length as y");
  if (input.weights && input.weights.length !== n) throw new RangeError("weights must have the same length as y");
  if (input.etaStart && input.etaStart.length !== n) throw new RangeError("etaStart must have the same length as y");

  const group = new Int32Array(n);
  if (input.group) {
    for (let i = 0; i < n; i++) {
      const g = input.group[i];
      if (!Number.isInteger(g) || g < 0 || g >= G) throw new RangeError(`group[${i}] = ${g} is outside [0, ${G})`);
      group[i] = g;
    }
  }
  const prior = new Float64Array(n);
  for (let i = 0; i < n; i++) prior[i] = input.weights ? input.weights[i] : 1;
  const t = new Float64Array(n);
  if (time) for (let i = 0; i < n; i++) t[i] = time[i];

  // Deviance = 2 Σ w [y log y − y η − y + μ]: the y log y part is constant, so no log is needed per iteration.
  let wylogy = 0;
  let wy = 0;
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    if (yi > 0) wylogy += prior[i] * yi * Math.log(yi);
    wy += prior[i] * yi;
  }
  const deviance = (etaArr: Float64Array, muArr: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.max(etaArr[i], LOG_DBL_EPSILON);
      s += prior[i] * (muArr[i] - y[i] * e);
    }
    return 2 * (wylogy - wy + s);
  };

  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  const beta = new Float64Array(G);
  let slope = 0;
  const D = new Float64Array(G);
  const tBar = new Float64Array(G);
  const rg = new Float64Array(G);
  let sigma = 0;
  const w = new Float64Array(n);
  let converged = false;
  let iterations = 0;
  let valid = true;
  let dev = 0;
  let nOk = 0;
  for (let i = 0; i < n; i++) if (prior[i] > 0) nOk++;

  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (input.etaStart) {
      eta[i] = input.etaStart[i];
      mu[i] = Math.max(Math.exp(eta[i]), DBL_EPSILON);
    } else {
      mu[i] = y[i] + 0.1;
      eta[i] = Math.log(mu[i]);
    }
  }
  let devOld = deviance(eta, mu);
  dev = devOld;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    D.fill(0);
    tBar.fill(0);
    rg.fill(0);
    for (let i = 0; i < n; i++) {
      // Working weight w = prior · (dμ/dη)² / V(μ) with R's clamped μ and dμ/dη; working response z = η + (y − μ)/μ.
      const m = mu[i];
      const pw = prior[i];
      if (pw > 0) {
        const wi = pw * m;
        const zi = eta[i] + (y[i] - m) / m;
        w[i] = wi;
        z[i] = zi;
        const g = group[i];
        D[g] += wi;
        tBar[g] += wi * t[i];
        rg[g] += wi * zi;
      } else {
        w[i] = 0;
      }
    }
    for (let g = 0; g < G; g++) {
      if (!(D[g] > 0)) {
        valid = false;
        break;
      }
      tBar[g] /= D[g];
    }
    if (!valid) break;
    if (hasTrend) {
      // Schur complement of the trend with centred sums avoids cancellation in Σw t² − Σ (Σw t)²/Σw.
      sigma = 0;
      let rT = 0;
      let sumW = 0;
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi > 0) {
          const d = t[i] - tBar[group[i]];
          sigma += wi * d * d;
          rT += wi * d * z[i];
          sumW += wi;
        }
      }
      // R's QR drops a column whose residual norm is below 1e-11 of the original; treat that as a failed fit.
      if (!(sigma > 1e-22 * Math.max(1, sumW))) {
        valid = false;
        break;
      }
      slope = rT / sigma;
      for (let g = 0; g < G; g++) beta[g] = rg[g] / D[g] - slope * tBar[g];
    } else {
      for (let g = 0; g < G; g++) beta[g] = rg[g] / D[g];
    }
    let devSum = 0;
    const b1 = hasTrend ? slope : 0;
    for (let i = 0; i < n; i++) {
      const e = beta[group[i]] + b1 * t[i];
      eta[i] = e;
      const m = Math.exp(e);
      const mc = Math.max(m, DBL_EPSILON);
      mu[i] = mc;
      devSum += prior[i] * (mc - y[i] * Math.max(e, LOG_DBL_EPSILON));
    }
    dev = 2 * (wylogy - wy + devSum);
    if (!Number.isFinite(dev)) {
      valid = false;
      break;
    }
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  if (!valid) converged = false;

  const rank = G + (hasTrend ? 1 : 0);
  const dfResidual = nOk - rank;
  let pearson = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] > 0) {
      const r = (y[i] - mu[i]) / mu[i];
      pearson += w[i] * r * r;
    }
  }
  const dispersion = dfResidual > 0 ? pearson / dfResidual : NaN;
  const groupIntercepts = Float64Array.from(beta);
  const fittedSlope = hasTrend ? slope : null;
  const Dfinal = Float64Array.from(D);
  const tBarFinal = Float64Array.from(tBar);
  const sigmaFinal = sigma;
  const wFinal = w;

  return {
    converged,
    iterations,
    groupIntercepts,
    slope: fittedSlope,
    fitted: mu,
    linearPredictor: eta,
    deviance: dev,
    dispersion,
    dfResidual,
    hatValues() {
      const h = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (!(wFinal[i] > 0)) continue;
        const g = group[i];
        let v = 1 / Dfinal[g];
        if (hasTrend) {
          const d = t[i] - tBarFinal[g];
          v += (d * d) / sigmaFinal;
        }
        h[i] = wFinal[i] * v;
      }
      return h;
    },
    predictLink(g: number, time0 = 0, scale = dispersion) {
      if (!Number.isInteger(g) || g < 0 || g >= G) throw new RangeError(`group ${g} is outside [0, ${G})`);
      let v = 1 / Dfinal[g];
      let e = groupIntercepts[g];
      if (hasTrend) {
        const d = time0 - tBarFinal[g];
        v += (d * d) / sigmaFinal;
        e += slope * time0;
      }
      return { eta: e, se: Math.sqrt(scale * v) };
    },
    slopeStandardError() {
      return hasTrend ? Math.sqrt(dispersion / sigmaFinal) : null;
    },
    slopePValue(pt, scale = dispersion) {
      if (!hasTrend) return null;
      const tValue = slope / Math.sqrt(scale / sigmaFinal);
      return 2 * pt(-Math.abs(tValue), dfResidual);
    },
  };
}

/** Fit of log E[y_i] = a + b · c_i with c_i centred on the window midpoint. */
export interface LogLinearTrendFit {
  /** Log level at the window midpoint. */
  readonly intercept: number;
  /** Growth rate per period (log scale). */
  readonly slope: number;
  /** Var(intercept), dispersion-scaled. */
  readonly varIntercept: number;
  /** Var(slope), dispersion-scaled. */
  readonly varSlope: number;
  /** Cov(intercept, slope), dispersion-scaled. */
  readonly covariance: number;
  /** Dispersion used for the standard errors (floored at 1 for quasi-Poisson). */
  readonly dispersion: number;
  /** Residual degrees of freedom (n − 2). */
  readonly df: number;
}

const MAX_NEWTON = 60;

/**
 * Poisson log-linear regression of `y[from..from+n)` on centred time by
 * Newton–Raphson (the canonical-link IRLS), with quasi-Poisson standard
 * errors (Pearson dispersion, floored at 1 so that small windows never claim
 * less than Poisson noise). Returns null when the maximum-likelihood estimate
 * does not exist: an all-zero window, or all cases on the first or last period only.
 * @param y - counts
 * @param from - first index of the window
 * @param n - window length
 * @param start - optional warm start (intercept, slope)
 */
export function fitPoissonTrend(y: readonly number[], from: number, n: number, start?: { intercept: number; slope: number }): LogLinearTrendFit | null {
  const mid = (n - 1) / 2;
  let total = 0;
  let cy = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const v = y[from + i];
    total += v;
    cy += (i - mid) * v;
    if (v > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  // The likelihood has no maximum when every case sits on one boundary period (slope → ±∞).
  if (total === 0 || (first === last && (first === 0 || first === n - 1))) return null;
  let a: number;
  let b: number;
  if (start && Number.isFinite(start.intercept) && Number.isFinite(start.slope)) {
    a = start.intercept;
    b = start.slope;
  } else {
    const ols = olsOnLog(y, from, n);
    a = ols.intercept;
    b = ols.slope;
  }
  let _yy = 0;
  for (let i = 0; i < n; i++) _yy += y[from + i] * y[from + i];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let q = 0;
  let ll = -Infinity;
  let prevA = a;
  let prevB = b;
  let converged = false;
  for (let iter = 0; iter < MAX_NEWTON; iter++) {
    // μ_i = exp(a + b·c_i) and 1/μ_i by repeated multiplication: two exp() calls per iteration instead of n.
    let m = Math.exp(a - b * mid);
    const f = Math.exp(b);
    let inv = 1 / m;
    const invF = 1 / f;
    s0 = 0;
    s1 = 0;
    s2 = 0;
    q = 0;
    for (let i = 0; i < n; i++) {
      const c = i - mid;
      const v = y[from + i];
      s0 += m;
      s1 += c * m;
      s2 += c * c * m;
      q += v * v * inv;
      m *= f;
      inv *= invF;
    }
    const llNew = a * total + b * cy - s0;
    if (!Number.isFinite(llNew) || !Number.isFinite(q)) return null;
    if (llNew < ll - 1e-12 * Math.abs(ll) && iter > 0) {
      // Overshoot: fall back towards the previous point (step halving), as glm.fit does on divergence.
      a = (a + prevA) / 2;
      b = (b + prevB) / 2;
      continue;
    }
    ll = llNew;
    const g0 = total - s0;
    const g1 = cy - s1;
    const det = s0 * s2 - s1 * s1;
    if (!(det > 0)) return null;
    const da = (s2 * g0 - s1 * g1) / det;
    const db = (s0 * g1 - s1 * g0) / det;
    prevA = a;
    prevB = b;
    a += da;
    b += db;
    // Newton converges quadratically: once the step is below 1e-8 the updated point is exact to rounding, and the
    // sums of this pass (at the pre-step point) give the information matrix to ~1e-8, ample for an interval.
    if (Math.abs(da) + Math.abs(db) < 1e-8 * (1 + Math.abs(a))) {
      converged = true;
      break;
    }
  }
  if (!converged || Math.abs(b) > 20) return null;
  // Pearson X² = Σ (y − μ)²/μ = Σ y²/μ − 2 Σ y + Σ μ.
  const pearson = Math.max(0, q - 2 * total + s0);
  const det = s0 * s2 - s1 * s1;
  const df = n - 2;
  const dispersion = Math.max(1, pearson / df);
  return {
    intercept: a,
    slope: b,
    varIntercept: (dispersion * s2) / det,
    varSlope: (dispersion * s0) / det,
    covariance: (-dispersion * s1) / det,
    dispersion,
    df,
  };
}

function olsOnLog(y: readonly number[], from: number, n: number): LogLinearTrendFit {
  const mid = (n - 1) / 2;
  let sz = 0;
  let sxz = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const c = i - mid;
    const z = Math.log(y[from + i] + 0.5);
    sz += z;
    sxz += c * z;
    sxx += c * c;
  }
  const intercept = sz / n;
  const slope = sxz / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.log(y[from + i] + 0.5) - intercept - slope * (i - mid);
    rss += r * r;
  }
  const df = n - 2;
  const s2 = rss / df;
  return { intercept, slope, varIntercept: s2 / n, varSlope: s2 / sxx, covariance: 0, dispersion: s2, df };
}

/**
 * Ordinary least squares of log(y + 0.5) on centred time over `y[from..from+n)`.
 * @param y - counts
 * @param from - first index of the window
 * @param n - window length (≥ 3)
 */
export function fitOlsTrend(y: readonly number[], from: number, n: number): LogLinearTrendFit {
  return olsOnLog(y, from, n);
}
