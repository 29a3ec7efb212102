// Reading the analysis page's URL on the server; the region it opens on is lib/filters.ts's pickRegion.
import { AlertMethod } from "./gql/graphql";
import type { RiskOverview } from "./shapes";

export { AlertMethod };
export { pickRegion } from "./filters";
export type DetectorRun = RiskOverview["detectors"][number];

const METHODS = new Set<string>(Object.values(AlertMethod));
export const asAlertMethod = (s: string | null | undefined): AlertMethod | null => (s && METHODS.has(s) ? (s as AlertMethod) : null);
