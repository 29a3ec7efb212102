"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { ALERT_RAISED } from "@/lib/operations";
import type { Alert } from "@/lib/shapes";
import { useSubscription } from "@/lib/subscriptions";
import { useAnalysisNav } from "./AnalysisControls";
import { AlertToasts } from "./AlertToasts";

/** One report can raise several alerts at once: re-render once for the burst, not once per alert. */
const REFRESH_AFTER_MS = 300;

/** New alerts as they are raised: a toast each, and the server re-renders the page's levels, series and alerts. */
export function LiveAlerts() {
  const router = useRouter();
  const { go } = useAnalysisNav();
  const [toasts, setToasts] = useState<Alert[]>([]);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  useSubscription(ALERT_RAISED, ({ alertRaised }) => {
    setToasts((t) => [alertRaised, ...t.filter((x) => x.id !== alertRaised.id)].slice(0, 4));
    pending.current ??= setTimeout(() => {
      pending.current = null;
      router.refresh();
    }, REFRESH_AFTER_MS);
  });
  return (
    <AlertToasts
      alerts={toasts}
      onDismiss={(id) => setToasts((t) => t.filter((a) => a.id !== id))}
      onShow={(code) => go({ region: code }, "risk-series-anchor")}
    />
  );
}
