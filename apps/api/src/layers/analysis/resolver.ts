import { Arg, Authorized, Ctx, Field, Float, Int, ObjectType, Query, Resolver, Root, Subscription } from "type-graphql";
import { requireViewer, type Context } from "../auth/context.ts";
import { canReadRegion, readableRegion } from "../auth/scope.ts";
import { fail } from "../errors.ts";
import { addDays, today } from "../dates.ts";
import { Alert, Day, Region, toAlert, toRegion } from "./types.ts";
import { RiskLevel } from "@vigil/db";
import { AlertMethod } from "./policy.ts";
import type { AlertMethod as Method } from "../services/policies.ts";

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
  @Field(() => Boolean, { description: "The logged input equals the case reports on the log for those days." }) inputsMatchReports!: boolean;
  @Field(() => Boolean) confirmed!: boolean;
  @Field(() => [String]) problems!: string[];
}

@ObjectType()
class RiskOverview {
  @Field(() => Region) region!: Region;
  @Field(() => Day) from!: string;
  @Field(() => Day) to!: string;
  @Field(() => AlertMethod, { description: "Method of `series` (the policy's unless asked otherwise)." }) method!: Method;
  @Field(() => [RiskPoint]) series!: RiskPoint[];
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
}

@Resolver()
export class AnalysisResolver {
  @Authorized()
  @Query(() => RiskOverview, { complexity: 200, description: "Series with detector bounds, alerts and the current level of one region." })
  async riskOverview(
    @Ctx() ctx: Context,
    @Arg("regionCode", () => String) regionCode: string,
    @Arg("from", () => Day, { nullable: true }) from?: string,
    @Arg("to", () => Day, { nullable: true }) to?: string,
    @Arg("method", () => AlertMethod, { nullable: true }) method?: Method,
  ): Promise<RiskOverview> {
    const { services } = ctx;
    readableRegion(requireViewer(ctx), services.regions, regionCode);
    const end = to ?? (await services.latestReportDay()) ?? today();
    const o = await services.analysis.overview(regionCode, from ?? addDays(end, -119), end, method);
    return { ...o, region: toRegion(o.region), alerts: o.alerts.map(toAlert), rt: o.rtSeries, currentRt: o.rt };
  }

  @Authorized()
  @Query(() => AlertRecheck, { complexity: 50, description: "Recompute the alert logged at `entryIndex` from the log: inputs, method, parameters, output." })
  async recheckAlert(@Ctx() ctx: Context, @Arg("entryIndex", () => Int) entryIndex: number): Promise<AlertRecheck> {
    const { db, services } = ctx;
    const alert = entryIndex >= 0 ? await db.prisma.alert.findUnique({ where: { entryIndex: BigInt(entryIndex) }, select: { id: true, regionCode: true } }) : null;
    if (!alert) throw fail("NOT_FOUND", `No alert is logged at entry ${entryIndex}.`);
    readableRegion(requireViewer(ctx), services.regions, alert.regionCode);
    const r = await services.analysis.recheck(alert.id);
    return {
      ...r, loggedStatistic: r.logged.statistic, loggedUpperBound: r.logged.upperBound,
      recomputedStatistic: r.recomputed?.statistic ?? null, recomputedUpperBound: r.recomputed?.upperBound ?? null,
    };
  }

  @Authorized()
  @Query(() => [RegionRisk], { complexity: 100, description: "The response level of every region on a day (default: the latest reported day)." })
  async riskMap(@Ctx() ctx: Context, @Arg("date", () => Day, { nullable: true }) date?: string): Promise<RegionRisk[]> {
    const { services } = ctx;
    const viewer = requireViewer(ctx);
    const day = date ?? (await services.latestReportDay()) ?? today();
    return (await services.analysis.riskMap(day))
      .filter((r) => canReadRegion(viewer, services.regions, r.region.code))
      .map((r) => ({ ...r, region: toRegion(r.region) }));
  }

  @Authorized()
  @Query(() => [Alert], { description: "Most recent alerts first." })
  async alerts(
    @Ctx() ctx: Context,
    @Arg("limit", () => Int, { defaultValue: 50 }) limit = 50,
    @Arg("regionCode", () => String, { nullable: true, description: "The region and everything below it." }) regionCode?: string,
  ): Promise<Alert[]> {
    const { db, services } = ctx;
    if (limit < 1 || limit > 500) throw fail("BAD_USER_INPUT", "limit must be within 1..500.", { field: "limit" });
    if (regionCode && !services.regions.get(regionCode)) throw fail("NOT_FOUND", `Unknown region ${regionCode}.`);
    const region = readableRegion(requireViewer(ctx), services.regions, regionCode);
    const where = region ? { regionCode: { in: services.regions.subtree(region) } } : {};
    return (await db.prisma.alert.findMany({ where, orderBy: [{ date: "desc" }, { id: "desc" }], take: limit, include: { region: true } })).map(toAlert);
  }

  @Authorized()
  @Query(() => Day, { nullable: true, description: "The latest day any case report is for: the natural 'today' of the dashboards." })
  latestReportDay(@Ctx() { services }: Context): Promise<string | null> {
    return services.latestReportDay();
  }

  @Authorized()
  @Subscription(() => Alert, {
    topics: ({ context }) => alertTopic((context as Context).services.ledger.origin),
    // Officers hear only alerts in their department's region.
    filter: ({ payload, context }) => { const c = context as Context; return !!c.viewer && canReadRegion(c.viewer, c.services.regions, (payload as Alert).region.code); },
    description: "Every alert as it is raised and logged, by any API instance.",
  })
  alertRaised(@Root() alert: Alert): Alert {
    return alert;
  }
}
