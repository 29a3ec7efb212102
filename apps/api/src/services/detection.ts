import { cusum, earsC1, earsC2, earsC3, ewma } from "@vigil/analytics";
import type { AlertRule } from "./policies.ts";

export interface DetectionPoint {
  statistic: number;
  upperBound: number;
  alarm: boolean;
}

/** Days of history a method needs before its first verdict; alert entries log this much input. */
export const WARMUP_DAYS = 35;

/**
 * The published rule → the published algorithm. Output is aligned with `counts` (null = no verdict yet).
 * THRESHOLD is the plain "more than N cases in a day" rule some jurisdictions still publish.
 */
export function detect(rule: AlertRule, counts: number[]): (DetectionPoint | null)[] {
  switch (rule.method) {
    case "THRESHOLD":
      return counts.map((c) => ({ statistic: c, upperBound: rule.threshold, alarm: c > rule.threshold }));
    case "EARS_C1":
      return earsC1(counts, { alpha: rule.alpha, minSigma: 1 });
    case "EARS_C2":
      return earsC2(counts, { alpha: rule.alpha, minSigma: 1 });
    case "EARS_C3":
      return earsC3(counts, { alpha: rule.alpha, minSigma: 1 });
    case "CUSUM":
      return cusum(counts, {});
    case "EWMA":
      return ewma(counts, { alpha: rule.alpha });
  }
}

/** Parameters exactly as passed to the detector, logged with each alert so anyone can recompute it. */
export function detectorParameters(rule: AlertRule): Record<string, unknown> {
  switch (rule.method) {
    case "THRESHOLD": return { threshold: rule.threshold };
    case "EARS_C1": case "EARS_C2": case "EARS_C3": return { alpha: rule.alpha, minSigma: 1 };
    case "CUSUM": return {};
    case "EWMA": return { alpha: rule.alpha };
  }
}
