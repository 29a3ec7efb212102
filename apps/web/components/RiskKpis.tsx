import { fmt1, fmtInt, fmtLongDay } from "@/lib/format";
import { LEVEL_COLOR, LEVEL_MEANING, LEVEL_TEXT } from "@/lib/levels";
import type { RiskOverview } from "@/lib/shapes";
import { growthText, stripLevel } from "@/lib/summaries";
import { KpiCard } from "./KpiCard";

const fmt2 = (x: number) => x.toFixed(2);

/** The selected region's response level and the figures it rests on, with the reasons in words. */
export function RiskKpis({ o }: { o: RiskOverview }) {
  return (
    <>
      <div className="kpis" data-testid="risk-kpis">
        <div
          className="kpi kpi-level"
          data-testid="kpi-level"
          data-level={o.level}
          style={{ background: LEVEL_COLOR[o.level], color: LEVEL_TEXT[o.level], borderTopColor: LEVEL_COLOR[o.level] }}
        >
          <div className="kpi-label">Response level</div>
          <div className="kpi-value">Level {o.level}</div>
          <div className="kpi-detail">{LEVEL_MEANING[o.level]}</div>
        </div>
        <KpiCard label="New cases, last 7 days" value={fmtInt(o.newCases7d)} detail={`to ${fmtLongDay(o.to)}`} testId="kpi-new-cases" />
        <KpiCard
          label="Incidence per 100k (7 d)"
          value={fmt1(o.incidencePer100k)}
          detail={`population ${fmtInt(o.region.population)}`}
          testId="kpi-incidence"
        />
        <KpiCard
          label="Reproduction number Rt"
          value={o.currentRt == null ? "—" : fmt2(o.currentRt)}
          detail={growthText(o.growth)}
          accent="#7c3aed"
          testId="kpi-rt"
        />
        <KpiCard
          label="Alerts in window"
          value={fmtInt(o.alerts.length)}
          detail={`${o.activeAlarms} detector alarm${o.activeAlarms === 1 ? "" : "s"} in the last 7 days`}
          accent="#dc2626"
          testId="kpi-alerts"
        />
      </div>
      {o.levelReasons.length > 0 && (
        <p className="level-reasons" data-testid="level-reasons">
          <strong>Why level {o.level}:</strong> {o.levelReasons.map(stripLevel).join(" · ")}
        </p>
      )}
    </>
  );
}
