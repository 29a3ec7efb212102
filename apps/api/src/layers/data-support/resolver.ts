import { Arg, Args, Authorized, Ctx, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from "type-graphql";
import { canReadRegion } from "../../access/scope.ts";
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from "class-validator";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { formatDay } from "@vigil/calendar";
import { Day, Department, LogEntry, Region, toDepartment, toRegion } from "../../graphql/types.ts";
import { ENTRY_FIELD_DESCRIPTION, entryOfRow } from "../infrastructure/resolver.ts";
import { BULK_MAX_ROWS, COUNT_MAX } from "./service.ts";
import { JSONValue } from "../../graphql/json.ts";
import { fail } from "../../errors.ts";
import type { LoggedDecision } from "./records.ts";

@ObjectType({ description: "A district's daily case report, as accepted onto the log." })
export class CaseReport {
  @Field(() => Int) id!: number;
  @Field(() => Region) region!: Region;
  @Field(() => Day) date!: string;
  @Field(() => Int) newConfirmed!: number;
  @Field(() => Int) suspected!: number;
  @Field(() => Int) deaths!: number;
  @Field(() => Int) tests!: number;
  @Field(() => Int, { description: "Of newConfirmed, the cases acquired elsewhere (travellers); R_t is estimated from the local rest." }) imported!: number;
  @Field(() => String, { description: "Disease code from the published list (`diseases`)." }) disease!: string;
  @Field(() => Department) department!: Department;
  @Field(() => Date) receivedAt!: Date;
  @Field(() => Int, { description: "Index of this report's entry on the log." }) entryIndex!: number;
  @Field(() => Boolean, {
    description: "Whether this is the district's current value for the day (the one every series counts); false once an amendment corrected it.",
  })
  current!: boolean;
  @Field(() => String, { nullable: true, description: "Why this amendment corrects the report it `amends` (null on a first report)." })
  reason!: string | null;
  amendsId!: number | null;
  amendedById!: number | null;
}

@InputType({ description: "One district, one day. Counts are whole, non-negative numbers." })
class CaseReportInput {
  @Field(() => String) @Matches(/^[A-Z]{2}(-\d{2}){0,2}$/, { message: "regionCode looks like RL-01-02" }) regionCode!: string;
  @Field(() => Day) date!: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.newConfirmed) newConfirmed!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.suspected) suspected!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.deaths) deaths!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.tests) tests!: number;
  @Field(() => Int, { nullable: true, description: "Of newConfirmed, the cases acquired elsewhere; 0 when omitted, at most newConfirmed." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(COUNT_MAX.imported)
  imported?: number;
  @Field(() => String, { nullable: true, description: "A code of the published disease list (`diseases`); COVID-19 when omitted." })
  @IsOptional()
  @MaxLength(40)
  disease?: string;
}

@InputType({ description: "Corrected figures for a report's district and day, with the reason. Counts as in CaseReportInput." })
class AmendCaseReportInput {
  @Field(() => Int, { description: "The report corrected: the current value of its district and day." }) @IsInt() amends!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.newConfirmed) newConfirmed!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.suspected) suspected!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.deaths) deaths!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(COUNT_MAX.tests) tests!: number;
  @Field(() => Int, { nullable: true, description: "Of newConfirmed, the cases acquired elsewhere; the corrected report's when omitted." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(COUNT_MAX.imported)
  imported?: number;
  @Field(() => String, { description: "Why the figures change (3–500 characters); logged with the amendment." }) @MaxLength(2000) reason!: string;
}

@InputType({
  description:
    "One row of a bulk submission: one district, one day. Checked by the service, so that a refusal names the row (its index in `inputs`), the field and the code.",
})
class CaseReportRowInput {
  @Field(() => String) regionCode!: string;
  @Field(() => Day) date!: string;
  @Field(() => Int) newConfirmed!: number;
  @Field(() => Int) suspected!: number;
  @Field(() => Int) deaths!: number;
  @Field(() => Int) tests!: number;
  @Field(() => Int, { nullable: true, description: "Of newConfirmed, the cases acquired elsewhere; 0 when omitted, at most newConfirmed." }) imported?: number;
  @Field(() => String, { nullable: true, description: "A code of the published disease list (`diseases`); COVID-19 when omitted." }) disease?: string;
}

@ObjectType({ description: "What a bulk submission appended: its reports are the log entries firstIndex..lastIndex, in the order submitted." })
class BulkResult {
  @Field(() => Int) count!: number;
  @Field(() => Int, { nullable: true, description: "Log index of the first row's entry (null when nothing was submitted)." }) firstIndex!: number | null;
  @Field(() => Int, { nullable: true }) lastIndex!: number | null;
}

@ObjectType({ description: "Current values of one day (one per district); `amended` of them are corrections." })
class DailyReportCount {
  @Field(() => Day) date!: string;
  @Field(() => Int, { description: "Districts with a current value that day." }) reports!: number;
  @Field(() => Int, { description: "How many of those values are amendments of an earlier report." }) amended!: number;
  @Field(() => Int) confirmed!: number;
  @Field(() => Int) suspected!: number;
  @Field(() => Int) tests!: number;
}

const toCaseReport = (r: Db.CaseReport & { region: Db.Region; department: Db.Department; amendedBy: { id: number } | null }): CaseReport => ({
  id: r.id,
  region: toRegion(r.region),
  date: formatDay(r.date),
  newConfirmed: r.newConfirmed,
  suspected: r.suspected,
  deaths: r.deaths,
  tests: r.tests,
  imported: r.imported,
  disease: r.disease,
  department: toDepartment(r.department),
  receivedAt: r.receivedAt,
  entryIndex: Number(r.entryIndex),
  current: r.current === true,
  reason: r.reason,
  amendsId: r.amendsId,
  amendedById: r.amendedBy?.id ?? null,
});

/** Data-support layer: collection under published contracts (today: daily case reports per district). */
export const reportsTopic = (logOrigin: string) => `REPORTS_CHANGED:${logOrigin}`;

@ObjectType({ description: "Accepted reports (or an amendment) changed a district's values: a signal for live dashboards, carrying no report data." })
export class ReportsChanged {
  @Field(() => String) regionCode!: string;
  @Field(() => Day, { description: "The first day that changed." }) date!: string;
  @Field(() => Day, { description: "The last day that changed (a bulk submission spans days)." }) to!: string;
}

@Resolver(() => CaseReport)
export class DataSupportResolver {
  @Authorized()
  @Subscription(() => ReportsChanged, {
    topics: ({ context }) => reportsTopic((context as Context).services.log.origin),
    // The scope rule: a department officer hears only about districts in its region.
    filter: ({ payload, context }) => {
      const c = context as Context;
      return !!c.viewer && canReadRegion(c.viewer, c.services.regions, (payload as ReportsChanged).regionCode);
    },
    description: "Every accepted report, bulk submission or amendment, after detection re-ran over it, by any API instance: dashboards re-read their panels.",
  })
  reportsChanged(@Root() change: ReportsChanged): ReportsChanged {
    return change;
  }

  @Authorized()
  @Query(() => [Region])
  regions(@Ctx() { services }: Context): Region[] {
    return services.regions.all().map(toRegion);
  }

  @Authorized()
  @Query(() => [CaseReport], {
    description: "Current values, newest first (`history: true` adds the values amended since). Department officers see their own region's reports only.",
  })
  async caseReports(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("regionCode", () => String, { nullable: true }) regionCode?: string,
    @Arg("from", () => Day, { nullable: true }) from?: string,
    @Arg("to", () => Day, { nullable: true }) to?: string,
    @Arg("history", () => Boolean, { defaultValue: false, description: "Include reports that amendments have corrected." }) history?: boolean,
    @Arg("disease", () => String, { nullable: true, description: "Only this disease's reports (default: every disease)." }) disease?: string,
  ): Promise<CaseReport[]> {
    const rows = await ctx.services.reports.list(requireViewer(ctx), { regionCode, from, to, history, disease: disease ?? undefined, ...page(pageArgs) });
    return rows.map(toCaseReport);
  }

  @Authorized()
  @Query(() => [DailyReportCount], { complexity: 50 })
  reportsPerDay(
    @Ctx() ctx: Context,
    @Arg("from", () => Day) from: string,
    @Arg("to", () => Day) to: string,
    @Arg("regionCode", () => String, { nullable: true }) regionCode?: string,
    @Arg("disease", () => String, { defaultValue: "COVID-19" }) disease?: string,
  ): Promise<DailyReportCount[]> {
    return ctx.services.reports.perDay(requireViewer(ctx), from, to, regionCode, disease);
  }

  @Authorized(["DEPARTMENT_OFFICER"])
  @Mutation(() => CaseReport, {
    description:
      "File the first value of a district and day; it is appended to the log and the analysis re-runs. A day that has a value already is refused with CONFLICT: correct it with amendCaseReport.",
  })
  async submitCaseReport(@Ctx() ctx: Context, @Arg("input", () => CaseReportInput) input: CaseReportInput): Promise<CaseReport> {
    return toCaseReport(
      await ctx.services.reports.submit(requireViewer(ctx), { ...input, imported: input.imported ?? undefined, disease: input.disease ?? undefined }),
    );
  }

  @Authorized(["DEPARTMENT_OFFICER"])
  @Mutation(() => BulkResult, {
    description:
      `File up to ${BULK_MAX_ROWS.toLocaleString("en")} first values at once (a day's line list, or history), all or nothing: ` +
      "each row is checked as submitCaseReport checks one, and one refused row refuses the whole submission with BAD_USER_INPUT, " +
      "`extensions.rows` listing each refused row's index, field, code and message. The same is served as CSV at POST /import/case-reports.",
  })
  async submitCaseReports(@Ctx() ctx: Context, @Arg("inputs", () => [CaseReportRowInput]) inputs: CaseReportRowInput[]): Promise<BulkResult> {
    return ctx.services.reports.submitMany(
      requireViewer(ctx),
      inputs.map((i) => ({ ...i, imported: i.imported ?? undefined, disease: i.disease ?? undefined })),
    );
  }

  @Authorized(["DEPARTMENT_OFFICER"])
  @Mutation(() => CaseReport, {
    description:
      "Correct a district's current value: a new log entry naming the corrected one, with the reason; it becomes the current value and the old one stays as history. " +
      "Only the department that filed the value or a designated reporter of the district (its hospital, its city's CDC) may; others get CONFLICT, as does amending a value already corrected.",
  })
  async amendCaseReport(@Ctx() ctx: Context, @Arg("input", () => AmendCaseReportInput) input: AmendCaseReportInput): Promise<CaseReport> {
    const { amends, reason, ...counts } = input;
    return toCaseReport(await ctx.services.reports.amend(requireViewer(ctx), amends, { ...counts, imported: counts.imported ?? undefined }, reason));
  }

  @FieldResolver(() => CaseReport, { nullable: true, description: "The report this one corrects (null on a first report)." })
  async amends(@Root() r: CaseReport, @Ctx() ctx: Context): Promise<CaseReport | null> {
    if (r.amendsId == null) return null;
    const row = await ctx.services.reports.get(requireViewer(ctx), r.amendsId);
    return row && toCaseReport(row);
  }

  @FieldResolver(() => CaseReport, { nullable: true, description: "The amendment that corrected this report (null while it is the current value)." })
  async amendedBy(@Root() r: CaseReport, @Ctx() ctx: Context): Promise<CaseReport | null> {
    if (r.amendedById == null) return null;
    const row = await ctx.services.reports.get(requireViewer(ctx), r.amendedById);
    return row && toCaseReport(row);
  }

  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() r: CaseReport, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, r.entryIndex);
  }
}

