import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from "type-graphql";
import { IsInt, IsOptional, Matches, MaxLength, MinLength, Min } from "class-validator";
import { TaskStatus, WorkOrderStatus } from "@vigil/db";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { formatDay } from "@vigil/calendar";
import { Alert, Day, Department, LogEntry, Region, toAlert, toDepartment, toRegion } from "../../graphql/types.ts";
import type { ResourceRequestRow, ScopedWorkOrder } from "./service.ts";
import { ENTRY_FIELD_DESCRIPTION, entryOfRow } from "../infrastructure/resolver.ts";

@ObjectType({ description: "A cross-department task, e.g. contact tracing in response to an alert." })
export class Task {
  @Field(() => Int) id!: number;
  @Field(() => String) title!: string;
  @Field(() => String) description!: string;
  @Field(() => Department) ownerDepartment!: Department;
  @Field(() => Day, { nullable: true }) due!: string | null;
  @Field(() => TaskStatus) status!: TaskStatus;
  @Field(() => Alert, { nullable: true }) alert!: Alert | null;
  @Field(() => String) createdBy!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) entryIndex!: number;
}

@InputType()
class AssignTaskInput {
  @Field(() => String) @MinLength(3) @MaxLength(200) title!: string;
  @Field(() => String, { defaultValue: "" }) @MaxLength(4000) description!: string;
  @Field(() => String) @Matches(/^[A-Z0-9-]{2,40}$/) ownerDepartmentCode!: string;
  @Field(() => Day, { nullable: true }) due?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) alertId?: number | null;
}

type TaskRow = Db.Task & { ownerDepartment: Db.Department; alert: (Db.Alert & { region: Db.Region }) | null; createdBy: Db.User };
const toTask = (t: TaskRow): Task => ({
  id: t.id,
  title: t.title,
  description: t.description,
  ownerDepartment: toDepartment(t.ownerDepartment),
  due: t.due ? formatDay(t.due) : null,
  status: t.status,
  alert: t.alert ? toAlert(t.alert) : null,
  createdBy: t.createdBy.email,
  createdAt: t.createdAt,
  entryIndex: Number(t.entryIndex),
});

/** Business layer: coordination between departments (today: tasks with a logged status). */
@Resolver(() => Task)
export class BusinessResolver {
  @Authorized()
  @Query(() => [Task], { description: "Department officers see their department's tasks; coordinators see all." })
  async tasks(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("status", () => TaskStatus, { nullable: true }) status?: TaskStatus,
  ): Promise<Task[]> {
    return (await ctx.services.tasks.list(requireViewer(ctx), { status, ...page(pageArgs) })).map(toTask);
  }

  @Authorized(["DECISION_MAKER", "ADMIN"])
  @Mutation(() => Task)
  async assignTask(@Ctx() ctx: Context, @Arg("input", () => AssignTaskInput) input: AssignTaskInput): Promise<Task> {
    return toTask(await ctx.services.tasks.assign(requireViewer(ctx), input));
  }

  @Authorized(["DEPARTMENT_OFFICER", "ADMIN"])
  @Mutation(() => Task)
  async updateTaskStatus(@Ctx() ctx: Context, @Arg("id", () => Int) id: number, @Arg("status", () => TaskStatus) status: TaskStatus): Promise<Task> {
    return toTask(await ctx.services.tasks.setStatus(requireViewer(ctx), id, status));
  }

  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() t: Task, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, t.entryIndex);
  }
}

registerEnumType(WorkOrderStatus, {
  name: "WorkOrderStatus",
  description: "OPEN → ACKNOWLEDGED → IN_PROGRESS → DONE, or CANCELLED from any unfinished state; no other move.",
});

@ObjectType({ description: "A playbook's order to one department in response to an alert, or its escalation up the region hierarchy." })
export class WorkOrder {
  @Field(() => Int) id!: number;
  @Field(() => Alert, { nullable: true, description: "Null when the alert's region is outside your scope." }) alert!: Alert | null;
  @Field(() => Int) alertId!: number;
  @Field(() => String, { description: "The playbook (key@version) that opened it." }) playbook!: string;
  @Field(() => String, { description: "The playbook step; an escalation keeps its origin's step." }) step!: string;
  @Field(() => String) task!: string;
  @Field(() => Region, { description: "The region the owner answers for." }) region!: Region;
  @Field(() => Department) ownerDepartment!: Department;
  @Field(() => Int, { description: "Seconds the order may stay unacknowledged before it escalates." }) slaSeconds!: number;
  @Field(() => Date, { description: "Signed receipt time of the opening entry." }) openedAt!: Date;
  @Field(() => Date) dueAt!: Date;
  @Field(() => WorkOrderStatus) status!: WorkOrderStatus;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: "Receipt time of the move to IN_PROGRESS (the first action)." }) startedAt!: Date | null;
  @Field(() => Int, { description: "0 for the playbook's order, n for its n-th escalation." }) depth!: number;
  @Field(() => Int, { nullable: true, description: "The order this one escalates (left unacknowledged past its SLA)." }) escalatedFromId!: number | null;
  @Field(() => Int) entryIndex!: number;
}

