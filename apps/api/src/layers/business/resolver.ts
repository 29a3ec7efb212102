import { Arg, Args, Authorized, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { IsInt, IsOptional, Matches, MaxLength, MinLength, Min } from "class-validator";
import { TaskStatus } from "@vigil/db";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { formatDay } from "@vigil/calendar";
import { Alert, Day, Department, LogEntry, toAlert, toDepartment } from "../../graphql/types.ts";
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
