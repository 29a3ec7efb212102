"use client";

import { useMemo, useState } from "react";
import { fmtDateTime, fmtInt } from "@/lib/format";
import { useHydrated } from "@/lib/hydrated";
import type { EntryWithProof } from "@/lib/shapes";
import { describeKey, flipBit, verifyEntryProof } from "@/lib/verify";
import { logKeyInUse, pinnedKeyCheck } from "@/lib/pinned-key";
import { prettyPayload } from "./LogEntriesTable";
import { CheckList, ProofStatus } from "./ProofChecks";

function Signature({ entry }: { entry: EntryWithProof }) {
  const by = entry.departmentCode ?? "the API";
  if (!entry.signature) {
    return entry.departmentCode ? (
      <span className="muted">Covered by the batch signature on an earlier entry from {entry.departmentCode}.</span>
    ) : (
      <span className="muted">Covered by the API&apos;s batch signature on an earlier entry.</span>
    );
  }
  const n = entry.signedCount ?? 1;
  return (
    <>
      Ed25519 by <span className="mono">{by}</span>
      {n > 1 ? (
        <>
          {" "}
          over entries #{entry.index}–#{entry.index + n - 1}
        </>
      ) : (
        " over this entry"
      )}
      <span className="mono break block muted">{entry.signature}</span>
    </>
  );
}

/**
 * One entry and its inclusion proof, checked here in the browser with @vigil/log. "Tamper" flips one bit
 * of the proof as served and checks again, to show what a forged proof looks like.
 */
export function EntryVerification({ entry, logVerifierKey }: { entry: EntryWithProof; logVerifierKey: string }) {
  const [tampered, setTampered] = useState(false);
  const proof = entry.proof;
  // The verdict must come from this browser, never from the server's HTML: check only once hydrated.
  const inBrowser = useHydrated();

  // What the checks run on: the entry as served, or with one bit flipped (the first sibling hash, or the leaf hash of a one-entry tree).
  const shown = useMemo(() => {
    if (!tampered || !proof) return { entry, proof, flipped: null };
    if (proof.hashes.length) {
      return { entry, proof: { ...proof, hashes: [flipBit(proof.hashes[0]!), ...proof.hashes.slice(1)] }, flipped: "hash" as const };
    }
    const leafHash = flipBit(entry.leafHash);
    return { entry: { ...entry, leafHash }, proof: { ...proof, leafHash }, flipped: "leaf" as const };
  }, [entry, proof, tampered]);

  // A pinned portal checks with the key it was built for, and flags a server serving another one.
  const key = logKeyInUse(logVerifierKey);
  const result = useMemo(() => {
    if (!inBrowser || !shown.proof) return null;
    const inUse = logKeyInUse(logVerifierKey);
    return verifyEntryProof(shown.entry, shown.proof, inUse.vkey, pinnedKeyCheck(inUse, logVerifierKey));
  }, [inBrowser, shown, logVerifierKey]);

  return (
    <div className="entry-verification" data-entry={entry.index}>
      <div className="verify-head">
        <div className="verify-title">
          <span className={`tag kind-${entry.kind}`}>{entry.kind}</span>
          <span className="muted">{proof ? `under the checkpoint of ${fmtInt(proof.treeSize)} entries` : "not yet under a checkpoint"}</span>
        </div>
        {result ? (
          <ProofStatus ok={result.ok} okText="Verified" failText="Failed" okState="verified" failState="failed" testId="proof-status" />
        ) : proof ? (
          <span className="proof-status pending" data-testid="proof-checking" role="status">
            Checking in your browser…
          </span>
        ) : (
          <span className="proof-status pending" data-testid="proof-pending" role="status">
            Awaiting checkpoint
          </span>
        )}
      </div>

      <dl className="facts entry-facts">
        <dt>Submitted by</dt>
        <dd className="mono">{entry.departmentCode ?? <span className="muted">system (the analysis layer)</span>}</dd>
        <dt>Received</dt>
        <dd>{fmtDateTime(entry.receivedAt)}</dd>
        <dt>Leaf hash</dt>
        <dd className={`mono break${shown.flipped === "leaf" ? " tampered" : ""}`}>{shown.entry.leafHash}</dd>
        <dt>Signature</dt>
        <dd>
          <Signature entry={entry} />
        </dd>
        {proof && (
          <>
            <dt>Checkpoint</dt>
            <dd>
              Tree of {fmtInt(proof.treeSize)} entries, checked with <span className="mono">{describeKey(key.vkey)}</span>
              {key.pinned ? " (pinned)" : " (as served: this portal has no pinned key)"}
            </dd>
          </>
        )}
      </dl>

      {result ? (
        <>
          <h3 className="subhead">Checked in your browser</h3>
          <CheckList checks={result.checks} testId="proof-checks" />
          <div className="tamper">
            {tampered ? (
              <>
                <p className="message warning" role="note">
                  {shown.flipped === "hash"
                    ? "One bit of the first proof hash is flipped, as a forged proof would differ."
                    : "This tree has a single entry, so the proof is empty: one bit of the leaf hash is flipped instead."}{" "}
                  The same checks now run on the altered proof.
                </p>
                <button type="button" className="button" data-testid="restore-proof" onClick={() => setTampered(false)}>
                  Restore the proof
                </button>
              </>
            ) : (
              <button type="button" className="button" data-testid="tamper-proof" onClick={() => setTampered(true)}>
                Tamper with the proof
              </button>
            )}
          </div>
        </>
      ) : (
        <p className="note">Entry #{entry.index} is not under a signed checkpoint yet; the log publishes one within seconds of an append. Checking again…</p>
      )}

      <h3 className="subhead">
        Payload <span className="muted small">RFC 8785 canonical JSON, shown indented</span>
      </h3>
      {/* Focusable, so a keyboard user can scroll a long payload (WCAG 2.1.1; axe scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see above */}
      <pre className="code scroll" data-testid="entry-payload" tabIndex={0}>
        {prettyPayload(entry.payload)}
      </pre>

      {shown.proof && (
        <>
          <h3 className="subhead">
            Inclusion proof{" "}
            <span className="muted small">
              {shown.proof.hashes.length} sibling hash{shown.proof.hashes.length === 1 ? "" : "es"}, leaf to root
            </span>
          </h3>
          {shown.proof.hashes.length ? (
            <pre className="code proof-hashes" data-testid="proof-hashes">
              {shown.proof.hashes.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a proof hash is identified by its position in the proof
                <span key={i} className={`proof-line${i === 0 && shown.flipped === "hash" ? " tampered" : ""}`}>
                  <span className="proof-n">{String(i).padStart(2, " ")}</span> {h}
                  {"\n"}
                </span>
              ))}
            </pre>
          ) : (
            <p className="note">Empty: the entry is the whole tree, and its leaf hash is the root.</p>
          )}
          <h3 className="subhead">
            Signed note <span className="muted small">C2SP checkpoint</span>
          </h3>
          <pre className="code checkpoint" data-testid="signed-note">
            {shown.proof.checkpoint.note}
          </pre>
        </>
      )}
    </div>
  );
}
