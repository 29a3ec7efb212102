"use client";

// The analysis page's state is its URL (?region=, ?method=): a drill-down can be bookmarked, shared and undone
// with Back, and the server renders whatever the URL says. These controls only change the URL.
import { useCallback, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { AlertMethod, type DetectorRun } from "@/lib/analysis-params";
import type { Region } from "@/lib/shapes";
import { useHydrated } from "@/lib/hydrated";
import { RegionSelect } from "./RegionSelect";

export function useAnalysisNav() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const go = useCallback(
    (change: { region?: string; method?: string | null }, scrollTo?: string) => {
      const next = new URLSearchParams(params);
      if (change.region !== undefined) next.set("region", change.region);
      if (change.method !== undefined) {
        if (change.method) next.set("method", change.method);
        else next.delete("method");
      }
      startTransition(() => router.push(`${pathname}?${next}`, { scroll: false }));
      if (scrollTo) document.getElementById(scrollTo)?.scrollIntoView({ behavior: "smooth", block: "start" });
    },
    [params, pathname, router],
  );
  return { go, pending };
}

export function RegionPicker({ regions, selected }: { regions: Region[]; selected: string }) {
  const { go, pending } = useAnalysisNav();
  const hydrated = useHydrated();
  return (
    <div className="field inline" aria-busy={pending}>
      <label htmlFor="risk-region">Region</label>
      <RegionSelect id="risk-region" regions={regions} value={selected} onChange={(code) => go({ region: code })} disabled={!hydrated} />
    </div>
  );
}

/** Empty = the detector the policy in force prescribes; another one is a what-if view only (alerts still follow the policy). */
export function DetectorPicker({ method, shown }: { method: AlertMethod | null; shown: string | null }) {
  const { go, pending } = useAnalysisNav();
  const hydrated = useHydrated();
  return (
    <div className="panel-controls">
      <label htmlFor="risk-detector" className="muted">
        Detector
      </label>
      <select id="risk-detector" value={method ?? ""} disabled={!hydrated} onChange={(e) => go({ method: e.target.value || null })}>
        <option value="">Policy in force</option>
        {Object.values(AlertMethod).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      {shown && (
        <span
          className="method-badge"
          data-testid="risk-method"
          title={method ? "Chosen for comparison; alerts follow the policy" : "Detection method of the policy in force"}
        >
          Method: {shown}
        </span>
      )}
      {pending && (
        <span className="loading subtle" role="status">
          Updating…
        </span>
      )}
    </div>
  );
}

/** Alarm counts of every daily detector over the same days; a click charts that detector's upper bound. */
export function DetectorStrip({ detectors, shown }: { detectors: DetectorRun[]; shown: string }) {
  const { go } = useAnalysisNav();
  const hydrated = useHydrated();
  return (
    <div className="detector-strip" data-testid="detector-alarms">
      <span className="muted">Alarms in this window by detector:</span>
      {detectors.map((d) => (
        <button
          key={d.method}
          type="button"
          className={`chip${d.method === shown ? " active" : ""}`}
          aria-pressed={d.method === shown}
          disabled={!hydrated}
          title={`${d.method} ${d.parameters}: show its upper bound`}
          onClick={() => go({ method: d.method })}
        >
          <span className="mono">{d.method}</span> <strong>{d.alarms}</strong>
        </button>
      ))}
    </div>
  );
}
