import { inForceSpans } from "@/lib/rule-sets";
import type { RuleSetRow } from "@/lib/shapes";

const WHY = { open: "in force", superseded: "superseded", revoked: "revoked", expired: "expired" } as const;

/** What was in force when: each approved version's span, per key (the rule `ruleSets(at:)` answers by). */
export function RuleSetTimeline({ rows }: { rows: RuleSetRow[] }) {
  const spans = inForceSpans(rows);
  if (!spans.length) return <p className="muted">No approved rule set yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="rule-set-timeline">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Version</th>
            <th scope="col">From</th>
            <th scope="col">Until (exclusive)</th>
            <th scope="col">Then</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {spans.map((s) => (
            <tr key={`${s.key}@${s.version}`}>
              <td className="mono">{s.key}</td>
              <td className="mono">{s.version}</td>
              <td className="nowrap">{s.from}</td>
              <td className="nowrap">{s.until ?? "—"}</td>
              <td>{WHY[s.why]}</td>
              <td className="mono" title={s.hash}>
                {s.hash.slice(0, 12)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
