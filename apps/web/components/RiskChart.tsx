"use client";

import { Bar, CartesianGrid, ComposedChart, Line, ReferenceDot, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { fmt1, fmtInt, fmtLongDay, fmtShortDay } from "@/lib/format";
import { LEVEL_COLOR } from "@/lib/levels";
import type { Alert, RiskPoint } from "@/lib/types";

const ALERT_RED = "#dc2626";

interface Row extends RiskPoint {
  alerts: Alert[];
  /** The bound as drawn: a negative bound (every count alarms) sits on the axis instead of stretching it below 0. */
  plottedBound: number | null;
}

interface Marker {
  date: string;
  y: number;
  /** Logged alerts on the day; a detector alarm under today's rule may have none (the rule changed since). */
  alerts: Alert[];
}

/** Alert markers are what the end-to-end test counts: keep the class name. */
function AlertMarker(props: { cx?: number; cy?: number }) {
  if (props.cx == null || props.cy == null) return <g />;
  return <circle className="alert-marker" cx={props.cx} cy={props.cy} r={5.5} fill={ALERT_RED} stroke="#ffffff" strokeWidth={1.5} />;
}

function RiskTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{fmtLongDay(row.date)}</div>
      <div>Confirmed: <strong>{fmtInt(row.count)}</strong></div>
      <div>Upper bound: {row.upperBound == null ? <span className="muted">warm-up</span> : fmt1(row.upperBound)}</div>
      {row.alarm && <div className="tooltip-alarm">Detector alarm</div>}
      {row.alerts.map((a) => (
        <div key={a.id} className="tooltip-alert">
          <span className="swatch" style={{ background: LEVEL_COLOR[a.level] }} /> Alert #{a.id}: {a.region.name}, {a.method}, observed {fmtInt(a.observed)}
        </div>
      ))}
    </div>
  );
}

/**
 * Daily counts (bars) against the detector's upper bound (line), with a red marker on every day the
 * detector alarms or an alert was logged for the region or a district under it.
 */
export function RiskChart({ series, alerts, method }: { series: RiskPoint[]; alerts: Alert[]; method: string }) {
  const alertsByDay = new Map<string, Alert[]>();
  for (const a of alerts) alertsByDay.set(a.date, [...(alertsByDay.get(a.date) ?? []), a]);
  const rows: Row[] = series.map((p) => ({ ...p, alerts: alertsByDay.get(p.date) ?? [], plottedBound: p.upperBound == null ? null : Math.max(0, p.upperBound) }));
  const markers: Marker[] = rows.filter((r) => r.alarm || r.alerts.length).map((r) => ({ date: r.date, y: r.count, alerts: r.alerts }));

  return (
    <div className="chart" data-testid="risk-chart" data-alerts={markers.length}>
      <ComposedChart responsive style={{ width: "100%", height: 340 }} data={rows} margin={{ top: 12, right: 16, bottom: 0, left: 0 }} barCategoryGap="12%">
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="date" tickFormatter={fmtShortDay} minTickGap={40} tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={fmtInt} width={48} tick={{ fontSize: 12 }} allowDecimals={false} domain={[0, "auto"]} />
        <Tooltip content={RiskTooltip} cursor={{ fill: "rgba(15, 23, 42, 0.06)" }} />
        <Bar dataKey="count" name="Daily confirmed" fill="#94a3b8" isAnimationActive={false} />
        <Line
          dataKey="plottedBound" name={`${method} upper bound`} type="stepAfter" stroke="#7c3aed" strokeWidth={2} strokeDasharray="6 3"
          dot={false} activeDot={false} connectNulls={false} isAnimationActive={false}
        />
        {markers.map((m) => (
          <ReferenceDot key={m.date} x={m.date} y={m.y} r={5.5} shape={AlertMarker} ifOverflow="extendDomain" />
        ))}
      </ComposedChart>
      <ul className="chart-legend" aria-label="Legend">
        <li><span className="swatch" style={{ background: "#94a3b8" }} /> Daily confirmed cases</li>
        <li><span className="swatch line" style={{ borderColor: "#7c3aed" }} /> {method} upper bound</li>
        <li><span className="swatch dot" style={{ background: ALERT_RED }} /> Alarm / logged alert ({markers.length})</li>
      </ul>
    </div>
  );
}
