"use client";

import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceDot,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import { fmt1, fmtInt, fmtLongDay, fmtShortDay } from "@/lib/format";
import { LEVEL_COLOR } from "@/lib/levels";
import type { Alert, Projection, RiskPoint } from "@/lib/shapes";

const ALERT_RED = "#dc2626";
export const PROJECTION_COLOR = "#0f766e";

interface Row {
  date: string;
  /** Observed days only. */
  count?: number;
  upperBound?: number | null;
  alarm?: boolean;
  alerts: Alert[];
  /** The bound as drawn: a negative bound (every count alarms) sits on the axis instead of stretching it below 0. */
  plottedBound?: number | null;
  /** Projected days, plus the last observed day so the projection starts from the last count. */
  median?: number;
  band?: [number, number];
  /** A day after the last report: the tooltip shows the projection instead of counts. */
  projected?: boolean;
  lower?: number;
  upper?: number;
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
  if (row.projected) {
    return (
      <div className="chart-tooltip">
        <div className="chart-tooltip-title">
          {fmtLongDay(row.date)} <span className="muted">· projected</span>
        </div>
        <div>
          Median: <strong>{fmtInt(row.median ?? 0)}</strong> cases
        </div>
        <div>
          95 % interval: {fmtInt(row.lower ?? 0)}–{fmtInt(row.upper ?? 0)}
        </div>
      </div>
    );
  }
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{fmtLongDay(row.date)}</div>
      <div>
        Confirmed: <strong>{fmtInt(row.count ?? 0)}</strong>
      </div>
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
 * Whole-number ticks from 0 in steps of 1, 2 or 5 times a power of ten, about four of them, ending at or above `top`.
 * Recharts' own ticks for a domain of [0, 380] are 95, 190, 285.
 */
function countTicks(top: number): number[] {
  const raw = Math.max(1, top / 4);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
  const n = Math.max(1, Math.ceil(top / step));
  return Array.from({ length: n + 1 }, (_, i) => i * step);
}

/**
 * Daily counts (bars) against the detector's upper bound (line), with a red marker on every day the
 * detector alarms or an alert was logged for the region or a district under it; after the last reported
 * day, the projection's median (line) inside its 95 % interval (band).
 */
/** A policy change or intervention drawn on the series as a labelled vertical line (issue 17). */
export interface Annotation {
  date: string;
  label: string;
}

export function RiskChart({
  series,
  alerts,
  method,
  projection,
  annotations = [],
}: {
  series: RiskPoint[];
  alerts: Alert[];
  method: string;
  projection?: Projection;
  annotations?: Annotation[];
}) {
  const alertsByDay = new Map<string, Alert[]>();
  for (const a of alerts) alertsByDay.set(a.date, [...(alertsByDay.get(a.date) ?? []), a]);
  // The API clamps an infinite bound to the largest double (as AlertsTable notes): leave such a day's bound undrawn.
  const rows: Row[] = series.map((p) => ({
    ...p,
    alerts: alertsByDay.get(p.date) ?? [],
    plottedBound: p.upperBound == null || Math.abs(p.upperBound) >= 1e12 ? null : Math.max(0, p.upperBound),
  }));
  const markers: Marker[] = rows.filter((r) => r.alarm || r.alerts.length).map((r) => ({ date: r.date, y: r.count ?? 0, alerts: r.alerts }));

  const lastDay = series.at(-1)?.date;
  const ahead = lastDay ? (projection?.points ?? []).filter((p) => p.date > lastDay) : [];
  const last = rows.at(-1);
  if (ahead.length && last) {
    // The projection grows out of the last observed count, so the two read as one curve.
    last.median = last.count;
    last.band = [last.count ?? 0, last.count ?? 0];
    for (const p of ahead) {
      rows.push({ date: p.date, alerts: [], projected: true, median: p.median, lower: p.lower, upper: p.upper, band: [p.lower, p.upper] });
    }
  }

  // A wide interval must not flatten the observed series: beyond 2.5× the highest count, bound or median, the band is clipped
  // (the summary under the chart and the tooltip still give its full extent).
  const top = Math.max(1, ...rows.map((r) => Math.max(r.count ?? 0, r.plottedBound ?? 0, r.median ?? 0)));
  const bandTop = Math.max(0, ...ahead.map((p) => p.upper));
  const clipped = bandTop > 2.5 * top;
  const ticks = countTicks(clipped ? 1.6 * top : Math.max(top, bandTop));
  const yMax = ticks.at(-1)!;

  const first = series[0]?.date;
  const shownAnnotations = annotations.filter((a) => first && lastDay && a.date >= first && a.date <= lastDay);

  return (
    <div className="chart" data-testid="risk-chart" data-alerts={markers.length} data-projection-days={ahead.length}>
      <ComposedChart
        responsive
        accessibilityLayer
        style={{ width: "100%", height: 340 }}
        data={rows}
        margin={{ top: 12, right: 16, bottom: 0, left: 0 }}
        barCategoryGap="12%"
      >
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        {ahead.length > 0 && (
          <ReferenceArea
            x1={ahead[0]!.date}
            x2={ahead.at(-1)!.date}
            fill="#f1f5f9"
            fillOpacity={0.8}
            ifOverflow="visible"
            label={{ value: "Projection", position: "insideTop", fill: "#64748b", fontSize: 11 }}
          />
        )}
        <XAxis dataKey="date" tickFormatter={fmtShortDay} minTickGap={40} tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={fmtInt} width={48} tick={{ fontSize: 12 }} allowDecimals={false} domain={[0, yMax]} ticks={ticks} allowDataOverflow={clipped} />
        <Tooltip content={RiskTooltip} cursor={{ fill: "rgba(15, 23, 42, 0.06)" }} />
        <Bar dataKey="count" name="Daily confirmed" fill="#94a3b8" isAnimationActive={false} />
        <Line
          dataKey="plottedBound"
          name={`${method} upper bound`}
          type="stepAfter"
          stroke="#7c3aed"
          strokeWidth={2}
          strokeDasharray="6 3"
          dot={false}
          activeDot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
        {ahead.length > 0 && (
          <Area
            dataKey="band"
            name="Projection interval"
            type="monotone"
            stroke="none"
            fill={PROJECTION_COLOR}
            fillOpacity={0.16}
            activeDot={false}
            isAnimationActive={false}
            className="projection-band"
          />
        )}
        {ahead.length > 0 && (
          <Line
            dataKey="median"
            name="Projected median"
            type="monotone"
            stroke={PROJECTION_COLOR}
            strokeWidth={2.5}
            dot={false}
            activeDot={{ r: 3.5 }}
            isAnimationActive={false}
            className="projection-median"
          />
        )}
        {shownAnnotations.map((a) => (
          <ReferenceLine
            key={`${a.date}-${a.label}`}
            x={a.date}
            stroke="#334155"
            strokeDasharray="2 3"
            className="annotation"
            label={{ value: a.label, position: "insideTopLeft", fill: "#334155", fontSize: 11 }}
          />
        ))}
        {markers.map((m) => (
          <ReferenceDot key={m.date} x={m.date} y={m.y} r={5.5} shape={AlertMarker} ifOverflow="extendDomain" />
        ))}
      </ComposedChart>
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch" style={{ background: "#94a3b8" }} /> Daily confirmed cases
        </li>
        <li>
          <span className="swatch line" style={{ borderColor: "#7c3aed" }} /> {method} upper bound
        </li>
        <li>
          <span className="swatch dot" style={{ background: ALERT_RED }} /> Alarm / logged alert ({markers.length})
        </li>
        {shownAnnotations.length > 0 && (
          <li data-testid="annotations">
            <span className="swatch line" style={{ borderColor: "#334155", borderStyle: "dotted" }} /> Policy changes ({shownAnnotations.length})
          </li>
        )}
        {ahead.length > 0 && (
          <li data-testid="projection">
            <span className="swatch band" style={{ background: `${PROJECTION_COLOR}29`, borderColor: PROJECTION_COLOR }} />
            Projection, {ahead.length} days: median and 95 % interval{clipped && " (clipped)"}
          </li>
        )}
      </ul>
    </div>
  );
}
