/**
 * Playbooks: which work orders an alert opens, for which departments at which levels of the region
 * hierarchy, and how long each may stay unacknowledged. Until playbooks are published as policies (the
 * rules issue), Vigil runs the fixed {@link DEFAULT_PLAYBOOK}; its trigger is a CEL condition compiled with
 * the same subset and cost bound as published rules, so it can become a published policy unchanged.
 *
 * Also the work-order status machine: OPEN → ACKNOWLEDGED → IN_PROGRESS → DONE, any unfinished state →
 * CANCELLED, and nothing else (no silent backward move, no skipping the acknowledgement).
 * @module
 */
import { compileExpression } from "./cel.ts";
import type { RuleSetProblem } from "./errors.ts";

export type PlaybookLevel = "DISTRICT" | "CITY" | "PROVINCE";
export type PlaybookDepartmentKind = "HEALTH_COMMISSION" | "CDC" | "HOSPITAL" | "TRANSPORT" | "PUBLIC_SECURITY" | "CHARITY" | "MEDIA";

export interface PlaybookOrder {
  /** Stable name of the step: one order per alert and step (and one escalation per order). */
  step: string;
  /** The level of the alert's region ancestry the owner sits at (the alert's district, its city, the province). */
  level: PlaybookLevel;
  departmentKind: PlaybookDepartmentKind;
  /** What the owner is asked to do. */
  task: string;
  /** Seconds the order may stay unacknowledged before it escalates to the parent region's authority. */
  slaSeconds: number;
}

export interface Playbook {
  key: string;
  version: number;
  title: string;
  /** CEL over `alert` ({ level, regionCode, date, method, ageDays }): true opens the orders. */
  trigger: string;
  orders: readonly PlaybookOrder[];
  /** SLA of an escalated order (the parent authority's own deadline to acknowledge). */
  escalationSlaSeconds: number;
}

const HOUR = 3600;

/**
 * The fixed playbook. Every level is told at once (no level-by-level relay): the district's hospital, the
 * city CDC, the provincial CDC and the provincial health commission each get an order when the alert is
 * logged. Only alerts about the last two days trigger it, so a historical backfill (the demo's 150 days)
 * does not mobilise departments for an outbreak that is long over.
 */
export const DEFAULT_PLAYBOOK: Playbook = {
  key: "outbreak-response@*",
  version: 1,
  title: "Outbreak response: level II and above",
  trigger: 'alert.level in ["II", "I"] && alert.ageDays <= 2',
  orders: [
    {
      step: "district-hospital",
      level: "DISTRICT",
      departmentKind: "HOSPITAL",
      task: "Isolate and test suspected cases; list close contacts",
      slaSeconds: 2 * HOUR,
    },
    { step: "city-cdc", level: "CITY", departmentKind: "CDC", task: "Field epidemiological investigation of the cluster", slaSeconds: 4 * HOUR },
    { step: "province-cdc", level: "PROVINCE", departmentKind: "CDC", task: "Confirm the cluster and assess the risk", slaSeconds: 12 * HOUR },
    {
      step: "province-commission",
      level: "PROVINCE",
      departmentKind: "HEALTH_COMMISSION",
      task: "Decide the emergency response level and notify the public",
      slaSeconds: 24 * HOUR,
    },
  ],
  escalationSlaSeconds: 2 * HOUR,
};

/** What a playbook's trigger sees of an alert. */
export interface AlertFacts {
  level: string;
  regionCode: string;
  date: string;
  method: string;
  /** Whole days between the alert's date and the day it was raised. */
  ageDays: number;
}

export interface CompiledPlaybook {
  playbook: Playbook;
  /** True when the alert opens the playbook's orders; a trigger that errors opens nothing (and says why). */
  triggers(alert: AlertFacts): { open: boolean; error?: string };
}

/** Check and compile a playbook: the trigger in Vigil's CEL subset, steps unique, SLAs positive whole seconds. */
export function compilePlaybook(playbook: Playbook): { compiled: CompiledPlaybook | null; problems: RuleSetProblem[] } {
  const problems: RuleSetProblem[] = [];
  const trigger = compileExpression(playbook.trigger, ["alert"], "/trigger", problems);
  const steps = new Set<string>();
  playbook.orders.forEach((o, i) => {
    if (!/^[a-z0-9-]{1,40}$/.test(o.step)) problems.push({ path: `/orders/${i}/step`, message: "a step is 1–40 lower-case letters, digits or dashes" });
    if (steps.has(o.step)) problems.push({ path: `/orders/${i}/step`, message: `step ${o.step} appears twice` });
    steps.add(o.step);
    if (!Number.isSafeInteger(o.slaSeconds) || o.slaSeconds < 1)
      problems.push({ path: `/orders/${i}/slaSeconds`, message: "an SLA is a whole number of seconds ≥ 1" });
  });
  if (!Number.isSafeInteger(playbook.escalationSlaSeconds) || playbook.escalationSlaSeconds < 1)
    problems.push({ path: "/escalationSlaSeconds", message: "an SLA is a whole number of seconds ≥ 1" });
  if (!trigger || problems.length) return { compiled: null, problems };
  return {
    compiled: {
      playbook,
      triggers(alert) {
        const r = trigger.run({ alert });
        if ("error" in r) return { open: false, error: r.error };
        return { open: r.value === true };
      },
    },
    problems,
  };
}

export type WorkOrderState = "OPEN" | "ACKNOWLEDGED" | "IN_PROGRESS" | "DONE" | "CANCELLED";

/** The only moves a work order makes. DONE and CANCELLED are final. */
export const WORK_ORDER_MOVES: Readonly<Record<WorkOrderState, readonly WorkOrderState[]>> = {
  OPEN: ["ACKNOWLEDGED", "CANCELLED"],
  ACKNOWLEDGED: ["IN_PROGRESS", "CANCELLED"],
  IN_PROGRESS: ["DONE", "CANCELLED"],
  DONE: [],
  CANCELLED: [],
};

/** Null when `from → to` is a legal move, else why not (for the BAD_USER_INPUT message). */
export function workOrderMoveProblem(from: WorkOrderState, to: WorkOrderState): string | null {
  if (WORK_ORDER_MOVES[from].includes(to)) return null;
  if (from === to) return `the work order is ${from} already`;
  if (!WORK_ORDER_MOVES[from].length) return `the work order is ${from}: a final state`;
  return `a work order moves from ${from} only to ${WORK_ORDER_MOVES[from].join(" or ")}, not to ${to}`;
}
