import type { ReactNode } from "react";

export function KpiCard({ label, value, detail, accent, testId }: { label: string; value: ReactNode; detail?: ReactNode; accent?: string; testId?: string }) {
  return (
    <div className="kpi" style={accent ? { borderTopColor: accent } : undefined} data-testid={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {detail && <div className="kpi-detail">{detail}</div>}
    </div>
  );
}
