"use client";

import { useMemo } from "react";
import { useHydrated } from "@/lib/hydrated";
import type { DonationTraceQuery } from "@/lib/gql/graphql";
import { verifyEntryProof } from "@/lib/verify";
import { ProofStatus } from "./ProofChecks";

type Trace = DonationTraceQuery["donationTrace"];

const STEP_LABEL = { NEED: "Need", DONATION: "Donation received", ALLOCATION: "Allocated", SHIPMENT: "Shipped", DELIVERY: "Delivery countersigned" } as const;

/** Each step's entry, inclusion proof and checkpoint signature, checked in this browser with @vigil/log against the log's key. */
export function TraceVerification({ trace }: { trace: Trace }) {
  const inBrowser = useHydrated();
  const results = useMemo(
    () => (inBrowser ? trace.steps.map((s) => (s.entry.proof ? verifyEntryProof(s.entry, s.entry.proof, trace.logVerifierKey) : null)) : null),
    [inBrowser, trace],
  );
  const all = results?.every((r) => r?.ok) ?? false;
  return (
    <div data-testid="trace">
      <p>
        {results ? (
          <ProofStatus ok={all} okText="Verified" failText="Not verified" okState="verified" failState="failed" testId="trace-status" />
        ) : (
          <span className="muted">Checking in your browser…</span>
        )}{" "}
        <span className="muted">
          {trace.steps.length} steps of receipt <span className="mono">{trace.receiptCode}</span>, each a signed entry on the log.
        </span>{" "}
        {/* The API's public GET of the same answer: keep it, or check it with any tool, without this page. */}
        <a href={`/public/receipts/${encodeURIComponent(trace.receiptCode)}`} download={`receipt-${trace.receiptCode}.json`} data-testid="trace-json">
          Download the trace (JSON)
        </a>
      </p>
      <ol className="trace-steps">
        {trace.steps.map(({ step, entry }, i) => {
          const r = results?.[i];
          return (
            <li key={step.code} className="trace-step" data-kind={step.kind} data-testid="trace-step">
              <div className="trace-head">
                <strong>{STEP_LABEL[step.kind]}</strong> <span className="mono muted">{step.code}</span>{" "}
                {r === undefined ? null : r === null ? (
                  <span className="muted">awaiting its checkpoint</span>
                ) : (
                  <span className={`proof-status ${r.ok ? "ok" : "fail"}`} data-testid="step-proof" data-state={r.ok ? "verified" : "failed"}>
                    {r.ok ? "verified" : "failed"}
                  </span>
                )}
              </div>
              <div>
                {step.quantity} {step.unit} {step.item !== step.unit && <>of {step.item}</>}
                {step.standard && <span className="muted"> ({step.standard})</span>} on {step.day} by {step.actor.name}
                {step.kind === "ALLOCATION" && step.recipient && <> to {step.recipient.name}</>}
                {step.kind === "SHIPMENT" && step.recipient && <> to {step.recipient.name}</>}
                {step.kind === "DONATION" && <> · donor: {step.donorName ?? (step.donorCommitment ? "anonymous (committed)" : "anonymous")}</>}
              </div>
              <div className="muted small">
                Entry #{entry.index}
                {r &&
                  !r.ok &&
                  ` — ${r.checks
                    .filter((c) => !c.ok)
                    .map((c) => c.detail)
                    .join(" ")}`}
              </div>
            </li>
          );
        })}
      </ol>
      {trace.anomalies.length > 0 && (
        <ul className="anomalies" data-testid="trace-anomalies">
          {trace.anomalies.map((a) => (
            <li key={`${a.kind}-${a.step}`} className="message error">
              <strong>{a.kind}</strong>: {a.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
