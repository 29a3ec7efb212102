// Replaying a logged decision: the record entry names its contract (key, version, hash) beside the payload,
// the server-supplied context and the decision taken; the contract's own draft entry holds the whole rule set.
// From those two payloads alone anyone can decide again and compare. Pure, so the API's recheckDecision and
// the portal's in-browser check run the same code (proofs and approval order are checked by their callers).
import { canonicalJson } from "@vigil/log";
import { CASE_REPORT_CONTRACT } from "./case-report.ts";
import { compileRuleSet, ruleSetHash, type CompiledContract } from "./compile.ts";
import type { Decision, RuleSet, RuleSetRef } from "./model.ts";

/** A decision as it is logged: without the rule-set ref, which the entry names beside it. */
export type LoggedDecision = Pick<Decision, "accepted" | "results" | "routes" | "triggers">;

/** The record part of a logged entry's body. */
export interface LoggedRecord {
  contract: RuleSetRef | null;
  payload: unknown;
  context: unknown;
  decision: LoggedDecision | null;
}

export interface Redecision {
  recomputed: LoggedDecision | null;
  problems: string[];
}

/** The fields of a case report as the contract decides them; a case-report entry logs them at the top of its body. */
export const CASE_REPORT_FIELDS = ["regionCode", "date", "newConfirmed", "suspected", "deaths", "tests", "imported", "disease"] as const;

export const decisionSummary = (d: Decision): LoggedDecision => ({ accepted: d.accepted, results: d.results, routes: d.routes, triggers: d.triggers });

/**
 * The record logged in an entry of kind `record` (the body is the record) or `case-report` (the fields at the
 * top of the body, beside an amendment's `amends` and `reason`). Null when the payload is not JSON.
 */
export function loggedRecord(kind: string, payloadJson: string): LoggedRecord | null {
  let body: Record<string, unknown>;
  try {
    body = (JSON.parse(payloadJson) as { body: Record<string, unknown> }).body;
    if (typeof body !== "object" || body === null) return null;
  } catch {
    return null;
  }
  const payload = kind === "case-report" ? Object.fromEntries(CASE_REPORT_FIELDS.filter((f) => f in body).map((f) => [f, body[f]])) : body.payload;
  return {
    contract: (body.contract as RuleSetRef | undefined) ?? null,
    payload,
    context: body.context,
    decision: (body.decision as LoggedDecision | undefined) ?? null,
  };
}

/** The rule set a contract's draft entry carries (`{ body: { ruleSet } }`), or null. */
export function draftedRuleSet(draftPayloadJson: string): RuleSet | null {
  try {
    return (JSON.parse(draftPayloadJson) as { body?: { ruleSet?: RuleSet } }).body?.ruleSet ?? null;
  } catch {
    return null;
  }
}

/**
 * Decide the logged payload again under `ruleSet` (the one the contract's draft entry logged; null when the
 * record names the built-in case-report contract that was never drafted) and compare with the logged decision.
 */
export function redecide(record: LoggedRecord, ruleSet: RuleSet | null): Redecision {
  const ref = record.contract;
  if (!ref) return { recomputed: null, problems: ["the entry names no contract: there is no decision to recheck"] };
  const rules = ruleSet ?? (ref.key === CASE_REPORT_CONTRACT.key && ref.hash === ruleSetHash(CASE_REPORT_CONTRACT) ? CASE_REPORT_CONTRACT : null);
  if (!rules) return { recomputed: null, problems: [`contract ${ref.key} ${ref.version} is not on the log`] };
  const hash = ruleSetHash(rules);
  if (hash !== ref.hash) return { recomputed: null, problems: [`the logged contract ${ref.key} ${ref.version} hashes to ${hash}, not ${ref.hash}`] };
  try {
    const recomputed = decisionSummary((compileRuleSet(rules) as CompiledContract).decide(record.payload, record.context));
    const same = record.decision !== null && canonicalJson(recomputed) === canonicalJson(record.decision);
    return { recomputed, problems: same ? [] : ["recomputing the contract's rules over the logged payload gives another decision"] };
  } catch (e) {
    return { recomputed: null, problems: [`the logged payload cannot be decided again: ${(e as Error).message}`] };
  }
}
