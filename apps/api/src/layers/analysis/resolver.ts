import { Arg, Args, Authorized, Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root, Subscription, registerEnumType } from "type-graphql";
import { RiskLevel } from "@vigil/db";
import { canReadRegion } from "../../access/scope.ts";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { Alert, Day, LogEntry, PolicyRef, Region, toAlert, toRegion } from "../../graphql/types.ts";
import { ENTRY_FIELD_DESCRIPTION, entryOfRow } from "../infrastructure/resolver.ts";
import { AlertMethod } from "../policy/resolver.ts";
import type { AlertMethod as Method } from "../policy/service.ts";

/** One topic per log: deployments that share a Redis do not hear each other's alerts. */
export const alertTopic = (logOrigin: string) => `ALERT_RAISED:${logOrigin}`;

@ObjectType()
class RiskPoint {
  @Field(() => Day) date!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true, description: "Detector's upper bound for this day (null during warm-up)." }) upperBound!: number | null;
  @Field(() => Boolean) alarm!: boolean;
}

@ObjectType()
class DetectorPoint {
  @Field(() => Day) date!: string;
  @Field(() => Float, { nullable: true }) statistic!: number | null;
  @Field(() => Float, { nullable: true }) upperBound!: number | null;
  @Field(() => Boolean) alarm!: boolean;
}

@ObjectType({ description: "One published detection method run over the region's series." })
class DetectorRun {
  @Field(() => AlertMethod) method!: Method;
  @Field(() => String, { description: "Parameters as passed to the method (JSON)." }) parameters!: string;
  @Field(() => Int) alarms!: number;
  @Field(() => [DetectorPoint]) points!: DetectorPoint[];
}

@ObjectType({ description: "Time-varying reproduction number (Cori et al. 2013), 7-day window, 95 % credible interval." })
class RtPoint {
  @Field(() => Day) date!: string;
  @Field(() => Float) mean!: number;
  @Field(() => Float) lower!: number;
  @Field(() => Float) upper!: number;
}

@ObjectType({ description: "Exponential growth rate per day over the last 14 days, 95 % confidence interval." })
class GrowthEstimate {
  @Field(() => Float) rate!: number;
  @Field(() => Float) lower!: number;
  @Field(() => Float) upper!: number;
  @Field(() => Float, { nullable: true }) doublingTime!: number | null;
  @Field(() => Float, { nullable: true }) halvingTime!: number | null;
}

@ObjectType()
class ProjectionPoint {
  @Field(() => Day) date!: string;
  @Field(() => Float) median!: number;
  @Field(() => Float) lower!: number;
  @Field(() => Float) upper!: number;
}

@ObjectType({ description: "14-day projection with a 95 % interval: the risk cycle ahead." })
class Projection {
  @Field(() => String) method!: string;
  @Field(() => [ProjectionPoint]) points!: ProjectionPoint[];
}

@ObjectType({ description: "An alert recomputed from the log alone." })
class AlertRecheck {
  @Field(() => Int) alertId!: number;
  @Field(() => Int) entryIndex!: number;
  @Field(() => AlertMethod) method!: Method;
  @Field(() => String) parameters!: string;
  @Field(() => Day) inputFrom!: string;
  @Field(() => Day) inputTo!: string;
  @Field(() => [Int]) inputCounts!: number[];
  @Field(() => Float) loggedStatistic!: number;
  @Field(() => Float) loggedUpperBound!: number;
  @Field(() => Float, { nullable: true }) recomputedStatistic!: number | null;
  @Field(() => Float, { nullable: true }) recomputedUpperBound!: number | null;
  @Field(() => Boolean, { description: "The entry is intact and included under the latest signed checkpoint." }) included!: boolean;
  @Field(() => Boolean, {
    description: "The logged input equals the case reports on the log for those days as they stood when the alert was logged (every entry before it).",
  })
  inputsMatchReports!: boolean;
  @Field(() => Boolean, {
    description: "A report for a day of the input window was amended after the alert: the alert stays confirmed as raised; see currentInputCounts.",
  })
  inputsRevisedSince!: boolean;
  @Field(() => [Int], { description: "The same days' counts as currently reported (after any later amendments)." }) currentInputCounts!: number[];
  @Field(() => Boolean, { nullable: true, description: "Whether the method would still alarm on the current counts (null: input too short)." })
  alarmsOnCurrentInputs!: boolean | null;
  @Field(() => Boolean) confirmed!: boolean;
  @Field(() => [String]) problems!: string[];
}

