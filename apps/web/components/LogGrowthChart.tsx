"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { fmtInt, fmtLongDay, fmtShortDay } from "@/lib/format";
import type { LogGrowthPoint } from "@/lib/shapes";

export function LogGrowthChart({ points }: { points: LogGrowthPoint[] }) {
  return (
    <div className="chart" data-testid="log-growth-chart">
      <AreaChart responsive style={{ width: "100%", height: 260 }} data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <defs>
          <linearGradient id="logFill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="#0f766e" stopOpacity={0.35} />
            <stop offset="100%" stopColor="#0f766e" stopOpacity={0.03} />
          </linearGradient>
        </defs>
        <CartesianGrid stroke="#e5e7eb" vertical={false} />
        <XAxis dataKey="date" tickFormatter={fmtShortDay} minTickGap={40} tick={{ fontSize: 12 }} />
        <YAxis tickFormatter={fmtInt} width={56} tick={{ fontSize: 12 }} />
        <Tooltip labelFormatter={(d) => fmtLongDay(String(d))} formatter={(v) => [fmtInt(Number(v)), "Log size"]} />
        <Area type="stepAfter" dataKey="size" name="Log size" stroke="#0f766e" strokeWidth={2} fill="url(#logFill)" isAnimationActive={false} />
      </AreaChart>
    </div>
  );
}
