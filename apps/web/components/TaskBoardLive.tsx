"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { request, GraphQLRequestError } from "@/lib/graphql";
import { useHydrated } from "@/lib/hydrated";
import { UPDATE_TASK_STATUS } from "@/lib/operations";
import type { Task, TaskStatus, User } from "@/lib/shapes";
import { ErrorMessage } from "./ErrorMessage";
import { TaskBoard } from "./TaskBoard";

/** The task board with its moves: a move shows at once, then the server re-renders the board in its order. */
export function TaskBoardLive({ tasks, user }: { tasks: Task[]; user: Pick<User, "role" | "department"> }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [busyId, setBusyId] = useState<number | null>(null);
  const [moveError, setMoveError] = useState<GraphQLRequestError | null>(null);
  const [local, setLocal] = useState<Map<number, Task>>(new Map());
  // The API lets the owning department (and an admin) move a task along.
  const canMove = (t: Task) => user.role === "ADMIN" || (user.role === "DEPARTMENT_OFFICER" && t.ownerDepartment.code === user.department?.code);

  async function move(task: Task, to: TaskStatus) {
    setBusyId(task.id);
    setMoveError(null);
    try {
      const { updateTaskStatus } = await request(UPDATE_TASK_STATUS, { id: task.id, status: to });
      setLocal((m) => new Map(m).set(updateTaskStatus.id, updateTaskStatus));
      startTransition(() => router.refresh());
    } catch (e) {
      setMoveError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
    } finally {
      setBusyId(null);
    }
  }

  const list = tasks.map((t) => {
    const l = local.get(t.id);
    return l && l.status !== t.status ? l : t;
  });
  return (
    <>
      <ErrorMessage error={moveError} prefix="Could not move the task:" />
      <TaskBoard tasks={list} canMove={canMove} busyId={busyId} disabled={!hydrated} onMove={move} />
    </>
  );
}
