/**
 * Structural validation of a rule set as published: every field typed, unknown fields refused,
 * sizes bounded. Hand-written rather than a JSON Schema of rule sets because the errors must name
 * Vigil's concepts (a criterion, a measure's OxCGRT scale) and because the CEL and schema checks
 * run in the same pass (compile.ts).
 * @module
 */
import { ALERT_METHODS, assertRiskThresholds } from "@vigil/analytics";
import { type RuleSetProblem, RuleSetError } from "./errors.ts";
import {
  DEPARTMENT_KINDS,
  FIELD_CLASSES,
  type LevelCriteria,
  PHASES,
  type PolicyBody,
  RULE_SET_KINDS,
  type RuleSet,
  SUBMITTER_ROLES,
  TRIGGER_ACTIONS,
} from "./model.ts";
import { oxcgrtIndicator } from "./oxcgrt.ts";
import { toRiskThresholds } from "./policy.ts";

export const MAX_RULES = 100;
export const MAX_TEXT = 500;
const KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const REGION = /^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const LEVELS = ["I", "II", "III", "IV"] as const;

type Obj = Record<string, unknown>;

class Checker {
  problems: RuleSetProblem[] = [];
  add(path: string, message: string) {
    this.problems.push({ path, message });
  }
  obj(v: unknown, path: string, allowed: readonly string[], required: readonly string[] = allowed): Obj | null {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      this.add(path, "expected an object");
      return null;
    }
    const o = v as Obj;
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.add(`${path}.${k}`, `unknown field "${k}" (expected ${allowed.join(", ")})`);
    for (const k of required) if (o[k] === undefined) this.add(`${path}.${k}`, "is required");
    return o;
  }
  text(v: unknown, path: string, max = MAX_TEXT): v is string {
    if (typeof v !== "string" || v.trim() === "" || v.length > max) {
      this.add(path, `expected a non-empty string of at most ${max} characters`);
      return false;
    }
    return true;
  }
  match(v: unknown, path: string, re: RegExp, what: string): v is string {
    if (typeof v !== "string" || !re.test(v)) {
      this.add(path, `expected ${what}`);
      return false;
    }
    return true;
  }
  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): v is T {
    if (!values.includes(v as T)) {
      this.add(path, `expected one of ${values.join(", ")}`);
      return false;
    }
    return true;
  }
  list(v: unknown, path: string, max = MAX_RULES): unknown[] {
    if (!Array.isArray(v)) {
      this.add(path, "expected a list");
      return [];
    }
    if (v.length > max) this.add(path, `at most ${max} entries`);
    return v;
  }
  num(v: unknown, path: string, ok: (n: number) => boolean, what: string): void {
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) this.add(path, `expected ${what}`);
  }
  uniqueNames(items: unknown[], path: string) {
    const seen = new Set<string>();
    items.forEach((r, i) => {
      const n = (r as Obj | null)?.name;
      if (typeof n === "string") {
        if (seen.has(n)) this.add(`${path}[${i}].name`, `duplicate rule name "${n}"`);
        seen.add(n);
      }
    });
  }
}

function validDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Checks the shape of a rule set (not yet its CEL or schema: see compileRuleSet). Returns the value
 * typed; throws RuleSetError listing every problem.
 */
export function validateRuleSet(value: unknown): RuleSet {
  const c = new Checker();
  checkShape(c, value);
  if (c.problems.length) throw new RuleSetError(c.problems);
  return value as RuleSet;
}

/** The same checks, pushing onto an existing list (compileRuleSet adds CEL and schema problems to it). */
export function checkShape(c: { problems: RuleSetProblem[] }, value: unknown): void {
  const k = Object.assign(new Checker(), { problems: c.problems });
  const r = k.obj(value, "$", ["key", "version", "kind", "title", "effective", "jurisdiction", "body"]);
  if (!r) return;
  k.match(r.key, "$.key", KEY, "a lower-case key such as case-report (letters, digits, single hyphens)");
  k.match(r.version, "$.version", SEMVER, "a semantic version MAJOR.MINOR.PATCH");
  k.text(r.title, "$.title");
  k.match(r.jurisdiction, "$.jurisdiction", REGION, "a region code");
  const eff = r.effective === undefined ? null : k.obj(r.effective, "$.effective", ["from", "until"]);
  if (eff) {
    const day = (v: unknown, path: string, what: string) => {
      if (!k.match(v, path, DAY, what)) return false;
      if (validDay(v)) return true;
      k.add(path, `${v} is not a calendar day`);
      return false;
    };
    const fromOk = day(eff.from, "$.effective.from", "a day YYYY-MM-DD");
    if (eff.until !== null && day(eff.until, "$.effective.until", "a day YYYY-MM-DD or null") && fromOk && (eff.until as string) <= (eff.from as string))
      k.add("$.effective.until", "must be after effective.from");
  }
  if (!k.oneOf(r.kind, "$.kind", RULE_SET_KINDS)) return;
  if (r.kind === "contract") checkContract(k, r.body);
  else checkPolicy(k, r.body);
}