@ObjectType({ description: "One rule's result in a contract's decision." })
export class RuleResult {
  @Field(() => String) rule!: string;
  @Field(() => Boolean) passed!: boolean;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true, description: "Why the rule could not be evaluated (it then fails)." }) error!: string | null;
}

@ObjectType({ description: "A trigger of the contract whose condition held." })
class FiredTrigger {
  @Field(() => String) name!: string;
  @Field(() => String) action!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: "A contract's decision on a payload: every rule's result, routes and triggers." })
export class RecordDecision {
  @Field(() => Boolean) accepted!: boolean;
  @Field(() => [RuleResult]) results!: RuleResult[];
  @Field(() => [String]) routes!: string[];
  @Field(() => [FiredTrigger]) triggers!: FiredTrigger[];
}

@ObjectType({ description: "A submission accepted under a contract, on the log with the contract's key, version and hash." })
export class Record {
  @Field(() => Int) entryIndex!: number;
  @Field(() => String) contractKey!: string;
  @Field(() => String, { description: "The contract version that decided it." }) version!: string;
  @Field(() => String, { description: "Hex SHA-256 of that contract version." }) hash!: string;
  @Field(() => RecordDecision) decision!: RecordDecision;
}

@ObjectType({ description: "A logged decision recomputed from the log: the contract (its draft entry) over the logged payload." })
class DecisionRecheck {
  @Field(() => Int) entryIndex!: number;
  @Field(() => String, { nullable: true }) contractKey!: string | null;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => String, { nullable: true }) hash!: string | null;
  @Field(() => RecordDecision, { nullable: true }) logged!: RecordDecision | null;
  @Field(() => RecordDecision, { nullable: true }) recomputed!: RecordDecision | null;
  @Field(() => Boolean) confirmed!: boolean;
  @Field(() => [String]) problems!: string[];
}

