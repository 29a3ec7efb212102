/**
 * Mapping of surveillance indicators onto the four-tier public-health emergency response
 * levels used in China (突发公共卫生事件分级: I 特别重大 / red, II 重大 / orange, III 较大 /
 * yellow, IV 一般 / blue). The numeric cut-offs are a policy decision: this module only
 * applies thresholds that policy officers publish, and checks that they are coherent.
 */

/** Response level, I highest. */
export type RiskLevel = "I" | "II" | "III" | "IV";

/** Conventional colour of each level. */
export type RiskColor = "red" | "orange" | "yellow" | "blue";

/** Indicators for one area at one point in time. */
export interface RiskInputs {
  /** Cases in the last 7 days per 100,000 population. Finite, ≥ 0. */
  incidencePer100k: number;
  /** Growth rate per period (e.g. per day for a daily series; 0.05 = +5 %/period), or null if not estimable. */
  growthRate: number | null;
  /** Point estimate of the time-varying reproduction number Rt, or null if not estimable. */
  rt: number | null;
  /** Number of detectors currently alarming for the area. Integer ≥ 0. */
  activeAlarms: number;
}

/**
 * Entry criteria of one level. A level is reached when
 * `incidencePer100k ≥ minIncidencePer100k` AND at least one of
 * `rt ≥ minRt`, `growthRate ≥ minGrowthRate`, `activeAlarms ≥ minActiveAlarms`.
 * Use `Infinity` to disable one of the three dynamic criteria.
 */
export interface RiskLevelCriteria {
  /** Minimum 7-day incidence per 100k. Finite, ≥ 0. */
  minIncidencePer100k: number;
  /** Minimum Rt. ≥ 0, or Infinity. */
  minRt: number;
  /** Minimum growth rate per period. Finite (may be negative), or Infinity. */
  minGrowthRate: number;
  /** Minimum number of active alarms. Integer ≥ 1, or Infinity. */
  minActiveAlarms: number;
}

/** Published thresholds: entry criteria for levels III, II and I (IV is the floor). */
export interface RiskThresholds {
  levels: {
    I: RiskLevelCriteria;
    II: RiskLevelCriteria;
    III: RiskLevelCriteria;
  };
}

/** Result of {@link riskLevel}. */
export interface RiskAssessment {
  level: RiskLevel;
  color: RiskColor;
  /** Human-readable justification: which criteria of the assigned level were met, or why level III was not reached. */
  reasons: string[];
}

const COLORS: Record<RiskLevel, RiskColor> = { I: "red", II: "orange", III: "yellow", IV: "blue" };
const ORDER = ["I", "II", "III"] as const;
const FIELDS = ["minIncidencePer100k", "minRt", "minGrowthRate", "minActiveAlarms"] as const;

/**
 * The thresholds the system enforces while no policy is in force (the API's default rule, which
 * seeds the demo's first policy). They are a starting point for a daily series, NOT a health
 * authority's policy: III (yellow) once 7-day incidence reaches 10/100k with any sign of growth
 * (Rt ≥ 1, +2 %/day or one alarm); II (orange) at 30/100k with clear growth (Rt ≥ 1.2, +5 %/day or
 * two alarms); I (red) at 100/100k with fast growth (Rt ≥ 1.5, +10 %/day or three alarms).
 * This is the one copy: the API and the portal import it. Levels are listed III, II, I, the order
 * the portal shows them and in which the default rule has always been serialised.
 */
export const DEFAULT_RISK_THRESHOLDS: Readonly<RiskThresholds> = Object.freeze({
  levels: Object.freeze({
    III: Object.freeze({ minIncidencePer100k: 10, minRt: 1, minGrowthRate: 0.02, minActiveAlarms: 1 }),
    II: Object.freeze({ minIncidencePer100k: 30, minRt: 1.2, minGrowthRate: 0.05, minActiveAlarms: 2 }),
    I: Object.freeze({ minIncidencePer100k: 100, minRt: 1.5, minGrowthRate: 0.1, minActiveAlarms: 3 }),
  }),
});

