import type { Metadata } from "next";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Panel } from "@/components/Panel";
import { RefreshButton } from "@/components/RefreshButton";
import { TaskAssignment } from "@/components/TaskAssignment";
import { TaskBoardLive } from "@/components/TaskBoardLive";
import { ALERTS, DEPARTMENTS, TASKS } from "@/lib/operations";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Business — coordination" };

const ALERT_CHOICES = 50;
// The board's newest tasks; larger pages would exceed the API's query-cost limit (the cost grows with `limit`).
const TASK_LIMIT = 50;

export default async function BusinessPage() {
  const user = await currentUser();
  const canAssign = user.role === "DECISION_MAKER" || user.role === "ADMIN";
  const [tasks, departments, alerts] = await Promise.all([
    load(TASKS, { limit: TASK_LIMIT }),
    canAssign ? load(DEPARTMENTS) : null,
    canAssign ? load(ALERTS, { limit: ALERT_CHOICES }) : null,
  ]);
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
