import { Suspense } from "react";
import type { Metadata } from "next";
import { AlertsTable } from "@/components/AlertsTable";
import { DetectorPicker, DetectorStrip } from "@/components/AnalysisControls";
import { DiseasePanels } from "@/components/DiseasePanels";
import { ErrorMessage } from "@/components/ErrorMessage";
import { LiveAlerts } from "@/components/LiveAlerts";
import { LiveRefresh } from "@/components/LiveRefresh";
import { Empty, Panel } from "@/components/Panel";
import { RiskChart } from "@/components/RiskChart";
import { RiskKpis } from "@/components/RiskKpis";
import { RiskTable } from "@/components/RiskTable";
import { RtChart } from "@/components/RtChart";
import { Choropleth } from "@/components/Choropleth";
import { DataTable, ExportLinks } from "@/components/DataTable";
import { PngDownload } from "@/components/PngDownload";
import { FilterBar } from "@/components/FilterBar";
import { SourcesNote } from "@/components/SourcesNote";
import { asAlertMethod, pickRegion } from "@/lib/analysis-params";
import { exportHref, riskMapDataset, riskSeriesDataset } from "@/lib/export";
import { parseFilters, periodLabel, periodRange } from "@/lib/filters";
import { LATEST_DAY, POLICIES, RISK_MAP, RISK_OVERVIEW } from "@/lib/operations";
import { load } from "@/lib/server-api";
import { growthInterval, projectionSummary, rtSummary } from "@/lib/summaries";

