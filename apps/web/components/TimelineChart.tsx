"use client";

import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { fmtDateTime, fmtDuration } from "@/lib/format";
import type { TimelineStep } from "@/lib/shapes";

const LEVELS = ["DISTRICT", "CITY", "PROVINCE"] as const;
const KIND_COLOR: Record<string, string> = {
  FIRST_REPORT: "#0f172a",
  ALERT: "#dc2626",
  OPENED: "#94a3b8",
  ESCALATED: "#f97316",
  ACKNOWLEDGED: "#2563eb",
  IN_PROGRESS: "#16a34a",
  DONE: "#15803d",
  CANCELLED: "#6b7280",
};

interface Point extends TimelineStep {
  x: number;
  y: number;
}

function StepTooltip({ active, payload }: TooltipContentProps) {
  const p = payload?.[0]?.payload as Point | undefined;
  if (!active || !p) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">
        {p.kind.replaceAll("_", " ").toLowerCase()} · {p.departmentCode ?? "log"}
      </div>
      <div>{fmtDateTime(p.at)}</div>
      <div>{fmtDuration(p.secondsSinceFirstReport)} after the first report</div>
      <div className="mono">entry #{p.entryIndex}</div>
    </div>
  );
}

/** Each step of the timeline at its time since the first report (x) and its level of the hierarchy (y). */
export function TimelineChart({ steps }: { steps: TimelineStep[] }) {
  const points: Point[] = steps.map((s) => ({
    ...s,
    x: s.secondsSinceFirstReport,
    y: Math.max(0, LEVELS.indexOf(s.regionLevel as (typeof LEVELS)[number])),
  }));
  const kinds = [...new Set(points.map((p) => p.kind))];
  return (
    <div className="chart" data-testid="timeline-chart" data-points={points.length}>
      <ScatterChart responsive style={{ width: "100%", height: 220 }} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#e5e7eb" />
        <XAxis type="number" dataKey="x" name="since the first report" tick={{ fontSize: 12 }} tickFormatter={(v: number) => fmtDuration(v)} />
        <YAxis
          type="number"
          dataKey="y"
          domain={[-0.5, 2.5]}
          ticks={[0, 1, 2]}
          width={72}
          tick={{ fontSize: 12 }}
          tickFormatter={(v: number) => LEVELS[v]?.toLowerCase() ?? ""}
        />
        <Tooltip content={StepTooltip} />
        {kinds.map((k) => (
          <Scatter key={k} name={k} data={points.filter((p) => p.kind === k)} fill={KIND_COLOR[k] ?? "#334155"} isAnimationActive={false} />
        ))}
      </ScatterChart>
      <ul className="chart-legend" aria-label="Legend">
        {kinds.map((k) => (
          <li key={k}>
            <span className="swatch band" style={{ background: KIND_COLOR[k], borderColor: KIND_COLOR[k] }} /> {k.replaceAll("_", " ").toLowerCase()}
          </li>
        ))}
      </ul>
    </div>
  );
}
