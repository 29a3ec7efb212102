"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@/lib/graphql";
import { ALERT_RAISED, RISK_MAP, RISK_OVERVIEW } from "@/lib/queries";
import { useSubscription } from "@/lib/subscriptions";
import { fmt1, fmtInt, fmtLongDay } from "@/lib/format";
import { LEVEL_COLOR, LEVEL_MEANING, LEVEL_TEXT, mostSevere } from "@/lib/levels";
import { isWithin } from "@/lib/regions";
import { ALERT_METHODS, type Alert, type AlertMethod } from "@/lib/types";
import { AlertToasts } from "./AlertToasts";
import { AlertsTable } from "./AlertsTable";
import { ErrorMessage } from "./ErrorMessage";
import { KpiCard } from "./KpiCard";
import { Empty, Loading, Panel } from "./Panel";
import { RegionSelect } from "./RegionSelect";
import { projectionSummary, RiskChart } from "./RiskChart";
import { RiskTable } from "./RiskTable";
import { RtChart, rtSummary } from "./RtChart";

const fmt2 = (x: number) => x.toFixed(2);

/** "+3.1 %/day · doubling 22 d" from the 14-day growth estimate. */
function growthText(g: { rate: number; doublingTime: number | null; halvingTime: number | null } | null): string {
  if (!g) return "growth: not enough data";
  const rate = `${g.rate >= 0 ? "+" : "−"}${fmt1(Math.abs(g.rate) * 100)} %/day`;
  if (g.doublingTime != null && Number.isFinite(g.doublingTime)) return `${rate} · doubling ${fmt1(g.doublingTime)} d`;
  if (g.halvingTime != null && Number.isFinite(g.halvingTime)) return `${rate} · halving ${fmt1(g.halvingTime)} d`;
  return rate;
}

const pct = (x: number) => `${x >= 0 ? "+" : "−"}${fmt1(Math.abs(x) * 100)}`;

/** "+2.5 %/day (95 % CI −1.9 to +6.8)": the growth estimate with its interval, for the note under the chart. */
function growthInterval(g: { rate: number; lower: number; upper: number }): string {
  return `${pct(g.rate)} %/day (95 % CI ${pct(g.lower)} to ${pct(g.upper)})`;
}

/** The API prefixes each reason with its level ("level III: …"); the sentence around it already says which. */
const stripLevel = (reason: string) => reason.replace(/^level (I|II|III|IV): /, "");

// Lantern Hill, where the demo's headline outbreak is; other data sets fall back to the most severe region.
const DEFAULT_REGION = "RL-01-02";

