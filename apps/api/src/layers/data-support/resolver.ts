import { Arg, Args, Authorized, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { IsInt, Matches, Max, Min } from "class-validator";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { formatDay } from "@vigil/calendar";
import { Day, Department, LogEntry, Region, toDepartment, toRegion } from "../../graphql/types.ts";
import { ENTRY_FIELD_DESCRIPTION, entryOfRow } from "../infrastructure/resolver.ts";

@ObjectType({ description: "A district's daily case report, as accepted onto the log." })
export class CaseReport {
  @Field(() => Int) id!: number;
  @Field(() => Region) region!: Region;
  @Field(() => Day) date!: string;
  @Field(() => Int) newConfirmed!: number;
  @Field(() => Int) suspected!: number;
  @Field(() => Int) deaths!: number;
  @Field(() => Int) tests!: number;
  @Field(() => Department) department!: Department;
  @Field(() => Date) receivedAt!: Date;
  @Field(() => Int, { description: "Index of this report's entry on the log." }) entryIndex!: number;
}

@InputType({ description: "One district, one day. Counts are whole, non-negative numbers." })
class CaseReportInput {
  @Field(() => String) @Matches(/^[A-Z]{2}(-\d{2}){0,2}$/, { message: "regionCode looks like RL-01-02" }) regionCode!: string;
  @Field(() => Day) date!: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(1_000_000) newConfirmed!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(1_000_000) suspected!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100_000) deaths!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(10_000_000) tests!: number;
}

@ObjectType()
class DailyReportCount {
  @Field(() => Day) date!: string;
  @Field(() => Int) reports!: number;
  @Field(() => Int) confirmed!: number;
  @Field(() => Int) suspected!: number;
  @Field(() => Int) tests!: number;
}

const toCaseReport = (r: Db.CaseReport & { region: Db.Region; department: Db.Department }): CaseReport => ({
  id: r.id,
  region: toRegion(r.region),
  date: formatDay(r.date),
  newConfirmed: r.newConfirmed,
  suspected: r.suspected,
  deaths: r.deaths,
  tests: r.tests,
  department: toDepartment(r.department),
  receivedAt: r.receivedAt,
  entryIndex: Number(r.entryIndex),
});

/** Data-support layer: collection under published contracts (today: daily case reports per district). */
@Resolver(() => CaseReport)
export class DataSupportResolver {
  @Authorized()
  @Query(() => [Region])
  regions(@Ctx() { services }: Context): Region[] {
    return services.regions.all().map(toRegion);
  }

  @Authorized()
  @Query(() => [CaseReport], { description: "Newest first. Department officers see their own region's reports only." })
  async caseReports(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("regionCode", () => String, { nullable: true }) regionCode?: string,
    @Arg("from", () => Day, { nullable: true }) from?: string,
    @Arg("to", () => Day, { nullable: true }) to?: string,
  ): Promise<CaseReport[]> {
    const rows = await ctx.services.reports.list(requireViewer(ctx), { regionCode, from, to, ...page(pageArgs) });
    return rows.map(toCaseReport);
  }

  @Authorized()
  @Query(() => [DailyReportCount], { complexity: 50 })
  reportsPerDay(
    @Ctx() ctx: Context,
    @Arg("from", () => Day) from: string,
    @Arg("to", () => Day) to: string,
    @Arg("regionCode", () => String, { nullable: true }) regionCode?: string,
  ): Promise<DailyReportCount[]> {
    return ctx.services.reports.perDay(requireViewer(ctx), from, to, regionCode);
  }

  @Authorized(["DEPARTMENT_OFFICER"])
  @Mutation(() => CaseReport, { description: "File a district's daily report; it is appended to the log and the analysis re-runs." })
  async submitCaseReport(@Ctx() ctx: Context, @Arg("input", () => CaseReportInput) input: CaseReportInput): Promise<CaseReport> {
    return toCaseReport(await ctx.services.reports.submit(requireViewer(ctx), { ...input }));
  }

  @FieldResolver(() => LogEntry, { description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() r: CaseReport, @Ctx() ctx: Context): Promise<LogEntry> {
    return entryOfRow(ctx, r.entryIndex);
  }
}
