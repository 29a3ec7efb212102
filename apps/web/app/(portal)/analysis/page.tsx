import type { Metadata } from "next";
import { AlertsTable } from "@/components/AlertsTable";
import { DetectorPicker, DetectorStrip, RegionPicker } from "@/components/AnalysisControls";
import { DiseasePanels } from "@/components/DiseasePanels";
import { ErrorMessage } from "@/components/ErrorMessage";
import { LiveAlerts } from "@/components/LiveAlerts";
import { Empty, Panel } from "@/components/Panel";
import { RiskChart } from "@/components/RiskChart";
import { RiskKpis } from "@/components/RiskKpis";
import { RiskTable } from "@/components/RiskTable";
import { RtChart } from "@/components/RtChart";
import { asAlertMethod, DEFAULT_REGION, pickRegion } from "@/lib/analysis-params";
import { RISK_MAP, RISK_OVERVIEW } from "@/lib/operations";
import { load } from "@/lib/server-api";
import { growthInterval, projectionSummary, rtSummary } from "@/lib/summaries";

export const metadata: Metadata = { title: "Analysis — risk early warning" };

type Search = Promise<{ region?: string; method?: string }>;

export default async function AnalysisPage({ searchParams }: { searchParams: Search }) {
  const { region, method: askedMethod } = await searchParams;
  const method = asAlertMethod(askedMethod);
  // The map and the likely region's overview in parallel; only an unknown region costs a second round.
  const guess = region ?? DEFAULT_REGION;
  const [map, first] = await Promise.all([load(RISK_MAP), load(RISK_OVERVIEW, { regionCode: guess, method })]);
  const risks = map.data?.riskMap ?? [];
  const selected = map.data ? pickRegion(risks, region) : guess;
  const overview = selected === guess || !selected ? first : await load(RISK_OVERVIEW, { regionCode: selected, method });
  const o = overview.data?.riskOverview ?? null;

  const recentAlerts = o ? [...o.alerts].reverse() : [];
  const projectionText = o ? projectionSummary(o.projection) : null;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Analysis — risk early warning</h1>
          <p className="lede">Daily counts against the detector the policy in force prescribes, and every region&apos;s response level.</p>
        </div>
        {selected && risks.length > 0 && <RegionPicker regions={risks.map((r) => r.region)} selected={selected} />}
      </div>
      <ErrorMessage error={map.error} />
      <ErrorMessage error={overview.error} />

      {o && <RiskKpis o={o} />}

      <div className="scroll-anchor" id="risk-series-anchor">
        <Panel
          title={o ? `Daily confirmed cases — ${o.region.name}` : "Daily confirmed cases"}
          id="risk-series"
          actions={<DetectorPicker method={method} shown={o?.method ?? null} />}
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

      {o && <DiseasePanels regionCode={o.region.code} />}

      <Panel title="Regions by response level" id="risk-regions" actions={<span className="muted">Click a region to chart it</span>}>
        {map.data && <RiskTable risks={risks} selected={selected} method={method} />}
      </Panel>

      <LiveAlerts />
    </>
  );
}
