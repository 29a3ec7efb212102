import type { Database, Prisma, PrismaClient, TaskStatus, WorkOrderStatus } from "@vigil/db";
import type * as Db from "@vigil/db";
import { interruptedTimeSeries, reproductionNumber, summariseLatencies } from "@vigil/analytics";
import { compilePlaybook, DEFAULT_PLAYBOOK, type CompiledPlaybook, type Playbook, type PlaybookOrder, workOrderMoveProblem } from "@vigil/rules";
import { alertInScope, readableRegion } from "../../access/scope.ts";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { addDays, dayDiff, formatDay, parseDay } from "@vigil/calendar";
import type { Page } from "../../graphql/pagination.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";
import { SERIAL_INTERVAL, type AnalysisService } from "../analysis/service.ts";
import type { ReportService } from "../data-support/service.ts";

export interface AssignFields {
  title: string;
  description: string;
  ownerDepartmentCode: string;
  due?: string | null;
  alertId?: number | null;
}

type Tx = Prisma.TransactionClient | PrismaClient;

const include = { ownerDepartment: true, alert: { include: { region: true } }, createdBy: true } as const;

/** Business layer: cross-department tasks. Assignments and status changes are decisions, so both go on the log. */
export class TaskService {
  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly regions: RegionDirectory,
  ) {}

  /** A task as `viewer` may see it: its alert only if the alert's region is in the viewer's scope (else null). */
  private scoped<T extends { alert: { regionCode: string } | null }>(viewer: Viewer, task: T): T {
    return { ...task, alert: alertInScope(viewer, this.regions, task.alert) };
  }

  async list(viewer: Viewer, filter: { status?: TaskStatus | null } & Page) {
    const status = filter.status ?? undefined;
    const mine = viewer.role === "DEPARTMENT_OFFICER" ? { ownerDepartmentId: viewer.departmentId ?? -1 } : {};
    const rows = await this.db.prisma.task.findMany({
      where: { ...mine, ...(status && { status }) },
      orderBy: [{ status: "asc" }, { due: "asc" }, { id: "asc" }],
      take: filter.limit,
      skip: filter.offset,
      include,
    });
    return rows.map((t) => this.scoped(viewer, t));
  }

  async assign(viewer: Viewer, input: AssignFields) {
    if (input.due) {
      try {
        parseDay(input.due);
      } catch (e) {
        throw fail("BAD_USER_INPUT", (e as Error).message, { field: "due" });
      }
    }
    const owner = await this.db.prisma.department.findUnique({ where: { code: input.ownerDepartmentCode } });
    if (!owner) throw fail("BAD_USER_INPUT", `Unknown department ${input.ownerDepartmentCode}.`, { field: "ownerDepartmentCode" });
    if (input.alertId != null && !(await this.db.prisma.alert.findUnique({ where: { id: input.alertId }, select: { id: true } }))) {
      throw fail("BAD_USER_INPUT", `Unknown alert ${input.alertId}.`, { field: "alertId" });
    }
    return this.log.write(async ({ tx, append }) => {
      const [entry] = await append([
        {
          kind: "task",
          departmentCode: viewer.departmentCode,
          departmentId: viewer.departmentId,
          body: {
            action: "assign",
            title: input.title,
            description: input.description,
            owner: owner.code,
            due: input.due ?? null,
            alertId: input.alertId ?? null,
            by: viewer.email,
          },
        },
      ]);
      const task = await tx.task.create({
        data: {
          title: input.title,
          description: input.description,
          ownerDepartmentId: owner.id,
          due: input.due ? parseDay(input.due) : null,
          alertId: input.alertId ?? null,
          createdById: viewer.id,
          entryIndex: entry!.index,
        },
        include,
      });
      return this.scoped(viewer, task);
    });
  }

  /** Only the owning department (or an admin) moves its task along. */
  async setStatus(viewer: Viewer, id: number, status: TaskStatus) {
    return this.log.write(async ({ tx, append }) => {
      // Locked, so two concurrent updates log the true "from" status one after the other.
      const [task] = await tx.$queryRawUnsafe<{ status: TaskStatus; ownerDepartmentId: number }[]>(
        `SELECT "status", "ownerDepartmentId" FROM "Task" WHERE "id" = $1 FOR UPDATE`,
        id,
      );
      if (!task) throw fail("NOT_FOUND", `Unknown task ${id}.`);
      if (viewer.role !== "ADMIN" && task.ownerDepartmentId !== viewer.departmentId)
        throw fail("FORBIDDEN", "Only the owning department can update this task.");
      await append([
        {
          kind: "task",
          departmentCode: viewer.departmentCode,
          departmentId: viewer.departmentId,
          body: { action: "status", taskId: id, from: task.status, to: status, by: viewer.email },
        },
      ]);
      return this.scoped(viewer, await tx.task.update({ where: { id }, data: { status }, include }));
    });
  }
}

