"use client";

import { useMemo, useState } from "react";
import { useQuery } from "@/lib/graphql";
import { CONSISTENCY_PROOF } from "@/lib/operations";
import { fmtDateTime, fmtInt } from "@/lib/format";
import { useHydrated } from "@/lib/hydrated";
import type { CheckpointListed } from "@/lib/shapes";
import { flipBit, verifyConsistencyProof } from "@/lib/verify";
import { logKeyInUse, pinnedKeyCheck } from "@/lib/pinned-key";
import { ErrorMessage } from "./ErrorMessage";
import { Loading } from "./Panel";
import { CheckList, ProofStatus } from "./ProofChecks";

/** "1,743 entries · 11:56:05 UTC": checkpoints come seconds apart, so the time needs its seconds; the date is in the title. */
const label = (c: CheckpointListed) => `${fmtInt(c.size)} entries · ${new Date(c.createdAt).toISOString().slice(11, 19)} UTC`;

/**
 * Pick two checkpoints; the browser checks both signed notes and the RFC 9162 consistency proof between them,
 * i.e. that the log only ever appended between the two tree heads.
 */
export function ConsistencyCheck({ checkpoints }: { checkpoints: CheckpointListed[] }) {
  // Newest first, as the API lists them. Default: the two latest tree heads.
  const hydrated = useHydrated();
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const sizes = useMemo(() => new Set(checkpoints.map((c) => c.size)), [checkpoints]);
  const older = from != null && sizes.has(from) ? from : ((checkpoints[1] ?? checkpoints[0])?.size ?? null);
  const newer = to != null && sizes.has(to) ? to : (checkpoints[0]?.size ?? null);
  const valid = older != null && newer != null && older <= newer;

  const proof = useQuery(CONSISTENCY_PROOF, { from: older ?? 0, to: newer ?? 0 }, { skip: !valid });
  // Tampering belongs to one pair of checkpoints: picking another pair shows its proof as served.
  const pair = `${older}-${newer}`;
  const [tamperedPair, setTamperedPair] = useState<string | null>(null);
  const tampered = tamperedPair === pair;
  const setTampered = (on: boolean) => setTamperedPair(on ? pair : null);

  const data = proof.data;
  // An answer for other sizes than those picked is stale (the next one is loading): do not show its verdict.
  const current = data && data.consistencyProof.from.size === older && data.consistencyProof.to.size === newer ? data : null;
  const result = useMemo(() => {
    if (!current) return null;
    const p = current.consistencyProof;
    const key = logKeyInUse(current.logVerifierKey);
    return verifyConsistencyProof(
      tampered && p.hashes.length ? { ...p, hashes: [flipBit(p.hashes[0]!), ...p.hashes.slice(1)] } : p,
      key.vkey,
      pinnedKeyCheck(key, current.logVerifierKey),
    );
  }, [current, tampered]);

  if (!checkpoints.length) return <p className="empty">No checkpoint has been published yet.</p>;
  const hashes = current?.consistencyProof.hashes ?? [];

  return (
    <div className="consistency" data-testid="consistency-check">
      <div className="form-grid two">
        <div className="field">
          <label htmlFor="consistency-from">Older checkpoint</label>
          <select
            id="consistency-from"
            name="from"
            data-testid="consistency-from"
            disabled={!hydrated}
            value={older ?? ""}
            onChange={(e) => setFrom(Number(e.target.value))}
          >
            {checkpoints.map((c) => (
              <option key={c.size} value={c.size} title={fmtDateTime(c.createdAt)}>
                {label(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="consistency-to">Newer checkpoint</label>
          <select
            id="consistency-to"
            name="to"
            data-testid="consistency-to"
            disabled={!hydrated}
            value={newer ?? ""}
            onChange={(e) => setTo(Number(e.target.value))}
          >
            {checkpoints.map((c) => (
              <option key={c.size} value={c.size} title={fmtDateTime(c.createdAt)}>
                {label(c)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {checkpoints.length === 1 && <p className="note">Only one checkpoint so far: the log publishes a new one within seconds of the next append.</p>}
      {!valid && (
        <p className="message error" role="alert">
          The older checkpoint must not be larger than the newer one.
        </p>
      )}
      <ErrorMessage error={proof.error} />
      {valid && !current && proof.loading && <Loading what="the consistency proof" />}

      {result && current && (
        <>
          <div className="verify-head compact">
            <span className="muted">
              {fmtInt(current.consistencyProof.from.size)} → {fmtInt(current.consistencyProof.to.size)} entries · {hashes.length} proof hash
              {hashes.length === 1 ? "" : "es"}
            </span>
            <ProofStatus ok={result.ok} okText="Consistent" failText="Inconsistent" okState="consistent" failState="inconsistent" testId="consistency-status" />
          </div>
          <CheckList checks={result.checks} testId="consistency-checks" />
          <div className="tamper">
            {tampered ? (
              <button type="button" className="button small" onClick={() => setTampered(false)}>
                Restore the proof
              </button>
            ) : (
              <button
                type="button"
                className="button small"
                data-testid="tamper-consistency"
                disabled={!hashes.length}
                onClick={() => setTampered(true)}
                title={
                  hashes.length ? "Flip one bit of the first proof hash and check again" : "Equal trees need no proof hashes: there is nothing to tamper with"
                }
              >
                Tamper with the proof
              </button>
            )}
          </div>
          {hashes.length > 0 && (
            <details className="proof-details">
              <summary>Proof hashes</summary>
              <pre className="code proof-hashes">
                {hashes.map((h, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a proof hash is identified by its position in the proof
                  <span key={i} className={`proof-line${i === 0 && tampered ? " tampered" : ""}`}>
                    <span className="proof-n">{String(i).padStart(2, " ")}</span> {i === 0 && tampered ? flipBit(h) : h}
                    {"\n"}
                  </span>
                ))}
              </pre>
            </details>
          )}
        </>
      )}
    </div>
  );
}
