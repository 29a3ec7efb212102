"use client";

import { Area, CartesianGrid, ComposedChart, Line, Scatter, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { fmtLongDay, fmtShortDay } from "@/lib/format";

/** One week as the API gives it (riskOverview period WEEK, `farrington`). */
export interface FarringtonWeek {
  date: string;
  count: number;
  expected: number | null;
  upperBound: number | null;
  alarm: boolean;
  trend: boolean | null;
}

// ≥ 4.5:1 against white: slate-700 counts, blue-700 expectation and band edge, red-700 alarms.
const COUNT_COLOR = "#334155";
const BAND_COLOR = "#1d4ed8";
const ALARM_COLOR = "#b91c1c";

interface Row extends FarringtonWeek {
  band: [number, number] | null;
  alarmAt: number | null;
}

/** A diamond on alarm weeks only (recharts hands the shape every point, with a null value off the alarms). */
function AlarmMark(props: unknown) {
  const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: Row };
  if (payload?.alarmAt == null || cx == null || cy == null || !Number.isFinite(cy)) return <g />;
  return <path className="farrington-alarm" d={`M${cx},${cy - 6}L${cx + 6},${cy}L${cx},${cy + 6}L${cx - 6},${cy}Z`} fill={ALARM_COLOR} stroke="#fff" />;
}

function WeekTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">Week of {fmtLongDay(row.date)}</div>
      <div>
        Cases: <strong>{row.count}</strong>
        {row.alarm && <strong style={{ color: ALARM_COLOR }}> · alarm</strong>}
      </div>
      {row.expected !== null && <div>Expected: {row.expected.toFixed(1)}</div>}
      {row.upperBound !== null && <div>Upper bound: {row.upperBound.toFixed(0)}</div>}
    </div>
  );
}

/**
 * Weekly counts of a notifiable disease inside Farrington's band: from the expectation (the same weeks of the
 * past five years) up to the threshold; weeks above it are alarms. A table alternative follows the chart.
 */
export function FarringtonChart({ weeks, disease }: { weeks: FarringtonWeek[]; disease: string }) {
  const rows: Row[] = weeks.map((w) => ({
    ...w,
    band: w.expected !== null && w.upperBound !== null ? [w.expected, w.upperBound] : null,
    alarmAt: w.alarm ? w.count : null,
  }));
  const alarms = weeks.filter((w) => w.alarm);
  return (
    <div className="chart" data-testid="farrington-chart" data-disease={disease} data-weeks={weeks.length} data-alarms={alarms.length}>
      <ComposedChart responsive style={{ width: "100%", height: 260 }} data={rows} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="date" tickFormatter={fmtShortDay} minTickGap={48} tick={{ fontSize: 12 }} />
        <YAxis width={48} tick={{ fontSize: 12 }} allowDecimals={false} />
        <Tooltip content={WeekTooltip} cursor={{ stroke: "#94a3b8", strokeDasharray: "3 3" }} />
        <Area
          dataKey="band"
          name="Expected to upper bound"
          type="stepAfter"
          stroke={BAND_COLOR}
          strokeWidth={1}
          fill={BAND_COLOR}
          fillOpacity={0.14}
          activeDot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
        <Line dataKey="count" name="Cases" type="stepAfter" stroke={COUNT_COLOR} strokeWidth={1.75} dot={false} isAnimationActive={false} />
        <Scatter dataKey="alarmAt" name="Alarm" fill={ALARM_COLOR} shape={AlarmMark} isAnimationActive={false} />
      </ComposedChart>
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch line solid" style={{ borderColor: COUNT_COLOR }} /> Weekly cases
        </li>
        <li>
          <span className="swatch band" style={{ background: `${BAND_COLOR}24`, borderColor: BAND_COLOR }} /> Farrington: expected to upper bound
        </li>
        <li>
          <span className="swatch dot" style={{ background: ALARM_COLOR }} /> Alarm (above the bound)
        </li>
      </ul>
      <details className="chart-table">
        <summary>Table of the last 12 weeks and every alarm</summary>
        <table data-testid="farrington-table">
          <caption className="sr-only">Weekly {disease} cases with Farrington's expectation and upper bound</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Cases</th>
              <th scope="col">Expected</th>
              <th scope="col">Upper bound</th>
              <th scope="col">Alarm</th>
            </tr>
          </thead>
          <tbody>
            {[...new Set([...alarms, ...weeks.slice(-12)])].map((w) => (
              <tr key={w.date}>
                <td>{w.date}</td>
                <td>{w.count}</td>
                <td>{w.expected === null ? "—" : w.expected.toFixed(1)}</td>
                <td>{w.upperBound === null ? "—" : w.upperBound.toFixed(0)}</td>
                <td>{w.alarm ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
