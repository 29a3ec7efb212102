"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { fmtInt, fmtLongDay, fmtShortDay } from "@/lib/format";
import type { DailyReportCount } from "@/lib/shapes";

function ReportsTooltip({ active, payload }: TooltipContentProps) {
  const d = payload?.[0]?.payload as DailyReportCount | undefined;
  if (!active || !d) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{fmtLongDay(d.date)}</div>
      <div>
        Confirmed: <strong>{fmtInt(d.confirmed)}</strong>
      </div>
      <div>
        Suspected: <strong>{fmtInt(d.suspected)}</strong>
      </div>
      <div>Tests: {fmtInt(d.tests)}</div>
      <div className="muted">{fmtInt(d.reports)} district reports filed</div>
    </div>
  );
}

export function ReportsChart({ days }: { days: DailyReportCount[] }) {
  return (
    <div className="chart" data-testid="reports-chart">
      <BarChart responsive style={{ width: "100%", height: 300 }} data={days} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barCategoryGap="12%">
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="date" tickFormatter={fmtShortDay} minTickGap={40} tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={fmtInt} width={48} tick={{ fontSize: 12 }} />
        <Tooltip content={ReportsTooltip} cursor={{ fill: "rgba(15, 23, 42, 0.06)" }} />
        <Legend verticalAlign="top" height={28} iconType="square" formatter={(value) => <span style={{ color: "#334155" }}>{value}</span>} />
        <Bar dataKey="confirmed" name="Confirmed" stackId="cases" fill="#1d4ed8" isAnimationActive={false} />
        <Bar dataKey="suspected" name="Suspected" stackId="cases" fill="#93c5fd" isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