export function AnalysisView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const chartRef = useRef<HTMLDivElement>(null);

  const map = useQuery(RISK_MAP);
  const risks = useMemo(() => map.data?.riskMap ?? [], [map.data]);
  const byCode = useMemo(() => new Map(risks.map((r) => [r.region.code, r.region])), [risks]);

  const fallback = byCode.has(DEFAULT_REGION)
    ? DEFAULT_REGION
    : (mostSevere(risks.filter((r) => r.region.level === "DISTRICT")) ?? mostSevere(risks))?.region.code ?? null;
  const asked = params.get("region");
  // The region lives in the URL so a drill-down can be bookmarked, shared and undone with Back.
  const selected = asked && (!map.data || byCode.has(asked)) ? asked : fallback;

  // Empty = the detector the policy in force prescribes; another one is a what-if view only (alerts still follow the policy).
  const [method, setMethod] = useState<AlertMethod | "">("");
  const overview = useQuery(RISK_OVERVIEW, { regionCode: selected ?? "", method: method || null }, { skip: !selected });
  const o = overview.data?.riskOverview;

  const select = useCallback((code: string, scroll = false) => {
    router.push(`${pathname}?region=${encodeURIComponent(code)}`, { scroll: false });
    if (scroll) chartRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [router, pathname]);

  const [toasts, setToasts] = useState<Alert[]>([]);
  const refetchMap = map.refetch;
  const refetchOverview = overview.refetch;
  useSubscription(ALERT_RAISED, ({ alertRaised }) => {
    setToasts((t) => [alertRaised, ...t.filter((x) => x.id !== alertRaised.id)].slice(0, 4));
    refetchMap();
    if (selected && isWithin(byCode, selected, alertRaised.region.code)) refetchOverview();
  });

  const recentAlerts = useMemo(() => (o ? [...o.alerts].reverse() : []), [o]);
  const projectionText = o ? projectionSummary(o.projection) : null;
  const regionsForSelect = useMemo(() => risks.map((r) => r.region), [risks]);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Risk early warning</h1>
          <p className="lede">Daily counts against the detector the policy in force prescribes, and every region&apos;s response level.</p>
        </div>
        {selected && regionsForSelect.length > 0 && (
          <div className="field inline">
            <label htmlFor="risk-region">Region</label>
            <RegionSelect id="risk-region" regions={regionsForSelect} value={selected} onChange={(c) => select(c)} />
          </div>
        )}
      </div>
      <ErrorMessage error={map.error} />
      <ErrorMessage error={overview.error} />

      {o && (
        <div className="kpis" data-testid="risk-kpis">
          <div
            className="kpi kpi-level"
            data-testid="kpi-level"
            data-level={o.level}
            style={{ background: LEVEL_COLOR[o.level], color: LEVEL_TEXT[o.level], borderTopColor: LEVEL_COLOR[o.level] }}
          >
            <div className="kpi-label">Response level</div>
            <div className="kpi-value">Level {o.level}</div>
            <div className="kpi-detail">{LEVEL_MEANING[o.level]}</div>
          </div>
          <KpiCard label="New cases, last 7 days" value={fmtInt(o.newCases7d)} detail={`to ${fmtLongDay(o.to)}`} testId="kpi-new-cases" />
          <KpiCard label="Incidence per 100k (7 d)" value={fmt1(o.incidencePer100k)} detail={`population ${fmtInt(o.region.population)}`} testId="kpi-incidence" />
          <KpiCard
            label="Reproduction number Rt"
            value={o.currentRt == null ? "—" : fmt2(o.currentRt)}
            detail={growthText(o.growth)}
            accent="#7c3aed"
            testId="kpi-rt"
          />
          <KpiCard label="Alerts in window" value={fmtInt(o.alerts.length)} detail={`${o.activeAlarms} detector alarm${o.activeAlarms === 1 ? "" : "s"} in the last 7 days`} accent="#dc2626" testId="kpi-alerts" />
        </div>
      )}
      {o && o.levelReasons.length > 0 && (
        <p className="level-reasons" data-testid="level-reasons">
          <strong>Why level {o.level}:</strong> {o.levelReasons.map(stripLevel).join(" · ")}
        </p>
      )}

      <div ref={chartRef} className="scroll-anchor">
        <Panel
          title={o ? `Daily confirmed cases — ${o.region.name}` : "Daily confirmed cases"}
          id="risk-series"
          actions={
            <div className="panel-controls">
              <label htmlFor="risk-detector" className="muted">Detector</label>
              <select id="risk-detector" value={method} onChange={(e) => setMethod(e.target.value as AlertMethod | "")}>
                <option value="">Policy in force</option>
                {ALERT_METHODS.map((m) => <option key={m} value={m}>{m}</option>)}
              </select>
              {o && <span className="method-badge" data-testid="risk-method" title={method ? "Chosen for comparison; alerts follow the policy" : "Detection method of the policy in force"}>Method: {o.method}</span>}
            </div>
          }
        >
          {o ? (
            <>
              <RiskChart series={o.series} alerts={o.alerts} method={o.method} projection={o.projection} />
              {(projectionText || o.growth) && (
                <p className="note chart-note">
                  {projectionText && <span data-testid="projection-summary">{projectionText}.</span>}
                  {o.growth && <span> Growth over the last 14 days: {growthInterval(o.growth)}.</span>}
                </p>
              )}
              {o.detectors.length > 1 && (
                <div className="detector-strip" data-testid="detector-alarms">
                  <span className="muted">Alarms in this window by detector:</span>
                  {o.detectors.map((d) => (
                    <button
                      key={d.method} type="button" className={`chip${d.method === o.method ? " active" : ""}`} aria-pressed={d.method === o.method}
                      title={`${d.method} ${d.parameters}: show its upper bound`} onClick={() => setMethod(d.method)}
                    >
                      <span className="mono">{d.method}</span> <strong>{d.alarms}</strong>
                    </button>
                  ))}
                </div>
              )}
            </>
          ) : overview.loading || map.loading ? <Loading what="the risk series" /> : !overview.error && !map.error && <Empty>Pick a region.</Empty>}
          {overview.loading && o && <p className="loading subtle" role="status">Updating…</p>}
        </Panel>
      </div>

      {/* Rt next to the alerts: both are about the selected region; the alerts get the wider column for their rechecks. */}
      <div className="grid-2 align-start">
        <Panel title={o ? `Reproduction number Rt — ${o.region.name}` : "Reproduction number Rt"} id="risk-rt" actions={<span className="muted">7-day window · 95 % credible interval</span>}>
          {o ? (
            o.rt.length ? (
              <>
                <RtChart rt={o.rt} />
                <p className="note chart-note" data-testid="rt-summary">{rtSummary(o.rt)}</p>
              </>
            ) : <Empty>Too few cases in this window to estimate Rt.</Empty>
          ) : overview.loading && <Loading what="Rt" />}
        </Panel>
        <Panel title={o ? `Alerts — ${o.region.name}` : "Alerts"} id="risk-alerts" actions={o && recentAlerts.length > 0 && <span className="muted">Recheck recomputes an alert from the log</span>}>
          {o ? (recentAlerts.length ? <AlertsTable alerts={recentAlerts} regionCode={o.region.code} testId="region-alerts" recheck /> : <Empty>No alerts in this window.</Empty>) : overview.loading && <Loading what="alerts" />}
        </Panel>
      </div>

      <Panel title="Regions by response level" id="risk-regions" actions={<span className="muted">Click a region to chart it</span>}>
        {map.data ? <RiskTable risks={risks} selected={selected} onSelect={(c) => select(c, true)} /> : map.loading && <Loading what="the risk map" />}
      </Panel>

      <AlertToasts alerts={toasts} onDismiss={(id) => setToasts((t) => t.filter((a) => a.id !== id))} onShow={(c) => select(c, true)} />
    </>
  );
}
