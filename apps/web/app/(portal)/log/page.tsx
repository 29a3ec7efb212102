import type { Metadata } from "next";
import { CheckpointsTable } from "@/components/CheckpointsTable";
import { ConsistencyCheck } from "@/components/ConsistencyCheck";
import { EntryGoForm } from "@/components/EntryGoForm";
import { DecisionRecheck } from "@/components/DecisionRecheck";
import { EntryVerification } from "@/components/EntryVerification";
import { ErrorMessage } from "@/components/ErrorMessage";
import { LogEntriesPanel } from "@/components/LogEntriesPanel";
import { LogKeyPanel } from "@/components/LogKeyPanel";
import { Empty, Panel } from "@/components/Panel";
import { PendingProofPoll } from "@/components/PendingProofPoll";
import { RefreshButton } from "@/components/RefreshButton";
import { askedEntry } from "@/lib/entry-param";
import { fmtInt } from "@/lib/format";
import { CHECKPOINTS, ENTRY_PROOF, LOG_ENTRIES, RULE_SET_DOCUMENT } from "@/lib/operations";
import { load } from "@/lib/server-api";
import { loggedRecord, type RuleSet } from "@vigil/rules";

export const metadata: Metadata = { title: "Log explorer" };

const PAGE = 20;
const CHECKPOINT_LIMIT = 50;

/**
 * The log explorer. The server fetches the entry, its proof and the checkpoints; the browser checks the proofs
 * itself (EntryVerification, ConsistencyCheck), trusting only the log's public key.
 */
export default async function LogPage({ searchParams }: { searchParams: Promise<{ entry?: string }> }) {
  const { entry: raw } = await searchParams;
  const asked = askedEntry(raw);
  const [checkpoints, latest, askedProof] = await Promise.all([
    load(CHECKPOINTS, { limit: CHECKPOINT_LIMIT }),
    load(LOG_ENTRIES, { limit: PAGE }),
    typeof asked === "number" ? load(ENTRY_PROOF, { index: asked }) : null,
  ]);
  const cps = checkpoints.data?.checkpoints ?? [];
  // Without ?entry=, the explorer opens on the newest entry under the latest checkpoint.
  const selected = typeof asked === "number" ? asked : asked === null && cps[0] ? cps[0].size - 1 : null;
  const proof = askedProof ?? (selected != null ? await load(ENTRY_PROOF, { index: selected }) : null);
  const shown = proof?.data ?? null;
  const logSize = (latest.data?.logEntries[0]?.index ?? -1) + 1;
  // A record (or case report) names the contract that decided it: fetch that document for the browser's recheck.
  const record = shown && (shown.entry.kind === "record" || shown.entry.kind === "case-report") ? loggedRecord(shown.entry.kind, shown.entry.payload) : null;
  const contract = record?.contract ? await load(RULE_SET_DOCUMENT, { key: record.contract.key, version: record.contract.version }) : null;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Log explorer</h1>
          <p className="lede">
            Pick any entry of the log: your browser checks its payload, the log&apos;s signature on the checkpoint and the inclusion proof itself, trusting only
            the log&apos;s public key.
          </p>
        </div>
        <div className="head-actions">
          <EntryGoForm selected={selected} />
          <RefreshButton />
        </div>
      </div>
      <ErrorMessage error={checkpoints.error} />

      <div className="grid-main-side wide-side log-grid">
        <div id="entry-proof-anchor" className="scroll-anchor">
          <Panel title={selected != null ? `Entry #${selected}` : "Entry"} id="entry-proof">
            {asked === "invalid" && (
              <p className="message error" role="alert">
                “{raw}” is not an entry index: use a whole number from 0.
              </p>
            )}
            <ErrorMessage error={proof?.error} />
            {shown ? (
              <>
                <EntryVerification key={shown.entry.index} entry={shown.entry} logVerifierKey={shown.logVerifierKey} />
                {!shown.entry.proof && <PendingProofPoll key={shown.entry.index} />}
                {record?.contract && (
                  <>
                    <ErrorMessage error={contract?.error} />
                    <DecisionRecheck
                      key={`decision-${shown.entry.index}`}
                      kind={shown.entry.kind}
                      payload={shown.entry.payload}
                      document={(contract?.data?.ruleSet?.document as RuleSet | undefined) ?? null}
                    />
                  </>
                )}
              </>
            ) : (
              selected == null && asked !== "invalid" && <Empty>Pick an entry below, or type its index.</Empty>
            )}
          </Panel>
        </div>

        <div>
          {shown && (
            <Panel title="Log verifier key" id="log-key">
              <LogKeyPanel served={shown.logVerifierKey} />
            </Panel>
          )}
          <Panel title="Consistency" id="consistency" actions={<span className="muted">Append-only between two tree heads</span>}>
            {checkpoints.data && <ConsistencyCheck checkpoints={cps} />}
          </Panel>
          <Panel title="Checkpoints" id="checkpoints" actions={checkpoints.data && <span className="muted">{fmtInt(cps.length)} latest, newest first</span>}>
            {checkpoints.data && (cps.length ? <CheckpointsTable checkpoints={cps} /> : <Empty>No checkpoint published yet.</Empty>)}
          </Panel>
        </div>
      </div>

      <ErrorMessage error={latest.error} />
      {latest.data && <LogEntriesPanel first={latest.data.logEntries} total={logSize} pageSize={PAGE} selected={selected} explorer />}
    </>
  );
}
