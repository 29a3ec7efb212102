import { Authorized, Arg, Ctx, Field, Float, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import { IsIn, IsOptional, Matches, Max, MaxLength, Min, MinLength } from "class-validator";
import { PolicyPhase, PolicyStatus } from "@vigil/db";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../auth/context.ts";
import { toDay } from "../dates.ts";
import { ALERT_METHODS, type AlertMethod as Method, type AlertRule } from "../services/policies.ts";
import { Day } from "./types.ts";

const AlertMethod = Object.fromEntries(ALERT_METHODS.map((m) => [m, m])) as { [K in Method]: K };
registerEnumType(AlertMethod, { name: "AlertMethod", description: "Outbreak-detection method a policy enforces." });

@ObjectType()
class PolicyRule {
  @Field(() => AlertMethod) method!: Method;
  @Field(() => Float) alpha!: number;
  @Field(() => Float) threshold!: number;
  @Field(() => Float, { description: "7-day incidence per 100k that enters level III (yellow)." }) levelIII!: number;
  @Field(() => Float) levelII!: number;
  @Field(() => Float) levelI!: number;
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
  @Field(() => Float) @Min(0) levelIII!: number;
  @Field(() => Float) @Min(0) levelII!: number;
  @Field(() => Float) @Min(0) levelI!: number;
  @Field(() => Day) effectiveFrom!: string;
}

const toPolicy = (p: Db.Policy & { author: Db.User }): Policy => {
  const rule = JSON.parse(p.rule) as AlertRule;
  return {
    id: p.id, title: p.title, phase: p.phase, version: p.version, status: p.status, regionCode: p.regionCode, author: p.author.email,
    effectiveFrom: toDay(p.effectiveFrom), entryIndex: Number(p.entryIndex),
    rule: { method: rule.method, alpha: rule.alpha, threshold: rule.threshold, levelIII: rule.levels.III, levelII: rule.levels.II, levelI: rule.levels.I },
  };
};

@Resolver()
export class PolicyResolver {
  @Authorized()
  @Query(() => [Policy], { description: "All versions, newest first." })
  async policies(@Ctx() { services }: Context): Promise<Policy[]> {
    return (await services.policies.list()).map(toPolicy);
  }

  @Authorized(["POLICY_OFFICER"])
  @Mutation(() => Policy, { description: "Publish a rule (a new version if the title and scope exist); the analysis layer enforces it from `effectiveFrom`." })
  async publishPolicy(@Ctx() ctx: Context, @Arg("input", () => PublishPolicyInput) input: PublishPolicyInput): Promise<Policy> {
    const viewer = requireViewer(ctx);
    const p = await ctx.services.policies.publish(viewer, {
      title: input.title, phase: input.phase, regionCode: input.regionCode ?? null, effectiveFrom: input.effectiveFrom,
      rule: { method: input.method, alpha: input.alpha, threshold: input.threshold, levels: { III: input.levelIII, II: input.levelII, I: input.levelI } },
    });
    ctx.services.checkpointSoon();
    const author = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: p.authorId } });
    return toPolicy({ ...p, author });
  }
}
