/**
 * The demo size every e2e portal seeds with (the seed budget), shared by the run's template (global-setup.ts)
 * and each portal process (portal.ts), so a copy of the template is what that portal's own first start makes.
 */
export const PORTAL_SEED_ENV: Record<string, string> = {
  // No local delegate nodes (five more processes) unless a test asks for them (log-and-risk does).
  VIGIL_NODES: "0",
  // One weekly series (the first city's influenza, with its outbreak): enough for the Farrington panel.
  VIGIL_DEMO_WEEKLY_SERIES: "1",
  // A few hundred people's mobility, not the demo's 20,000 (seed budget).
  VIGIL_MOBILITY_PEOPLE: "300",
  VIGIL_MOBILITY_DAYS: "10",
  // A small medical demo (the full 200 patients are for npm start).
  VIGIL_DEMO_PATIENTS: "6",
};
