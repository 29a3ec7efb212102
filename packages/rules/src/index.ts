export * from "./model.ts";
export * from "./errors.ts";
export { OXCGRT_INDICATORS, oxcgrtIndicator, type OxcgrtIndicator, type OxcgrtIndicatorId } from "./oxcgrt.ts";
export { compileExpression, toCel, MAX_PAYLOAD_CHARS, COST_LIMIT, MAX_EXPRESSION_LENGTH, type CompiledExpression } from "./cel.ts";
export { checkSchemaSubset, MAX_SCHEMA_BYTES, MAX_SCHEMA_DEPTH, SCHEMA_DIALECT } from "./schema.ts";
export { validateRuleSet, MAX_RULES } from "./validate.ts";
export {
  compileRuleSet,
  publishable,
  ruleSetHash,
  CONTRACT_VARIABLES,
  POLICY_VARIABLES,
  type CompiledContract,
  type CompiledPolicy,
  type CompiledRuleSet,
} from "./compile.ts";
export { toRiskThresholds, toAlertRule, DEFAULT_POLICY } from "./policy.ts";
export { CASE_REPORT_CONTRACT } from "./case-report.ts";
export { DEFAULT_DISEASE, DISEASES, DISEASE_CODES, diseaseByCode, type Disease } from "./diseases.ts";
export { diffRuleSets, type RuleSetChange, type ChangeKind } from "./diff.ts";
export { inForce, covers, compareVersions } from "./in-force.ts";
export {
  compilePlaybook,
  DEFAULT_PLAYBOOK,
  WORK_ORDER_MOVES,
  workOrderMoveProblem,
  type AlertFacts,
  type CompiledPlaybook,
  type Playbook,
  type PlaybookLevel,
  type PlaybookOrder,
  type WorkOrderState,
} from "./playbook.ts";
export {
  CASE_REPORT_FIELDS,
  decisionSummary,
  draftedRuleSet,
  loggedRecord,
  redecide,
  type LoggedDecision,
  type LoggedRecord,
  type Redecision,
} from "./recheck.ts";
