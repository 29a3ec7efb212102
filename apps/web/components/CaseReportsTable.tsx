import { fmtDateTime, fmtInt } from "@/lib/format";
import type { CaseReport } from "@/lib/shapes";
import { EntryLink } from "./EntryLink";

export function CaseReportsTable({ reports, highlight }: { reports: CaseReport[]; highlight?: number | null }) {
  // An officer's list is all their own department's: the column only helps when several departments report.
  const showDepartment = new Set(reports.map((r) => r.department.code)).size > 1;
  return (
    <div className="table-wrap scroll-y">
      <table className="table" data-testid="case-reports-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">District</th>
            {showDepartment && <th scope="col">Reported by</th>}
            <th scope="col" className="num">
              Confirmed
            </th>
            <th scope="col" className="num">
              Suspected
            </th>
            <th scope="col" className="num">
              Deaths
            </th>
            <th scope="col" className="num">
              Tests
            </th>
            <th scope="col">Received</th>
            <th scope="col" className="num">
              Log entry
            </th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r) => (
            <tr key={r.id} className={r.id === highlight ? "highlight" : undefined}>
              <td className="nowrap">{r.date}</td>
              <td className="nowrap" title={r.region.code}>
                {r.region.name}
              </td>
              {showDepartment && (
                <td title={r.department.name} className="mono">
                  {r.department.code}
                </td>
              )}
              <td className="num">{fmtInt(r.newConfirmed)}</td>
              <td className="num">{fmtInt(r.suspected)}</td>
              <td className="num">{fmtInt(r.deaths)}</td>
              <td className="num">{fmtInt(r.tests)}</td>
              <td className="nowrap">{fmtDateTime(r.receivedAt)}</td>
              <td className="num">
                <EntryLink index={r.entryIndex} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