export const metadata: Metadata = { title: "Analysis — risk early warning" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AnalysisPage({ searchParams }: { searchParams: Search }) {
  // Every panel reads the same filters from the URL (lib/filters.ts): region, period, method.
  const filters = parseFilters(await searchParams);
  const method = asAlertMethod(filters.method);
  const latest = (await load(LATEST_DAY)).data?.latestReportDay ?? null;
  const range = latest ? periodRange(filters.period, latest) : null;
  const [map, policies] = await Promise.all([load(RISK_MAP, { date: range?.to ?? null }), load(POLICIES, { limit: 50 })]);
  const risks = map.data?.riskMap ?? [];
  // No region in the URL (or one outside the viewer's scope): open on the most at-risk one they may see.
  const selected = pickRegion(risks, filters.region);
  const overview = selected ? await load(RISK_OVERVIEW, { regionCode: selected, method, ...(range ?? {}) }) : { data: null, error: null };
  const o = overview.data?.riskOverview ?? null;
  const shown = { ...filters, region: selected };
  const annotations = (policies.data?.policies ?? [])
    .filter((p) => p.effectiveFrom && (!p.regionCode || p.regionCode === "RL" || (selected ?? "").startsWith(p.regionCode)))
    .map((p) => ({ date: p.effectiveFrom, label: `${p.title} v${p.version}` }));
  const policyInForce = o?.alerts.at(-1)?.policy ?? null;

  const recentAlerts = o ? [...o.alerts].reverse() : [];
  const projectionText = o ? projectionSummary(o.projection) : null;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Analysis — risk early warning</h1>
          <p className="lede">Daily counts against the detector the policy in force prescribes, and every region&apos;s response level.</p>
        </div>
      </div>
      {risks.length > 0 && <FilterBar filters={filters} regions={risks.map((r) => r.region)} region={selected} />}
      <LiveRefresh />
      <ErrorMessage error={map.error} />
      <ErrorMessage error={overview.error} />

      {o && <RiskKpis o={o} />}

      <div className="scroll-anchor" id="risk-series-anchor">
        <Panel
          title={o ? `Daily confirmed cases — ${o.region.name}` : "Daily confirmed cases"}
          id="risk-series"
          actions={
            <>
              <DetectorPicker method={method} shown={o?.method ?? null} />
              <ExportLinks name="risk-series" csv={exportHref("risk-series", "csv", shown)} json={exportHref("risk-series", "json", shown)} png="risk-chart" />
            </>
          }
        >
          {o ? (
            <>
              <RiskChart series={o.series} alerts={o.alerts} method={o.method} projection={o.projection} annotations={annotations} />
              <DataTable data={riskSeriesDataset(o)} caption={`Daily confirmed cases, ${o.region.name}, ${o.from} to ${o.to}`} testId="risk-series-table" />
              <SourcesNote
                testId="risk-series-sources"
                source={`Daily case reports of the departments of ${o.region.name} and the districts below it, current values (corrections replace what they correct)`}
                method={`${o.method} ${o.detectors.find((d) => d.method === o.method)?.parameters ?? ""}`.trim()}
                policy={policyInForce ? `${policyInForce.key} v${policyInForce.version}` : null}
                period={`${o.from} to ${o.to} (${periodLabel(filters.period)})`}
                updated={latest}
                limitations="Recent days may still be corrected by late reports; the projection assumes the last 14 days' growth continues."
              />
              {(projectionText || o.growth) && (
                <p className="note chart-note">
                  {projectionText && <span data-testid="projection-summary">{projectionText}.</span>}
                  {o.growth && <span> Growth over the last 14 days: {growthInterval(o.growth)}.</span>}
                </p>
              )}
              {o.detectors.length > 1 && <DetectorStrip detectors={o.detectors} shown={o.method} />}
            </>
          ) : (
            !overview.error && !map.error && <Empty>Pick a region.</Empty>
          )}
        </Panel>
      </div>

      {/* Rt next to the alerts: both are about the selected region; the alerts get the wider column for their rechecks. */}
      {o && (
        <div className="grid-2 align-start">
          <Panel
            title={`Reproduction number Rt from local transmission — ${o.region.name}`}
            id="risk-rt"
            actions={<span className="muted">7-day window · 95 % credible interval</span>}
          >
            {o.rt.length ? (
              <>
                <RtChart rt={o.rt} />
                <p className="note chart-note" data-testid="rt-summary">
                  {rtSummary(o.rt)}
                </p>
              </>
            ) : (
              <Empty>Too few cases in this window to estimate Rt.</Empty>
            )}
          </Panel>
          <Panel
            title={`Alerts — ${o.region.name}`}
            id="risk-alerts"
            actions={recentAlerts.length > 0 && <span className="muted">Recheck recomputes an alert from the log</span>}
          >
            {recentAlerts.length ? (
              <AlertsTable alerts={recentAlerts} regionCode={o.region.code} testId="region-alerts" recheck />
            ) : (
              <Empty>No alerts in this window.</Empty>
            )}
          </Panel>
        </div>
      )}

      {/* Farrington over years of weeks and the nowcast are the slowest panels: streamed, so they never hold back the
          rest of the page (a live refresh shows the new report first). */}
      {o && (
        <Suspense fallback={<p className="muted">Loading the weekly diseases and the nowcast…</p>}>
          <DiseasePanels regionCode={o.region.code} />
        </Suspense>
      )}

      {map.data && (
        <Panel
          title="Map of the districts"
          id="risk-maps"
          actions={
            <>
              <span className="muted">Demo geometry: blocks sized by population</span>
              <span className="export-links">
                <PngDownload target="map-incidence" name="map-incidence" label="Incidence map PNG" />
                <PngDownload target="map-level" name="map-level" label="Level map PNG" />
              </span>
            </>
          }
        >
          <div className="maps">
            <Choropleth risks={risks} mode="incidence" selected={selected} />
            <Choropleth risks={risks} mode="level" selected={selected} />
          </div>
        </Panel>
      )}

      <Panel
        title="Regions by response level"
        id="risk-regions"
        actions={
          <>
            <span className="muted">Click a region to chart it</span>
            <ExportLinks name="risk-map" csv={exportHref("risk-map", "csv", shown)} json={exportHref("risk-map", "json", shown)} />
          </>
        }
      >
        {map.data && <RiskTable risks={risks} selected={selected} filters={shown} />}
        {range && (
          <SourcesNote
            testId="risk-map-sources"
            source="Daily case reports, current values, summed up the region hierarchy"
            method="Response level from the levels of the policy in force (incidence per 100k, Rt, growth, active alarms)"
            policy={policyInForce ? `${policyInForce.key} v${policyInForce.version}` : null}
            period={`7 days to ${range.to}`}
            updated={latest}
            limitations="Incidence is per 100,000 of the district populations of the demo geography."
          />
        )}
      </Panel>

      <LiveAlerts />
    </>
  );
}
