"use client";

import { useState } from "react";
import { request, useQuery, type GraphQLRequestError } from "@/lib/graphql";
import { ALERTS, DEPARTMENTS, TASKS, UPDATE_TASK_STATUS } from "@/lib/queries";
import { useSession } from "@/lib/session";
import type { Task, TaskStatus } from "@/lib/types";
import { AssignTaskForm } from "./AssignTaskForm";
import { ErrorMessage } from "./ErrorMessage";
import { Loading, Panel } from "./Panel";
import { TaskBoard } from "./TaskBoard";

export function BusinessView() {
  const { session } = useSession();
  const user = session!.user;
  const canAssign = user.role === "DECISION_MAKER" || user.role === "ADMIN";
  // The API lets the owning department (and an admin) move a task along.
  const canMove = (t: Task) => user.role === "ADMIN" || (user.role === "DEPARTMENT_OFFICER" && t.ownerDepartment.code === user.department?.code);

  const tasks = useQuery(TASKS);
  const departments = useQuery(DEPARTMENTS, undefined, { skip: !canAssign });
  const alerts = useQuery(ALERTS, { limit: 50 }, { skip: !canAssign });
  const [busyId, setBusyId] = useState<number | null>(null);
  const [moveError, setMoveError] = useState<GraphQLRequestError | null>(null);
  const [local, setLocal] = useState<Map<number, Task>>(new Map());

  async function move(task: Task, to: TaskStatus) {
    setBusyId(task.id);
    setMoveError(null);
    try {
      const { updateTaskStatus } = await request(UPDATE_TASK_STATUS, { id: task.id, status: to });
      // Show the change at once; the refetch below brings the server's ordering.
      setLocal((m) => new Map(m).set(updateTaskStatus.id, updateTaskStatus));
      tasks.refetch();
    } catch (e) {
      setMoveError(e as GraphQLRequestError);
    } finally {
      setBusyId(null);
    }
  }

  const list = (tasks.data?.tasks ?? []).map((t) => {
    const l = local.get(t.id);
    return l && l.status !== t.status ? l : t;
  });
  const scope = user.role === "DEPARTMENT_OFFICER" ? `Tasks owned by ${user.department?.name ?? "your department"}.` : "All cross-department tasks.";

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Coordination</h1>
          <p className="lede">Cross-department response tasks; every assignment and status change is signed onto the log. {scope}</p>
        </div>
        <button type="button" className="button" onClick={() => tasks.refetch()} disabled={tasks.loading}>Refresh</button>
      </div>
      <ErrorMessage error={tasks.error} />
      <ErrorMessage error={moveError} prefix="Could not move the task:" />
      <div className={canAssign ? "grid-main-side" : undefined}>
        <div>{tasks.data ? <TaskBoard tasks={list} canMove={canMove} busyId={busyId} onMove={move} /> : tasks.loading && <Loading what="tasks" />}</div>
        {canAssign && (
          <Panel title="Assign task" id="assign-task">
            <ErrorMessage error={departments.error ?? alerts.error} />
            {departments.data && alerts.data ? (
              <AssignTaskForm departments={departments.data.departments} alerts={alerts.data.alerts} onAssigned={() => tasks.refetch()} />
            ) : <Loading what="departments and alerts" />}
          </Panel>
        )}
      </div>
    </>
  );
}
