"use client";

// Live dashboards: when reports change (or an alert is raised) in the viewer's scope, the page's server
// components re-render in place (router.refresh keeps scroll, filters and open <details>), and a visible
// "Updated" mark says when — no full reload.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { ALERT_RAISED, REPORTS_CHANGED } from "@/lib/operations";
import { useSubscription } from "@/lib/subscriptions";

export function LiveRefresh() {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [updated, setUpdated] = useState<{ at: string; what: string } | null>(null);
  const refresh = (what: string) => {
    startTransition(() => router.refresh());
    setUpdated({ at: new Date().toISOString().slice(11, 19), what });
  };
  useSubscription(REPORTS_CHANGED, (d) => refresh(`new reports for ${d.reportsChanged.regionCode}, ${d.reportsChanged.date}`));
  useSubscription(ALERT_RAISED, (d) => refresh(`alert in ${d.alertRaised.region.name}`));
  return (
    <p className="live-mark" role="status" aria-live="polite" data-testid="live-updated" data-updated={updated ? "yes" : "no"}>
      {updated ? (
        <>
          <span className="live-dot" aria-hidden="true" /> Updated {updated.at} UTC: {updated.what}
        </>
      ) : (
        <span className="muted">Live: panels update as reports arrive</span>
      )}
    </p>
  );
}
