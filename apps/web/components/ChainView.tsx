"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@/lib/graphql";
import { CHECKPOINTS, ENTRY_PROOF } from "@/lib/queries";
import { useEntryPages } from "@/lib/entry-pages";
import { fmtDateTime, fmtInt } from "@/lib/format";
import type { CheckpointListed } from "@/lib/types";
import { ChainEntriesTable } from "./ChainEntriesTable";
import { ConsistencyCheck } from "./ConsistencyCheck";
import { EntryVerification } from "./EntryVerification";
import { ErrorMessage } from "./ErrorMessage";
import { Empty, Loading, Panel } from "./Panel";

const PAGE = 20;
const CHECKPOINT_LIMIT = 50;
/** How often to ask again for the proof of an entry that awaits its first checkpoint. */
const PENDING_POLL_MS = 3000;

function CheckpointsTable({ checkpoints }: { checkpoints: CheckpointListed[] }) {
  return (
    <div className="table-wrap scroll-y short">
      <table className="table" data-testid="checkpoints-table">
        <thead>
          <tr>
            <th scope="col" className="num">Size</th>
            <th scope="col">Root hash</th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {checkpoints.map((c) => (
            <tr key={c.size} title={c.note}>
              <td className="num">{fmtInt(c.size)}</td>
              <td className="mono">{c.rootHash.slice(0, 16)}…</td>
              <td className="nowrap">{fmtDateTime(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `?entry=` as an index, "invalid" for anything else that was asked, null when nothing was. */
function askedEntry(value: string | null): number | "invalid" | null {
  if (value == null || value === "") return null;
  return /^\d{1,15}$/.test(value) ? Number(value) : "invalid";
}

export function ChainView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const verifyRef = useRef<HTMLDivElement>(null);

  const { latest, entries, oldest, loadOlder, loadingOlder, olderError } = useEntryPages(PAGE);
  const checkpoints = useQuery(CHECKPOINTS, { limit: CHECKPOINT_LIMIT });
  const logSize = (latest.data?.chainEntries[0]?.index ?? -1) + 1;
  const cps = checkpoints.data?.checkpoints ?? [];

  // The entry lives in the URL (?entry=123) so a check can be linked from anywhere and shared. Without one,
  // the explorer opens on the newest entry under the latest checkpoint.
  const asked = askedEntry(params.get("entry"));
  const fallback = cps[0] ? cps[0].size - 1 : null;
  const selected = typeof asked === "number" ? asked : asked === null ? fallback : null;

  const proof = useQuery(ENTRY_PROOF, { index: selected ?? 0 }, { skip: selected == null });
  const shown = proof.data && proof.data.entry.index === selected ? proof.data : null;

  // An entry appended after the latest checkpoint gets its proof within seconds: ask again until it has one.
  const pending = shown != null && shown.entry.proof == null;
  const refetchProof = proof.refetch;
  const refetchCheckpoints = checkpoints.refetch;
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(() => { refetchProof(); refetchCheckpoints(); }, PENDING_POLL_MS);
    return () => clearTimeout(t);
  }, [pending, proof.data, refetchProof, refetchCheckpoints]);

  const select = useCallback((index: number, scroll = false) => {
    router.push(`${pathname}?entry=${index}`, { scroll: false });
    if (scroll) verifyRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [router, pathname]);

  const [draft, setDraft] = useState("");
  useEffect(() => { if (selected != null) setDraft(String(selected)); }, [selected]);
  function onGo(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const n = askedEntry(draft.trim());
    if (typeof n === "number") select(n);
  }

  function refresh() {
    latest.refetch();
    checkpoints.refetch();
    proof.refetch();
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Chain explorer</h1>
          <p className="lede">
            Pick any entry of the log: your browser checks its payload, the log&apos;s signature on the checkpoint and the inclusion proof
            itself, trusting only the log&apos;s public key.
          </p>
        </div>
        <div className="head-actions">
          <form className="field inline entry-go" onSubmit={onGo} role="search">
            <label htmlFor="entry-index">Entry</label>
            <input
              // No max: the log grows while the page is open, and the server answers "No log entry n" past its end.
              id="entry-index" name="entry" type="number" inputMode="numeric" min={0} step={1} required
              value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="entry-index-input" placeholder="index"
            />
            <button type="submit" className="button primary">Verify</button>
          </form>
          <button type="button" className="button" onClick={refresh} disabled={latest.loading || checkpoints.loading}>Refresh</button>
        </div>
      </div>
      <ErrorMessage error={checkpoints.error} />

      <div className="grid-main-side wide-side chain-grid">
        <div ref={verifyRef} className="scroll-anchor">
          <Panel title={selected != null ? `Entry #${selected}` : "Entry"} id="entry-proof">
            {asked === "invalid" && <p className="message error" role="alert">“{params.get("entry")}” is not an entry index: use a whole number from 0.</p>}
            <ErrorMessage error={proof.error} />
            {shown ? (
              <EntryVerification key={shown.entry.index} entry={shown.entry} logVerifierKey={shown.logVerifierKey} />
            ) : selected != null ? (
              !proof.error && <Loading what={`entry #${selected}`} />
            ) : checkpoints.loading ? (
              <Loading what="the latest checkpoint" />
            ) : (
              asked !== "invalid" && <Empty>Pick an entry below, or type its index.</Empty>
            )}
          </Panel>
        </div>

        <div>
          <Panel
            title="Consistency"
            id="consistency"
            actions={<span className="muted">Append-only between two tree heads</span>}
          >
            {checkpoints.data ? <ConsistencyCheck checkpoints={cps} /> : checkpoints.loading && <Loading what="checkpoints" />}
          </Panel>
          <Panel title="Checkpoints" id="checkpoints" actions={checkpoints.data && <span className="muted">{fmtInt(cps.length)} latest, newest first</span>}>
            {checkpoints.data ? (cps.length ? <CheckpointsTable checkpoints={cps} /> : <Empty>No checkpoint published yet.</Empty>) : checkpoints.loading && <Loading what="checkpoints" />}
          </Panel>
        </div>
      </div>

      <Panel title="Latest entries" id="entries" actions={<span className="muted">Click an entry to verify it</span>}>
        <ErrorMessage error={latest.error} />
        {latest.data ? (
          <>
            <ChainEntriesTable entries={entries} selected={selected} onSelect={(i) => select(i, true)} />
            <div className="table-foot">
              <span className="muted">Showing {fmtInt(entries.length)} of {fmtInt(logSize)} entries, newest first.</span>
              {oldest > 0 && (
                <button type="button" className="button" onClick={loadOlder} disabled={loadingOlder} data-testid="older-entries">
                  {loadingOlder ? "Loading…" : "Older"}
                </button>
              )}
            </div>
            <ErrorMessage error={olderError} />
          </>
        ) : latest.loading && <Loading what="entries" />}
      </Panel>
    </>
  );
}
