import Link from "next/link";
import { filterQuery, type Filters } from "@/lib/filters";
import { fmt1, fmtInt } from "@/lib/format";
import { LEVEL_COLOR } from "@/lib/levels";
import { treeOrder } from "@/lib/regions";
import type { RegionRisk } from "@/lib/shapes";
import { LevelBadge } from "./LevelBadge";

/**
 * Every region's level, in hierarchy order, tinted by level. Each row is a link that drills the chart down to
 * its region (the region name's link stretches over the row): plain navigation, so it needs no client code
 * and works before scripts load.
 */
export function RiskTable({ risks, selected, filters }: { risks: RegionRisk[]; selected: string | null; filters: Filters }) {
  const rows = treeOrder(risks.map((r) => ({ ...r, code: r.region.code, parentCode: r.region.parentCode })));
  // Drilling down keeps the period and method: only the region changes.
  const href = (code: string) => `/analysis?${filterQuery({ ...filters, region: code })}#risk-series-anchor`;
  return (
    <div className="table-wrap">
      <table className="table risk-table" data-testid="risk-table">
        <thead>
          <tr>
            <th scope="col">Region</th>
            <th scope="col">Level</th>
            <th scope="col" className="num">
              New 7 d
            </th>
            <th scope="col" className="num" title="7-day incidence per 100,000">
              Per 100k
            </th>
            <th scope="col" className="num" title="Reproduction number, 7-day window">
              Rt
            </th>
            <th scope="col" className="num" title="Exponential growth rate per day over the last 14 days">
              Growth / day
            </th>
            <th scope="col" className="num">
              Population
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ item: r, depth }) => {
            const color = LEVEL_COLOR[r.level];
            const isSelected = r.code === selected;
            return (
              <tr
                key={r.code}
                data-region={r.code}
                data-level={r.level}
                className={`clickable${isSelected ? " selected" : ""}`}
                // 8-digit hex: the level colour at low alpha, so the text stays readable.
                style={{ background: `${color}${isSelected ? "38" : "17"}`, boxShadow: `inset 4px 0 0 ${color}` }}
                title={`${r.region.name}: ${r.levelReasons.join("; ")}`}
              >
                <td className="nowrap" style={{ paddingLeft: `${0.75 + depth * 1.1}rem` }}>
                  <Link href={href(r.code)} className="row-link" prefetch={false} aria-current={isSelected ? "true" : undefined}>
                    <span className={depth === 0 ? "strong" : undefined}>{r.region.name}</span> <span className="muted mono">{r.code}</span>
                  </Link>
                </td>
                <td>
                  <LevelBadge level={r.level} />
                </td>
                <td className="num">{fmtInt(r.newCases7d)}</td>
                <td className="num">{fmt1(r.incidencePer100k)}</td>
                <td className="num">{r.rt == null ? "—" : r.rt.toFixed(2)}</td>
                <td className="num">{r.growthRate == null ? "—" : `${r.growthRate >= 0 ? "+" : "−"}${fmt1(Math.abs(r.growthRate) * 100)} %`}</td>
                <td className="num">{fmtInt(r.region.population)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
