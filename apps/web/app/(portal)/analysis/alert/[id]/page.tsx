import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/DataTable";
import { EntryLink } from "@/components/EntryLink";
import { ErrorMessage } from "@/components/ErrorMessage";
import { LevelBadge } from "@/components/LevelBadge";
import { Empty, Panel } from "@/components/Panel";
import { RiskChart } from "@/components/RiskChart";
import { SourcesNote } from "@/components/SourcesNote";
import { addDays } from "@vigil/calendar";
import { riskSeriesDataset } from "@/lib/export";
import { fmt1, fmtInt } from "@/lib/format";
import { ALERT_LINE_LIST, ALERT_TIMELINE, RISK_OVERVIEW } from "@/lib/operations";
import { load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Alert — series, inputs and line list" };

// The drill-down of issue 17: alert → its series with the detector's band and the alert's logged inputs →
// the line list of reports behind it, corrected values shown as corrections (struck out, with the reason).
export default async function AlertDrillPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const alertId = /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : null;
  if (alertId === null)
    return (
      <>
        <h1>Alert</h1>
        <p className="message error" role="alert">
          Not an alert id.
        </p>
      </>
    );
  const timeline = await load(ALERT_TIMELINE, { alertId });
  const alert = timeline.data?.alertTimeline.alert ?? null;
  // The alert's inputs end on its day; two weeks either side of the baseline window keep the context visible.
  // Two operations, each within the API's cost limit (riskOverview alone costs 200; a report with its
  // corrections ~22): 80 rows hold the district's 42 days and their corrections.
  const window = alert ? { regionCode: alert.region.code, from: addDays(alert.date, -41), to: alert.date } : null;
  const [drill, overview] =
    alert && window
      ? await Promise.all([load(ALERT_LINE_LIST, { ...window, entryIndex: alert.entryIndex, limit: 80 }), load(RISK_OVERVIEW, window)])
      : [null, null];
  const r = drill?.data?.recheckAlert ?? null;
  const o = overview?.data?.riskOverview ?? null;
  const reports = (drill?.data?.caseReports ?? []).filter((x) => !r || (x.date >= r.inputFrom && x.date <= r.inputTo));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            Alert #{alertId}
            {alert && ` — ${alert.region.name}, ${alert.date}`}
          </h1>
          {alert && (
            <p className="lede">
              {alert.method} <LevelBadge level={alert.level} /> · observed {fmtInt(alert.observed)} against an upper bound of{" "}
              {Math.abs(alert.threshold) < 1e12 ? fmt1(alert.threshold) : "—"} · policy {alert.policy ? `${alert.policy.key} v${alert.policy.version}` : "—"} ·
              entry <EntryLink index={alert.entryIndex} />
            </p>
          )}
        </div>
        {alert && (
          <Link href={`/analysis?region=${encodeURIComponent(alert.region.code)}`} className="button">
            ↑ {alert.region.name}
          </Link>
        )}
      </div>
      <ErrorMessage error={timeline.error} />
      <ErrorMessage error={drill?.error} />
      <ErrorMessage error={overview?.error} />

      {o && (
        <Panel title={`Series with the ${o.method} band — ${o.region.name}`} id="alert-series">
          <RiskChart series={o.series} alerts={o.alerts} method={o.method} />
          <DataTable data={riskSeriesDataset(o)} caption={`Daily confirmed cases, ${o.region.name}, ${o.from} to ${o.to}`} testId="alert-series-table" />
        </Panel>
      )}

      {r && (
        <Panel title="The alert's inputs, as logged" id="alert-inputs">
          <p data-testid="alert-inputs">
            {r.method} {r.parameters} over {r.inputFrom} to {r.inputTo}: statistic {fmt1(r.loggedStatistic)}, upper bound{" "}
            {Math.abs(r.loggedUpperBound) < 1e12 ? fmt1(r.loggedUpperBound) : "—"}.{" "}
            {r.inputsRevisedSince ? <strong>Inputs were corrected since the alert was raised.</strong> : "No input was corrected since."}
          </p>
          <DataTable
            data={{
              columns: ["day", "logged input", "current value"],
              rows: r.inputCounts.map((c, i) => [addDays(r.inputFrom, i), c, r.currentInputCounts[i] ?? null]),
            }}
            caption="Logged inputs against current values"
            testId="alert-inputs-table"
          />
          <SourcesNote
            testId="alert-sources"
            source="The alert's log entry (its inputs) and the current case reports"
            method={`${r.method} ${r.parameters}`}
            policy={alert?.policy ? `${alert.policy.key} v${alert.policy.version}` : null}
            period={`${r.inputFrom} to ${r.inputTo}`}
            updated={alert?.date ?? null}
            limitations="Recheck on /analysis recomputes the statistic from the log."
          />
        </Panel>
      )}

      {drill?.data && (
        <Panel title={`Line list — reports behind the alert (${reports.length})`} id="alert-line-list">
          {reports.length ? (
            <div className="table-wrap">
              <table className="table" data-testid="line-list">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">District</th>
                    <th scope="col">Department</th>
                    <th scope="col" className="num">
                      Confirmed
                    </th>
                    <th scope="col" className="num">
                      Tests
                    </th>
                    <th scope="col">Status</th>
                    <th scope="col">Entry</th>
                  </tr>
                </thead>
                <tbody>
                  {reports.map((x) => (
                    <tr key={x.id} data-current={x.current} className={x.current ? undefined : "corrected"}>
                      <td className="nowrap">{x.date}</td>
                      <td>{x.region.name}</td>
                      <td className="mono">{x.department.code}</td>
                      <td className="num">{x.current ? fmtInt(x.newConfirmed) : <del>{fmtInt(x.newConfirmed)}</del>}</td>
                      <td className="num">{fmtInt(x.tests)}</td>
                      <td>
                        {x.current
                          ? x.amends
                            ? `Correction of entry ${x.amends.entryIndex}${x.reason ? `: ${x.reason}` : ""}`
                            : "Current"
                          : `Corrected by entry ${x.amendedBy?.entryIndex ?? "?"}`}
                      </td>
                      <td>
                        <EntryLink index={x.entryIndex} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>No reports in the alert&apos;s input window.</Empty>
          )}
        </Panel>
      )}
    </>
  );
}
