"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import type { Alert, Department } from "@/lib/shapes";
import { AssignTaskForm } from "./AssignTaskForm";

/** The assignment form; a new task re-renders the board on the server. */
export function TaskAssignment({ departments, alerts }: { departments: Department[]; alerts: Alert[] }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  return <AssignTaskForm departments={departments} alerts={alerts} onAssigned={() => startTransition(() => router.refresh())} />;
}
