import type { LevelCriteria, LevelThresholds } from "./types";

export const LEVEL_KEYS = ["III", "II", "I"] as const;

/** The API's DEFAULT_RULE levels (apps/api/src/services/policies.ts), used when no policy is in force yet. */
export const DEFAULT_LEVELS: LevelThresholds = {
  III: { minIncidencePer100k: 10, minRt: 1, minGrowthRate: 0.02, minActiveAlarms: 1 },
  II: { minIncidencePer100k: 30, minRt: 1.2, minGrowthRate: 0.05, minActiveAlarms: 2 },
  I: { minIncidencePer100k: 100, minRt: 1.5, minGrowthRate: 0.1, minActiveAlarms: 3 },
};

const num = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));

/** "≥ 10/100k and (Rt ≥ 1 or growth ≥ 2 %/day or ≥ 1 alarm)": how the analysis layer reads one level. */
export function describeCriteria(c: LevelCriteria): string {
  return `7-day incidence ≥ ${num(c.minIncidencePer100k)}/100k and (Rt ≥ ${num(c.minRt)} or growth ≥ ${num(c.minGrowthRate * 100)} %/day or ≥ ${num(c.minActiveAlarms)} active alarm${c.minActiveAlarms === 1 ? "" : "s"})`;
}

export const fmtCriterion = num;
