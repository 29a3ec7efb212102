import { describe, expect, it } from "vitest";
import {
  ALERT_METHODS,
  assertRiskThresholds,
  DEFAULT_ALERT_RULE,
  DEFAULT_RISK_THRESHOLDS,
  riskLevel,
  type RiskInputs,
  type RiskThresholds,
} from "../src/index.ts";

// Simple round numbers so each case can be checked by eye.
const T: RiskThresholds = {
  levels: {
    I: { minIncidencePer100k: 100, minRt: 1.5, minGrowthRate: 0.1, minActiveAlarms: 5 },
    II: { minIncidencePer100k: 50, minRt: 1.2, minGrowthRate: 0.05, minActiveAlarms: 3 },
    III: { minIncidencePer100k: 10, minRt: 1, minGrowthRate: 0.02, minActiveAlarms: 1 },
  },
};
const quiet: RiskInputs = { incidencePer100k: 0, growthRate: null, rt: null, activeAlarms: 0 };

describe("riskLevel", () => {
  it("assigns IV (blue) when incidence is below level III", () => {
    const r = riskLevel({ incidencePer100k: 5, growthRate: 0.5, rt: 3, activeAlarms: 9 }, T);
    expect(r.level).toBe("IV");
    expect(r.color).toBe("blue");
    expect(r.reasons).toEqual(["below level III: 7-day incidence 5/100k < 10"]);
  });

  it("assigns IV when incidence is high but there is no dynamic signal", () => {
    const r = riskLevel({ incidencePer100k: 500, growthRate: -0.01, rt: 0.8, activeAlarms: 0 }, T);
    expect(r.level).toBe("IV");
    expect(r.reasons[0]).toMatch(/no growth signal \(Rt 0.8 < 1, growth rate -0.01 < 0.02, 0 active alarm\(s\) < 1\)/);
  });

  it("assigns III (yellow) on incidence plus any one of Rt, growth or alarms", () => {
    const base = { incidencePer100k: 10, growthRate: null, rt: null, activeAlarms: 0 };
    expect(riskLevel({ ...base, rt: 1 }, T)).toEqual({
      level: "III",
      color: "yellow",
      reasons: ["level III: 7-day incidence 10/100k ≥ 10", "level III: Rt 1 ≥ 1"],
    });
    expect(riskLevel({ ...base, growthRate: 0.03 }, T).level).toBe("III");
    expect(riskLevel({ ...base, activeAlarms: 1 }, T).level).toBe("III");
  });

  it("assigns II (orange) and I (red) at their bounds, picking the highest level reached", () => {
    expect(riskLevel({ incidencePer100k: 60, growthRate: 0.06, rt: 1.1, activeAlarms: 0 }, T)).toMatchObject({ level: "II", color: "orange" });
    const red = riskLevel({ incidencePer100k: 100, growthRate: 0.2, rt: 1.6, activeAlarms: 5 }, T);
    expect(red.level).toBe("I");
    expect(red.color).toBe("red");
    expect(red.reasons).toEqual([
      "level I: 7-day incidence 100/100k ≥ 100",
      "level I: Rt 1.6 ≥ 1.5",
      "level I: growth rate 0.2/period ≥ 0.1",
      "level I: 5 active alarm(s) ≥ 5",
    ]);
  });

  it("falls back to a lower level when a higher level's dynamic criteria are not met", () => {
    // incidence qualifies for I, but Rt 1.3 / 2 alarms only satisfy II's criteria
    expect(riskLevel({ incidencePer100k: 400, growthRate: null, rt: 1.3, activeAlarms: 2 }, T).level).toBe("II");
  });

  it("never escalates on missing Rt or growth", () => {
    expect(riskLevel({ ...quiet, incidencePer100k: 400 }, T).reasons[0]).toMatch(/Rt unavailable, growth rate unavailable/);
    expect(riskLevel({ ...quiet, incidencePer100k: 400 }, T).level).toBe("IV");
  });

  it("lets Infinity disable a criterion", () => {
    const noAlarms: RiskThresholds = {
      levels: {
        I: { ...T.levels.I, minActiveAlarms: Infinity },
        II: { ...T.levels.II, minActiveAlarms: Infinity },
        III: { ...T.levels.III, minActiveAlarms: Infinity },
      },
    };
    expect(riskLevel({ ...quiet, incidencePer100k: 400, activeAlarms: 50 }, noAlarms).level).toBe("IV");
  });

  it("works with the defaults, which are frozen", () => {
    expect(riskLevel({ incidencePer100k: 12, growthRate: 0.03, rt: null, activeAlarms: 0 }, DEFAULT_RISK_THRESHOLDS).level).toBe("III");
    expect(Object.isFrozen(DEFAULT_RISK_THRESHOLDS.levels.I)).toBe(true);
    expect(() => assertRiskThresholds(DEFAULT_RISK_THRESHOLDS)).not.toThrow();
  });

  it("defaults to the values the API has always enforced (level I at 100/100k or 3 alarms)", () => {
    expect(DEFAULT_RISK_THRESHOLDS).toEqual({
      levels: {
        III: { minIncidencePer100k: 10, minRt: 1, minGrowthRate: 0.02, minActiveAlarms: 1 },
        II: { minIncidencePer100k: 30, minRt: 1.2, minGrowthRate: 0.05, minActiveAlarms: 2 },
        I: { minIncidencePer100k: 100, minRt: 1.5, minGrowthRate: 0.1, minActiveAlarms: 3 },
      },
    });
    expect(riskLevel({ incidencePer100k: 120, growthRate: null, rt: null, activeAlarms: 3 }, DEFAULT_RISK_THRESHOLDS).level).toBe("I");
    expect(riskLevel({ incidencePer100k: 99, growthRate: 0.2, rt: 2, activeAlarms: 9 }, DEFAULT_RISK_THRESHOLDS).level).toBe("II");
  });

  it("has one default alert rule: EARS C2, α = 0.001, the default levels, serialised as the API stored it", () => {
    expect(ALERT_METHODS).toEqual(["THRESHOLD", "EARS_C1", "EARS_C2", "EARS_C3", "CUSUM", "EWMA"]);
    expect(DEFAULT_ALERT_RULE.levels).toBe(DEFAULT_RISK_THRESHOLDS.levels);
    expect(Object.isFrozen(DEFAULT_ALERT_RULE)).toBe(true);
    expect(JSON.stringify(DEFAULT_ALERT_RULE)).toBe(
      '{"method":"EARS_C2","alpha":0.001,"threshold":0,"levels":{' +
        '"III":{"minIncidencePer100k":10,"minRt":1,"minGrowthRate":0.02,"minActiveAlarms":1},' +
        '"II":{"minIncidencePer100k":30,"minRt":1.2,"minGrowthRate":0.05,"minActiveAlarms":2},' +
        '"I":{"minIncidencePer100k":100,"minRt":1.5,"minGrowthRate":0.1,"minActiveAlarms":3}}}',
    );
  });

  it("rejects invalid inputs", () => {
    expect(() => riskLevel({ ...quiet, incidencePer100k: -1 }, T)).toThrow(RangeError);
    expect(() => riskLevel({ ...quiet, incidencePer100k: Number.NaN }, T)).toThrow(/incidencePer100k/);
    expect(() => riskLevel({ ...quiet, rt: -0.5 }, T)).toThrow(/rt/);
    expect(() => riskLevel({ ...quiet, growthRate: Number.POSITIVE_INFINITY }, T)).toThrow(/growthRate/);
    expect(() => riskLevel({ ...quiet, activeAlarms: 1.5 }, T)).toThrow(/activeAlarms/);
    expect(() => riskLevel(null as never, T)).toThrow(TypeError);
  });
});

