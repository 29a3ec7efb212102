import type { Metadata } from "next";
import Link from "next/link";
import { EntryLink } from "@/components/EntryLink";
import { ErrorMessage } from "@/components/ErrorMessage";
import { LevelBadge } from "@/components/LevelBadge";
import { Panel } from "@/components/Panel";
import { TimelineChart } from "@/components/TimelineChart";
import { fmtDateTime, fmtDuration } from "@/lib/format";
import { ALERT_TIMELINE } from "@/lib/operations";
import { load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Business — reporting timeline" };

/** An alert's reporting timeline, rebuilt by the API from its log entries; each step links to its entry's proof. */
export default async function TimelinePage({ searchParams }: { searchParams: Promise<{ alert?: string }> }) {
  const { alert: raw } = await searchParams;
  const alertId = Number(raw);
  if (!raw || !Number.isSafeInteger(alertId) || alertId < 1) {
    return (
      <>
        <h1>Reporting timeline</h1>
        <p className="lede">
          Pick an alert on the <Link href="/business">business board</Link>.
        </p>
      </>
    );
  }
  const timeline = await load(ALERT_TIMELINE, { alertId });
  const t = timeline.data?.alertTimeline;
  const alertStep = t?.steps.find((s) => s.kind === "ALERT");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Reporting timeline · alert #{alertId}</h1>
          {t && (
            <p className="lede">
              {t.alert.region.name}, {t.alert.date} · {t.alert.method} <LevelBadge level={t.alert.level} /> — from the first report to each level&apos;s
              acknowledgement and first action, with the receipt times signed into the log. Each entry link opens the log explorer, which checks the
              entry&apos;s inclusion proof in your browser.
            </p>
          )}
        </div>
        <Link href="/business" className="button">
          ← Board
        </Link>
      </div>
      <ErrorMessage error={timeline.error} />
      {t && (
        <>
          <Panel title="Steps over time" id="timeline-chart">
            <TimelineChart steps={t.steps} />
          </Panel>
          <Panel title="Steps, as logged" id="timeline-steps">
            <div className="table-wrap">
              <table className="table" data-testid="timeline-table">
                <thead>
                  <tr>
                    <th>Step</th>
                    <th>Level</th>
                    <th>Department</th>
                    <th>Received (signed)</th>
                    <th className="num">After first report</th>
                    <th className="num">After alert</th>
                    <th>Entry and proof</th>
                  </tr>
                </thead>
                <tbody>
                  {t.steps.map((s) => (
                    <tr key={s.entryIndex} data-testid="timeline-step" data-kind={s.kind}>
                      <td>
                        {s.kind.replaceAll("_", " ").toLowerCase()}
                        {s.step && <span className="muted small mono"> {s.step}</span>}
                      </td>
                      <td>{s.regionLevel.toLowerCase()}</td>
                      <td className="mono small">{s.departmentCode ?? "log"}</td>
                      <td>{fmtDateTime(s.at)}</td>
                      <td className="num">{fmtDuration(s.secondsSinceFirstReport)}</td>
                      <td className="num">{alertStep && s.entryIndex >= alertStep.entryIndex ? fmtDuration(s.secondsSinceAlert) : "—"}</td>
                      <td>
                        <EntryLink index={s.entryIndex} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
        </>
      )}
    </>
  );
}
