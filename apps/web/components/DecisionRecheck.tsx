"use client";

import { useMemo } from "react";
import { loggedRecord, redecide, ruleSetHash, type RuleSet } from "@vigil/rules";
import { useHydrated } from "@/lib/hydrated";
import type { Check } from "@/lib/verify";
import { CheckList, ProofStatus } from "./ProofChecks";

/**
 * A record's decision decided again in this browser with @vigil/rules, from the entry's payload (whose
 * inclusion EntryVerification proves beside it) and the contract the entry names. The contract document comes
 * from the server, but it is only used if it hashes to the hash the logged entry names, so the server cannot
 * substitute another rule set. Null document: the record names @vigil/rules' built-in case-report contract.
 */
export function DecisionRecheck({ kind, payload, document }: { kind: string; payload: string; document: RuleSet | null }) {
  const inBrowser = useHydrated();
  const result = useMemo(() => {
    if (!inBrowser) return null;
    const record = loggedRecord(kind, payload);
    if (!record?.contract) return null;
    const ref = record.contract;
    const checks: Check[] = [];
    if (document) {
      const hash = ruleSetHash(document);
      checks.push({
        id: "contract-hash",
        label: "Contract document is the one the entry names",
        ok: hash === ref.hash,
        detail: `SHA-256 of the served ${ref.key} ${ref.version} (RFC 8785): ${hash.slice(0, 16)}…, entry names ${ref.hash.slice(0, 16)}…`,
      });
    }
    const again = redecide(record, document);
    checks.push({
      id: "decision",
      label: "Decision recomputed from the logged payload and context",
      ok: again.problems.length === 0,
      detail: again.problems.length ? again.problems.join("; ") : `${again.recomputed?.results.length ?? 0} rules give the logged decision again`,
    });
    return { ref, record, again, ok: checks.every((c) => c.ok), checks };
  }, [inBrowser, kind, payload, document]);

  if (!inBrowser) {
    return (
      <span className="proof-status pending" data-testid="decision-checking" role="status">
        Rechecking in your browser…
      </span>
    );
  }
  if (!result) return <p className="muted">This entry names no contract: it has no decision to recheck.</p>;
  const { ref, record, again } = result;
  const logged = new Map((record.decision?.results ?? []).map((r) => [r.rule, r.passed]));
  return (
    <div className="decision-recheck" data-testid="decision-recheck">
      <div className="verify-head">
        <div className="verify-title">
          Decision under <span className="mono">{ref.key}</span> {ref.version}
        </div>
        <ProofStatus ok={result.ok} okText="Confirmed" failText="Refuted" okState="confirmed" failState="refuted" testId="decision-status" />
      </div>
      <CheckList checks={result.checks} testId="decision-checks" />
      {again.recomputed && (
        <table className="data-table compact">
          <caption className="sr-only">Each rule of the contract: logged and recomputed result</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Logged</th>
              <th scope="col">Recomputed here</th>
            </tr>
          </thead>
          <tbody>
            {again.recomputed.results.map((r) => (
              <tr key={r.rule} data-rule={r.rule}>
                <td className="mono">{r.rule}</td>
                <td>{logged.has(r.rule) ? (logged.get(r.rule) ? "passed" : "failed") : "—"}</td>
                <td>{r.passed ? "passed" : "failed"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
