import { ErrorMessage } from "@/components/ErrorMessage";
import { FarringtonChart } from "@/components/FarringtonChart";
import { NowcastChart } from "@/components/NowcastChart";
import { Empty, Panel } from "@/components/Panel";
import { DISEASES, NOWCAST, WEEKLY_OVERVIEW } from "@/lib/analysis-operations";
import { load } from "@/lib/server-api";

/**
 * The analysis page's issue-11 panels for one region: the nowcast of the last days' COVID-19 counts, and the
 * weekly Farrington chart of each weekly notifiable disease of the published code list.
 */
export async function DiseasePanels({ regionCode }: { regionCode: string }) {
  const [codes, now] = await Promise.all([load(DISEASES), load(NOWCAST, { regionCode, disease: "COVID-19" })]);
  const weekly = (codes.data?.diseases ?? []).filter((d) => d.period === "WEEK");
  const overviews = await Promise.all(weekly.map((d) => load(WEEKLY_OVERVIEW, { regionCode, disease: d.code })));
  const n = now.data?.nowcast ?? null;
  return (
    <>
      <ErrorMessage error={codes.error} />
      <Panel
        title={n ? `Nowcast of recent days — ${n.region.name}` : "Nowcast of recent days"}
        id="risk-nowcast"
        actions={<span className="muted">Corrected for reporting delay · 95 % interval</span>}
      >
        <ErrorMessage error={now.error} />
        {n && n.points.length ? <NowcastChart points={n.points} asOf={n.asOf} /> : !now.error && <Empty>No recent reports.</Empty>}
      </Panel>
      <div className="grid-2 align-start">
        {weekly.map((d, i) => {
          const o = overviews[i]!;
          const w = o.data?.riskOverview ?? null;
          return (
            <Panel
              key={d.code}
              title={`${d.name} — weekly cases${w ? `, ${w.region.name}` : ""}`}
              id={`risk-weekly-${d.code.toLowerCase()}`}
              actions={<span className="muted">Farrington (Noufaily) · 5 baseline years</span>}
            >
              <ErrorMessage error={o.error} />
              {w && w.farrington.length ? <FarringtonChart weeks={w.farrington} disease={d.code} /> : !o.error && <Empty>No weekly reports.</Empty>}
            </Panel>
          );
        })}
      </div>
    </>
  );
}
