"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@/lib/graphql";
import { ASSIGN_TASK } from "@/lib/operations";
import { today } from "@vigil/calendar";
import { kindLabel } from "@/lib/format";
import type { Alert, Department, Task } from "@/lib/shapes";
import { useHydrated } from "@/lib/hydrated";
import { ErrorMessage, SuccessMessage } from "./ErrorMessage";

export function AssignTaskForm({ departments, alerts, onAssigned }: { departments: Department[]; alerts: Alert[]; onAssigned: (task: Task) => void }) {
  const assign = useMutation(ASSIGN_TASK);
  const hydrated = useHydrated();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [owner, setOwner] = useState("");
  const [due, setDue] = useState("");
  const [alertId, setAlertId] = useState("");

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await assign.run({
      input: { title: title.trim(), description: description.trim(), ownerDepartmentCode: owner, due: due || null, alertId: alertId ? Number(alertId) : null },
    });
    if (!result) return;
    setTitle("");
    setDescription("");
    setAlertId("");
    onAssigned(result.assignTask);
  }

  const done = assign.data?.assignTask;
  return (
    <form className="form" onSubmit={onSubmit} data-testid="assign-task-form">
      {/* Disabled until hydrated: a submit before then would be a native GET with the fields in the URL. */}
      <fieldset className="form-body" disabled={!hydrated}>
        <div className="field">
          <label htmlFor="task-title">Title</label>
          <input
            id="task-title"
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            minLength={3}
            maxLength={200}
            placeholder="e.g. Trace close contacts"
          />
        </div>
        <div className="field">
          <label htmlFor="task-description">Description</label>
          <textarea id="task-description" name="description" rows={3} maxLength={4000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="task-owner">Owner department</label>
          <select id="task-owner" name="ownerDepartmentCode" value={owner} onChange={(e) => setOwner(e.target.value)} required>
            <option value="" disabled>
              Choose a department…
            </option>
            {departments.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name} ({d.code}) · {kindLabel(d.kind)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="task-due">Due</label>
          <input id="task-due" name="due" type="date" min={today()} value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="task-alert">Linked alert (optional)</label>
          <select id="task-alert" name="alertId" value={alertId} onChange={(e) => setAlertId(e.target.value)}>
            <option value="">None</option>
            {alerts.map((a) => (
              <option key={a.id} value={a.id}>
                #{a.id} · {a.date} · {a.region.name} · {a.method} · level {a.level}
              </option>
            ))}
          </select>
        </div>
        <ErrorMessage error={assign.error} prefix="Not assigned:" />
        {done && (
          <SuccessMessage>
            Assigned “{done.title}” to {done.ownerDepartment.code}: log entry <strong>#{done.entryIndex}</strong>.
          </SuccessMessage>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={assign.loading}>
            {assign.loading ? "Assigning…" : "Assign task"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
