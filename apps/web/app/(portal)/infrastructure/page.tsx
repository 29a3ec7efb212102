import type { Metadata } from "next";
import { ErrorMessage } from "@/components/ErrorMessage";
import { FinalityPanel } from "@/components/FinalityPanel";
import { KpiCard } from "@/components/KpiCard";
import { LogEntriesPanel } from "@/components/LogEntriesPanel";
import { LogGrowthChart } from "@/components/LogGrowthChart";
import { LogKeyPanel } from "@/components/LogKeyPanel";
import { NodesTable } from "@/components/NodesTable";
import { Empty, Panel } from "@/components/Panel";
import { RefreshButton } from "@/components/RefreshButton";
import { fmtInt } from "@/lib/format";
import { INFRASTRUCTURE, LOG_ENTRIES } from "@/lib/operations";
import { load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Infrastructure" };

const PAGE = 20;

export default async function InfrastructurePage() {
  const [infra, latest] = await Promise.all([load(INFRASTRUCTURE), load(LOG_ENTRIES, { limit: PAGE })]);
  const head = infra.data?.logHead;
  const nodes = infra.data?.nodes ?? [];
  const replica = infra.data?.readReplica;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Infrastructure</h1>
          <p className="lede">The append-only log every department signs into, its signed tree head and the department nodes.</p>
        </div>
        <RefreshButton />
      </div>
      <ErrorMessage error={infra.error} />

      {head && (
        <>
          <div className="kpis">
            <KpiCard label="Log size" value={fmtInt(head.size)} detail="entries" testId="log-size" />
            <KpiCard
              label="Pending checkpoint"
              value={fmtInt(head.pending)}
              detail={head.pending ? "entries not yet in a signed checkpoint" : "all entries checkpointed"}
            />
            <KpiCard label="Department nodes" value={fmtInt(nodes.length)} detail={`${nodes.filter((n) => n.entries > 0).length} have signed entries`} />
            {replica && (
              // Dashboards read the replica (DATABASE_READ_URL); a user whose own writes it lacks reads the primary meanwhile.
              <KpiCard
                label="Read replica lag"
                value={fmtInt(replica.lagEntries)}
                detail={`entries behind the primary${replica.lagBytes == null ? "" : `, ${fmtInt(replica.lagBytes)} WAL bytes`}${replica.replayPaused ? ", replay paused" : ""}`}
                testId="replica-lag"
              />
            )}
          </div>
          <div className="grid-2">
            <Panel title="Log head" id="log-head">
              <dl className="facts">
                <dt>Size</dt>
                <dd className="mono">{fmtInt(head.size)}</dd>
                <dt>Root hash</dt>
                <dd className="mono break" data-testid="root-hash">
                  {head.rootHash}
                </dd>
              </dl>
              <h3 className="subhead">Latest checkpoint</h3>
              {head.checkpoint ? (
                <pre className="code checkpoint" data-testid="checkpoint">
                  {head.checkpoint}
                </pre>
              ) : (
                <Empty>No checkpoint published yet.</Empty>
              )}
              <h3 className="subhead">Log verifier key</h3>
              <LogKeyPanel served={infra.data!.logVerifierKey} />
            </Panel>
            <Panel title="Log size over time" id="log-growth">
              {infra.data!.logGrowth.length ? <LogGrowthChart points={infra.data!.logGrowth} /> : <Empty>The log is empty.</Empty>}
              <p className="note">Seeded history follows the dates of the reports it carries; later entries follow the day they were received.</p>
            </Panel>
          </div>
          <FinalityPanel status={infra.data!.nodeStatus} checkpoints={infra.data!.recentCheckpoints} />
          <Panel title="Department nodes" id="nodes">
            <NodesTable nodes={nodes} />
          </Panel>
        </>
      )}

      <ErrorMessage error={latest.error} />
      {latest.data && <LogEntriesPanel first={latest.data.logEntries} total={head?.size ?? 0} pageSize={PAGE} />}
    </>
  );
}
