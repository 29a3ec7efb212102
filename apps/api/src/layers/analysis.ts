import { Arg, Authorized, Ctx, Field, Float, Int, ObjectType, Query, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../auth/context.ts";
import { fail } from "../errors.ts";
import { addDays, today } from "../dates.ts";
import { Alert, Day, Region, toAlert, toRegion } from "./types.ts";
import { RiskLevel } from "@vigil/db";

export const ALERT_RAISED = "ALERT_RAISED";

@ObjectType()
class RiskPoint {
  @Field(() => Day) date!: string;
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true, description: "Detector's upper bound for this day (null during warm-up)." }) upperBound!: number | null;
  @Field(() => Boolean) alarm!: boolean;
}

@ObjectType()
class RiskOverview {
  @Field(() => Region) region!: Region;
  @Field(() => Day) from!: string;
  @Field(() => Day) to!: string;
  @Field(() => String, { description: "Detection method of the policy in force." }) method!: string;
  @Field(() => [RiskPoint]) series!: RiskPoint[];
  @Field(() => [Alert]) alerts!: Alert[];
  @Field(() => RiskLevel) level!: RiskLevel;
  @Field(() => Int) newCases7d!: number;
  @Field(() => Float) incidencePer100k!: number;
}

@ObjectType()
class RegionRisk {
  @Field(() => Region) region!: Region;
  @Field(() => RiskLevel) level!: RiskLevel;
  @Field(() => Int) newCases7d!: number;
  @Field(() => Float) incidencePer100k!: number;
}

@Resolver()
export class AnalysisResolver {
  @Authorized()
  @Query(() => RiskOverview, { description: "Series with detector bounds, alerts and the current level of one region." })
  async riskOverview(
    @Ctx() { services }: Context,
    @Arg("regionCode", () => String) regionCode: string,
    @Arg("from", () => Day, { nullable: true }) from?: string,
    @Arg("to", () => Day, { nullable: true }) to?: string,
  ): Promise<RiskOverview> {
    const end = to ?? (await services.latestReportDay()) ?? today();
    const o = await services.analysis.overview(regionCode, from ?? addDays(end, -119), end);
    return { ...o, region: toRegion(o.region), alerts: o.alerts.map(toAlert) };
  }

  @Authorized()
  @Query(() => [RegionRisk], { description: "The response level of every region on a day (default: the latest reported day)." })
  async riskMap(@Ctx() { services }: Context, @Arg("date", () => Day, { nullable: true }) date?: string): Promise<RegionRisk[]> {
    const day = date ?? (await services.latestReportDay()) ?? today();
    return (await services.analysis.riskMap(day)).map((r) => ({ ...r, region: toRegion(r.region) }));
  }

  @Authorized()
  @Query(() => [Alert], { description: "Most recent alerts first." })
  async alerts(@Ctx() { db }: Context, @Arg("limit", () => Int, { defaultValue: 50 }) limit = 50): Promise<Alert[]> {
    if (limit < 1 || limit > 500) throw fail("BAD_USER_INPUT", "limit must be within 1..500.", { field: "limit" });
    return (await db.prisma.alert.findMany({ orderBy: [{ date: "desc" }, { id: "desc" }], take: limit, include: { region: true } })).map(toAlert);
  }

  @Authorized()
  @Subscription(() => Alert, { topics: ALERT_RAISED, description: "Every alert as it is raised and logged." })
  alertRaised(@Root() alert: Alert): Alert {
    return alert;
  }
}
