import type { LevelCriteria } from "./shapes";

export const LEVEL_KEYS = ["III", "II", "I"] as const;

const num = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));

/** "≥ 10/100k and (Rt ≥ 1 or growth ≥ 2 %/day or ≥ 1 alarm)": how the analysis layer reads one level. */
export function describeCriteria(c: LevelCriteria): string {
  return `7-day incidence ≥ ${num(c.minIncidencePer100k)}/100k and (Rt ≥ ${num(c.minRt)} or growth ≥ ${num(c.minGrowthRate * 100)} %/day or ≥ ${num(c.minActiveAlarms)} active alarm${c.minActiveAlarms === 1 ? "" : "s"})`;
}

export const fmtCriterion = num;
