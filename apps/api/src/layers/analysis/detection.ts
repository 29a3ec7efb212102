import { cusum, earsC1, earsC2, earsC3, ewma } from "@vigil/analytics";
import type { AlertMethod, AlertRule } from "../policy/service.ts";

export interface DetectionPoint {
  statistic: number;
  upperBound: number;
  alarm: boolean;
}

/** Days of history a method needs before its first verdict; alert entries log this much input. */
export const WARMUP_DAYS = 35;

/** The daily detectors the analysis page can show side by side. Farrington needs years of weekly data. */
export const DAILY_METHODS: AlertMethod[] = ["EARS_C1", "EARS_C2", "EARS_C3", "CUSUM", "EWMA"];

export type DetectorParameters = Record<string, number>;

/** Parameters exactly as passed to the detector: logged with each alert so anyone can recompute it. */
export function parametersFor(rule: AlertRule, method: AlertMethod = rule.method): DetectorParameters {
  switch (method) {
    case "THRESHOLD":
      return { threshold: rule.threshold };
    // minSigma 1: a district with a flat run of near-zero days would otherwise alarm on a single case.
    case "EARS_C1":
    case "EARS_C2":
      return { alpha: rule.alpha, minSigma: 1 };
    case "EARS_C3":
      return { alpha: Math.max(rule.alpha, 0.025), minSigma: 1 };
    case "CUSUM":
      return { k: 0.5, h: 4, minSigma: 1 };
    case "EWMA":
      return { alpha: Math.max(rule.alpha, 0.01), minSigma: 1 };
  }
}

/**
 * A published method with logged parameters → the published algorithm. Output is aligned with `counts`
 * (null = no verdict yet). THRESHOLD is the plain "more than N cases in a day" rule.
 */
export function runDetector(method: AlertMethod, p: DetectorParameters, counts: number[]): (DetectionPoint | null)[] {
  switch (method) {
    case "THRESHOLD":
      return counts.map((c) => ({ statistic: c, upperBound: p.threshold!, alarm: c > p.threshold! }));
    case "EARS_C1":
      return earsC1(counts, p);
    case "EARS_C2":
      return earsC2(counts, p);
    case "EARS_C3":
      return earsC3(counts, p);
    case "CUSUM":
      return cusum(counts, p);
    case "EWMA":
      return ewma(counts, p);
  }
}

export const detect = (rule: AlertRule, counts: number[], method: AlertMethod = rule.method) => runDetector(method, parametersFor(rule, method), counts);