function checkCriteria(level: string, c: unknown): RiskLevelCriteria {
  if (c === null || typeof c !== "object") throw new TypeError(`riskLevel: thresholds.levels.${level} must be an object`);
  const r = c as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new TypeError(`riskLevel: thresholds.levels.${level}: unknown field "${key}" (expected ${FIELDS.join(", ")})`);
    }
  }
  const num = (key: (typeof FIELDS)[number]): number => {
    const v = r[key];
    if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`riskLevel: thresholds.levels.${level}.${key} must be a number`);
    return v;
  };
  const minIncidencePer100k = num("minIncidencePer100k");
  const minRt = num("minRt");
  const minGrowthRate = num("minGrowthRate");
  const minActiveAlarms = num("minActiveAlarms");
  const bad = (key: string, v: number, rule: string) => new RangeError(`riskLevel: thresholds.levels.${level}.${key} = ${v}: expected ${rule}`);
  if (!Number.isFinite(minIncidencePer100k) || minIncidencePer100k < 0) throw bad("minIncidencePer100k", minIncidencePer100k, "a finite number ≥ 0");
  if (minRt < 0) throw bad("minRt", minRt, "a number ≥ 0 or Infinity");
  if (minGrowthRate === Number.NEGATIVE_INFINITY) throw bad("minGrowthRate", minGrowthRate, "a finite number or Infinity");
  if (minActiveAlarms !== Number.POSITIVE_INFINITY && (!Number.isInteger(minActiveAlarms) || minActiveAlarms < 1)) {
    // 0 would make the alarm criterion always true and the level depend on incidence alone.
    throw bad("minActiveAlarms", minActiveAlarms, "an integer ≥ 1 or Infinity");
  }
  return { minIncidencePer100k, minRt, minGrowthRate, minActiveAlarms };
}

/**
 * Validates published thresholds: every field present and in range, and the levels nested —
 * each of I's criteria at least as strict as II's, II's at least as strict as III's, and each
 * higher level strictly stricter than the one below in at least one field (otherwise the
 * lower level could never be assigned).
 *
 * @param thresholds - candidate {@link RiskThresholds}.
 * @returns the same thresholds, typed.
 * @throws TypeError for a malformed object, RangeError for out-of-range or non-monotone values.
 */
export function assertRiskThresholds(thresholds: unknown): RiskThresholds {
  if (thresholds === null || typeof thresholds !== "object") throw new TypeError("riskLevel: thresholds must be an object");
  const levels = (thresholds as { levels?: unknown }).levels;
  if (levels === null || typeof levels !== "object") throw new TypeError("riskLevel: thresholds.levels must be an object");
  const l = levels as Record<string, unknown>;
  const I = checkCriteria("I", l.I);
  const II = checkCriteria("II", l.II);
  const III = checkCriteria("III", l.III);
  const pairs: [string, RiskLevelCriteria, string, RiskLevelCriteria][] = [
    ["I", I, "II", II],
    ["II", II, "III", III],
  ];
  for (const [hiName, hi, loName, lo] of pairs) {
    let stricter = false;
    for (const f of FIELDS) {
      if (hi[f] < lo[f]) {
        throw new RangeError(`riskLevel: thresholds are not monotone: levels.${hiName}.${f} (${hi[f]}) < levels.${loName}.${f} (${lo[f]})`);
      }
      if (hi[f] > lo[f]) stricter = true;
    }
    if (!stricter) throw new RangeError(`riskLevel: levels.${hiName} has the same criteria as levels.${loName}, so level ${loName} could never be assigned`);
  }
  return { levels: { I, II, III } };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}

function assertInputs(inputs: unknown): RiskInputs {
  if (inputs === null || typeof inputs !== "object") throw new TypeError("riskLevel: inputs must be an object");
  const r = inputs as Record<string, unknown>;
  const { incidencePer100k, growthRate, rt, activeAlarms } = r;
  if (typeof incidencePer100k !== "number" || !Number.isFinite(incidencePer100k) || incidencePer100k < 0) {
    throw new RangeError(`riskLevel: incidencePer100k = ${String(incidencePer100k)}: expected a finite number ≥ 0`);
  }
  if (growthRate !== null && (typeof growthRate !== "number" || !Number.isFinite(growthRate))) {
    throw new RangeError(`riskLevel: growthRate = ${String(growthRate)}: expected a finite number or null`);
  }
  if (rt !== null && (typeof rt !== "number" || !Number.isFinite(rt) || rt < 0)) {
    throw new RangeError(`riskLevel: rt = ${String(rt)}: expected a finite number ≥ 0 or null`);
  }
  if (typeof activeAlarms !== "number" || !Number.isInteger(activeAlarms) || activeAlarms < 0) {
    throw new RangeError(`riskLevel: activeAlarms = ${String(activeAlarms)}: expected an integer ≥ 0`);
  }
  return { incidencePer100k, growthRate, rt, activeAlarms };
}