const toWorkOrder = (o: ScopedWorkOrder, regionOf: (code: string) => Db.Region | undefined): WorkOrder => ({
  id: o.id,
  alert: o.alert ? toAlert(o.alert) : null,
  alertId: o.alertId,
  playbook: o.playbook,
  step: o.step,
  task: o.task,
  region: toRegion(regionOf(o.regionCode) ?? o.ownerDepartment.region),
  ownerDepartment: toDepartment(o.ownerDepartment),
  slaSeconds: o.slaSeconds,
  openedAt: o.openedAt,
  dueAt: o.dueAt,
  status: o.status,
  acknowledgedAt: o.acknowledgedAt,
  startedAt: o.startedAt,
  depth: o.depth,
  escalatedFromId: o.escalatedFromId,
  entryIndex: Number(o.entryIndex),
});

@ObjectType({ description: "One step of an alert's reporting timeline, with the receipt time signed into its log entry." })
export class TimelineStep {
  @Field(() => String, { description: "FIRST_REPORT, ALERT, OPENED, ESCALATED, ACKNOWLEDGED, IN_PROGRESS, DONE or CANCELLED." }) kind!: string;
  @Field(() => Date) at!: Date;
  @Field(() => Int) entryIndex!: number;
  @Field(() => String, { nullable: true, description: "The department that signed the step (for openings: the order's owner)." }) departmentCode!:
    | string
    | null;
  @Field(() => String) regionCode!: string;
  @Field(() => String, { description: "DISTRICT, CITY or PROVINCE." }) regionLevel!: string;
  @Field(() => Int, { nullable: true }) workOrderId!: number | null;
  @Field(() => String, { nullable: true }) step!: string | null;
  @Field(() => Float) secondsSinceFirstReport!: number;
  @Field(() => Float) secondsSinceAlert!: number;
}

@ObjectType({
  description:
    "An alert's proven reporting timeline: the front-line report it was raised on (FIRST_REPORT) → the alert → each level's opening, acknowledgement and action.",
})
export class AlertTimeline {
  @Field(() => Alert) alert!: Alert;
  @Field(() => [TimelineStep]) steps!: TimelineStep[];
}

@ObjectType({ description: "Median, 90th percentile and maximum of latencies in seconds (null when none)." })
export class LatencySummary {
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) median!: number | null;
  @Field(() => Float, { nullable: true }) p90!: number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;
}

@ObjectType({ description: "How long one level (a playbook step) took to see and to act on alerts, from signed receipt times." })
export class LevelLatency {
  @Field(() => String) level!: string;
  @Field(() => String) step!: string;
  @Field(() => Int) orders!: number;
  @Field(() => Int) unacknowledged!: number;
  @Field(() => Int, { description: "Orders escalated for want of an acknowledgement within their SLA." }) escalated!: number;
  @Field(() => LatencySummary, { description: "Alert entry → acknowledgement entry." }) toAcknowledge!: LatencySummary;
  @Field(() => LatencySummary, { description: "Alert entry → first IN_PROGRESS entry." }) toAct!: LatencySummary;
}

/** Business layer: work orders from the playbook, acknowledgement, escalation and the reporting timeline. */
@Resolver(() => WorkOrder)
export class WorkOrderResolver {
  @Authorized()
  @Query(() => [WorkOrder], { description: "Department officers see their department's work orders; other roles see all." })
  async workOrders(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("alertId", () => Int, { nullable: true }) alertId?: number,
    @Arg("status", () => WorkOrderStatus, { nullable: true }) status?: WorkOrderStatus,
  ): Promise<WorkOrder[]> {
    const rows = await ctx.services.workOrders.list(requireViewer(ctx), { alertId, status, ...page(pageArgs) });
    return rows.map((o) => toWorkOrder(o, (c) => ctx.services.regions.get(c)));
  }

  @Authorized(["DEPARTMENT_OFFICER", "DECISION_MAKER"])
  @Mutation(() => WorkOrder, { description: "The owning department acknowledges an OPEN order (a signed entry): it has seen the alert." })
  async acknowledgeWorkOrder(@Ctx() ctx: Context, @Arg("id", () => Int) id: number): Promise<WorkOrder> {
    return toWorkOrder(await ctx.services.workOrders.acknowledge(requireViewer(ctx), id), (c) => ctx.services.regions.get(c));
  }

