import {
  Args,
  Authorized,
  Arg,
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
import { IsIn, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from "class-validator";
import { PolicyPhase, PolicyStatus } from "@vigil/db";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { formatDay } from "@vigil/calendar";
import { ALERT_METHODS, DEFAULT_RULE, type AlertMethod as Method, type AlertRule } from "./service.ts";
import { Day, LogEntry } from "../../graphql/types.ts";
import { ENTRY_FIELD_DESCRIPTION, entryOfRow } from "../infrastructure/resolver.ts";

export const AlertMethod = Object.fromEntries(ALERT_METHODS.map((m) => [m, m])) as { [K in Method]: K };
registerEnumType(AlertMethod, { name: "AlertMethod", description: "Outbreak-detection method a policy enforces." });

@ObjectType({ description: "Entry criteria of one response level: incidence AND (Rt or growth or alarms)." })
class LevelCriteria {
  @Field(() => Float, { description: "Minimum 7-day incidence per 100k." }) minIncidencePer100k!: number;
  @Field(() => Float) minRt!: number;
  @Field(() => Float, { description: "Minimum daily growth rate (0.05 = +5 %/day)." }) minGrowthRate!: number;
  @Field(() => Int, { description: "Minimum number of detectors alarming in the last 7 days." }) minActiveAlarms!: number;
}

@ObjectType()
class LevelThresholds {
  @Field(() => LevelCriteria, { description: "Level III (yellow)." }) III!: LevelCriteria;
  @Field(() => LevelCriteria, { description: "Level II (orange)." }) II!: LevelCriteria;
  @Field(() => LevelCriteria, { description: "Level I (red)." }) I!: LevelCriteria;
}

@ObjectType()
class PolicyRule {
  @Field(() => AlertMethod) method!: Method;
  @Field(() => Float) alpha!: number;
  @Field(() => Float) threshold!: number;
  @Field(() => LevelThresholds) levels!: LevelThresholds;
}

@InputType()
class LevelCriteriaInput {
  @Field(() => Float) @Min(0) @Max(1_000_000) minIncidencePer100k!: number;
  @Field(() => Float) @Min(0) @Max(100) minRt!: number;
  @Field(() => Float) @Min(-10) @Max(10) minGrowthRate!: number;
  @Field(() => Int) @Min(1) @Max(100) minActiveAlarms!: number;
}

@InputType()
class LevelThresholdsInput {
  @Field(() => LevelCriteriaInput) @ValidateNested() III!: LevelCriteriaInput;
  @Field(() => LevelCriteriaInput) @ValidateNested() II!: LevelCriteriaInput;
  @Field(() => LevelCriteriaInput) @ValidateNested() I!: LevelCriteriaInput;
}

@ObjectType({ description: "A versioned, signed rule published by a policy officer and enforced by the analysis layer." })
export class Policy {
  @Field(() => Int) id!: number;
  @Field(() => String) title!: string;
  @Field(() => PolicyPhase) phase!: PolicyPhase;
  @Field(() => Int) version!: number;
  @Field(() => PolicyStatus) status!: PolicyStatus;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field(() => PolicyRule) rule!: PolicyRule;
  @Field(() => String) author!: string;
  @Field(() => Day) effectiveFrom!: string;
  @Field(() => Int) entryIndex!: number;
}

@InputType()
class PublishPolicyInput {
  @Field(() => String) @MinLength(3) @MaxLength(200) title!: string;
  @Field(() => PolicyPhase) phase!: PolicyPhase;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Z]{2}(-\d{2}){0,2}$/) regionCode?: string | null;
  @Field(() => AlertMethod) @IsIn(ALERT_METHODS) method!: Method;
  @Field(() => Float, { defaultValue: 0.001 }) @Min(0) @Max(0.5) alpha!: number;
  @Field(() => Float, { defaultValue: 0 }) @Min(0) @Max(1_000_000) threshold!: number;
  @Field(() => LevelThresholdsInput, { nullable: true, description: "Default: the current defaults (see DEFAULT_RULE)." })
  @IsOptional()
  @ValidateNested()
  levels?: LevelThresholdsInput | null;
  @Field(() => Day) effectiveFrom!: string;
}

const toPolicy = (p: Db.Policy & { author: Db.User }): Policy => {
  const rule = JSON.parse(p.rule) as AlertRule;
  return {
    id: p.id,
    title: p.title,
    phase: p.phase,
    version: p.version,
    status: p.status,
    regionCode: p.regionCode,
    author: p.author.email,
    effectiveFrom: formatDay(p.effectiveFrom),
    entryIndex: Number(p.entryIndex),
    rule: { method: rule.method, alpha: rule.alpha, threshold: rule.threshold, levels: rule.levels },
  };
};

/** Policy layer: signed, versioned rules that the analysis layer enforces. */
@Resolver(() => Policy)
export class PolicyResolver {
  @Authorized()
  @Query(() => [Policy], { description: "All versions, newest first." })
  async policies(@Ctx() { services }: Context, @Args(() => PageArgs) pageArgs: PageArgs): Promise<Policy[]> {
    return (await services.policies.list(page(pageArgs))).map(toPolicy);
  }

  @Authorized(["POLICY_OFFICER"])
  @Mutation(() => Policy, { description: "Publish a rule (a new version if the title and scope exist); the analysis layer enforces it from `effectiveFrom`." })
  async publishPolicy(@Ctx() ctx: Context, @Arg("input", () => PublishPolicyInput) input: PublishPolicyInput): Promise<Policy> {
    const viewer = requireViewer(ctx);
    const p = await ctx.services.policies.publish(viewer, {
      title: input.title,
      phase: input.phase,
      regionCode: input.regionCode ?? null,
      effectiveFrom: input.effectiveFrom,
      rule: {
        method: input.method,
        alpha: input.alpha,
        threshold: input.threshold,
        levels: input.levels ? { III: { ...input.levels.III }, II: { ...input.levels.II }, I: { ...input.levels.I } } : DEFAULT_RULE.levels,
      },
    });
    return toPolicy(p);
  }

  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() p: Policy, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, p.entryIndex);
  }
}