export enum Period {
  DAY = "DAY",
  WEEK = "WEEK",
}
registerEnumType(Period, { name: "Period", description: "DAY: daily counts and the daily detectors; WEEK: ISO weeks (dated on their Monday) and Farrington." });

@ObjectType({ description: "One week under Farrington's method (the weekly rule the policy layer publishes)." })
class FarringtonPoint {
  @Field(() => Day, { description: "Monday of the ISO week." }) date!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true, description: "Baseline expectation from the same weeks of past years." }) expected!: number | null;
  @Field(() => Float, { nullable: true }) upperBound!: number | null;
  @Field(() => Boolean) alarm!: boolean;
  @Field(() => Boolean, { nullable: true, description: "Whether the time trend was kept (R's rule)." }) trend!: boolean | null;
}

@ObjectType({ description: "The nowcast of one recent day: cases reported by `asOf`, and the predicted final count." })
class NowcastPoint {
  @Field(() => Day) date!: string;
  @Field(() => Int) observed!: number;
  @Field(() => Boolean, { description: "Older than the longest modelled delay: the count is final." }) final!: boolean;
  @Field(() => Int, { nullable: true }) median!: number | null;
  @Field(() => Int, { nullable: true, description: "2.5 % quantile of the final count." }) lower!: number | null;
  @Field(() => Int, { nullable: true, description: "97.5 % quantile of the final count." }) upper!: number | null;
}

@ObjectType({ description: "Reporting-delay-corrected counts of a region's last days (Höhle & an der Heiden 2014)." })
class NowcastResult {
  @Field(() => Region) region!: Region;
  @Field(() => String) disease!: string;
  @Field(() => Day, { description: "Reports received after the end of this day are not counted." }) asOf!: string;
  @Field(() => Int) maxDelay!: number;
  @Field(() => [Float], { description: "Estimated P(delay ≤ d days), d = 0 … maxDelay." }) delayCdf!: number[];
  @Field(() => [NowcastPoint]) points!: NowcastPoint[];
}

@ObjectType()
class RiskOverview {
  @Field(() => Region) region!: Region;
  @Field(() => Day) from!: string;
  @Field(() => Day) to!: string;
  @Field(() => AlertMethod, { description: "Method of `series` (the policy's unless asked otherwise)." }) method!: Method;
  @Field(() => String, { description: "Disease code of the series." }) disease!: string;
  @Field(() => Period) period!: Period;
  @Field(() => String, { description: "Method behind `series`' bounds: the daily method, or FARRINGTON for weeks." }) seriesMethod!: string;
  @Field(() => String, { description: "Its parameters as passed (JSON)." }) seriesParameters!: string;
  @Field(() => [RiskPoint]) series!: RiskPoint[];
  @Field(() => [FarringtonPoint], { description: "Weekly: every shown week's Farrington expectation, bound and alarm (empty for DAY)." })
  farrington!: FarringtonPoint[];
  @Field(() => [DetectorRun], { description: "Every daily detector over the same days, the chosen one first." }) detectors!: DetectorRun[];
  @Field(() => [Alert]) alerts!: Alert[];
  @Field(() => [RtPoint]) rt!: RtPoint[];
  @Field(() => GrowthEstimate, { nullable: true }) growth!: GrowthEstimate | null;
  @Field(() => Projection) projection!: Projection;
  @Field(() => RiskLevel) level!: RiskLevel;
  @Field(() => [String], { description: "Why the level is what it is, criterion by criterion." }) levelReasons!: string[];
  @Field(() => Int) newCases7d!: number;
  @Field(() => Float) incidencePer100k!: number;
  @Field(() => Float, { nullable: true }) currentRt!: number | null;
  @Field(() => Int) activeAlarms!: number;
  @Field(() => PolicyRef, { nullable: true, description: "The policy whose levels and alert rule apply (null: the built-in default)." })
  policy!: PolicyRef | null;
}

@ObjectType()
class RegionRisk {
  @Field(() => Region) region!: Region;
  @Field(() => RiskLevel) level!: RiskLevel;
  @Field(() => [String]) levelReasons!: string[];
  @Field(() => Int) newCases7d!: number;
  @Field(() => Float) incidencePer100k!: number;
  @Field(() => Float, { nullable: true }) growthRate!: number | null;
  @Field(() => Float, { nullable: true }) rt!: number | null;
  @Field(() => PolicyRef, { nullable: true, description: "The policy whose levels apply (null: the built-in default)." }) policy!: PolicyRef | null;
}

/** The GraphQL shape of each overview answer, kept as long as the answer itself is. */
const overviews = new WeakMap<object, RiskOverview>();