describe("assertRiskThresholds", () => {
  it("rejects non-monotone levels", () => {
    const swapped = { levels: { ...T.levels, II: { ...T.levels.II, minRt: 1.6 } } };
    expect(() => riskLevel(quiet, swapped)).toThrow(/not monotone: levels.I.minRt \(1.5\) < levels.II.minRt \(1.6\)/);
    const lowIII = { levels: { ...T.levels, III: { ...T.levels.III, minIncidencePer100k: 60 } } };
    expect(() => assertRiskThresholds(lowIII)).toThrow(/levels.II.minIncidencePer100k/);
  });

  it("rejects identical adjacent levels (the lower one would be unreachable)", () => {
    expect(() => assertRiskThresholds({ levels: { ...T.levels, II: { ...T.levels.III } } })).toThrow(/could never be assigned/);
  });

  it("rejects missing, unknown and out-of-range fields", () => {
    const { minRt: _omit, ...noRt } = T.levels.III;
    expect(() => assertRiskThresholds({ levels: { ...T.levels, III: noRt } })).toThrow(/levels.III.minRt must be a number/);
    expect(() => assertRiskThresholds({ levels: { ...T.levels, III: { ...T.levels.III, minRT: 1 } } })).toThrow(/unknown field "minRT"/);
    expect(() => assertRiskThresholds({ levels: { ...T.levels, III: { ...T.levels.III, minActiveAlarms: 0 } } })).toThrow(/minActiveAlarms/);
    expect(() => assertRiskThresholds({ levels: { ...T.levels, III: { ...T.levels.III, minIncidencePer100k: Infinity } } })).toThrow(/minIncidencePer100k/);
    expect(() => assertRiskThresholds({ levels: { I: T.levels.I, II: T.levels.II } })).toThrow(/levels.III must be an object/);
    expect(() => assertRiskThresholds({})).toThrow(TypeError);
  });
});
