import { fmtInt } from "@/lib/format";
import type { AlertRecheck } from "@/lib/shapes";
import { EntryLink } from "./EntryLink";

/** Statistics to four places, so a logged and a recomputed value can be compared digit by digit; the API clamps ±∞. */
function fmtStat(x: number | null): string {
  if (x == null) return "—";
  if (Math.abs(x) >= 1e12) return x > 0 ? "+∞" : "−∞";
  return x.toFixed(4);
}

function Compare({ logged, recomputed }: { logged: number; recomputed: number | null }) {
  const same = recomputed != null && fmtStat(logged) === fmtStat(recomputed);
  return (
    <span className={same ? "same" : "differs"}>
      logged <span className="mono">{fmtStat(logged)}</span> · recomputed <span className="mono">{fmtStat(recomputed)}</span>
    </span>
  );
}

/** The outcome of `recheckAlert`: the alert recomputed from the log alone, with what was compared. */
export function AlertRecheckResult({ entryIndex, result, onClose }: { entryIndex: number; result: AlertRecheck; onClose: () => void }) {
  const r = result;
  const days = r.inputCounts.length;
  return (
    <div className={`recheck ${r.confirmed ? "confirmed" : "refuted"}`} data-testid="recheck-result" data-confirmed={r.confirmed} role="status">
      <div className="recheck-head">
        <p className="recheck-verdict">
          <strong>{r.confirmed ? "Confirmed" : "Refuted"}</strong>
          {r.confirmed
            ? `: recomputing ${r.method} from the log reproduces this alarm.`
            : `: the log does not support this alert (${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}).`}
        </p>
        <button type="button" className="icon-button" aria-label="Close the recheck result" onClick={onClose}>
          ×
        </button>
      </div>
      {r.problems.length > 0 && (
        <ul className="recheck-problems" data-testid="recheck-problems">
          {r.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <dl className="recheck-facts">
        <dt>Statistic</dt>
        <dd data-testid="recheck-statistic">
          <Compare logged={r.loggedStatistic} recomputed={r.recomputedStatistic} />
        </dd>
        <dt>Upper bound</dt>
        <dd>
          <Compare logged={r.loggedUpperBound} recomputed={r.recomputedUpperBound} />
        </dd>
        <dt>Method</dt>
        <dd>
          <span className="mono">{r.method}</span> <span className="muted mono">{r.parameters}</span>
        </dd>
        <dt>Input</dt>
        <dd title={r.inputCounts.join(", ")}>
          {fmtInt(days)} day{days === 1 ? "" : "s"}, {r.inputFrom} to {r.inputTo}
          {days > 0 && <span className="muted"> · last count {fmtInt(r.inputCounts.at(-1)!)}</span>}
        </dd>
        <dt>On the log</dt>
        <dd>
          <span className={r.included ? "same" : "differs"}>{r.included ? "✓" : "✗"} included under the latest checkpoint</span>
          {" · "}
          <span className={r.inputsMatchReports ? "same" : "differs"}>
            {r.inputsMatchReports ? "✓" : "✗"} input equals the case reports logged before the alert
          </span>
        </dd>
        {r.inputsRevisedSince && (
          <>
            <dt>Revised since</dt>
            <dd data-testid="recheck-revised">
              Reports for {fmtInt(r.currentInputCounts.filter((c, i) => c !== r.inputCounts[i]).length)} day(s) of the window were amended after the alert; on
              today&apos;s figures the method{" "}
              {r.alarmsOnCurrentInputs === null ? "gives no verdict" : r.alarmsOnCurrentInputs ? "still alarms" : "would not alarm"}. The alert stands as raised
              on what was reported then.
            </dd>
          </>
        )}
      </dl>
      <p className="recheck-foot">
        Entry <EntryLink index={entryIndex} />: open it to check its inclusion proof in your browser.
      </p>
    </div>
  );
}
