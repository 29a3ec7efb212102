export type { RegionLevel, ScenarioRegion } from "./geography.ts";
export type { DepartmentKind, Role, ScenarioDepartment, ScenarioUser } from "./organisations.ts";
export type { ScenarioReport } from "./reports.ts";
export type { DemoScenario, DemoScenarioOptions } from "./demo.ts";
export type { SeirParams, SeirDay, DailyValue } from "./seir.ts";
export type { Rng } from "./random.ts";
export { buildDemoScenario } from "./demo.ts";
export { simulateSeir } from "./seir.ts";
export { createRng } from "./random.ts";
