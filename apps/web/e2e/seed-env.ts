import { TEST_DEMO_ENV } from "../../api/test/seed-config.ts";

/**
 * The demo size every e2e portal seeds with (the seed budget), shared by the run's template (global-setup.ts)
 * and each portal process (portal.ts), so a copy of the template is what that portal's own first start makes.
 */
export const PORTAL_SEED_ENV: Record<string, string> = {
  ...TEST_DEMO_ENV,
  // No local delegate nodes (five more processes) unless a test asks for them (log-and-risk does).
  VIGIL_NODES: "0",
  // One weekly series (the first city's influenza, with its outbreak): enough for the Farrington panel.
  VIGIL_DEMO_WEEKLY_SERIES: "1",
};