/** Seconds between two instants (the receipt times of two entries). */
const secondsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

const orderInclude = { ownerDepartment: { include: { region: true } }, alert: { include: { region: true } } } as const;
export type WorkOrderRow = Db.WorkOrder & { ownerDepartment: Db.Department & { region: Db.Region }; alert: Db.Alert & { region: Db.Region } };
/** A work order as a viewer may see it: its alert only if the alert's region is in the viewer's scope. */
export type ScopedWorkOrder = Omit<WorkOrderRow, "alert"> & { alert: (Db.Alert & { region: Db.Region }) | null };

/** Advisory-lock namespace for opening one alert's orders (two-key form: this constant, the alert id). */
const OPEN_LOCK = 0x0_0de5;
/** How many overdue orders one scheduler transaction escalates; the rest go in the next round of the same tick. */
const ESCALATION_BATCH = 50;

export interface TimelineStep {
  kind: "FIRST_REPORT" | "ALERT" | "OPENED" | "ESCALATED" | "ACKNOWLEDGED" | "IN_PROGRESS" | "DONE" | "CANCELLED";
  at: Date;
  entryIndex: number;
  departmentCode: string | null;
  regionCode: string;
  regionLevel: string;
  workOrderId: number | null;
  step: string | null;
  secondsSinceFirstReport: number;
  secondsSinceAlert: number;
}

/**
 * Business layer: work orders that a playbook opens when an alert is logged, their acknowledgement, status
 * and escalation up the region hierarchy. Every opening, move and escalation is a `work-order` entry; the
 * row is what the entries say. Due times are columns, so the scheduler (`escalateDue`) can run on any
 * instance, any number of times, after any restart: an overdue order is escalated exactly once.
 */
