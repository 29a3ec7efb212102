export type { RegionLevel, ScenarioRegion } from "./geography.ts";
export type { DepartmentKind, Role, ScenarioDepartment, ScenarioUser } from "./organisations.ts";
export type { ScenarioReport } from "./reports.ts";
export type { DemoScenario, DemoScenarioOptions } from "./demo.ts";
export type { SeirParams, SeirDay, DailyValue } from "./seir.ts";
// The generator lives in @vigil/analytics (one copy, shared with the projection); re-exported for existing callers.
export type { Rng } from "@vigil/analytics";
export { buildDemoScenario } from "./demo.ts";
export { simulateSeir } from "./seir.ts";
export { createRng } from "@vigil/analytics";
export {
  buildWeeklyHistory,
  IMPORTED_SHARE,
  REPORTING_DELAY,
  reportArrivals,
  sentinelDistricts,
  WEEKLY_DISEASES,
  type ReportArrival,
  type WeeklyDiseaseProfile,
  type WeeklyHistory,
  type WeeklyOutbreak,
} from "./notifiable.ts";
export { buildRegions } from "./geography.ts";
export { demoGeometry, type DemoGeometry, type MapShape } from "./map.ts";
