"use client";

import { Area, Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { fmtLongDay, fmtShortDay } from "@/lib/format";

/** One day of the nowcast as the API gives it. */
export interface NowcastDay {
  date: string;
  observed: number;
  final: boolean;
  median: number | null;
  lower: number | null;
  upper: number | null;
}

// ≥ 4.5:1 against white: slate-600 bars, teal-800 nowcast line and band edge.
const OBSERVED_COLOR = "#475569";
const NOWCAST_COLOR = "#115e59";

interface Row extends NowcastDay {
  band: [number, number] | null;
}

function NowcastTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{fmtLongDay(row.date)}</div>
      <div>
        Reported so far: <strong>{row.observed}</strong>
      </div>
      {!row.final && row.median !== null && (
        <div>
          Nowcast: {row.median} (95 %: {row.lower ?? "?"}–{row.upper ?? "?"})
        </div>
      )}
      {row.final && <div>Final: no more reports expected</div>}
    </div>
  );
}

/**
 * The last days' daily counts as reported so far (bars) and, on the days still expecting late reports, the
 * nowcast of their final count (line) inside its 95 % band. A table alternative follows the chart.
 */
export function NowcastChart({ points, asOf }: { points: NowcastDay[]; asOf: string }) {
  const rows: Row[] = points.map((p) => ({ ...p, band: !p.final && p.lower !== null && p.upper !== null ? [p.lower, p.upper] : null }));
  const open = points.filter((p) => !p.final);
  return (
    <div className="chart" data-testid="nowcast-chart" data-open-days={open.length} data-as-of={asOf}>
      <ComposedChart responsive style={{ width: "100%", height: 240 }} data={rows} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="date" tickFormatter={fmtShortDay} minTickGap={32} tick={{ fontSize: 12 }} />
        <YAxis width={48} tick={{ fontSize: 12 }} allowDecimals={false} />
        <Tooltip content={NowcastTooltip} cursor={{ fill: "#f1f5f9" }} />
        <Bar dataKey="observed" name="Reported so far" fill={OBSERVED_COLOR} fillOpacity={0.75} isAnimationActive={false} />
        <Area
          dataKey="band"
          name="Nowcast 95 % interval"
          type="linear"
          stroke={NOWCAST_COLOR}
          strokeWidth={1}
          fill={NOWCAST_COLOR}
          fillOpacity={0.18}
          activeDot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey={(r: Row) => (r.final ? null : r.median)}
          name="Nowcast"
          type="linear"
          stroke={NOWCAST_COLOR}
          strokeWidth={2}
          dot={{ r: 2.5 }}
          isAnimationActive={false}
        />
      </ComposedChart>
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch band" style={{ background: OBSERVED_COLOR, borderColor: OBSERVED_COLOR }} /> Reported by the end of {asOf}
        </li>
        <li>
          <span className="swatch band" style={{ background: `${NOWCAST_COLOR}2e`, borderColor: NOWCAST_COLOR }} /> Nowcast of the final count, 95 % interval
        </li>
      </ul>
      <details className="chart-table">
        <summary>Table of the days still expecting reports</summary>
        <table data-testid="nowcast-table">
          <caption className="sr-only">Reported and nowcast daily counts</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Reported so far</th>
              <th scope="col">Nowcast</th>
              <th scope="col">95 % interval</th>
            </tr>
          </thead>
          <tbody>
            {open.map((p) => (
              <tr key={p.date}>
                <td>{p.date}</td>
                <td>{p.observed}</td>
                <td>{p.median ?? "—"}</td>
                <td>
                  {p.lower ?? "?"}–{p.upper ?? "?"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
