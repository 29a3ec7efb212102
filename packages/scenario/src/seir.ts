import type { Rng } from "@vigil/analytics";

/** Either a constant or a value per simulated day (day index from 0), so callers can script seasonality and interventions. */
export type DailyValue = number | ((day: number) => number);

export interface SeirParams {
  /** Closed population size N; births, deaths and migration are ignored over a few months. */
  population: number;
  /** Reproduction number in a fully susceptible population; depletion of susceptibles is applied on top. */
  r0: DailyValue;
  /** Rate E→I per day (1 / mean latent period). */
  sigma: number;
  /** Rate I→R per day (1 / mean infectious period). */
  gamma: number;
  initialExposed?: number;
  initialInfectious?: number;
  initialRecovered?: number;
  /** Expected residents infected outside the population per day (travel); they enter E like local infections. */
  importations?: DailyValue;
}

/** Compartments at the end of a day, and the flows during it. */
export interface SeirDay {
  day: number;
  s: number;
  e: number;
  i: number;
  r: number;
  /** S→E this day, imported infections included. */
  newExposed: number;
  imported: number;
  /** E→I this day: the onset series that case reporting observes. */
  newInfectious: number;
  newRecovered: number;
}

function valueAt(name: string, value: DailyValue, day: number): number {
  const v = typeof value === "function" ? value(day) : value;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`${name} on day ${day} must be a finite non-negative number, got ${String(v)}`);
  }
  return v;
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
}

function requireRate(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite positive rate, got ${String(value)}`);
  }
}

/**
 * Chain-binomial SEIR with daily steps. Integer people and binomial transitions give the small-number
 * randomness (fade-outs, lumpy growth) that a deterministic ODE cannot, and population is conserved exactly.
 * All transitions of a day are drawn from the state at the start of that day.
 */
export function simulateSeir(params: SeirParams, days: number, rng: Rng): SeirDay[] {
  const { population, sigma, gamma } = params;
  requireCount("population", population);
  if (population === 0) throw new RangeError("population must be positive");
  requireRate("sigma", sigma);
  requireRate("gamma", gamma);
  requireCount("days", days);
  let e = params.initialExposed ?? 0;
  let i = params.initialInfectious ?? 0;
  let r = params.initialRecovered ?? 0;
  requireCount("initialExposed", e);
  requireCount("initialInfectious", i);
  requireCount("initialRecovered", r);
  let s = population - e - i - r;
  if (s < 0) throw new RangeError("initial compartments exceed the population");

  const pOnset = 1 - Math.exp(-sigma);
  const pRecover = 1 - Math.exp(-gamma);
  const importations = params.importations ?? 0;
  const out: SeirDay[] = [];
  for (let day = 0; day < days; day++) {
    // An infectious person stays infectious for a geometric 1/pRecover days in this discrete chain, not 1/gamma,
    // so scale beta by pRecover for r0 to mean exactly "secondary cases per case".
    const beta = valueAt("r0", params.r0, day) * pRecover;
    const pInfect = 1 - Math.exp((-beta * i) / population);
    const local = rng.binomial(s, pInfect);
    const imported = Math.min(s - local, rng.poisson(valueAt("importations", importations, day)));
    const onsets = rng.binomial(e, pOnset);
    const recoveries = rng.binomial(i, pRecover);
    s -= local + imported;
    e += local + imported - onsets;
    i += onsets - recoveries;
    r += recoveries;
    out.push({ day, s, e, i, r, newExposed: local + imported, imported, newInfectious: onsets, newRecovered: recoveries });
  }
  return out;
}
