/**
 * What a policy officer publishes and the system enforces: which detector raises alerts, how
 * sensitive it is, and the entry criteria of response levels III, II and I (see `riskLevel`).
 * Kept here, next to the detectors and the levels it configures, so the API (which enforces
 * it) and the portal (which edits it) read one definition.
 * @module
 */
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from "./risk-level.ts";

/** Detectors a rule can name, in the order the API has always declared them (its GraphQL enum). */
export const ALERT_METHODS = Object.freeze(["THRESHOLD", "EARS_C1", "EARS_C2", "EARS_C3", "CUSUM", "EWMA"] as const);

/** One of {@link ALERT_METHODS}. */
export type AlertMethod = (typeof ALERT_METHODS)[number];

/** A published alert rule. */
export interface AlertRule {
  method: AlertMethod;
  /** One-sided false-alarm rate of the statistical detectors. */
  alpha: number;
  /** For THRESHOLD: the daily count above which a day alarms. */
  threshold: number;
  levels: RiskThresholds["levels"];
}

/**
 * The rule in force where no policy applies: EARS C2 at α = 0.001 with {@link DEFAULT_RISK_THRESHOLDS}.
 * Frozen because it is shared; the key order (method, alpha, threshold, levels) is the one the
 * API has always stored, so `JSON.stringify` of it is unchanged.
 */
export const DEFAULT_ALERT_RULE: Readonly<AlertRule> = Object.freeze({
  method: "EARS_C2",
  alpha: 0.001,
  threshold: 0,
  levels: DEFAULT_RISK_THRESHOLDS.levels,
});
