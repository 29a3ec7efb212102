"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { fmtDuration } from "@/lib/format";
import type { LevelLatency } from "@/lib/shapes";

const MEDIAN = "#2563eb";
const P90 = "#f59e0b";

/**
 * Time to acknowledge per level and playbook step (median and 90th percentile), from the signed
 * receipt times of the alert's entry and of each acknowledgement entry.
 */
export function LatencyChart({ latency }: { latency: LevelLatency[] }) {
  const rows = latency.map((l) => ({
    name: `${l.level.toLowerCase()} · ${l.step}`,
    median: l.toAcknowledge.median,
    p90: l.toAcknowledge.p90,
  }));
  return (
    <div className="chart" data-testid="latency-chart" data-rows={rows.length}>
      <BarChart responsive style={{ width: "100%", height: 240 }} data={rows} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
        <YAxis width={64} tick={{ fontSize: 12 }} tickFormatter={(v: number) => fmtDuration(v)} />
        <Tooltip formatter={(v) => fmtDuration(Number(v))} />
        <Bar dataKey="median" name="median" fill={MEDIAN} isAnimationActive={false} />
        <Bar dataKey="p90" name="90th percentile" fill={P90} isAnimationActive={false} />
      </BarChart>
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <span className="swatch band" style={{ background: MEDIAN, borderColor: MEDIAN }} /> median time to acknowledge
        </li>
        <li>
          <span className="swatch band" style={{ background: P90, borderColor: P90 }} /> 90th percentile
        </li>
      </ul>
    </div>
  );
}
