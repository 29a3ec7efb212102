"use client";

import { fmtDateTime } from "@/lib/format";
import type { Task, TaskStatus } from "@/lib/shapes";
import { EntryLink } from "./EntryLink";
import { LevelBadge } from "./LevelBadge";

// The moves an owning department can make from each column.
const MOVES: Record<TaskStatus, { to: TaskStatus; label: string }[]> = {
  OPEN: [{ to: "IN_PROGRESS", label: "Start" }],
  IN_PROGRESS: [
    { to: "OPEN", label: "Back to open" },
    { to: "DONE", label: "Mark done" },
  ],
  DONE: [{ to: "IN_PROGRESS", label: "Reopen" }],
};

export function TaskCard({
  task,
  canMove,
  busy,
  onMove,
  overdue,
}: {
  task: Task;
  canMove: boolean;
  busy: boolean;
  overdue: boolean;
  onMove: (to: TaskStatus) => void;
}) {
  return (
    <article className="task-card" data-testid="task-card" data-task-id={task.id} data-status={task.status}>
      <h3 className="task-title">{task.title}</h3>
      {task.description && <p className="task-desc">{task.description}</p>}
      <dl className="task-facts">
        <dt>Owner</dt>
        <dd title={task.ownerDepartment.name}>
          {task.ownerDepartment.name} <span className="muted mono">{task.ownerDepartment.code}</span>
        </dd>
        <dt>Due</dt>
        <dd className={overdue ? "overdue" : undefined}>
          {task.due ?? "—"}
          {overdue && " (overdue)"}
        </dd>
        {task.alert && (
          <>
            <dt>Alert</dt>
            <dd>
              <span className="mono">#{task.alert.id}</span> {task.alert.region.name}, {task.alert.date} · {task.alert.method}{" "}
              <LevelBadge level={task.alert.level} />
            </dd>
          </>
        )}
      </dl>
      <div className="task-foot">
        <span className="muted small" title={`Assigned ${fmtDateTime(task.createdAt)}`}>
          by {task.createdBy} · log entry <EntryLink index={task.entryIndex} />
        </span>
        {canMove && (
          <div className="task-moves">
            {MOVES[task.status].map((m) => (
              <button key={m.to} type="button" className={`button small${m.to === "DONE" ? " primary" : ""}`} disabled={busy} onClick={() => onMove(m.to)}>
                {m.label}
              </button>
            ))}
          </div>
        )}
      </div>
    </article>
  );
}
