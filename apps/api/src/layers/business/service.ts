import type { Database, TaskStatus } from "@vigil/db";
import { alertInScope } from "../../access/scope.ts";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { parseDay } from "@vigil/calendar";
import type { Page } from "../../graphql/pagination.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";

export interface AssignFields {
  title: string;
  description: string;
  ownerDepartmentCode: string;
  due?: string | null;
  alertId?: number | null;
}

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
