/**
 * Source, method, policy version, period, last update and known limitations of a panel (issue 17: a quarter
 * of reviewed dashboards named no source). Every value is passed from the data the panel was drawn from.
 */
export function SourcesNote({
  source,
  method,
  policy,
  period,
  updated,
  limitations,
  testId,
}: {
  source: string;
  method: string;
  policy: string | null;
  period: string;
  updated: string | null;
  limitations: string;
  testId: string;
}) {
  return (
    <details className="sources-note" data-testid={testId}>
      <summary>Sources and methods</summary>
      <dl className="facts">
        <dt>Source</dt>
        <dd>{source}</dd>
        <dt>Method</dt>
        <dd data-testid={`${testId}-method`}>{method}</dd>
        <dt>Policy</dt>
        <dd>{policy ?? "none in force in this window"}</dd>
        <dt>Period</dt>
        <dd>{period}</dd>
        <dt>Last update</dt>
        <dd>{updated ? `reports up to ${updated}` : "no reports yet"}</dd>
        <dt>Limitations</dt>
        <dd>{limitations}</dd>
      </dl>
    </details>
  );
}