  @Authorized(["DEPARTMENT_OFFICER", "DECISION_MAKER"])
  @Mutation(() => WorkOrder, { description: "The owning department moves its order one step; an illegal move is BAD_USER_INPUT and changes nothing." })
  async updateWorkOrderStatus(
    @Ctx() ctx: Context,
    @Arg("id", () => Int) id: number,
    @Arg("status", () => WorkOrderStatus) status: WorkOrderStatus,
  ): Promise<WorkOrder> {
    return toWorkOrder(await ctx.services.workOrders.setStatus(requireViewer(ctx), id, status), (c) => ctx.services.regions.get(c));
  }

  @Authorized()
  @Query(() => AlertTimeline, { description: "The alert's reporting timeline rebuilt from its log entries (ask each step's `entry { proof }`)." })
  async alertTimeline(@Ctx() ctx: Context, @Arg("alertId", () => Int) alertId: number): Promise<AlertTimeline> {
    const { alert, steps } = await ctx.services.workOrders.timeline(requireViewer(ctx), alertId);
    return { alert: toAlert(alert), steps };
  }

  @Authorized()
  @Query(() => [LevelLatency], {
    description: "Time to acknowledge and to act per level and playbook step, over the alerts of a region (default: your scope).",
  })
  reportingLatency(@Ctx() ctx: Context, @Arg("regionCode", () => String, { nullable: true }) regionCode?: string): Promise<LevelLatency[]> {
    return ctx.services.workOrders.latency(requireViewer(ctx), regionCode);
  }

  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() o: WorkOrder, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, o.entryIndex);
  }
}

@Resolver(() => TimelineStep)
export class TimelineStepResolver {
  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() s: TimelineStep, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, s.entryIndex);
  }
}

@ObjectType({ description: "An estimate with its standard error and 95 % interval (Student t)." })
export class IntervalEstimate {
  @Field(() => Float) estimate!: number;
  @Field(() => Float) standardError!: number;
  @Field(() => Float) lower!: number;
  @Field(() => Float) upper!: number;
}

@ObjectType({ description: "A fitted line y = intercept + slope·t, t in days from the window's first day." })
export class TrendLine {
  @Field(() => Float) intercept!: number;
  @Field(() => Float) slope!: number;
}

@ObjectType({ description: "Mean of the daily Rt estimates (and of their 95 % credible bounds) over a window." })
export class RtWindow {
  @Field(() => Float) mean!: number;
  @Field(() => Float) lower!: number;
  @Field(() => Float) upper!: number;
  @Field(() => Int) days!: number;
}

@ObjectType({ description: "A day's confirmed cases." })
export class DayCount {
  @Field(() => Day) date!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({
  description:
    "Interrupted time series of daily confirmed cases around an intervention (segmented regression, one line per side, pooled residual variance), with Rt before and after.",
})
export class InterventionEffect {
  @Field(() => String) label!: string;
  @Field(() => String) regionCode!: string;
  @Field(() => Day, { description: "The first day of the intervention (the break)." }) day!: string;
  @Field(() => Int) daysBefore!: number;
  @Field(() => Int) daysAfter!: number;
  @Field(() => TrendLine) before!: TrendLine;
  @Field(() => TrendLine) after!: TrendLine;
  @Field(() => IntervalEstimate, { description: "Jump in daily cases at the break (after-line minus the extrapolated before-line)." })
  levelChange!: IntervalEstimate;
  @Field(() => IntervalEstimate, { description: "Change in the daily trend (cases per day, per day)." }) slopeChange!: IntervalEstimate;
  @Field(() => Int) df!: number;
  @Field(() => RtWindow, { nullable: true }) rtBefore!: RtWindow | null;
  @Field(() => RtWindow, { nullable: true }) rtAfter!: RtWindow | null;
  @Field(() => [DayCount]) series!: DayCount[];
}

@Resolver(() => InterventionEffect)
export class InterventionResolver {
  @Authorized()
  @Query(() => InterventionEffect, {
    description:
      "Evaluate an intervention: an alert's work orders (from the day of their first action), or a measure named by `regionCode` and `from`; `window` days either side (default 21).",
  })
  interventionEffect(
    @Ctx() ctx: Context,
    @Arg("alertId", () => Int, { nullable: true }) alertId?: number,
    @Arg("regionCode", () => String, { nullable: true }) regionCode?: string,
    @Arg("from", () => Day, { nullable: true }) from?: string,
    @Arg("window", () => Int, { nullable: true }) window?: number,
  ): Promise<InterventionEffect> {
    return ctx.services.interventions.effect(requireViewer(ctx), { alertId, regionCode, from, window });
  }
}

@ObjectType({ description: "Quantity a department allocated to a resource request; confirmed by the requester when it arrives." })
export class ResourceAllocation {
  @Field(() => Int) id!: number;
  @Field(() => Department) fromDepartment!: Department;
  @Field(() => Int) quantity!: number;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;
  @Field(() => Int) entryIndex!: number;
}

@ObjectType({ description: "A department's request for supplies, with what has been allocated to it." })
export class ResourceRequest {
  @Field(() => Int) id!: number;
  @Field(() => String) item!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => Day) neededBy!: string;
  @Field(() => Department) requesterDepartment!: Department;
  @Field(() => String) regionCode!: string;
  @Field(() => Int) allocated!: number;
  @Field(() => Int, { description: "Quantity still to allocate." }) outstanding!: number;
  @Field(() => [ResourceAllocation]) allocations!: ResourceAllocation[];
  @Field(() => Int) entryIndex!: number;
}

