"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { fmtLongDay, fmtShortDay } from "@/lib/format";
import type { RtPoint } from "@/lib/shapes";

const RT_COLOR = "#7c3aed";
const fmt2 = (x: number) => x.toFixed(2);

interface Row extends RtPoint {
  band: [number, number];
}

function RtTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{fmtLongDay(row.date)}</div>
      <div>
        Rt: <strong>{fmt2(row.mean)}</strong>
      </div>
      <div>
        95 % credible interval: {fmt2(row.lower)}–{fmt2(row.upper)}
      </div>
    </div>
  );
}

/**
 * The reproduction number over the same days as the counts: mean (line) inside its 95 % credible interval
 * (band), against the epidemic threshold Rt = 1 (dashed).
 */
export function RtChart({ rt }: { rt: RtPoint[] }) {
  const rows: Row[] = rt.map((p) => ({ ...p, band: [p.lower, p.upper] }));
  // Early in a window (few cases) the interval can be very wide: keep the axis where the means are, and clip the band.
  const meanTop = Math.max(1.5, ...rt.map((p) => p.mean));
  const bandTop = Math.max(0, ...rt.map((p) => p.upper));
  const top = Math.max(1.5, Math.ceil(Math.min(bandTop, meanTop * 1.6) * 2) / 2);
  // Round ticks: every 0.5 up to 4, every 1 above (recharts' own would pick 0.75 steps and print "0.8").
  const step = top > 4 ? 1 : 0.5;
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);

  return (
    <div className="chart" data-testid="rt-chart" data-points={rt.length}>
      <ComposedChart responsive style={{ width: "100%", height: 240 }} data={rows} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="date" tickFormatter={fmtShortDay} minTickGap={40} tick={{ fontSize: 12 }} />
        <YAxis width={48} tick={{ fontSize: 12 }} tickFormatter={(v: number) => v.toFixed(1)} domain={[0, top]} ticks={ticks} allowDataOverflow />
        <Tooltip content={RtTooltip} cursor={{ stroke: "#94a3b8", strokeDasharray: "3 3" }} />
        <Area
          dataKey="band"
          name="95 % credible interval"
          type="monotone"
          stroke="none"
          fill={RT_COLOR}
          fillOpacity={0.16}
          activeDot={false}
          isAnimationActive={false}
        />
        {/* Labelled in the legend: a label on the line would sit on the band. */}
        <ReferenceLine y={1} stroke="#0f172a" strokeWidth={1.25} strokeDasharray="5 4" ifOverflow="extendDomain" />
        <Line dataKey="mean" name="Rt" type="monotone" stroke={RT_COLOR} strokeWidth={2} dot={false} activeDot={{ r: 3.5 }} isAnimationActive={false} />
      </ComposedChart>
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch line solid" style={{ borderColor: RT_COLOR }} /> Rt (mean)
        </li>
        <li>
          <span className="swatch band" style={{ background: `${RT_COLOR}29`, borderColor: RT_COLOR }} /> 95 % credible interval
        </li>
        <li>
          <span className="swatch line" style={{ borderColor: "#0f172a" }} /> Rt = 1: epidemic threshold
        </li>
      </ul>
    </div>
  );
}
