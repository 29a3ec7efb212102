import { today } from "@vigil/calendar";
import { type Config, configFromEnv } from "../src/config.ts";

/**
 * The demo at test size (the seed budget — every start pays for it), as the VIGIL_* variables that set it: the one
 * definition for test servers (below), the e2e portals (apps/web/e2e/seed-env.ts) and the soak's API processes.
 * No weekly notifiable-disease history (each series is ~313 entries; diseases.test asks for one), a few hundred
 * people's mobility instead of 20,000 × 30 (its properties are proven on the pure generator), 6 patients, not 200.
 */
export const TEST_DEMO_ENV: Record<string, string> = {
  // The demo's day, pinned once per run by global-setup.ts (so seedings before and after midnight UTC agree).
  VIGIL_DEMO_TODAY: process.env.VIGIL_DEMO_TODAY || today(),
  VIGIL_DEMO_WEEKLY_SERIES: "0",
  VIGIL_MOBILITY_PEOPLE: "300",
  VIGIL_MOBILITY_DAYS: "10",
  VIGIL_DEMO_PATIENTS: "6",
};

// (Next.js types NODE_ENV as required in ProcessEnv; the demo settings are all configFromEnv reads here.)
const demo = configFromEnv(TEST_DEMO_ENV as NodeJS.ProcessEnv);

/**
 * What every test server seeds unless a test asks otherwise. Shared by the run's template (seed-template.ts) and
 * real first starts (harness.ts), so a copy of the template is what a fresh start would have made.
 */
export const TEST_SEED_CONFIG: Partial<Config> = {
  demoWeeklySeries: demo.demoWeeklySeries,
  mobilityPeople: demo.mobilityPeople,
  mobilityDays: demo.mobilityDays,
  demoPatients: demo.demoPatients,
  demoToday: demo.demoToday,
};