/** Analysis layer: outbreak detection, Rt, growth, projections and response levels, every alert recomputable from the log. */
@Resolver(() => Alert)
export class AnalysisResolver {
  @Authorized()
  @Query(() => RiskOverview, { complexity: 200, description: "Series with detector bounds, alerts and the current level of one region." })
  async riskOverview(
    @Ctx() ctx: Context,
    @Arg("regionCode", () => String) regionCode: string,
    @Arg("from", () => Day, { nullable: true }) from?: string,
    @Arg("to", () => Day, { nullable: true }) to?: string,
    @Arg("method", () => AlertMethod, { nullable: true }) method?: Method,
    @Arg("disease", () => String, { nullable: true, description: "A code of `diseases` (default COVID-19)." }) disease?: string,
    @Arg("period", () => Period, { nullable: true, description: "DAY (default) or WEEK (Farrington over years of weeks)." }) period?: Period,
  ): Promise<RiskOverview> {
    const o = await ctx.services.analysis.overviewFor(requireViewer(ctx), regionCode, { from, to, method, disease, period });
    // Answers of an unchanged log are the same object (DashboardReads keeps them): convert each once, not per request.
    let shaped = overviews.get(o);
    if (!shaped) {
      shaped = { ...o, period: o.period as Period, region: toRegion(o.region), alerts: o.alerts.map(toAlert), rt: o.rtSeries, currentRt: o.rt };
      overviews.set(o, shaped);
    }
    return shaped;
  }

  @Authorized()
  @Query(() => NowcastResult, { complexity: 50, description: "The last days' counts of a region corrected for reporting delay, with 95 % intervals." })
  async nowcast(
    @Ctx() ctx: Context,
    @Arg("regionCode", () => String) regionCode: string,
    @Arg("disease", () => String, { nullable: true }) disease?: string,
    @Arg("to", () => Day, { nullable: true }) to?: string,
  ): Promise<NowcastResult> {
    const n = await ctx.services.analysis.nowcastFor(requireViewer(ctx), regionCode, { disease, to });
    return { ...n, region: toRegion(n.region) };
  }

  @Authorized()
  @Query(() => AlertRecheck, { complexity: 50, description: "Recompute the alert logged at `entryIndex` from the log: inputs, method, parameters, output." })
  async recheckAlert(@Ctx() ctx: Context, @Arg("entryIndex", () => Int) entryIndex: number): Promise<AlertRecheck> {
    const r = await ctx.services.analysis.recheckAt(requireViewer(ctx), entryIndex);
    return {
      ...r,
      loggedStatistic: r.logged.statistic,
      loggedUpperBound: r.logged.upperBound,
      recomputedStatistic: r.recomputed?.statistic ?? null,
      recomputedUpperBound: r.recomputed?.upperBound ?? null,
    };
  }

  @Authorized()
  @Query(() => [RegionRisk], { complexity: 100, description: "The response level of every region on a day (default: the latest reported day)." })
  async riskMap(@Ctx() ctx: Context, @Arg("date", () => Day, { nullable: true }) date?: string): Promise<RegionRisk[]> {
    return (await ctx.services.analysis.riskMapFor(requireViewer(ctx), date)).map((r) => ({ ...r, region: toRegion(r.region) }));
  }

  @Authorized()
  @Query(() => [Alert], { description: "Most recent alerts first." })
  async alerts(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("regionCode", () => String, { nullable: true, description: "The region and everything below it." }) regionCode?: string,
  ): Promise<Alert[]> {
    return (await ctx.services.analysis.alerts(requireViewer(ctx), { regionCode, ...page(pageArgs) })).map(toAlert);
  }

  @Authorized()
  @Query(() => Day, { nullable: true, description: "The latest day any case report is for: the natural 'today' of the dashboards." })
  latestReportDay(@Ctx() { services }: Context): Promise<string | null> {
    return services.reports.latestDay();
  }

  @Authorized()
  @Subscription(() => Alert, {
    topics: ({ context }) => alertTopic((context as Context).services.log.origin),
    // Officers hear only alerts in their department's region.
    filter: ({ payload, context }) => {
      const c = context as Context;
      return !!c.viewer && canReadRegion(c.viewer, c.services.regions, (payload as Alert).region.code);
    },
    description: "Every alert as it is raised and logged, by any API instance.",
  })
  alertRaised(@Root() alert: Alert): Alert {
    return alert;
  }

  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() a: Alert, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, a.entryIndex);
  }
}
