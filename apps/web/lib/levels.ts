import type { RiskLevel } from "./shapes";

// The national four-tier response scale: IV is the lowest, I the highest.
export const LEVEL_COLOR: Record<RiskLevel, string> = {
  IV: "#2563eb",
  III: "#eab308",
  II: "#f97316",
  I: "#dc2626",
};

/** Text that stays readable on the level colour (yellow needs dark text). */
export const LEVEL_TEXT: Record<RiskLevel, string> = {
  IV: "#ffffff",
  III: "#1f2937",
  II: "#1f2937",
  I: "#ffffff",
};

export const LEVEL_NAME: Record<RiskLevel, string> = {
  IV: "Level IV · blue",
  III: "Level III · yellow",
  II: "Level II · orange",
  I: "Level I · red",
};

export const LEVEL_MEANING: Record<RiskLevel, string> = {
  IV: "General",
  III: "Serious",
  II: "Very serious",
  I: "Particularly serious",
};

/** Higher is more severe: I = 4 … IV = 1. */
export const LEVEL_RANK: Record<RiskLevel, number> = { IV: 1, III: 2, II: 3, I: 4 };

export function mostSevere<T extends { level: RiskLevel }>(items: T[]): T | undefined {
  return items.reduce<T | undefined>((best, x) => (!best || LEVEL_RANK[x.level] > LEVEL_RANK[best.level] ? x : best), undefined);
}
