"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { ALERT_RAISED } from "@/lib/operations";
import type { Alert } from "@/lib/shapes";
import { useSubscription } from "@/lib/subscriptions";
import { useAnalysisNav } from "./AnalysisControls";
import { AlertToasts } from "./AlertToasts";

/** New alerts as they are raised: a toast each, and the server re-renders the page's levels, series and alerts. */
export function LiveAlerts() {
  const router = useRouter();
  const { go } = useAnalysisNav();
  const [toasts, setToasts] = useState<Alert[]>([]);
  useSubscription(ALERT_RAISED, ({ alertRaised }) => {
    setToasts((t) => [alertRaised, ...t.filter((x) => x.id !== alertRaised.id)].slice(0, 4));
    router.refresh();
  });
  return (
    <AlertToasts
      alerts={toasts}
      onDismiss={(id) => setToasts((t) => t.filter((a) => a.id !== id))}
      onShow={(code) => go({ region: code }, "risk-series-anchor")}
    />
  );
}
