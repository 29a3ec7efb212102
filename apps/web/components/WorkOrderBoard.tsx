"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { fmtDateTime, fmtDuration, kindLabel } from "@/lib/format";
import type { WorkOrderStatus } from "@/lib/gql/graphql";
import { GraphQLRequestError, request } from "@/lib/graphql";
import { useHydrated } from "@/lib/hydrated";
import { ACKNOWLEDGE_WORK_ORDER, UPDATE_WORK_ORDER_STATUS } from "@/lib/operations";
import type { User, WorkOrder } from "@/lib/shapes";
import { EntryLink } from "./EntryLink";
import { ErrorMessage } from "./ErrorMessage";
import { LevelBadge } from "./LevelBadge";

// The owner's next move from each state (the API refuses any other: no silent backward move).
const NEXT: Record<WorkOrderStatus, { to: WorkOrderStatus; label: string } | null> = {
  OPEN: { to: "ACKNOWLEDGED", label: "Acknowledge" },
  ACKNOWLEDGED: { to: "IN_PROGRESS", label: "Start" },
  IN_PROGRESS: { to: "DONE", label: "Mark done" },
  DONE: null,
  CANCELLED: null,
};
const LEVEL_RANK: Record<string, number> = { DISTRICT: 0, CITY: 1, PROVINCE: 2 };
const STATUS_LABEL: Record<WorkOrderStatus, string> = {
  OPEN: "Open",
  ACKNOWLEDGED: "Acknowledged",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  CANCELLED: "Cancelled",
};

/** The SLA clock of an order as of `now`: time left to acknowledge, how late it is, or how long it took. */
function slaClock(o: WorkOrder, now: number): { text: string; late: boolean } {
  const due = Date.parse(o.dueAt);
  if (o.acknowledgedAt) {
    const took = (Date.parse(o.acknowledgedAt) - Date.parse(o.openedAt)) / 1000;
    return { text: `acknowledged after ${fmtDuration(took)}`, late: Date.parse(o.acknowledgedAt) > due };
  }
  if (o.status === "CANCELLED") return { text: "cancelled", late: false };
  return now > due
    ? { text: `${fmtDuration((now - due) / 1000)} past its SLA`, late: true }
    : { text: `${fmtDuration((due - now) / 1000)} left to acknowledge`, late: false };
}

/**
 * Work orders grouped by alert, then by level of the hierarchy (district, city, province), each with its SLA
 * clock as of the server's render time and its escalations; the owning department moves its own orders.
 */
export function WorkOrderBoard({ orders, user, now }: { orders: WorkOrder[]; user: Pick<User, "department">; now: string }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const at = Date.parse(now);

  async function move(o: WorkOrder, to: WorkOrderStatus) {
    setBusy(o.id);
    setError(null);
    try {
      if (to === "ACKNOWLEDGED") await request(ACKNOWLEDGE_WORK_ORDER, { id: o.id });
      else await request(UPDATE_WORK_ORDER_STATUS, { id: o.id, status: to });
      startTransition(() => router.refresh());
    } catch (e) {
      setError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
    } finally {
      setBusy(null);
    }
  }

  const byAlert = new Map<number, WorkOrder[]>();
  for (const o of orders) (byAlert.get(o.alertId) ?? byAlert.set(o.alertId, []).get(o.alertId)!).push(o);
  if (!orders.length) return <p className="empty">No work orders: no alert has triggered the playbook in your scope.</p>;
  return (
    <div className="work-orders" data-testid="work-order-board">
      <ErrorMessage error={error} prefix="Could not move the work order:" />
      {[...byAlert.entries()].map(([alertId, list]) => {
        const alert = list.find((o) => o.alert)?.alert;
        const sorted = [...list].sort((a, b) => (LEVEL_RANK[a.region.level] ?? 9) - (LEVEL_RANK[b.region.level] ?? 9) || a.depth - b.depth || a.id - b.id);
        return (
          <section key={alertId} className="work-order-group" data-testid="work-order-group" data-alert-id={alertId}>
            <h3 className="work-order-alert">
              Alert <span className="mono">#{alertId}</span>
              {alert && (
                <>
                  {" "}
                  · {alert.region.name}, {alert.date} · {alert.method} <LevelBadge level={alert.level} />
                </>
              )}{" "}
              <Link href={`/business/timeline?alert=${alertId}`} className="small" prefetch={false}>
                Reporting timeline →
              </Link>
            </h3>
            <div className="table-wrap">
              <table className="table work-order-table">
                <thead>
                  <tr>
                    <th>Level</th>
                    <th>Owner</th>
                    <th>Task</th>
                    <th>Status</th>
                    <th>SLA</th>
                    <th>Entry</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((o) => {
                    const clock = slaClock(o, at);
                    const next = NEXT[o.status];
                    const mine = user.department?.code === o.ownerDepartment.code;
                    return (
                      <tr key={o.id} data-testid="work-order" data-status={o.status} data-depth={o.depth}>
                        <td>
                          {o.region.level.toLowerCase()} <span className="muted small">{o.region.name}</span>
                        </td>
                        <td title={o.ownerDepartment.name}>
                          {o.ownerDepartment.name} <span className="muted small">{kindLabel(o.ownerDepartment.kind)}</span>
                        </td>
                        <td>
                          {o.task}
                          {o.escalatedFromId != null && (
                            <div className="small escalation" data-testid="escalation">
                              Escalated: order #{o.escalatedFromId} was not acknowledged within its SLA
                            </div>
                          )}
                        </td>
                        <td>
                          <span className={`status-pill status-${o.status}`}>{STATUS_LABEL[o.status]}</span>
                        </td>
                        <td className={clock.late ? "overdue" : undefined} title={`Opened ${fmtDateTime(o.openedAt)}, due ${fmtDateTime(o.dueAt)}`}>
                          {clock.text}
                        </td>
                        <td>
                          <EntryLink index={o.entryIndex} />
                        </td>
                        <td>
                          {mine && next && (
                            <button type="button" className="button small primary" disabled={!hydrated || busy === o.id} onClick={() => move(o, next.to)}>
                              {next.label}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
