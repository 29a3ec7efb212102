/**
 * The rule-set model: what an officer publishes. Plain JSON (no Infinity, no bigint) so that its
 * canonical form (RFC 8785, @vigil/log's canonicalJson) and so its content hash are the same in the
 * browser and on the server.
 * @module
 */
import type { AlertMethod, RiskLevel } from "@vigil/analytics";
import type { OxcgrtIndicatorId } from "./oxcgrt.ts";

export const RULE_SET_KINDS = ["contract", "policy"] as const;
export type RuleSetKind = (typeof RULE_SET_KINDS)[number];

/** Classes of data a contract's fields belong to; the sharing code releases a field only to its class's audience. */
export const FIELD_CLASSES = ["public", "aggregate", "department", "restricted", "personal"] as const;
export type FieldClass = (typeof FIELD_CLASSES)[number];

export const PHASES = ["PREVENTION", "EMERGENCY", "RECOVERY"] as const;
export type Phase = (typeof PHASES)[number];

/** A JSON Schema (draft 2020-12) in Vigil's subset (see schema.ts). */
export type JsonSchema = { [keyword: string]: unknown };

/** A CEL rule: passes when `expression` evaluates to true. */
export interface CelRule {
  name: string;
  expression: string;
  /** Shown when the rule fails. */
  message: string;
  /** Optional CEL string expression giving a message with the payload's figures (as Kubernetes' messageExpression). */
  messageExpression?: string;
}

/** Where an accepted record is also sent when `when` holds (a department, a queue, a review). */
export interface RoutingRule {
  name: string;
  when: string;
  route: string;
  message: string;
}

export const TRIGGER_ACTIONS = ["raise-alert", "open-task"] as const;
export type TriggerAction = (typeof TRIGGER_ACTIONS)[number];

export interface Trigger {
  name: string;
  when: string;
  action: TriggerAction;
  message: string;
}

/** The roles of Vigil's accounts, as a contract names who may submit to it. */
export const SUBMITTER_ROLES = ["DEPARTMENT_OFFICER", "DECISION_MAKER", "POLICY_OFFICER", "AUDITOR", "ADMIN"] as const;
export type SubmitterRole = (typeof SUBMITTER_ROLES)[number];

export interface ContractBody {
  /** Roles that may submit records under the contract (the API's default when absent: DEPARTMENT_OFFICER). */
  submitters?: SubmitterRole[];
  /** What a submission carries. */
  input: JsonSchema;
  /** Facts the server supplies with the payload (e.g. the district's population); logged with the decision so anyone can replay it. */
  context?: JsonSchema;
  validations: CelRule[];
  routing: RoutingRule[];
  /** Every top-level input property's class. */
  fieldClasses: Record<string, FieldClass>;
  triggers: Trigger[];
}

/**
 * Entry criteria of one response level, as analytics' RiskLevelCriteria but JSON: null where the
 * analysis layer uses Infinity (criterion disabled).
 */
export interface LevelCriteria {
  minIncidencePer100k: number;
  minRt: number | null;
  minGrowthRate: number | null;
  minActiveAlarms: number | null;
}

export type ReporterScope = "district" | "city";
export const DEPARTMENT_KINDS = ["HOSPITAL", "CDC", "HEALTH_COMMISSION"] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Who reports what by when. */
export interface ReportingObligation {
  /** The contract key of what is reported (e.g. "case-report"). */
  contract: string;
  /** Designated reporters: a department of `kind` located in the district itself, or in the district's city. */
  reporters: { kind: DepartmentKind; scope: ReporterScope }[];
  /** Reports are due daily for the previous day, by this UTC time (HH:MM). */
  dueBy: string;
}

/** A measure declared at a response level, coded as OxCGRT codes it. */
export interface Measure {
  indicator: OxcgrtIndicatorId;
  /** Ordinal value on the indicator's scale, or the US-dollar amount for E3, E4, H4, H5. */
  value: number;
  /** The indicator's flag (0 targeted / 1 general for geographic flags), where it has one. */
  flag?: 0 | 1;
  note?: string;
}

/** When a region may step down from `from` to `to`: after `minDays` at `from` and while `when` (CEL over `indicators`) holds. */
export interface DeEscalation {
  from: RiskLevel;
  to: RiskLevel;
  minDays: number;
  when: string;
  message: string;
}

export interface PolicyBody {
  phase: Phase;
  alert: { method: AlertMethod; alpha: number; threshold: number };
  levels: { III: LevelCriteria; II: LevelCriteria; I: LevelCriteria };
  reporting: ReportingObligation[];
  measures: Partial<Record<RiskLevel, Measure[]>>;
  deEscalation: DeEscalation[];
}

interface RuleSetHeader {
  key: string;
  /** Semantic version, MAJOR.MINOR.PATCH. */
  version: string;
  /** Days (YYYY-MM-DD, UTC): in force from `from`, until the day before `until` (null: open-ended). */
  effective: { from: string; until: string | null };
  /** Region code of the subtree the rule set governs. */
  jurisdiction: string;
  title: string;
}

export interface ContractRuleSet extends RuleSetHeader {
  kind: "contract";
  body: ContractBody;
}

export interface PolicyRuleSet extends RuleSetHeader {
  kind: "policy";
  body: PolicyBody;
}

export type RuleSet = ContractRuleSet | PolicyRuleSet;

/** A rule set's identity in every decision and enforcement record. */
export interface RuleSetRef {
  key: string;
  version: string;
  /** Hex SHA-256 of the rule set's canonical JSON. */
  hash: string;
}

export interface RuleResult {
  rule: string;
  passed: boolean;
  message: string;
  /** Present when the rule could not be evaluated (a missing field, an overflow): the rule then fails. */
  error?: string;
}

export interface Decision {
  accepted: boolean;
  results: RuleResult[];
  /** Routes whose condition held (accepted records only). */
  routes: string[];
  /** Triggers whose condition held (accepted records only). */
  triggers: { name: string; action: TriggerAction; message: string }[];
  ruleSet: RuleSetRef;
}
