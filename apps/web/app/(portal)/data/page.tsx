import type { Metadata } from "next";
import Link from "next/link";
import { addDays } from "@vigil/calendar";
import { AreaPicker } from "@/components/AreaPicker";
import { CaseReportsTable } from "@/components/CaseReportsTable";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Empty, Panel } from "@/components/Panel";
import { ReportFiling } from "@/components/ReportFiling";
import { ReportsChart } from "@/components/ReportsChart";
import { fmtInt, fmtLongDay } from "@/lib/format";
import { DATA_PAGE, LATEST_DAY, REGIONS } from "@/lib/operations";
import { isWithin } from "@/lib/regions";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Data support" };

const WINDOW_DAYS = 120;
const RECENT_REPORTS = 40;

export default async function DataPage({ searchParams }: { searchParams: Promise<{ area?: string; filed?: string }> }) {
  const [{ area: askedArea, filed }, user, regionsResult, latest] = await Promise.all([searchParams, currentUser(), load(REGIONS), load(LATEST_DAY)]);
  const isOfficer = user.role === "DEPARTMENT_OFFICER";
  // Officers may only read their department's region (the API answers FORBIDDEN outside it).
  const scopeRoot = isOfficer ? (user.department?.regionCode ?? null) : null;
  const regions = regionsResult.data?.regions ?? [];
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const visible = regions.filter((r) => !scopeRoot || isWithin(byCode, scopeRoot, r.code));
  const provinceCode = regions.find((r) => !r.parentCode)?.code ?? null;
  const area = askedArea && visible.some((r) => r.code === askedArea) ? askedArea : scopeRoot && byCode.has(scopeRoot) ? scopeRoot : provinceCode;

  // The latest reported day, not today: the window ends where the data does.
  const to = latest.data?.latestReportDay ?? null;
  const page = area && to ? await load(DATA_PAGE, { regionCode: area, from: addDays(to, -(WINDOW_DAYS - 1)), to, reports: RECENT_REPORTS }) : null;
  const days = page?.data?.reportsPerDay ?? [];
  const reports = page?.data?.caseReports ?? [];
  const totals = { confirmed: days.reduce((s, d) => s + d.confirmed, 0), reports: days.reduce((s, d) => s + d.reports, 0) };
  const districts = visible.filter((r) => r.level === "DISTRICT");
  const areaName = area ? (byCode.get(area)?.name ?? area) : "";

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Data support</h1>
          <p className="lede">
            Daily district case reports as accepted onto the log{isOfficer && user.department ? ` — ${user.department.name}` : ""}. Investigators trace{" "}
            <Link href="/data/chain">transmission chains</Link> and <Link href="/data/trajectory">trajectories</Link>.
          </p>
        </div>
        {visible.length > 0 && area && <AreaPicker regions={visible} area={area} />}
      </div>
      <ErrorMessage error={regionsResult.error ?? latest.error ?? page?.error} />

      <Panel
        title={`Reports per day — ${areaName}`}
        id="reports-per-day"
        actions={
          to && (
            <span className="muted">
              {WINDOW_DAYS} days to {fmtLongDay(to)}
            </span>
          )
        }
      >
        {days.length ? (
          <>
            <ReportsChart days={days} />
            <p className="note">
              {fmtInt(totals.confirmed)} confirmed cases in {fmtInt(totals.reports)} district reports over the window.
            </p>
          </>
        ) : (
          <Empty>No reports in this window.</Empty>
        )}
      </Panel>

      <div className={isOfficer ? "grid-main-side" : undefined}>
        <Panel title="Recent case reports" id="case-reports">
          {reports.length ? <CaseReportsTable reports={reports} highlight={filed ? Number(filed) : null} /> : <Empty>No reports yet.</Empty>}
        </Panel>
        {isOfficer && (
          <Panel title="Submit case report" id="submit-report">
            {districts.length ? <ReportFiling districts={districts} /> : <Empty>Your department has no districts to report for.</Empty>}
          </Panel>
        )}
      </div>
    </>
  );
}
