"use client";

import { useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { type CompiledContract, compileRuleSet, type Decision, PayloadError, RuleSetError, type RuleSetProblem } from "@vigil/rules";
import { request, GraphQLRequestError } from "@/lib/graphql";
import { DRAFT_RULE_SET } from "@/lib/operations";
import { useHydrated } from "@/lib/hydrated";
import { ErrorMessage, SuccessMessage } from "./ErrorMessage";

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const parse = (text: string): Parsed<unknown> => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
};

type Live =
  | { state: "bad-json"; where: string; error: string }
  | { state: "problems"; problems: RuleSetProblem[] }
  | { state: "policy"; hash: string }
  | { state: "payload-error"; hash: string; error: string }
  | { state: "decided"; decision: Decision };

/** Compile and decide in the browser with @vigil/rules: the same code, hash and decision as the server. */
function evaluate(doc: string, payload: string, context: string): Live {
  const d = parse(doc);
  if (!d.ok) return { state: "bad-json", where: "rule set", error: d.error };
  let compiled: ReturnType<typeof compileRuleSet>;
  try {
    compiled = compileRuleSet(d.value);
  } catch (e) {
    if (e instanceof RuleSetError) return { state: "problems", problems: e.problems };
    return { state: "problems", problems: [{ path: "$", message: (e as Error).message }] };
  }
  if (compiled.kind !== "contract") return { state: "policy", hash: compiled.ref.hash };
  const p = parse(payload);
  if (!p.ok) return { state: "bad-json", where: "payload", error: p.error };
  const c = parse(context || "{}");
  if (!c.ok) return { state: "bad-json", where: "context", error: c.error };
  try {
    return { state: "decided", decision: (compiled as CompiledContract).decide(p.value, c.value) };
  } catch (e) {
    if (e instanceof PayloadError) return { state: "payload-error", hash: compiled.ref.hash, error: e.message };
    throw e;
  }
}

/**
 * The rule-set editor: a document (as @vigil/rules models it), a payload and the server's context, and a live
 * test panel deciding the payload as you type — every rule's result and the content hash the server will record.
 * A policy officer drafts the document from here; it applies once a second officer approves it.
 */
export function RuleSetEditor({
  initialDocument,
  initialPayload,
  initialContext,
  canDraft,
}: {
  initialDocument: string;
  initialPayload: string;
  initialContext: string;
  canDraft: boolean;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [, startTransition] = useTransition();
  const [doc, setDoc] = useState(initialDocument);
  const [payload, setPayload] = useState(initialPayload);
  const [context, setContext] = useState(initialContext);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [drafted, setDrafted] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const live = useMemo(() => (hydrated ? evaluate(doc, payload, context) : null), [hydrated, doc, payload, context]);

  async function draft() {
    const d = parse(doc);
    if (!d.ok) return;
    setSending(true);
    setError(null);
    setDrafted(null);
    try {
      const r = await request(DRAFT_RULE_SET, { ruleSet: d.value });
      setDrafted(`${r.draftRuleSet.key} ${r.draftRuleSet.version} drafted (entry #${r.draftRuleSet.entryIndex}); a second policy officer approves it.`);
      startTransition(() => router.refresh());
    } catch (e) {
      setError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="rule-set-editor" data-testid="rule-set-editor">
      <div className="editor-grid">
        <label className="field">
          <span>Rule set (JSON)</span>
          <textarea id="rule-set-document" className="mono" rows={18} spellCheck={false} value={doc} onChange={(e) => setDoc(e.target.value)} />
        </label>
        <div>
          <label className="field">
            <span>Test payload (JSON)</span>
            <textarea id="rule-set-payload" className="mono" rows={8} spellCheck={false} value={payload} onChange={(e) => setPayload(e.target.value)} />
          </label>
          <label className="field">
            <span>Context the server supplies (JSON)</span>
            <textarea id="rule-set-context" className="mono" rows={4} spellCheck={false} value={context} onChange={(e) => setContext(e.target.value)} />
          </label>
        </div>
      </div>
      <div className="test-panel" data-testid="test-panel" aria-live="polite">
        {!live && <p className="muted">Loading the rules engine…</p>}
        {live?.state === "bad-json" && (
          <p className="message error">
            The {live.where} is not JSON: {live.error}
          </p>
        )}
        {live?.state === "problems" && (
          <div className="message error" data-testid="rule-set-problems">
            <strong>Not publishable:</strong>
            <ul>
              {live.problems.map((p) => (
                <li key={`${p.path}:${p.message}`}>
                  <span className="mono">{p.path}</span>: {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {live?.state === "policy" && (
          <p className="muted">
            A policy: publishable, content hash <span className="mono">{live.hash.slice(0, 16)}</span>. The analysis layer applies it once approved.
          </p>
        )}
        {live?.state === "payload-error" && <p className="message error">{live.error}</p>}
        {live?.state === "decided" && (
          <div data-testid="test-decision" data-accepted={String(live.decision.accepted)}>
            <p>
              <strong>{live.decision.accepted ? "Accepted" : "Refused"}</strong> by {live.decision.ruleSet.key} {live.decision.ruleSet.version} (hash{" "}
              <span className="mono">{live.decision.ruleSet.hash.slice(0, 16)}</span>)
              {live.decision.routes.length > 0 && <> · routed to {live.decision.routes.join(", ")}</>}
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Result</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {live.decision.results.map((r) => (
                  <tr key={r.rule} data-testid="test-rule" data-passed={String(r.passed)}>
                    <td className="mono">{r.rule}</td>
                    <td>{r.passed ? "passed" : "failed"}</td>
                    <td>{r.error ? `${r.message} (${r.error})` : r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {canDraft && (
        <div className="form-actions">
          <button
            type="button"
            className="button primary"
            data-testid="draft-rule-set"
            disabled={!hydrated || sending || live?.state === "problems" || live?.state === "bad-json"}
            onClick={draft}
          >
            {sending ? "Drafting…" : "Draft this version"}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
      {drafted && <SuccessMessage>{drafted}</SuccessMessage>}
    </div>
  );
}