/**
 * Assigns a response level (IV blue < III yellow < II orange < I red) from current indicators.
 *
 * Rule: the assigned level is the highest of I, II, III whose criteria are met, else IV. A
 * level's criteria are met when the 7-day incidence is at least its `minIncidencePer100k`
 * (burden is necessary: a high Rt on three cases is not an emergency) AND at least one
 * dynamic signal is at or above its minimum — `rt`, `growthRate` or `activeAlarms` (any one
 * suffices because Rt and growth are often unavailable or lagging early in an event, and
 * detector alarms are the earliest signal). A null `rt` or `growthRate` never satisfies a
 * criterion: missing evidence does not escalate. Because thresholds are validated as nested,
 * meeting level I's criteria implies meeting II's and III's.
 *
 * Source: level names and colours from the PRC National Emergency Plan for Public Health
 * Emergencies (国家突发公共卫生事件应急预案, 2006); the decision rule and any numbers are
 * this project's, to be configured by policy officers.
 *
 * @param inputs - {@link RiskInputs} for one area.
 * @param thresholds - published {@link RiskThresholds}. Required on purpose: there is no
 *   silent fallback to {@link DEFAULT_RISK_THRESHOLDS}; choosing the default is the caller's
 *   (the policy layer's) decision, made visibly. Validated
 *   on every call with {@link assertRiskThresholds}.
 * @returns level, colour and the reasons behind it.
 * @throws TypeError / RangeError for malformed inputs or thresholds.
 */
export function riskLevel(inputs: RiskInputs, thresholds: RiskThresholds): RiskAssessment {
  const t = assertRiskThresholds(thresholds);
  const x = assertInputs(inputs);
  for (const level of ORDER) {
    const c = t.levels[level];
    if (x.incidencePer100k < c.minIncidencePer100k) continue;
    const signals: string[] = [];
    if (x.rt !== null && x.rt >= c.minRt) signals.push(`Rt ${fmt(x.rt)} ≥ ${fmt(c.minRt)}`);
    if (x.growthRate !== null && x.growthRate >= c.minGrowthRate) signals.push(`growth rate ${fmt(x.growthRate)}/period ≥ ${fmt(c.minGrowthRate)}`);
    if (x.activeAlarms >= c.minActiveAlarms) signals.push(`${x.activeAlarms} active alarm(s) ≥ ${fmt(c.minActiveAlarms)}`);
    if (signals.length === 0) continue;
    return {
      level,
      color: COLORS[level],
      reasons: [
        `level ${level}: 7-day incidence ${fmt(x.incidencePer100k)}/100k ≥ ${fmt(c.minIncidencePer100k)}`,
        ...signals.map((s) => `level ${level}: ${s}`),
      ],
    };
  }
  const c = t.levels.III;
  const reasons: string[] = [];
  if (x.incidencePer100k < c.minIncidencePer100k) {
    reasons.push(`below level III: 7-day incidence ${fmt(x.incidencePer100k)}/100k < ${fmt(c.minIncidencePer100k)}`);
  } else {
    reasons.push(
      `below level III: no growth signal (Rt ${x.rt === null ? "unavailable" : `${fmt(x.rt)} < ${fmt(c.minRt)}`}, ` +
        `growth rate ${x.growthRate === null ? "unavailable" : `${fmt(x.growthRate)} < ${fmt(c.minGrowthRate)}`}, ` +
        `${x.activeAlarms} active alarm(s) < ${fmt(c.minActiveAlarms)})`,
    );
  }
  return { level: "IV", color: COLORS.IV, reasons };
}
