import { fmt1, fmtInt } from "@/lib/format";
import type { Alert } from "@/lib/types";
import { LevelBadge } from "./LevelBadge";

/** `regionCode`: the region the list is about; the Region column appears only for alerts of districts under it. */
export function AlertsTable({ alerts, regionCode, testId }: { alerts: Alert[]; regionCode?: string; testId?: string }) {
  const showRegion = alerts.some((a) => a.region.code !== regionCode);
  return (
    <div className="table-wrap scroll-y">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {showRegion && <th scope="col">Region</th>}
            <th scope="col">Method</th>
            <th scope="col" className="num">Observed</th>
            <th scope="col" className="num">Bound</th>
            <th scope="col">Level</th>
            <th scope="col" className="num">Entry</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <td className="nowrap">{a.date}</td>
              {showRegion && <td className="mono nowrap" title={a.region.name}>{a.region.code}</td>}
              <td className="mono">{a.method}</td>
              <td className="num">{fmtInt(a.observed)}</td>
              {/* The API clamps an infinite bound to the largest double; show that as "—". */}
              <td className="num">{Math.abs(a.threshold) < 1e12 ? fmt1(a.threshold) : "—"}</td>
              <td><LevelBadge level={a.level} /></td>
              <td className="num mono">#{a.entryIndex}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
