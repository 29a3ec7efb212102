"use client";

// Live dashboards: when reports change (or an alert is raised) in the viewer's scope, the page's server
// components re-render in place (router.refresh keeps scroll, filters and open <details>), and a visible
// "Updated" mark says when — no full reload.
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { ALERT_RAISED, REPORTS_CHANGED } from "@/lib/operations";
import { useSubscription } from "@/lib/subscriptions";

export function LiveRefresh() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [updated, setUpdated] = useState<{ at: string; what: string } | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  // One report fires several events (its alert, then the report itself). A second router.refresh aborts the
  // render in flight, so a burst would restart the slowest render again and again: while one is running, the
  // next events only queue a single follow-up refresh.
  const inFlight = useRef<string | null>(null);
  const queued = useRef<string | null>(null);
  const start = useCallback(
    (what: string) => {
      inFlight.current = what;
      setWaiting(what);
      startTransition(() => router.refresh());
    },
    [router],
  );
  const refresh = (what: string) => {
    if (inFlight.current !== null) queued.current = what;
    else start(what);
  };
  useEffect(() => {
    if (pending || inFlight.current === null) return;
    // The refreshed render has been committed: say so, then run the refresh queued meanwhile, if any.
    setUpdated({ at: new Date().toISOString().slice(11, 19), what: inFlight.current });
    inFlight.current = null;
    setWaiting(null);
    const next = queued.current;
    queued.current = null;
    if (next) start(next);
  }, [pending, start]);
  useSubscription(REPORTS_CHANGED, (d) => refresh(`new reports for ${d.reportsChanged.regionCode}, ${d.reportsChanged.date}`));
  useSubscription(ALERT_RAISED, (d) => refresh(`alert in ${d.alertRaised.region.name}`));
  return (
    <p
      className="live-mark"
      role="status"
      aria-live="polite"
      data-testid="live-updated"
      data-updated={updated ? "yes" : "no"}
      data-refreshing={waiting ? "yes" : "no"}
    >
      {updated ? (
        <>
          <span className="live-dot" aria-hidden="true" /> Updated {updated.at} UTC: {updated.what}
          {waiting && <span className="muted"> · updating…</span>}
        </>
      ) : waiting ? (
        <span className="muted">Updating: {waiting}…</span>
      ) : (
        <span className="muted">Live: panels update as reports arrive</span>
      )}
    </p>
  );
}
