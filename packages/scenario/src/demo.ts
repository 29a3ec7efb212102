/**
 * The scenario the portal seeds on first start: Riverland's regions, departments and users, and a few
 * months of daily district case reports with two outbreaks for the detectors to find.
 */

import { addDays, parseDay, today as todayUtc } from "@vigil/calendar";
import { buildRegions, type ScenarioRegion } from "./geography.ts";
import { buildDepartments, buildUsers, reportingDepartmentFor, type ScenarioDepartment, type ScenarioUser } from "./organisations.ts";
import { createRng, type Rng } from "@vigil/analytics";
import { observeDistrict, type ReportingProfile, type ScenarioReport } from "./reports.ts";
import { simulateSeir } from "./seir.ts";

export interface DemoScenario {
  seed: number;
  startDate: string;
  endDate: string;
  regions: ScenarioRegion[];
  departments: ScenarioDepartment[];
  users: ScenarioUser[];
  reports: ScenarioReport[];
  outbreaks: { regionCode: string; startDate: string; peakDate: string }[];
}

export interface DemoScenarioOptions {
  seed?: number;
  /** Length of the report history; at least MIN_DAYS so detectors have a baseline before the first outbreak. */
  days?: number;
  /** Last reported day; defaults to the day before `today`. */
  endDate?: string;
  /** Reference "today" (YYYY-MM-DD, UTC); the clock is read only when neither this nor endDate is given. */
  today?: string;
}

export const DEFAULT_SEED = 20200123;
export const DEFAULT_DAYS = 150;
export const MIN_DAYS = 120;
// Bounds the work (and the seeded table size) against a fat-fingered option.
export const MAX_DAYS = 3660;

// Respiratory-virus natural history: 5.2-day latent period, about a week infectious.
const SIGMA = 1 / 5.2;
const GAMMA = 1 / 7;
// Simulated but unreported lead-in, so the first reported day already sits in the endemic steady state.
const BURN_IN_DAYS = 42;
const SEASON_DAYS = 180;

interface OutbreakPlan {
  regionCode: string;
  /** Where in the reporting window the seeding event happens, as a fraction of its length. */
  startFraction: number;
  /** Expected residents infected at the seeding event (a banquet, a crowded festival). */
  seedInfections: number;
  r0: number;
  /** Days of unchecked spread before control measures are announced. */
  uncontrolledDays: number;
  /** Compliance builds up: transmission falls linearly to controlledR0 over this many days. */
  rampDays: number;
  controlledR0: number;
  /** Days at controlledR0; control is then relaxed and transmission returns to the district's endemic level. */
  controlDays: number;
}

// Fixed rather than random: the demo should always tell the same story, whatever the seed.
const OUTBREAK_PLANS: readonly OutbreakPlan[] = [
  { regionCode: "RL-01-02", startFraction: 0.6, seedInfections: 120, r0: 2.2, uncontrolledDays: 24, rampDays: 7, controlledR0: 0.55, controlDays: 42 },
  { regionCode: "RL-03-02", startFraction: 0.78, seedInfections: 40, r0: 2.0, uncontrolledDays: 14, rampDays: 5, controlledR0: 0.65, controlDays: 35 },
];

function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.next();
}

function resolveWindow(options: DemoScenarioOptions): { days: number; startDate: string; endDate: string } {
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
    throw new RangeError(`days must be an integer between ${MIN_DAYS} and ${MAX_DAYS}, got ${String(days)}`);
  }
  let endDate: string;
  if (options.endDate !== undefined) {
    parseDay(options.endDate, "endDate");
    endDate = options.endDate;
  } else {
    const today = options.today ?? todayUtc();
    parseDay(today, "today");
    endDate = addDays(today, -1);
  }
  return { days, startDate: addDays(endDate, -(days - 1)), endDate };
}

interface DistrictSeries {
  district: ScenarioRegion;
  counts: ReturnType<typeof observeDistrict>;
}

