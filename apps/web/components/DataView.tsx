"use client";

import { useMemo, useState } from "react";
import { useQuery } from "@/lib/graphql";
import { CASE_REPORTS, LATEST_DAY, REGIONS, REPORTS_PER_DAY } from "@/lib/queries";
import { addDays, fmtInt, fmtLongDay } from "@/lib/format";
import { isWithin } from "@/lib/regions";
import { useSession } from "@/lib/session";
import { CaseReportForm } from "./CaseReportForm";
import { CaseReportsTable } from "./CaseReportsTable";
import { ErrorMessage } from "./ErrorMessage";
import { Empty, Loading, Panel } from "./Panel";
import { RegionSelect } from "./RegionSelect";
import { ReportsChart } from "./ReportsChart";

const WINDOW_DAYS = 120;

export function DataView() {
  const { session } = useSession();
  const user = session!.user;
  const isOfficer = user.role === "DEPARTMENT_OFFICER";
  // Officers may only read their department's region (the API answers FORBIDDEN outside it).
  const scopeRoot = isOfficer ? user.department?.regionCode ?? null : null;

  const regions = useQuery(REGIONS);
  const byCode = useMemo(() => new Map((regions.data?.regions ?? []).map((r) => [r.code, r])), [regions.data]);
  const visible = useMemo(
    () => (regions.data?.regions ?? []).filter((r) => !scopeRoot || isWithin(byCode, scopeRoot, r.code)),
    [regions.data, byCode, scopeRoot],
  );
  const provinceCode = (regions.data?.regions ?? []).find((r) => !r.parentCode)?.code ?? null;
  const [picked, setPicked] = useState<string | null>(null);
  const area = picked ?? (scopeRoot && byCode.has(scopeRoot) ? scopeRoot : provinceCode);

  // The latest reported day, not today: the window ends where the data does.
  const latest = useQuery(LATEST_DAY, {});
  const to = latest.data?.latestReportDay ?? null;
  const perDay = useQuery(
    REPORTS_PER_DAY,
    { from: to ? addDays(to, -(WINDOW_DAYS - 1)) : "", to: to ?? "", regionCode: area },
    { skip: !to || !area },
  );
  const reports = useQuery(CASE_REPORTS, { regionCode: area, limit: 40 }, { skip: !area });
  const [lastFiled, setLastFiled] = useState<number | null>(null);

  const districts = useMemo(() => visible.filter((r) => r.level === "DISTRICT"), [visible]);
  const totals = useMemo(() => {
    const days = perDay.data?.reportsPerDay ?? [];
    return { confirmed: days.reduce((s, d) => s + d.confirmed, 0), reports: days.reduce((s, d) => s + d.reports, 0) };
  }, [perDay.data]);

  const areaName = area ? byCode.get(area)?.name ?? area : "";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Data support</h1>
          <p className="lede">Daily district case reports as accepted onto the log{isOfficer && user.department ? ` — ${user.department.name}` : ""}.</p>
        </div>
        {visible.length > 0 && area && (
          <div className="field inline">
            <label htmlFor="data-area">Area</label>
            <RegionSelect id="data-area" regions={visible} value={area} onChange={setPicked} />
          </div>
        )}
      </div>
      <ErrorMessage error={regions.error ?? latest.error} />

      <Panel
        title={`Reports per day — ${areaName}`}
        id="reports-per-day"
        actions={to && <span className="muted">{WINDOW_DAYS} days to {fmtLongDay(to)}</span>}
      >
        <ErrorMessage error={perDay.error} />
        {perDay.data ? (
          perDay.data.reportsPerDay.length ? (
            <>
              <ReportsChart days={perDay.data.reportsPerDay} />
              <p className="note">{fmtInt(totals.confirmed)} confirmed cases in {fmtInt(totals.reports)} district reports over the window.</p>
            </>
          ) : <Empty>No reports in this window.</Empty>
        ) : <Loading what="daily counts" />}
      </Panel>

      <div className={isOfficer ? "grid-main-side" : undefined}>
        <Panel title="Recent case reports" id="case-reports">
          <ErrorMessage error={reports.error} />
          {reports.data ? (
            reports.data.caseReports.length ? <CaseReportsTable reports={reports.data.caseReports} highlight={lastFiled} /> : <Empty>No reports yet.</Empty>
          ) : reports.loading && <Loading what="reports" />}
        </Panel>
        {isOfficer && (
          <Panel title="Submit case report" id="submit-report">
            {districts.length ? (
              <CaseReportForm
                districts={districts}
                onSubmitted={(r) => {
                  setLastFiled(r.id);
                  latest.refetch();
                  perDay.refetch();
                  reports.refetch();
                }}
              />
            ) : regions.loading ? <Loading what="districts" /> : <Empty>Your department has no districts to report for.</Empty>}
          </Panel>
        )}
      </div>
    </>
  );
}
