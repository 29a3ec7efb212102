/** One thing wrong with a rule set, at a JSON path ("$.body.validations[0].expression"). */
export interface RuleSetProblem {
  path: string;
  message: string;
  /** The CEL or JSON Schema construct outside Vigil's subset, when that is the problem. */
  construct?: string;
}

/**
 * A rule set that cannot be published. Every problem found is listed, not just the first, so an
 * editor can show them all; the API maps this to BAD_USER_INPUT with `problems` in the extensions.
 */
export class RuleSetError extends Error {
  readonly code = "INVALID_RULE_SET";
  constructor(readonly problems: RuleSetProblem[]) {
    super(`Rule set refused: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    this.name = "RuleSetError";
  }
}

/** A payload too large or not JSON: refused before any rule runs (distinct from a rule failing). */
export class PayloadError extends Error {
  readonly code = "INVALID_PAYLOAD";
  constructor(message: string) {
    super(message);
    this.name = "PayloadError";
  }
}
