"use client";

import Link from "next/link";

import { Fragment, useState } from "react";
import { request, GraphQLRequestError } from "@/lib/graphql";
import { RECHECK_ALERT } from "@/lib/operations";
import { fmt1, fmtInt } from "@/lib/format";
import { useHydrated } from "@/lib/hydrated";
import type { Alert, AlertRecheck } from "@/lib/shapes";
import { AlertRecheckResult } from "./AlertRecheckResult";
import { EntryLink } from "./EntryLink";
import { ErrorMessage } from "./ErrorMessage";
import { LevelBadge } from "./LevelBadge";

type Recheck = { loading: true } | { loading: false; result: AlertRecheck } | { loading: false; error: GraphQLRequestError };

/**
 * `regionCode`: the region the list is about; the Region column appears only for alerts of districts under it.
 * `recheck`: a button per alert that recomputes it from the log (`recheckAlert`) and shows the outcome under its row.
 */
export function AlertsTable({ alerts, regionCode, testId, recheck = false }: { alerts: Alert[]; regionCode?: string; testId?: string; recheck?: boolean }) {
  const showRegion = alerts.some((a) => a.region.code !== regionCode);
  const hydrated = useHydrated();
  // Keyed by entry index: the outcome stays with its alert when the list refreshes or reorders.
  const [rechecks, setRechecks] = useState<Map<number, Recheck>>(new Map());
  const columns = (showRegion ? 8 : 7) + (recheck ? 1 : 0);

  const set = (entryIndex: number, r: Recheck | null) =>
    setRechecks((m) => {
      const next = new Map(m);
      if (r) next.set(entryIndex, r);
      else next.delete(entryIndex);
      return next;
    });

  async function run(entryIndex: number) {
    set(entryIndex, { loading: true });
    try {
      const { recheckAlert } = await request(RECHECK_ALERT, { entryIndex });
      set(entryIndex, { loading: false, result: recheckAlert });
    } catch (e) {
      set(entryIndex, { loading: false, error: e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR") });
    }
  }

  return (
    <div className="table-wrap scroll-y">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {showRegion && <th scope="col">Region</th>}
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Observed
            </th>
            <th scope="col" className="num">
              Bound
            </th>
            <th scope="col">Level</th>
            <th scope="col" title="The policy in force when the alert was raised, as its entry records it">
              Policy
            </th>
            <th scope="col" className="num">
              Entry
            </th>
            {recheck && (
              <th scope="col">
                <span className="sr-only">Recheck</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => {
            const r = rechecks.get(a.entryIndex);
            return (
              <Fragment key={a.id}>
                <tr className={r && !r.loading ? "has-detail" : undefined}>
                  <td className="nowrap">
                    {/* Drill-down: the alert's series, inputs and line list. */}
                    <Link href={`/analysis/alert/${a.id}`} data-testid="alert-drill" prefetch={false}>
                      {a.date}
                    </Link>
                  </td>
                  {showRegion && (
                    <td className="mono nowrap" title={a.region.name}>
                      {a.region.code}
                    </td>
                  )}
                  <td className="mono">{a.method}</td>
                  <td className="num">{fmtInt(a.observed)}</td>
                  {/* The API clamps an infinite bound to the largest double; show that as "—". */}
                  <td className="num">{Math.abs(a.threshold) < 1e12 ? fmt1(a.threshold) : "—"}</td>
                  <td>
                    <LevelBadge level={a.level} />
                  </td>
                  <td className="nowrap" data-testid="alert-policy">
                    {a.policy ? (
                      <span title={`policy hash ${a.policy.hash}`}>
                        {a.policy.key} {a.policy.version} <span className="mono muted">{a.policy.hash.slice(0, 8)}</span>
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="num">
                    <EntryLink index={a.entryIndex} />
                  </td>
                  {recheck && (
                    <td className="actions">
                      <button
                        type="button"
                        className="button small"
                        data-testid="recheck-button"
                        data-entry={a.entryIndex}
                        disabled={r?.loading || !hydrated}
                        onClick={() => run(a.entryIndex)}
                        title="Recompute this alert from the log: its inclusion, its input against the logged case reports, and the method's output"
                      >
                        {r?.loading ? "Checking…" : "Recheck"}
                      </button>
                    </td>
                  )}
                </tr>
                {r && !r.loading && (
                  <tr className="detail-row">
                    <td colSpan={columns}>
                      {"result" in r ? (
                        <AlertRecheckResult entryIndex={a.entryIndex} result={r.result} onClose={() => set(a.entryIndex, null)} />
                      ) : (
                        <ErrorMessage error={r.error} prefix={`Recheck of entry #${a.entryIndex} failed:`} />
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