function checkContract(k: Checker, v: unknown) {
  const b = k.obj(
    v,
    "$.body",
    ["submitters", "input", "context", "validations", "routing", "fieldClasses", "triggers"],
    ["input", "validations", "routing", "fieldClasses", "triggers"],
  );
  if (!b) return;
  if (b.submitters !== undefined) {
    const roles = k.list(b.submitters, "$.body.submitters");
    if (!roles.length) k.add("$.body.submitters", "name at least one role (or leave submitters out)");
    roles.forEach((r, i) => k.oneOf(r, `$.body.submitters[${i}]`, SUBMITTER_ROLES));
  }
  const rules = k.list(b.validations, "$.body.validations");
  rules.forEach((x, i) => {
    const p = `$.body.validations[${i}]`;
    const o = k.obj(x, p, ["name", "expression", "message", "messageExpression"], ["name", "expression", "message"]);
    if (!o) return;
    k.match(o.name, `${p}.name`, KEY, "a lower-case rule name");
    k.text(o.message, `${p}.message`);
    if (o.messageExpression !== undefined && typeof o.messageExpression !== "string") k.add(`${p}.messageExpression`, "expected a CEL expression");
  });
  k.uniqueNames(rules, "$.body.validations");
  const routing = k.list(b.routing, "$.body.routing");
  routing.forEach((x, i) => {
    const p = `$.body.routing[${i}]`;
    const o = k.obj(x, p, ["name", "when", "route", "message"]);
    if (!o) return;
    k.match(o.name, `${p}.name`, KEY, "a lower-case rule name");
    k.match(o.route, `${p}.route`, KEY, "a lower-case route name");
    k.text(o.message, `${p}.message`);
  });
  k.uniqueNames(routing, "$.body.routing");
  const triggers = k.list(b.triggers, "$.body.triggers");
  triggers.forEach((x, i) => {
    const p = `$.body.triggers[${i}]`;
    const o = k.obj(x, p, ["name", "when", "action", "message"]);
    if (!o) return;
    k.match(o.name, `${p}.name`, KEY, "a lower-case trigger name");
    k.oneOf(o.action, `${p}.action`, TRIGGER_ACTIONS);
    k.text(o.message, `${p}.message`);
  });
  k.uniqueNames(triggers, "$.body.triggers");
  const fc = k.obj(b.fieldClasses, "$.body.fieldClasses", Object.keys((b.fieldClasses as Obj) ?? {}), []);
  const props = (b.input as { properties?: Obj } | null)?.properties ?? {};
  if (fc) {
    for (const [name, cls] of Object.entries(fc)) {
      if (!(name in props)) k.add(`$.body.fieldClasses.${name}`, `"${name}" is not a property of the input schema`);
      k.oneOf(cls, `$.body.fieldClasses.${name}`, FIELD_CLASSES);
    }
    for (const name of Object.keys(props)) if (!(name in fc)) k.add(`$.body.fieldClasses`, `input property "${name}" has no field class`);
  }
}

function checkCriteria(k: Checker, v: unknown, p: string): void {
  const o = k.obj(v, p, ["minIncidencePer100k", "minRt", "minGrowthRate", "minActiveAlarms"]);
  if (!o) return;
  k.num(o.minIncidencePer100k, `${p}.minIncidencePer100k`, (n) => n >= 0, "a number ≥ 0");
  if (o.minRt !== null) k.num(o.minRt, `${p}.minRt`, (n) => n >= 0, "a number ≥ 0 or null (disabled)");
  if (o.minGrowthRate !== null) k.num(o.minGrowthRate, `${p}.minGrowthRate`, () => true, "a number or null (disabled)");
  if (o.minActiveAlarms !== null) k.num(o.minActiveAlarms, `${p}.minActiveAlarms`, (n) => Number.isInteger(n) && n >= 1, "an integer ≥ 1 or null (disabled)");
}

