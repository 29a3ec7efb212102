import type { Config } from "../src/config.ts";

/**
 * What every test server seeds unless a test asks otherwise: the demo at test size (the seed budget — each
 * extra start pays for it). Shared by the run's template (seed-template.ts) and real first starts (harness.ts),
 * so a copy of the template is what a fresh start would have made.
 */
export const TEST_SEED_CONFIG: Partial<Config> = {
  // No weekly notifiable-disease history (each series is ~313 entries); diseases.test asks for one.
  demoWeeklySeries: 0,
  // A few hundred people's mobility, not the demo's 20,000 × 30 (its properties are proven on the pure generator).
  mobilityPeople: 300,
  mobilityDays: 10,
  // A small medical demo: the full 200 patients are for `npm start`.
  demoPatients: 6,
};
