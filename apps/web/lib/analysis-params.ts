// Reading the analysis page's URL on the server, and the region it opens on.
import { AlertMethod } from "./gql/graphql";
import { mostSevere } from "./levels";
import type { RegionRisk, RiskOverview } from "./shapes";

export { AlertMethod };
export type DetectorRun = RiskOverview["detectors"][number];

// Lantern Hill, where the demo's headline outbreak is; other data sets fall back to the most severe region.
export const DEFAULT_REGION = "RL-01-02";

const METHODS = new Set<string>(Object.values(AlertMethod));
export const asAlertMethod = (s: string | undefined): AlertMethod | null => (s && METHODS.has(s) ? (s as AlertMethod) : null);

/** The region asked for when it exists, else the default one, else the most severe district (or region). */
export function pickRegion(risks: RegionRisk[], asked: string | undefined): string | null {
  const codes = new Set(risks.map((r) => r.region.code));
  if (asked && codes.has(asked)) return asked;
  if (codes.has(DEFAULT_REGION)) return DEFAULT_REGION;
  return (mostSevere(risks.filter((r) => r.region.level === "DISTRICT")) ?? mostSevere(risks))?.region.code ?? null;
}
