/**
 * The observation model: how true symptom onsets become the numbers a district actually files.
 * Surveillance data is never the epidemic itself, and detectors in the portal are only convincing if the
 * demo carries the usual artefacts: under-ascertainment, bursty lab batches, weekend dips with Monday
 * catch-up, lagged deaths and a test volume that tracks both demand and capacity.
 */

import type { Rng } from "@vigil/analytics";
import { weekday } from "@vigil/calendar";

export interface ScenarioReport {
  regionCode: string;
  /** YYYY-MM-DD */
  date: string;
  newConfirmed: number;
  suspected: number;
  deaths: number;
  tests: number;
  departmentCode: string;
}

export interface ReportingProfile {
  population: number;
  /** Share of symptomatic infections that are ever confirmed. */
  reportingProbability: number;
  /** Negative-binomial k of the confirmation step; lab results arrive in batches, so counts are overdispersed. */
  detectionDispersion: number;
  /** Suspected cases per confirmed case is drawn daily from this range. */
  suspectedPerConfirmed: readonly [number, number];
  /** Tests per confirmed case (contact tracing and clinical demand). */
  testsPerConfirmed: number;
  /** Routine screening capacity, per resident per day. */
  testsPerCapitaPerDay: number;
  /** Infection-fatality ratio among symptomatic onsets. */
  ifr: number;
}

export type DailyCounts = Pick<ScenarioReport, "newConfirmed" | "suspected" | "deaths" | "tests">;

// Share of confirmations waiting to be filed that actually get filed, by weekday (0 = Sunday). Monday files
// everything left over, which produces the familiar weekend dip and Monday spike.
const FILING_SHARE = [0.45, 1, 1, 1, 1, 0.95, 0.6] as const;
// Laboratory throughput relative to a full weekday.
const LAB_CAPACITY = [0.55, 1.1, 1, 1, 1, 0.95, 0.7] as const;

const SUSPECTED_DISPERSION = 15;
const TESTS_DISPERSION = 40;
// Onset-to-death delay: a fixed minimum plus an overdispersed remainder, mean about 18 days.
const DEATH_DELAY_MIN_DAYS = 7;
const DEATH_DELAY_EXTRA_MEAN = 11;
const DEATH_DELAY_DISPERSION = 6;

/** Turn a daily onset series into filed counts for the same days; `dates[t]` is the calendar day of `onsets[t]`. */
export function observeDistrict(onsets: readonly number[], dates: readonly string[], profile: ReportingProfile, rng: Rng): DailyCounts[] {
  if (onsets.length !== dates.length) throw new RangeError("onsets and dates must have the same length");
  const days = onsets.length;
  const deathsByDay = new Array<number>(days).fill(0);
  const out: DailyCounts[] = [];
  let backlog = 0;
  const [ratioLow, ratioHigh] = profile.suspectedPerConfirmed;
  // Background respiratory illness keeps "suspected" above zero on days without confirmations.
  const suspectedBackground = profile.population / 400_000;

  for (let t = 0; t < days; t++) {
    const dow = weekday(dates[t]);

    const confirmable = rng.negBinomial(onsets[t] * profile.reportingProbability, profile.detectionDispersion);
    const pending = backlog + confirmable;
    const newConfirmed = rng.binomial(pending, FILING_SHARE[dow]);
    backlog = pending - newConfirmed;

    const ratio = ratioLow + (ratioHigh - ratioLow) * rng.next();
    const suspected = rng.negBinomial(newConfirmed * ratio + suspectedBackground, SUSPECTED_DISPERSION);

    const testMean = (newConfirmed * profile.testsPerConfirmed + profile.population * profile.testsPerCapitaPerDay) * LAB_CAPACITY[dow];
    const tests = Math.max(newConfirmed, rng.negBinomial(testMean, TESTS_DISPERSION));

    // Deaths come from true onsets, not confirmations: they lag the epidemic, not the paperwork.
    const fatal = rng.binomial(onsets[t], profile.ifr);
    for (let k = 0; k < fatal; k++) {
      const when = t + DEATH_DELAY_MIN_DAYS + rng.negBinomial(DEATH_DELAY_EXTRA_MEAN, DEATH_DELAY_DISPERSION);
      if (when < days) deathsByDay[when]++;
    }

    out.push({ newConfirmed, suspected, deaths: 0, tests });
  }
  for (let t = 0; t < days; t++) out[t].deaths = deathsByDay[t];
  return out;
}