const toDecision = (d: LoggedDecision): RecordDecision => ({
  accepted: d.accepted,
  results: d.results.map((r) => ({ rule: r.rule, passed: r.passed, message: r.message, error: r.error ?? null })),
  routes: d.routes,
  triggers: d.triggers,
});

/** Data support: every submission through a published contract, without resolver code per kind of data. */
@Resolver(() => Record)
export class RecordResolver {
  @Authorized()
  @Mutation(() => Record, {
    description:
      "Submit a payload under the contract `contractKey` in force today: refused with BAD_USER_INPUT listing each failed rule's message (nothing written), or appended with the contract's key, version and hash and the decision. Who may submit is the contract's `submitters` (default DEPARTMENT_OFFICER); a payload's `regionCode` must lie in the contract's jurisdiction and, for department officers, under their department's region.",
  })
  async submitRecord(
    @Ctx() ctx: Context,
    @Arg("contractKey", () => String) contractKey: string,
    @Arg("payload", () => JSONValue) payload: unknown,
  ): Promise<Record> {
    if (contractKey.length > 64) throw fail("BAD_USER_INPUT", "contractKey is at most 64 characters.", { field: "contractKey" });
    const r = await ctx.services.records.submit(requireViewer(ctx), contractKey, payload);
    return {
      entryIndex: Number(r.row.entryIndex),
      contractKey: r.contract.key,
      version: r.contract.version,
      hash: r.contract.hash,
      decision: toDecision(r.decision),
    };
  }

  @Authorized()
  @Query(() => DecisionRecheck, { complexity: 50, description: "Recompute the decision logged at `entryIndex` from the logged contract and payload." })
  async recheckDecision(@Ctx() ctx: Context, @Arg("entryIndex", () => Int) entryIndex: number): Promise<DecisionRecheck> {
    const r = await ctx.services.records.recheck(requireViewer(ctx), entryIndex);
    return {
      entryIndex: r.entryIndex,
      contractKey: r.contract?.key ?? null,
      version: r.contract?.version ?? null,
      hash: r.contract?.hash ?? null,
      logged: r.logged && toDecision(r.logged),
      recomputed: r.recomputed && toDecision(r.recomputed),
      confirmed: r.confirmed,
      problems: r.problems,
    };
  }

  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() r: Record, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, r.entryIndex);
  }
}