@ObjectType({ description: "Requested, allocated and confirmed quantities of one item in one region." })
export class ResourceShortage {
  @Field(() => String) regionCode!: string;
  @Field(() => String) item!: string;
  @Field(() => Int) requested!: number;
  @Field(() => Int) allocated!: number;
  @Field(() => Int) confirmed!: number;
  @Field(() => Int, { description: "requested − allocated" }) shortage!: number;
}

@InputType()
class ResourceRequestInput {
  @Field(() => String) @MinLength(2) @MaxLength(120) item!: string;
  @Field(() => Int) @IsInt() @Min(1) quantity!: number;
  @Field(() => Day) neededBy!: string;
}

const toResourceRequest = (r: ResourceRequestRow): ResourceRequest => {
  const allocated = r.allocations.reduce((s, a) => s + a.quantity, 0);
  return {
    id: r.id,
    item: r.item,
    quantity: r.quantity,
    neededBy: formatDay(r.neededBy),
    requesterDepartment: toDepartment(r.requesterDepartment),
    regionCode: r.regionCode,
    allocated,
    outstanding: r.quantity - allocated,
    allocations: r.allocations.map((a) => ({
      id: a.id,
      fromDepartment: toDepartment(a.fromDepartment),
      quantity: a.quantity,
      confirmedAt: a.confirmedAt,
      entryIndex: Number(a.entryIndex),
    })),
    entryIndex: Number(r.entryIndex),
  };
};

@Resolver(() => ResourceRequest)
export class ResourceResolver {
  @Authorized()
  @Query(() => [ResourceRequest], { description: "Resource requests of the regions in your scope, soonest needed first." })
  async resourceRequests(@Ctx() ctx: Context, @Args(() => PageArgs) pageArgs: PageArgs): Promise<ResourceRequest[]> {
    return (await ctx.services.resources.list(requireViewer(ctx), page(pageArgs))).map(toResourceRequest);
  }

  @Authorized()
  @Query(() => [ResourceShortage], { description: "Shortages by region and item in your scope (largest first)." })
  resourceShortages(@Ctx() ctx: Context): Promise<ResourceShortage[]> {
    return ctx.services.resources.shortages(requireViewer(ctx));
  }

  @Authorized(["DEPARTMENT_OFFICER", "DECISION_MAKER"])
  @Mutation(() => ResourceRequest, { description: "Your department requests supplies (a signed entry)." })
  async requestResource(@Ctx() ctx: Context, @Arg("input", () => ResourceRequestInput) input: ResourceRequestInput): Promise<ResourceRequest> {
    return toResourceRequest(await ctx.services.resources.request(requireViewer(ctx), input));
  }

  @Authorized(["DEPARTMENT_OFFICER", "DECISION_MAKER"])
  @Mutation(() => ResourceRequest, { description: "Your department allocates a quantity to another's request: at most what is outstanding." })
  async allocateResource(
    @Ctx() ctx: Context,
    @Arg("requestId", () => Int) requestId: number,
    @Arg("quantity", () => Int) quantity: number,
  ): Promise<ResourceRequest> {
    return toResourceRequest(await ctx.services.resources.allocate(requireViewer(ctx), requestId, quantity));
  }

  @Authorized(["DEPARTMENT_OFFICER", "DECISION_MAKER"])
  @Mutation(() => ResourceRequest, { description: "The requesting department confirms an allocation arrived." })
  async confirmResourceAllocation(@Ctx() ctx: Context, @Arg("allocationId", () => Int) allocationId: number): Promise<ResourceRequest> {
    return toResourceRequest(await ctx.services.resources.confirm(requireViewer(ctx), allocationId));
  }
}
