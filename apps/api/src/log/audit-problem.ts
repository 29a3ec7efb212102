/** The first thing an audit found wrong: shared by the log audit and the domain-row audit. */
export interface AuditProblem {
  /** The first log index the problem touches. */
  index: number;
  what: string;
}
