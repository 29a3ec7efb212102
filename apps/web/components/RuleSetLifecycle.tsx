"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { request, GraphQLRequestError } from "@/lib/graphql";
import { APPROVE_RULE_SET, RULE_SET_DIFF } from "@/lib/operations";
import { useHydrated } from "@/lib/hydrated";
import { RULE_SET_GROUPS } from "@/lib/rule-sets";
import type { RuleSetChange, RuleSetRow } from "@/lib/shapes";
import { EntryLink } from "./EntryLink";
import { ErrorMessage } from "./ErrorMessage";

const STATUS_CLASS: Record<string, string> = { IN_FORCE: "ok", DRAFT: "warn", SCHEDULED: "info", SUPERSEDED: "muted", EXPIRED: "muted", REVOKED: "bad" };

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

/**
 * Contracts and policies by phase with their lifecycle: status on today, who drafted and who approved, the draft
 * entry; a policy officer other than the author approves a draft here; any two versions of a key can be diffed.
 */
export function RuleSetLifecycle({ rows, viewerEmail, canApprove }: { rows: RuleSetRow[]; viewerEmail: string; canApprove: boolean }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [diff, setDiff] = useState<{ key: string; version: string; against: string; changes: RuleSetChange[] } | null>(null);

  async function approve(r: RuleSetRow) {
    setBusy(`${r.key}@${r.version}`);
    setError(null);
    try {
      await request(APPROVE_RULE_SET, { key: r.key, version: r.version });
      startTransition(() => router.refresh());
    } catch (e) {
      setError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
    } finally {
      setBusy(null);
    }
  }

  async function showDiff(r: RuleSetRow, against: string) {
    setError(null);
    try {
      const d = await request(RULE_SET_DIFF, { key: r.key, version: r.version, against });
      setDiff({ key: r.key, version: r.version, against, changes: d.ruleSet?.diff ?? [] });
    } catch (e) {
      setError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
    }
  }

  return (
    <div data-testid="rule-set-lifecycle">
      <ErrorMessage error={error} />
      {RULE_SET_GROUPS.map((g) => {
        const list = rows.filter(g.match);
        if (!list.length) return null;
        return (
          <div key={g.id} className="rule-set-group">
            <h3>{g.title}</h3>
            <div className="table-wrap">
              <table className="table" data-testid={`rule-sets-${g.id}`}>
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Version</th>
                    <th scope="col">Title</th>
                    <th scope="col">Jurisdiction</th>
                    <th scope="col">Status</th>
                    <th scope="col">Effective</th>
                    <th scope="col">Drafted by</th>
                    <th scope="col">Approved by</th>
                    <th scope="col">Hash</th>
                    <th scope="col" className="num">
                      Entry
                    </th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => {
                    const others = rows.filter((o) => o.key === r.key && o.version !== r.version);
                    const id = `${r.key}@${r.version}`;
                    return (
                      <tr key={id} data-testid="rule-set-row" data-key={r.key} data-version={r.version}>
                        <td className="mono">{r.key}</td>
                        <td className="mono">{r.version}</td>
                        <td>{r.title}</td>
                        <td className="mono">{r.jurisdiction}</td>
                        <td>
                          <span className={`badge ${STATUS_CLASS[r.status] ?? ""}`} data-testid="rule-set-status">
                            {r.status.replace("_", " ").toLowerCase()}
                          </span>
                        </td>
                        <td className="nowrap">
                          {r.effectiveFrom}
                          {r.effectiveUntil ? ` – ${r.effectiveUntil}` : ""}
                        </td>
                        <td>{r.author}</td>
                        <td>{r.approver ?? <span className="muted">—</span>}</td>
                        <td className="mono" title={r.hash}>
                          {r.hash.slice(0, 12)}
                        </td>
                        <td className="num">
                          <EntryLink index={r.entryIndex} />
                        </td>
                        <td className="actions nowrap">
                          {canApprove && r.state === "DRAFT" && r.author !== viewerEmail && (
                            <button
                              type="button"
                              className="button small"
                              data-testid="approve-rule-set"
                              disabled={!hydrated || busy === id}
                              onClick={() => approve(r)}
                            >
                              {busy === id ? "Approving…" : "Approve"}
                            </button>
                          )}
                          {canApprove && r.state === "DRAFT" && r.author === viewerEmail && <span className="muted">awaits a second officer</span>}
                          {others.length > 0 && (
                            <select
                              aria-label={`Diff ${id} against`}
                              data-testid="diff-against"
                              disabled={!hydrated}
                              value=""
                              onChange={(e) => e.target.value && showDiff(r, e.target.value)}
                            >
                              <option value="">diff against…</option>
                              {others.map((o) => (
                                <option key={o.version} value={o.version}>
                                  {o.version}
                                </option>
                              ))}
                            </select>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        );
      })}
      {diff && (
        <div className="rule-set-diff" data-testid="rule-set-diff">
          <h3>
            {diff.key}: changes from {diff.against} to {diff.version}
          </h3>
          {diff.changes.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Where</th>
                  <th scope="col">Change</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {diff.changes.map((c) => (
                  <tr key={`${c.path}:${c.kind}`} className={`diff-${c.kind}`}>
                    <td className="mono">{c.path}</td>
                    <td>{c.kind}</td>
                    <td className="mono wrap">{show(c.before)}</td>
                    <td className="mono wrap">{show(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No differences.</p>
          )}
          <button type="button" className="button small" onClick={() => setDiff(null)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
