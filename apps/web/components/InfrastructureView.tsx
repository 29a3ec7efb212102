"use client";

import { useQuery } from "@/lib/graphql";
import { INFRASTRUCTURE } from "@/lib/queries";
import { fmtInt } from "@/lib/format";
import { useEntryPages } from "@/lib/entry-pages";
import { ChainEntriesTable } from "./ChainEntriesTable";
import { ChainGrowthChart } from "./ChainGrowthChart";
import { ErrorMessage } from "./ErrorMessage";
import { KpiCard } from "./KpiCard";
import { NodesTable } from "./NodesTable";
import { Empty, Loading, Panel } from "./Panel";

const PAGE = 20;

export function InfrastructureView() {
  const infra = useQuery(INFRASTRUCTURE);
  const { latest, entries, oldest, loadOlder, loadingOlder, olderError } = useEntryPages(PAGE);

  function refresh() {
    infra.refetch();
    latest.refetch();
  }

  const head = infra.data?.chainHead;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Infrastructure</h1>
          <p className="lede">The append-only log every department signs into, its signed tree head and the department nodes.</p>
        </div>
        <button type="button" className="button" onClick={refresh} disabled={infra.loading || latest.loading}>Refresh</button>
      </div>
      <ErrorMessage error={infra.error} />

      {head ? (
        <>
          <div className="kpis">
            <KpiCard label="Log size" value={fmtInt(head.size)} detail="entries" testId="chain-size" />
            <KpiCard label="Pending checkpoint" value={fmtInt(head.pending)} detail={head.pending ? "entries not yet in a signed checkpoint" : "all entries checkpointed"} />
            <KpiCard label="Department nodes" value={fmtInt(infra.data!.nodes.length)} detail={`${infra.data!.nodes.filter((n) => n.entries > 0).length} have signed entries`} />
          </div>
          <div className="grid-2">
            <Panel title="Chain head" id="chain-head">
              <dl className="facts">
                <dt>Size</dt>
                <dd className="mono">{fmtInt(head.size)}</dd>
                <dt>Root hash</dt>
                <dd className="mono break" data-testid="root-hash">{head.rootHash}</dd>
              </dl>
              <h3 className="subhead">Latest checkpoint</h3>
              {head.checkpoint ? <pre className="code checkpoint" data-testid="checkpoint">{head.checkpoint}</pre> : <Empty>No checkpoint published yet.</Empty>}
            </Panel>
            <Panel title="Chain height over time" id="chain-growth">
              {infra.data!.chainGrowth.length ? <ChainGrowthChart points={infra.data!.chainGrowth} /> : <Empty>The log is empty.</Empty>}
              <p className="note">Seeded history follows the dates of the reports it carries; later entries follow the day they were received.</p>
            </Panel>
          </div>
          <Panel title="Department nodes" id="nodes">
            <NodesTable nodes={infra.data!.nodes} />
          </Panel>
        </>
      ) : infra.loading && <Loading what="the chain head" />}

      <Panel title="Latest entries" id="entries">
        <ErrorMessage error={latest.error} />
        {latest.data ? (
          <>
            <ChainEntriesTable entries={entries} />
            <div className="table-foot">
              <span className="muted">Showing {fmtInt(entries.length)} of {fmtInt(head?.size ?? entries.length)} entries, newest first.</span>
              {oldest > 0 && (
                <button type="button" className="button" onClick={loadOlder} disabled={loadingOlder}>{loadingOlder ? "Loading…" : "Older entries"}</button>
              )}
            </div>
            <ErrorMessage error={olderError} />
          </>
        ) : latest.loading && <Loading what="entries" />}
      </Panel>
    </>
  );
}