function simulateDistrict(district: ScenarioRegion, plan: OutbreakPlan | undefined, days: number, dates: readonly string[], rng: Rng): DistrictSeries {
  const population = district.population;
  // Endemic transmission stays subcritical on average and drifts with the season, occasionally nudging past 1.
  const baseR0 = uniform(rng, 0.8, 0.95);
  const seasonalAmplitude = uniform(rng, 0.04, 0.1);
  const seasonalPhase = uniform(rng, 0, 2 * Math.PI);
  const reportingProbability = uniform(rng, 0.6, 0.8);
  // Aim for roughly 2–10 reported cases a day, bigger districts higher; importations then follow from the
  // endemic equilibrium, incidence ≈ importations / (1 − R).
  const targetReported = (2 + (6 * Math.max(0, population - 150_000)) / 1_050_000) * uniform(rng, 0.8, 1.2);
  const trueIncidence = targetReported / reportingProbability;
  const importations = trueIncidence * (1 - baseR0);
  // All per-district parameters are drawn before any simulation, so model changes never reshuffle them.
  const profile: ReportingProfile = {
    population,
    reportingProbability,
    detectionDispersion: uniform(rng, 8, 20),
    suspectedPerConfirmed: [1.5, 3],
    testsPerConfirmed: uniform(rng, 20, 60),
    testsPerCapitaPerDay: uniform(rng, 0.0003, 0.0008),
    ifr: uniform(rng, 0.004, 0.01),
  };

  const simDays = BURN_IN_DAYS + days;
  const outbreakStart = plan ? BURN_IN_DAYS + Math.round(plan.startFraction * days) : -1;
  const r0 = (t: number): number => {
    if (plan) {
      const sinceStart = t - outbreakStart;
      if (sinceStart >= 0 && sinceStart < plan.uncontrolledDays) return plan.r0;
      const sinceControl = sinceStart - plan.uncontrolledDays;
      if (sinceControl >= 0 && sinceControl < plan.rampDays) {
        return plan.r0 + ((plan.controlledR0 - plan.r0) * (sinceControl + 1)) / (plan.rampDays + 1);
      }
      if (sinceControl >= plan.rampDays && sinceControl < plan.rampDays + plan.controlDays) return plan.controlledR0;
    }
    return baseR0 * (1 + seasonalAmplitude * Math.sin((2 * Math.PI * t) / SEASON_DAYS + seasonalPhase));
  };
  const dailyImportations = (t: number): number => (t === outbreakStart && plan ? importations + plan.seedInfections : importations);

  const seir = simulateSeir(
    {
      population,
      r0,
      sigma: SIGMA,
      gamma: GAMMA,
      initialExposed: Math.round(trueIncidence / SIGMA),
      initialInfectious: Math.round(trueIncidence / GAMMA),
      importations: dailyImportations,
    },
    simDays,
    rng,
  );

  const onsets = seir.map((d) => d.newInfectious);
  // The burn-in is observed too, so the backlog and lagged deaths are already flowing on the first reported day.
  const counts = observeDistrict(onsets, dates, profile, rng).slice(BURN_IN_DAYS);
  return { district, counts };
}

/** Index of the highest centred 7-day mean in [from, to): the peak a reader of the dashboard would point at. */
function peakIndex(series: readonly number[], from: number, to: number): number {
  let best = from;
  let bestMean = -1;
  for (let t = from; t < Math.min(to, series.length); t++) {
    const lo = Math.max(0, t - 3);
    const hi = Math.min(series.length - 1, t + 3);
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += series[k];
    const mean = sum / (hi - lo + 1);
    if (mean > bestMean) {
      bestMean = mean;
      best = t;
    }
  }
  return best;
}

/**
 * Build the full demo scenario. Pure given its options: the same seed and dates always produce the same
 * scenario; the clock is consulted only to default `today`.
 */
export function buildDemoScenario(options: DemoScenarioOptions = {}): DemoScenario {
  const seed = options.seed ?? DEFAULT_SEED;
  const master = createRng(seed);
  const { days, startDate, endDate } = resolveWindow(options);

  const regions = buildRegions();
  const departments = buildDepartments(regions);
  const headline = OUTBREAK_PLANS[0];
  const headlineDistrict = regions.find((r) => r.code === headline.regionCode);
  if (!headlineDistrict) throw new Error(`outbreak district ${headline.regionCode} is not in the geography`);
  const users = buildUsers(departments, regions, reportingDepartmentFor(headlineDistrict, departments).code);

  const dates: string[] = [];
  for (let t = -BURN_IN_DAYS; t < days; t++) dates.push(addDays(startDate, t));
  const windowDates = dates.slice(BURN_IN_DAYS);

  const districts = regions.filter((r) => r.level === "DISTRICT");
  // One child stream per district, drawn up front, so one district's draws never shift another's.
  const streams = districts.map(() => master.uint32());
  const series = districts.map((district, k) =>
    simulateDistrict(
      district,
      OUTBREAK_PLANS.find((p) => p.regionCode === district.code),
      days,
      dates,
      createRng(streams[k]),
    ),
  );

  const reporterOf = new Map(districts.map((d) => [d.code, reportingDepartmentFor(d, departments).code]));
  const reports: ScenarioReport[] = [];
  for (let t = 0; t < days; t++) {
    for (const { district, counts } of series) {
      reports.push({ regionCode: district.code, date: windowDates[t], ...counts[t], departmentCode: reporterOf.get(district.code) as string });
    }
  }

  const outbreaks = OUTBREAK_PLANS.map((plan) => {
    const startIndex = Math.round(plan.startFraction * days);
    const district = series.find((s) => s.district.code === plan.regionCode);
    if (!district) throw new Error(`outbreak district ${plan.regionCode} is not in the geography`);
    const peak = peakIndex(
      district.counts.map((c) => c.newConfirmed),
      startIndex,
      startIndex + plan.uncontrolledDays + plan.rampDays + plan.controlDays,
    );
    return { regionCode: plan.regionCode, startDate: windowDates[startIndex], peakDate: windowDates[peak] };
  });

  return { seed, startDate, endDate, regions, departments, users, reports, outbreaks };
}
