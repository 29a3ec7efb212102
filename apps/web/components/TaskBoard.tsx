"use client";

import { today as todayUtc } from "@vigil/calendar";
import { TaskStatus } from "@/lib/gql/graphql";
import type { Task } from "@/lib/shapes";

// Board columns in workflow order; typed by the generated enum, so a new status must get a column here.
const COLUMN_ORDER: Record<TaskStatus, number> = { OPEN: 0, IN_PROGRESS: 1, DONE: 2 };
const TASK_STATUSES = Object.values(TaskStatus).sort((a, b) => COLUMN_ORDER[a] - COLUMN_ORDER[b]);
import { TaskCard } from "./TaskCard";

const COLUMN_TITLE: Record<TaskStatus, string> = { OPEN: "Open", IN_PROGRESS: "In progress", DONE: "Done" };

export function TaskBoard({
  tasks,
  canMove,
  busyId,
  disabled = false,
  onMove,
}: {
  tasks: Task[];
  canMove: (task: Task) => boolean;
  busyId: number | null;
  /** Until the page can act on a move (before hydration). */
  disabled?: boolean;
  onMove: (task: Task, to: TaskStatus) => void;
}) {
  const today = todayUtc();
  return (
    <div className="board" data-testid="task-board">
      {TASK_STATUSES.map((status) => {
        const column = tasks.filter((t) => t.status === status);
        return (
          <section key={status} className={`board-column status-${status}`} data-testid={`column-${status}`} aria-labelledby={`col-${status}`}>
            <h2 id={`col-${status}`} className="board-column-title">
              {COLUMN_TITLE[status]} <span className="count">{column.length}</span>
            </h2>
            {column.length ? (
              column.map((t) => (
                <TaskCard
                  key={t.id}
                  task={t}
                  canMove={canMove(t)}
                  busy={disabled || busyId === t.id}
                  overdue={status !== "DONE" && !!t.due && t.due < today}
                  onMove={(to) => onMove(t, to)}
                />
              ))
            ) : (
              <p className="empty">No tasks.</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
