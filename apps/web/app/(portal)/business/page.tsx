import type { Metadata } from "next";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Panel } from "@/components/Panel";
import { RefreshButton } from "@/components/RefreshButton";
import { TaskAssignment } from "@/components/TaskAssignment";
import { TaskBoardLive } from "@/components/TaskBoardLive";
import { LatencyChart } from "@/components/LatencyChart";
import { WorkOrderBoard } from "@/components/WorkOrderBoard";
import { fmtDuration, fmtInt } from "@/lib/format";
import { EntryLink } from "@/components/EntryLink";
import { ALERTS, DEPARTMENTS, REPORTING_LATENCY, RESOURCES, TASKS, WORK_ORDERS } from "@/lib/operations";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Business — coordination" };

const ALERT_CHOICES = 50;
// The board's newest tasks; larger pages would exceed the API's query-cost limit (the cost grows with `limit`).
const TASK_LIMIT = 50;
const WORK_ORDER_LIMIT = 60;

export default async function BusinessPage() {
  const user = await currentUser();
  const canAssign = user.role === "DECISION_MAKER" || user.role === "ADMIN";
  const [tasks, departments, alerts, orders, latency, resources] = await Promise.all([
    load(TASKS, { limit: TASK_LIMIT }),
    canAssign ? load(DEPARTMENTS) : null,
    canAssign ? load(ALERTS, { limit: ALERT_CHOICES }) : null,
    load(WORK_ORDERS, { limit: WORK_ORDER_LIMIT }),
    load(REPORTING_LATENCY, {}),
    load(RESOURCES, { limit: 50 }),
  ]);
  // SLA clocks are shown as of this render (the page re-renders after every move and on refresh).
  const now = new Date().toISOString();
  const scope = user.role === "DEPARTMENT_OFFICER" ? `Tasks owned by ${user.department?.name ?? "your department"}.` : "All cross-department tasks.";

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Business — coordination</h1>
          <p className="lede">Cross-department response tasks; every assignment and status change is signed onto the log. {scope}</p>
        </div>
        <RefreshButton />
      </div>
      <Panel title="Work orders from the playbook" id="work-orders">
        <p className="muted small">
          A level II or I alert opens orders for every level at once; an order not acknowledged within its SLA escalates to the authority of the region above.
          Every opening, acknowledgement, move and escalation is an entry on the log.
        </p>
        <ErrorMessage error={orders.error} />
        {orders.data && <WorkOrderBoard orders={orders.data.workOrders} user={{ department: user.department }} now={now} />}
      </Panel>
      <Panel title="Reporting latency per level" id="reporting-latency">
        <ErrorMessage error={latency.error} />
        {latency.data && (
          <>
            <LatencyChart latency={latency.data.reportingLatency} />
            <div className="table-wrap">
              <table className="table" data-testid="latency-table">
                <thead>
                  <tr>
                    <th>Level</th>
                    <th>Step</th>
                    <th className="num">Orders</th>
                    <th className="num">Unacknowledged</th>
                    <th className="num">Escalated</th>
                    <th className="num">To acknowledge (median / p90)</th>
                    <th className="num">To act (median / p90)</th>
                  </tr>
                </thead>
                <tbody>
                  {latency.data.reportingLatency.map((l) => (
                    <tr key={`${l.level}-${l.step}`}>
                      <td>{l.level.toLowerCase()}</td>
                      <td className="mono small">{l.step}</td>
                      <td className="num">{l.orders}</td>
                      <td className="num">{l.unacknowledged}</td>
                      <td className="num">{l.escalated}</td>
                      <td className="num">
                        {fmtDuration(l.toAcknowledge.median)} / {fmtDuration(l.toAcknowledge.p90)}
                      </td>
                      <td className="num">
                        {fmtDuration(l.toAct.median)} / {fmtDuration(l.toAct.p90)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Panel>
      <Panel title="Resources: requests, allocations, shortages" id="resources">
        <ErrorMessage error={resources.error} />
        {resources.data && (
          <div className="grid-main-side">
            <div className="table-wrap">
              <table className="table" data-testid="resource-requests">
                <thead>
                  <tr>
                    <th>Requested by</th>
                    <th>Item</th>
                    <th className="num">Quantity</th>
                    <th>Needed by</th>
                    <th>Allocations (✓ confirmed by the receiver)</th>
                    <th className="num">Outstanding</th>
                    <th>Entry</th>
                  </tr>
                </thead>
                <tbody>
                  {resources.data.resourceRequests.map((r) => (
                    <tr key={r.id}>
                      <td>{r.requesterDepartment.name}</td>
                      <td>{r.item}</td>
                      <td className="num">{fmtInt(r.quantity)}</td>
                      <td>{r.neededBy}</td>
                      <td className="small">
                        {r.allocations.map((a) => (
                          <div key={a.id}>
                            {fmtInt(a.quantity)} from {a.fromDepartment.code} {a.confirmedAt ? "✓" : "(in transit)"} <EntryLink index={a.entryIndex} />
                          </div>
                        ))}
                      </td>
                      <td className={`num${r.outstanding > 0 ? " overdue" : ""}`}>{fmtInt(r.outstanding)}</td>
                      <td>
                        <EntryLink index={r.entryIndex} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-wrap">
              <table className="table" data-testid="resource-shortages">
                <thead>
                  <tr>
                    <th>Region</th>
                    <th>Item</th>
                    <th className="num">Shortage</th>
                  </tr>
                </thead>
                <tbody>
                  {resources.data.resourceShortages.map((x) => (
                    <tr key={`${x.regionCode}-${x.item}`}>
                      <td className="mono small">{x.regionCode}</td>
                      <td>{x.item}</td>
                      <td className="num">
                        {fmtInt(x.shortage)} <span className="muted small">of {fmtInt(x.requested)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </Panel>
      <h2 className="section-title">Tasks</h2>
      <ErrorMessage error={tasks.error} />
      <div className={canAssign ? "grid-main-side" : undefined}>
        <div>{tasks.data && <TaskBoardLive tasks={tasks.data.tasks} user={{ role: user.role, department: user.department }} />}</div>
        {canAssign && (
          <Panel title="Assign task" id="assign-task">
            <ErrorMessage error={departments?.error ?? alerts?.error} />
            {departments?.data && alerts?.data && <TaskAssignment departments={departments.data.departments} alerts={alerts.data.alerts} />}
          </Panel>
        )}
      </div>
    </>
  );
}