export class WorkOrderService {
  readonly playbook: CompiledPlaybook;

  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly regions: RegionDirectory,
    playbook: Playbook = DEFAULT_PLAYBOOK,
  ) {
    const { compiled, problems } = compilePlaybook(playbook);
    if (!compiled) throw new Error(`playbook ${playbook.key} does not compile: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    this.playbook = compiled;
  }

  private get playbookId() {
    return `${this.playbook.playbook.key}@${this.playbook.playbook.version}`;
  }

  /** The department of `kind` answering for `regionCode`, if any. */
  private async departmentOf(tx: Tx, kind: Db.DepartmentKind, regionCode: string) {
    return tx.department.findFirst({ where: { kind, regionCode }, orderBy: { id: "asc" } });
  }

  /** The ancestor of a region (itself included) at a level of the hierarchy. */
  private ancestorAt(regionCode: string, level: string): Db.Region | undefined {
    for (let r = this.regions.get(regionCode); r; r = r.parentCode ? this.regions.get(r.parentCode) : undefined) if (r.level === level) return r;
    return undefined;
  }

  /**
   * The authority an order escalates to: the health commission of the nearest region above, else its CDC.
   * Null at the top of the hierarchy (the province answers to no one in Vigil).
   */
  private async authorityAbove(tx: Tx, regionCode: string) {
    for (let code = this.regions.get(regionCode)?.parentCode; code; code = this.regions.get(code)?.parentCode) {
      const d = (await this.departmentOf(tx, "HEALTH_COMMISSION", code)) ?? (await this.departmentOf(tx, "CDC", code));
      if (d) return d;
    }
    return null;
  }

  /**
   * Open the playbook's orders for an alert, if its trigger says so. Idempotent: under a per-alert lock, steps
   * that have an order already are skipped, so the alert listener, the scheduler's sweep and a second instance
   * may all call it.
   */
  async openFor(alertId: number): Promise<WorkOrderRow[]> {
    const alert = await this.db.prisma.alert.findUnique({ where: { id: alertId }, include: { region: true, entry: { select: { receivedAt: true } } } });
    if (!alert) throw fail("NOT_FOUND", `Unknown alert ${alertId}.`);
    const date = formatDay(alert.date);
    const raisedOn = formatDay(alert.entry.receivedAt);
    const facts = { level: alert.level, regionCode: alert.regionCode, date, method: alert.method, ageDays: dayDiff(date, raisedOn) };
    if (!this.playbook.triggers(facts).open) return [];
    return this.log.write(async ({ tx, append }) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${OPEN_LOCK}, $1::int)`, alertId);
      const have = new Set((await tx.workOrder.findMany({ where: { alertId, depth: 0 }, select: { step: true } })).map((o) => o.step));
      const plan: { order: PlaybookOrder; owner: Db.Department; region: Db.Region }[] = [];
      for (const order of this.playbook.playbook.orders) {
        if (have.has(order.step)) continue;
        const region = this.ancestorAt(alert.regionCode, order.level);
        const owner = region && (await this.departmentOf(tx, order.departmentKind, region.code));
        // A district without a hospital: the city's order covers it (and escalation still climbs).
        if (region && owner) plan.push({ order, owner, region });
      }
      if (!plan.length) return [];
      const entries = await append(
        plan.map(({ order, owner, region }) => ({
          kind: "work-order",
          departmentCode: null,
          departmentId: null,
          body: {
            action: "open",
            alertId,
            alertEntry: Number(alert.entryIndex),
            playbook: this.playbookId,
            step: order.step,
            depth: 0,
            task: order.task,
            owner: owner.code,
            regionCode: region.code,
            slaSeconds: order.slaSeconds,
            escalates: null,
          },
        })),
      );
      const created: WorkOrderRow[] = [];
      for (const [i, { order, owner, region }] of plan.entries()) {
        const e = entries[i]!;
        created.push(
          await tx.workOrder.create({
            data: {
              alertId,
              playbook: this.playbookId,
              step: order.step,
              task: order.task,
              regionCode: region.code,
              ownerDepartmentId: owner.id,
              slaSeconds: order.slaSeconds,
              openedAt: e.receivedAt,
              dueAt: new Date(e.receivedAt.getTime() + order.slaSeconds * 1000),
              entryIndex: e.index,
            },
            include: orderInclude,
          }),
        );
      }
      return created;
    });
  }

  /**
   * Escalate every order still OPEN past its due time to the authority above its region, once. Rows are
   * claimed with FOR UPDATE SKIP LOCKED, so instances running this together share the work, and the unique
   * `escalatedFromId` makes a second escalation of one order impossible even so. Returns the new orders.
   */
  async escalateDue(now: Date = new Date()): Promise<WorkOrderRow[]> {
    const out: WorkOrderRow[] = [];
    for (;;) {
      const batch = await this.log.write(async ({ tx, append }) => {
        const due = await tx.$queryRawUnsafe<{ id: number }[]>(
          `SELECT w."id" FROM "WorkOrder" w JOIN "Region" r ON r."code" = w."regionCode"
           WHERE w."status" = 'OPEN' AND w."dueAt" <= $1::timestamptz AT TIME ZONE 'UTC' AND r."parentCode" IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM "WorkOrder" e WHERE e."escalatedFromId" = w."id")
           ORDER BY w."dueAt", w."id" LIMIT ${ESCALATION_BATCH} FOR UPDATE OF w SKIP LOCKED`,
          now.toISOString(),
        );
        if (!due.length) return null;
        const orders = await tx.workOrder.findMany({ where: { id: { in: due.map((d) => d.id) } }, include: orderInclude, orderBy: { id: "asc" } });
        const plan: { from: WorkOrderRow; to: Db.Department }[] = [];
        for (const from of orders) {
          const to = await this.authorityAbove(tx, from.regionCode);
          if (to) plan.push({ from, to });
        }
        if (!plan.length) return [];
        const sla = this.playbook.playbook.escalationSlaSeconds;
        const entries = await append(
          plan.map(({ from, to }) => ({
            kind: "work-order",
            departmentCode: null,
            departmentId: null,
            body: {
              action: "open",
              alertId: from.alertId,
              alertEntry: Number(from.alert.entryIndex),
              playbook: from.playbook,
              step: from.step,
              depth: from.depth + 1,
              task: from.task,
              owner: to.code,
              regionCode: to.regionCode,
              slaSeconds: sla,
              // The escalated order's open entry: anyone can check it was still unacknowledged when this was logged.
              escalates: Number(from.entryIndex),
            },
          })),
        );
        const created: WorkOrderRow[] = [];
        for (const [i, { from, to }] of plan.entries()) {
          const e = entries[i]!;
          created.push(
            await tx.workOrder.create({
              data: {
                alertId: from.alertId,
                playbook: from.playbook,
                step: from.step,
                task: from.task,
                regionCode: to.regionCode,
                ownerDepartmentId: to.id,
                slaSeconds: sla,
                openedAt: e.receivedAt,
                dueAt: new Date(e.receivedAt.getTime() + sla * 1000),
                depth: from.depth + 1,
                escalatedFromId: from.id,
                entryIndex: e.index,
              },
              include: orderInclude,
            }),
          );
        }
        return created;
      });
      if (batch === null) return out;
      out.push(...batch);
      if (!batch.length) return out;
    }
  }

  /**
   * Open orders for recent triggering alerts that have none: the alert listener runs after the alert's commit,
   * so a crash in between would otherwise lose them. Alerts of the last `hours` only (the trigger looks at
   * recent days anyway).
   */
  async sweepAlerts(hours = 48): Promise<number> {
    const since = new Date(Date.now() - hours * 3600_000);
    const alerts = await this.db.prisma.alert.findMany({
      where: { createdAt: { gte: since }, level: { in: ["II", "I"] }, workOrders: { none: {} } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    let opened = 0;
    for (const a of alerts) opened += (await this.openFor(a.id)).length;
    return opened;
  }

  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;

  /**
   * One scheduler round: open orders the alert listener may have missed, then escalate what is overdue.
   * Everything it acts on is in the database, so a restarted or second instance picks up where any left off.
   */
  async tick(now: Date = new Date()): Promise<{ opened: number; escalated: number }> {
    const opened = await this.sweepAlerts();
    const escalated = (await this.escalateDue(now)).length;
    return { opened, escalated };
  }

  /** Run `tick` every `intervalMs` (one round at a time) until `stopScheduler`. */
  startScheduler(intervalMs: number, onError: (e: unknown) => void = (e) => console.error("work-order scheduler failed", e)): void {
    if (this.timer) return;
    const run = () => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .then(() => {})
        .catch(onError)
        .finally(() => {
          this.ticking = null;
        });
    };
    this.timer = setInterval(run, intervalMs);
    this.timer.unref?.();
    run();
  }

  /** Stop the timer and wait for a round in flight, so the database can close under it. */
  async stopScheduler(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** Department officers see their department's orders; every other role sees all. */
  scoped(viewer: Viewer, o: WorkOrderRow): ScopedWorkOrder {
    return { ...o, alert: alertInScope(viewer, this.regions, o.alert) };
  }

  async list(viewer: Viewer, filter: { alertId?: number | null; status?: WorkOrderStatus | null } & Page): Promise<ScopedWorkOrder[]> {
    const mine = viewer.role === "DEPARTMENT_OFFICER" ? { ownerDepartmentId: viewer.departmentId ?? -1 } : {};
    const rows = await this.db.prisma.workOrder.findMany({
      where: { ...mine, ...(filter.alertId != null && { alertId: filter.alertId }), ...(filter.status && { status: filter.status }) },
      orderBy: [{ alertId: "desc" }, { depth: "asc" }, { id: "asc" }],
      take: filter.limit,
      skip: filter.offset,
      include: orderInclude,
    });
    return rows.map((o) => this.scoped(viewer, o));
  }

  /** The order an escalation came from / went to (ids), for the board. */
  async escalationOf(id: number): Promise<number | null> {
    return (await this.db.prisma.workOrder.findUnique({ where: { escalatedFromId: id }, select: { id: true } }))?.id ?? null;
  }

  async acknowledge(viewer: Viewer, id: number): Promise<ScopedWorkOrder> {
    return this.scoped(viewer, await this.move(viewer, id, "ACKNOWLEDGED"));
  }

  async setStatus(viewer: Viewer, id: number, to: WorkOrderStatus): Promise<ScopedWorkOrder> {
    return this.scoped(viewer, await this.move(viewer, id, to));
  }

  /**
   * Move an order one step of the status machine. Only the owning department moves it, and the move is signed
   * by that department; an illegal move is BAD_USER_INPUT and writes nothing.
   */
  private async move(viewer: Viewer, id: number, to: WorkOrderStatus): Promise<WorkOrderRow> {
    return this.log.write(async ({ tx, append }) => {
      // Locked, so two concurrent moves log the true "from" one after the other.
      const [row] = await tx.$queryRawUnsafe<{ status: WorkOrderStatus; ownerDepartmentId: number; alertId: number; entryIndex: bigint }[]>(
        `SELECT "status", "ownerDepartmentId", "alertId", "entryIndex" FROM "WorkOrder" WHERE "id" = $1 FOR UPDATE`,
        id,
      );
      if (!row) throw fail("NOT_FOUND", `Unknown work order ${id}.`);
      if (row.ownerDepartmentId !== viewer.departmentId || !viewer.departmentCode)
        throw fail("FORBIDDEN", "Only the owning department can acknowledge or move this work order.");
      const problem = workOrderMoveProblem(row.status, to);
      if (problem) throw fail("BAD_USER_INPUT", `Work order ${id}: ${problem}.`, { field: "status", from: row.status, to });
      const [e] = await append([
        {
          kind: "work-order",
          departmentCode: viewer.departmentCode,
          departmentId: viewer.departmentId,
          body: { action: "status", workOrderId: id, order: Number(row.entryIndex), alertId: row.alertId, from: row.status, to },
        },
      ]);
      return tx.workOrder.update({
        where: { id },
        data: {
          status: to,
          ...(to === "ACKNOWLEDGED" && { acknowledgedAt: e!.receivedAt }),
          ...(to === "IN_PROGRESS" && { startedAt: e!.receivedAt }),
        },
        include: orderInclude,
      });
    });
  }

  /**
   * The reporting timeline of an alert, from its entries alone: the front-line report the alert was raised on
   * (the district's value for the alert's day as it stood when the alert was logged: a first report or the
   * amendment that changed it), the alert, then every work-order entry naming it (openings, escalations, moves) in log
   * order, each with the receipt time signed into it.
   */
  async timeline(viewer: Viewer, alertId: number): Promise<{ alert: Db.Alert & { region: Db.Region }; steps: TimelineStep[] }> {
    const alert = await this.db.prisma.alert.findUnique({ where: { id: alertId }, include: { region: true } });
    if (!alert) throw fail("NOT_FOUND", `Unknown alert ${alertId}.`);
    readableRegion(viewer, this.regions, alert.regionCode);
    const raw = await this.db.raw.query<{ index: string; kind: string; payload: Uint8Array }>(
      `SELECT e."index"::text AS "index", e."kind", e."payload" FROM "LogEntry" e
       WHERE e."index" = $1::bigint
          OR e."index" = (SELECT MAX(c."entryIndex") FROM "CaseReport" c WHERE c."regionCode" = $2 AND c."date" = $3::date AND c."entryIndex" < $1::bigint)
          OR (e."kind" = 'work-order' AND (convert_from(e."payload", 'UTF8')::jsonb -> 'body' ->> 'alertId')::int = $4)
       ORDER BY e."index"`,
      [alert.entryIndex.toString(), alert.regionCode, formatDay(alert.date), alertId],
    );
    const steps = timelineFromEntries(raw, (code) => this.regions.get(code));
    // Row ids are for linking only (the entries name orders by their open entry).
    const ids = new Map(
      (await this.db.prisma.workOrder.findMany({ where: { alertId }, select: { id: true, entryIndex: true } })).map((o) => [Number(o.entryIndex), o.id]),
    );
    for (const s of steps) if ((s.kind === "OPENED" || s.kind === "ESCALATED") && s.workOrderId == null) s.workOrderId = ids.get(s.entryIndex) ?? null;
    return { alert, steps };
  }

  /**
   * Latency of each level (and step) to see and to act on the alerts of a region's subtree: from the alert's
   * entry to the acknowledgement entry, and to the first IN_PROGRESS entry, of the playbook's own orders
   * (escalations are counted apart). Seconds, from signed receipt times.
   */
  async latency(viewer: Viewer, regionCode?: string | null) {
    if (regionCode && !this.regions.get(regionCode)) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const region = readableRegion(viewer, this.regions, regionCode);
    const rows = await this.db.prisma.workOrder.findMany({
      where: { depth: 0, ...(region && { alert: { regionCode: { in: this.regions.subtree(region) } } }) },
      select: {
        step: true,
        regionCode: true,
        acknowledgedAt: true,
        startedAt: true,
        status: true,
        escalatedTo: { select: { id: true } },
        alert: { select: { entry: { select: { receivedAt: true } } } },
      },
    });
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${this.regions.get(r.regionCode)?.level ?? "?"} ${r.step}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
    }
    const rank: Record<string, number> = { DISTRICT: 0, CITY: 1, PROVINCE: 2 };
    return [...groups.entries()]
      .map(([key, rs]) => {
        const [level, step] = key.split(" ") as [string, string];
        const alertAt = (r: (typeof rs)[number]) => r.alert.entry.receivedAt;
        return {
          level,
          step,
          orders: rs.length,
          unacknowledged: rs.filter((r) => !r.acknowledgedAt).length,
          escalated: rs.filter((r) => r.escalatedTo).length,
          toAcknowledge: summariseLatencies(rs.flatMap((r) => (r.acknowledgedAt ? [secondsBetween(alertAt(r), r.acknowledgedAt)] : []))),
          toAct: summariseLatencies(rs.flatMap((r) => (r.startedAt ? [secondsBetween(alertAt(r), r.startedAt)] : []))),
        };
      })
      .sort((a, b) => (rank[a.level] ?? 9) - (rank[b.level] ?? 9) || a.step.localeCompare(b.step));
  }
}

interface EntryDoc {
  kind: string;
  department: string | null;
  receivedAt: string;
  body: Record<string, unknown>;
}

/**
 * Pure: the timeline from the entries of one alert (its first report, the alert, its work-order entries), in
 * log order. Used by `alertTimeline` and by the audit, which compares it with the tables.
 */
export function timelineFromEntries(
  entries: readonly { index: string | number; kind: string; payload: Uint8Array }[],
  regionOf: (code: string) => { level: string } | undefined,
): TimelineStep[] {
  const decoder = new TextDecoder();
  const docs = entries.map((e) => ({ index: Number(e.index), doc: JSON.parse(decoder.decode(e.payload)) as EntryDoc }));
  const report = docs.find((d) => d.doc.kind === "case-report");
  const alert = docs.find((d) => d.doc.kind === "alert");
  const t0 = report ? Date.parse(report.doc.receivedAt) : alert ? Date.parse(alert.doc.receivedAt) : 0;
  const ta = alert ? Date.parse(alert.doc.receivedAt) : t0;
  // Orders are named by their open entry; status entries name it as `order`.
  const orders = new Map<number, { id: number | null; step: string; regionCode: string; owner: string }>();
  const steps: TimelineStep[] = [];
  const push = (index: number, doc: EntryDoc, kind: TimelineStep["kind"], regionCode: string, extra: Partial<TimelineStep> = {}) => {
    const at = new Date(doc.receivedAt);
    steps.push({
      kind,
      at,
      entryIndex: index,
      departmentCode: doc.department,
      regionCode,
      regionLevel: regionOf(regionCode)?.level ?? "?",
      workOrderId: null,
      step: null,
      secondsSinceFirstReport: (at.getTime() - t0) / 1000,
      secondsSinceAlert: (at.getTime() - ta) / 1000,
      ...extra,
    });
  };
  for (const { index, doc } of docs) {
    const b = doc.body;
    if (doc.kind === "case-report") push(index, doc, "FIRST_REPORT", String(b.regionCode));
    else if (doc.kind === "alert") push(index, doc, "ALERT", String(b.regionCode));
    else if (doc.kind === "work-order" && b.action === "open") {
      orders.set(index, { id: null, step: String(b.step), regionCode: String(b.regionCode), owner: String(b.owner) });
      push(index, doc, b.escalates == null ? "OPENED" : "ESCALATED", String(b.regionCode), { departmentCode: String(b.owner), step: String(b.step) });
    } else if (doc.kind === "work-order" && b.action === "status") {
      const order = orders.get(Number(b.order));
      if (!order) continue;
      order.id = Number(b.workOrderId);
      push(index, doc, String(b.to) as TimelineStep["kind"], order.regionCode, { step: order.step, workOrderId: order.id });
    }
  }
  // Openings learn their row id from the moves that name it.
  for (const s of steps) if ((s.kind === "OPENED" || s.kind === "ESCALATED") && s.workOrderId == null) s.workOrderId = orders.get(s.entryIndex)?.id ?? null;
  return steps;
}

export interface InterventionInput {
  alertId?: number | null;
  regionCode?: string | null;
  from?: string | null;
  window?: number | null;
}

const DEFAULT_WINDOW = 21;

/**
 * Evaluation of an intervention: an alert's work-order set (taking effect on the day of its first action) or a
 * measure named by region and day. Interrupted time series over the region's daily confirmed cases, `window`
 * days either side, and the mean Rt before and after.
 */
export class InterventionService {
  constructor(
    private readonly db: Database,
    private readonly regions: RegionDirectory,
    private readonly analysis: AnalysisService,
    private readonly reports: ReportService,
  ) {}

  async effect(viewer: Viewer, input: InterventionInput) {
    const window = input.window ?? DEFAULT_WINDOW;
    if (!Number.isInteger(window) || window < 3 || window > 120) throw fail("BAD_USER_INPUT", "window is 3 to 120 days.", { field: "window" });
    let regionCode: string;
    let day: string;
    let label: string;
    if (input.alertId != null) {
      const alert = await this.db.prisma.alert.findUnique({ where: { id: input.alertId }, select: { id: true, regionCode: true } });
      if (!alert) throw fail("NOT_FOUND", `Unknown alert ${input.alertId}.`);
      readableRegion(viewer, this.regions, alert.regionCode);
      const first = await this.db.prisma.workOrder.findFirst({ where: { alertId: alert.id, startedAt: { not: null } }, orderBy: { startedAt: "asc" } });
      if (!first?.startedAt) throw fail("BAD_USER_INPUT", `No work order of alert ${alert.id} has started yet: nothing to evaluate.`, { field: "alertId" });
      regionCode = alert.regionCode;
      day = formatDay(first.startedAt);
      label = `Work orders of alert #${alert.id}, first action on ${day}`;
    } else {
      if (!input.regionCode || !input.from) throw fail("BAD_USER_INPUT", "Name an alert, or a region and the day a measure took effect.", { field: "alertId" });
      if (!this.regions.get(input.regionCode)) throw fail("NOT_FOUND", `Unknown region ${input.regionCode}.`);
      readableRegion(viewer, this.regions, input.regionCode);
      regionCode = input.regionCode;
      day = input.from;
      label = `Measure in ${regionCode} from ${day}`;
    }
    const latest = (await this.reports.latestDay()) ?? day;
    const to = [addDays(day, window - 1), latest].sort()[0]!;
    const start = addDays(day, -window);
    // Rt needs the weeks before the window too (its serial interval looks back).
    const series = await this.analysis.series(regionCode, addDays(start, -28), to < day ? day : to);
    const counts = series.map((p) => p.count);
    const at = series.findIndex((p) => p.date === day);
    const from = series.findIndex((p) => p.date === start);
    const daysAfter = to < day ? 0 : dayDiff(day, to) + 1;
    if (daysAfter < 2) throw fail("BAD_USER_INPUT", `Only ${daysAfter} day(s) of reports after ${day}: the evaluation needs at least 2.`, { field: "from" });
    const its = interruptedTimeSeries(counts.slice(from), at - from);
    const rt = reproductionNumber(counts, SERIAL_INTERVAL, { window: 7 });
    const meanRt = (lo: number, hi: number) => {
      const xs = rt.slice(lo, hi).filter((r): r is NonNullable<typeof r> => r != null);
      if (!xs.length) return null;
      const avg = (f: (r: (typeof xs)[number]) => number) => xs.reduce((s, r) => s + f(r), 0) / xs.length;
      return { mean: avg((r) => r.mean), lower: avg((r) => r.lower), upper: avg((r) => r.upper), days: xs.length };
    };
    return {
      label,
      regionCode,
      day,
      window,
      daysBefore: at - from,
      daysAfter,
      ...its,
      rtBefore: meanRt(from, at),
      rtAfter: meanRt(at, series.length),
      series: series.slice(from),
    };
  }
}

export interface ResourceRequestFields {
  item: string;
  quantity: number;
  neededBy: string;
}

const requestInclude = {
  requesterDepartment: true,
  allocations: { include: { fromDepartment: true }, orderBy: { id: "asc" } },
} as const;
export type ResourceRequestRow = Db.ResourceRequest & {
  requesterDepartment: Db.Department;
  allocations: (Db.ResourceAllocation & { fromDepartment: Db.Department })[];
};

/**
 * Business layer: resources. A department requests supplies; another allocates a quantity (never more than is
 * still outstanding); the requester confirms what arrived. Each step is a `resource` entry signed by the
 * department that takes it; shortages are what is requested and not yet allocated, by region.
 */
export class ResourceService {
  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly regions: RegionDirectory,
  ) {}

  private acting(viewer: Viewer) {
    if (viewer.departmentId == null || !viewer.departmentCode || !viewer.regionCode)
      throw fail("FORBIDDEN", "Resources are requested and allocated by departments: your account belongs to none.");
    return { departmentId: viewer.departmentId, departmentCode: viewer.departmentCode, regionCode: viewer.regionCode };
  }

  async list(viewer: Viewer, page: Page): Promise<ResourceRequestRow[]> {
    const scope = readableRegion(viewer, this.regions);
    return this.db.prisma.resourceRequest.findMany({
      where: scope ? { regionCode: { in: this.regions.subtree(scope) } } : {},
      orderBy: [{ neededBy: "asc" }, { id: "asc" }],
      take: page.limit,
      skip: page.offset,
      include: requestInclude,
    });
  }

  async request(viewer: Viewer, input: ResourceRequestFields): Promise<ResourceRequestRow> {
    const who = this.acting(viewer);
    const item = input.item.normalize("NFC").trim();
    if (item.length < 2 || item.length > 120) throw fail("BAD_USER_INPUT", "Name the item in 2 to 120 characters.", { field: "item" });
    if (!Number.isSafeInteger(input.quantity) || input.quantity < 1 || input.quantity > 10_000_000)
      throw fail("BAD_USER_INPUT", "quantity is a whole number from 1 to 10,000,000.", { field: "quantity" });
    try {
      parseDay(input.neededBy);
    } catch (e) {
      throw fail("BAD_USER_INPUT", (e as Error).message, { field: "neededBy" });
    }
    return this.log.write(async ({ tx, append }) => {
      const [e] = await append([
        {
          kind: "resource",
          departmentCode: who.departmentCode,
          departmentId: who.departmentId,
          body: { action: "request", item, quantity: input.quantity, neededBy: input.neededBy, regionCode: who.regionCode },
        },
      ]);
      return tx.resourceRequest.create({
        data: {
          item,
          quantity: input.quantity,
          neededBy: parseDay(input.neededBy),
          requesterDepartmentId: who.departmentId,
          regionCode: who.regionCode,
          entryIndex: e!.index,
        },
        include: requestInclude,
      });
    });
  }

  /** Allocate `quantity` to a request: at most what is still outstanding, checked under a row lock. */
  async allocate(viewer: Viewer, requestId: number, quantity: number): Promise<ResourceRequestRow> {
    const who = this.acting(viewer);
    if (!Number.isSafeInteger(quantity) || quantity < 1) throw fail("BAD_USER_INPUT", "quantity is a whole number ≥ 1.", { field: "quantity" });
    return this.log.write(async ({ tx, append }) => {
      const [row] = await tx.$queryRawUnsafe<{ quantity: number; entryIndex: bigint; requesterDepartmentId: number }[]>(
        `SELECT "quantity", "entryIndex", "requesterDepartmentId" FROM "ResourceRequest" WHERE "id" = $1 FOR UPDATE`,
        requestId,
      );
      if (!row) throw fail("NOT_FOUND", `Unknown resource request ${requestId}.`);
      if (row.requesterDepartmentId === who.departmentId)
        throw fail("BAD_USER_INPUT", "A department cannot allocate to its own request.", { field: "requestId" });
      const given = await tx.resourceAllocation.aggregate({ where: { requestId }, _sum: { quantity: true } });
      const outstanding = row.quantity - (given._sum.quantity ?? 0);
      if (quantity > outstanding)
        throw fail("BAD_USER_INPUT", `Only ${outstanding} of request ${requestId} is still outstanding.`, { field: "quantity", outstanding });
      const [e] = await append([
        {
          kind: "resource",
          departmentCode: who.departmentCode,
          departmentId: who.departmentId,
          body: { action: "allocate", requestId, request: Number(row.entryIndex), quantity },
        },
      ]);
      await tx.resourceAllocation.create({ data: { requestId, fromDepartmentId: who.departmentId, quantity, entryIndex: e!.index } });
      return tx.resourceRequest.findUniqueOrThrow({ where: { id: requestId }, include: requestInclude });
    });
  }

  /** The requester confirms an allocation arrived (once). */
  async confirm(viewer: Viewer, allocationId: number): Promise<ResourceRequestRow> {
    const who = this.acting(viewer);
    return this.log.write(async ({ tx, append }) => {
      const [row] = await tx.$queryRawUnsafe<{ requestId: number; entryIndex: bigint; confirmedAt: Date | null; requester: number }[]>(
        `SELECT a."requestId", a."entryIndex", a."confirmedAt", r."requesterDepartmentId" AS "requester"
         FROM "ResourceAllocation" a JOIN "ResourceRequest" r ON r."id" = a."requestId" WHERE a."id" = $1 FOR UPDATE OF a`,
        allocationId,
      );
      if (!row) throw fail("NOT_FOUND", `Unknown allocation ${allocationId}.`);
      if (row.requester !== who.departmentId) throw fail("FORBIDDEN", "Only the requesting department confirms what it received.");
      if (row.confirmedAt) throw fail("BAD_USER_INPUT", `Allocation ${allocationId} was confirmed already.`, { field: "allocationId" });
      const [e] = await append([
        {
          kind: "resource",
          departmentCode: who.departmentCode,
          departmentId: who.departmentId,
          body: { action: "confirm", allocationId, allocation: Number(row.entryIndex) },
        },
      ]);
      await tx.resourceAllocation.update({ where: { id: allocationId }, data: { confirmedAt: e!.receivedAt } });
      return tx.resourceRequest.findUniqueOrThrow({ where: { id: row.requestId }, include: requestInclude });
    });
  }

  /** Requested, allocated and confirmed quantities per region and item, in the viewer's scope; shortage = requested − allocated. */
  async shortages(viewer: Viewer) {
    const scope = readableRegion(viewer, this.regions);
    const rows = await this.db.prisma.resourceRequest.findMany({
      where: scope ? { regionCode: { in: this.regions.subtree(scope) } } : {},
      include: { allocations: true },
    });
    const by = new Map<string, { regionCode: string; item: string; requested: number; allocated: number; confirmed: number }>();
    for (const r of rows) {
      const key = `${r.regionCode}\u0000${r.item}`;
      const g = by.get(key) ?? by.set(key, { regionCode: r.regionCode, item: r.item, requested: 0, allocated: 0, confirmed: 0 }).get(key)!;
      g.requested += r.quantity;
      for (const a of r.allocations) {
        g.allocated += a.quantity;
        if (a.confirmedAt) g.confirmed += a.quantity;
      }
    }
    return [...by.values()]
      .map((g) => ({ ...g, shortage: g.requested - g.allocated }))
      .sort((a, b) => b.shortage - a.shortage || a.regionCode.localeCompare(b.regionCode) || a.item.localeCompare(b.item));
  }
}
