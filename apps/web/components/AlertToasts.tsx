"use client";

import { fmt1, fmtInt } from "@/lib/format";
import { LEVEL_COLOR } from "@/lib/levels";
import type { Alert } from "@/lib/shapes";

/** Live alerts stay until dismissed: an emergency signal should not time out unseen. */
export function AlertToasts({ alerts, onDismiss, onShow }: { alerts: Alert[]; onDismiss: (id: number) => void; onShow: (regionCode: string) => void }) {
  if (!alerts.length) return null;
  return (
    <div className="toasts" aria-live="assertive">
      {alerts.map((a) => (
        <div key={a.id} className="toast" role="alert" data-testid="alert-toast" style={{ borderLeftColor: LEVEL_COLOR[a.level] }}>
          <div className="toast-body">
            <strong>
              New alert: {a.region.name} ({a.region.code}) {a.method}
            </strong>
            <span className="toast-detail">
              {a.date} · observed {fmtInt(a.observed)}
              {Math.abs(a.threshold) < 1e12 ? ` above ${fmt1(a.threshold)}` : ""} · level {a.level}
            </span>
          </div>
          <div className="toast-actions">
            <button type="button" className="button small" onClick={() => onShow(a.region.code)}>
              Show
            </button>
            <button type="button" className="icon-button" aria-label="Dismiss alert" onClick={() => onDismiss(a.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