function checkPolicy(k: Checker, v: unknown) {
  const b = k.obj(v, "$.body", ["phase", "alert", "levels", "reporting", "measures", "deEscalation"]);
  if (!b) return;
  k.oneOf(b.phase, "$.body.phase", PHASES);
  const a = k.obj(b.alert, "$.body.alert", ["method", "alpha", "threshold"]);
  if (a) {
    k.oneOf(a.method, "$.body.alert.method", ALERT_METHODS);
    k.num(a.alpha, "$.body.alert.alpha", (n) => n > 0 && n < 1, "a false-alarm rate in (0, 1)");
    k.num(a.threshold, "$.body.alert.threshold", (n) => n >= 0, "a number ≥ 0");
  }
  const levels = k.obj(b.levels, "$.body.levels", ["III", "II", "I"]);
  if (levels) {
    const before = k.problems.length;
    for (const l of ["III", "II", "I"] as const) checkCriteria(k, levels[l], `$.body.levels.${l}`);
    if (k.problems.length === before) {
      // The analysis layer's own coherence rule (nested levels), so a policy never publishes thresholds riskLevel refuses.
      try {
        assertRiskThresholds(toRiskThresholds(levels as unknown as PolicyBody["levels"]));
      } catch (e) {
        k.add("$.body.levels", (e as Error).message);
      }
    }
  }
  k.list(b.reporting, "$.body.reporting").forEach((x, i) => {
    const p = `$.body.reporting[${i}]`;
    const o = k.obj(x, p, ["contract", "reporters", "dueBy"]);
    if (!o) return;
    k.match(o.contract, `${p}.contract`, KEY, "a contract key");
    k.match(o.dueBy, `${p}.dueBy`, HHMM, "a UTC time HH:MM");
    const reps = k.list(o.reporters, `${p}.reporters`, 10);
    if (reps.length === 0) k.add(`${p}.reporters`, "name at least one designated reporter");
    reps.forEach((y, j) => {
      const q = k.obj(y, `${p}.reporters[${j}]`, ["kind", "scope"]);
      if (!q) return;
      k.oneOf(q.kind, `${p}.reporters[${j}].kind`, DEPARTMENT_KINDS);
      k.oneOf(q.scope, `${p}.reporters[${j}].scope`, ["district", "city"] as const);
    });
  });
  const measures = k.obj(b.measures, "$.body.measures", LEVELS, []);
  if (measures) {
    for (const [level, list] of Object.entries(measures)) {
      const seen = new Set<string>();
      k.list(list, `$.body.measures.${level}`, 20).forEach((x, i) => {
        const p = `$.body.measures.${level}[${i}]`;
        const o = k.obj(x, p, ["indicator", "value", "flag", "note"], ["indicator", "value"]);
        if (!o) return;
        const ind = typeof o.indicator === "string" ? oxcgrtIndicator(o.indicator) : undefined;
        if (!ind) {
          k.add(`${p}.indicator`, "expected an OxCGRT indicator C1–C8, E1–E4 or H1–H8");
          return;
        }
        if (seen.has(ind.id)) k.add(`${p}.indicator`, `${ind.id} is declared twice at level ${level}`);
        seen.add(ind.id);
        if (ind.max === null) k.num(o.value, `${p}.value`, (n) => n >= 0, `a US-dollar amount ≥ 0 (${ind.id} ${ind.name})`);
        else k.num(o.value, `${p}.value`, (n) => Number.isInteger(n) && n >= 0 && n <= ind.max!, `an integer 0–${ind.max} (${ind.id} ${ind.name})`);
        if (o.flag !== undefined) {
          if (!ind.flag) k.add(`${p}.flag`, `${ind.id} has no flag`);
          else if (o.flag !== 0 && o.flag !== 1) k.add(`${p}.flag`, "expected 0 or 1");
        }
        if (o.note !== undefined) k.text(o.note, `${p}.note`);
      });
    }
  }
  k.list(b.deEscalation, "$.body.deEscalation", 10).forEach((x, i) => {
    const p = `$.body.deEscalation[${i}]`;
    const o = k.obj(x, p, ["from", "to", "minDays", "when", "message"]);
    if (!o) return;
    if (k.oneOf(o.from, `${p}.from`, LEVELS) && k.oneOf(o.to, `${p}.to`, LEVELS) && LEVELS.indexOf(o.to as never) <= LEVELS.indexOf(o.from as never))
      k.add(`${p}.to`, `de-escalation goes to a lower level than ${String(o.from)}`);
    k.num(o.minDays, `${p}.minDays`, (n) => Number.isInteger(n) && n >= 0 && n <= 365, "an integer number of days 0–365");
    k.text(o.message, `${p}.message`);
  });
}

export type { LevelCriteria };
