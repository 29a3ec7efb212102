import {
  Args,
  ArgsType,
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
import { DISEASES } from "@vigil/rules";
import { PolicyPhase, PolicyStatus, RuleSetKind, RuleSetState } from "@vigil/db";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { formatDay } from "@vigil/calendar";
import { ALERT_METHODS, DEFAULT_RULE, type AlertMethod as Method, type AlertRule } from "./service.ts";
import { Day, LogEntry } from "../../graphql/types.ts";
import { ENTRY_FIELD_DESCRIPTION, entryOfRow } from "../infrastructure/resolver.ts";
import { JSONValue } from "../../graphql/json.ts";
import { fail } from "../../errors.ts";
import { RULE_SET_STATUSES, type RuleSetStatus, type RuleSetWithPeople } from "./rule-sets.ts";

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
@ObjectType({ description: "A notifiable disease of the published code list: reports name its code." })
class DiseaseCode {
  @Field(() => String) code!: string;
  @Field(() => String) name!: string;
  @Field(() => String) icd10!: string;
  @Field(() => String, { description: "DAY or WEEK: how the disease is reported and analysed." }) period!: string;
}

@Resolver(() => Policy)
export class PolicyResolver {
  @Authorized()
  @Query(() => [DiseaseCode], { description: "The disease code list case reports are filed under (COVID-19 is the default)." })
  diseases(): DiseaseCode[] {
    return DISEASES.map((d) => ({ ...d }));
  }

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

registerEnumType(RuleSetKind, { name: "RuleSetKind", description: "A contract governs submissions; a policy governs the response." });
registerEnumType(RuleSetState, { name: "RuleSetState", description: "Stored lifecycle state: drafted, approved by a second officer, or revoked." });
const RuleSetStatusEnum = Object.fromEntries(RULE_SET_STATUSES.map((s) => [s, s])) as { [K in RuleSetStatus]: K };
registerEnumType(RuleSetStatusEnum, {
  name: "RuleSetStatus",
  description:
    "Where a version stands on a day: DRAFT (awaiting a second officer), SCHEDULED (approved, not yet effective), IN_FORCE, SUPERSEDED (a later approved version took effect), EXPIRED (past its window), REVOKED.",
});

@ObjectType({ description: "One change between two versions of a rule set (list items matched by name, indicator, …)." })
class RuleSetChange {
  @Field(() => String, { description: "JSON path, list items by identity: $.body.validations[rule-name].expression" }) path!: string;
  @Field(() => String, { description: "added, removed or changed" }) kind!: string;
  @Field(() => JSONValue, { nullable: true }) before!: unknown;
  @Field(() => JSONValue, { nullable: true }) after!: unknown;
}

@ObjectType({ description: "One version of a contract or policy (@vigil/rules), with its lifecycle on the log." })
export class RuleSet {
  @Field(() => String) key!: string;
  @Field(() => RuleSetKind) kind!: RuleSetKind;
  @Field(() => PolicyPhase, { nullable: true, description: "A policy's phase; null for a contract (every phase)." }) phase!: PolicyPhase | null;
  @Field(() => String, { description: "Semantic version." }) version!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { description: "Region code of the subtree it governs." }) jurisdiction!: string;
  @Field(() => String, { description: "Hex SHA-256 of the rule set's RFC 8785 canonical JSON: what every decision names." }) hash!: string;
  @Field(() => RuleSetState) state!: RuleSetState;
  @Field(() => Day) effectiveFrom!: string;
  @Field(() => Day, { nullable: true, description: "Exclusive; null: open-ended." }) effectiveUntil!: string | null;
  @Field(() => String) author!: string;
  @Field(() => String, { nullable: true }) approver!: string | null;
  @Field(() => String, { nullable: true }) revoker!: string | null;
  @Field(() => Day, { nullable: true, description: "The day a revocation took effect." }) revokedOn!: string | null;
  @Field(() => Int, { description: "The draft entry: the whole document on the log." }) entryIndex!: number;
  @Field(() => Int, { nullable: true }) approvedEntryIndex!: number | null;
  @Field(() => Int, { nullable: true }) revokedEntryIndex!: number | null;
  @Field(() => JSONValue, { description: "The whole rule set as @vigil/rules models it (key, version, kind, title, effective, jurisdiction, body)." })
  document!: unknown;
  row!: Db.RuleSet;
}

const toRuleSet = (r: RuleSetWithPeople): RuleSet => ({
  key: r.key,
  kind: r.kind,
  phase: r.phase,
  version: r.version,
  title: r.title,
  jurisdiction: r.jurisdiction,
  hash: r.hash,
  state: r.state,
  effectiveFrom: formatDay(r.effectiveFrom),
  effectiveUntil: r.effectiveUntil ? formatDay(r.effectiveUntil) : null,
  author: r.author.email,
  approver: r.approver?.email ?? null,
  revoker: r.revoker?.email ?? null,
  revokedOn: r.revokedOn ? formatDay(r.revokedOn) : null,
  entryIndex: Number(r.entryIndex),
  approvedEntryIndex: r.approvedEntry === null ? null : Number(r.approvedEntry),
  revokedEntryIndex: r.revokedEntry === null ? null : Number(r.revokedEntry),
  document: JSON.parse(r.document),
  row: r,
});

const VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}$/;

@ArgsType()
class RuleSetKeyArgs {
  @Field(() => String) @MinLength(1) @MaxLength(64) key!: string;
  @Field(() => String) @Matches(VERSION, { message: "version must be MAJOR.MINOR.PATCH" }) version!: string;
}

/** Policy layer: the lifecycle of contracts and policies (draft → second officer's approval → in force → superseded / revoked). */
@Resolver(() => RuleSet)
export class RuleSetResolver {
  @Authorized()
  @Query(() => [RuleSet], {
    complexity: 20,
    description:
      "With `at`: the rule sets in force on that day (one version per key). Without: every version with its lifecycle, by key, newest version first.",
  })
  async ruleSets(
    @Ctx() { services }: Context,
    @Arg("kind", () => RuleSetKind, { nullable: true }) kind?: RuleSetKind | null,
    @Arg("at", () => Day, { nullable: true }) at?: string | null,
  ): Promise<RuleSet[]> {
    const rows = at ? await services.ruleSets.inForceOn(at, kind) : await services.ruleSets.all(kind);
    return rows.map(toRuleSet);
  }

  @Authorized()
  @Query(() => RuleSet, { nullable: true })
  async ruleSet(@Ctx() { services }: Context, @Args(() => RuleSetKeyArgs) { key, version }: RuleSetKeyArgs): Promise<RuleSet | null> {
    const r = await services.ruleSets.get(key, version);
    return r && toRuleSet(r);
  }

  @Authorized(["POLICY_OFFICER"])
  @Mutation(() => RuleSet, {
    description:
      "Draft a version (the whole document, as @vigil/rules models it): checked and compiled now, so unsupported CEL is refused with BAD_USER_INPUT listing every problem; logged; applies only once a second policy officer approves it.",
  })
  async draftRuleSet(@Ctx() ctx: Context, @Arg("ruleSet", () => JSONValue) ruleSet: unknown): Promise<RuleSet> {
    return toRuleSet(await ctx.services.ruleSets.draft(requireViewer(ctx), ruleSet));
  }

  @Authorized(["POLICY_OFFICER"])
  @Mutation(() => RuleSet, { description: "Approve another officer's draft: it applies from its effective date, which must not have passed (no back-dating)." })
  async approveRuleSet(@Ctx() ctx: Context, @Args(() => RuleSetKeyArgs) { key, version }: RuleSetKeyArgs): Promise<RuleSet> {
    return toRuleSet(await ctx.services.ruleSets.approve(requireViewer(ctx), key, version));
  }

  @Authorized(["POLICY_OFFICER"])
  @Mutation(() => RuleSet, { description: "Withdraw a draft, or end an approved version from today; the days it applied stay on record." })
  async revokeRuleSet(
    @Ctx() ctx: Context,
    @Args(() => RuleSetKeyArgs) { key, version }: RuleSetKeyArgs,
    @Arg("reason", () => String) reason: string,
  ): Promise<RuleSet> {
    return toRuleSet(await ctx.services.ruleSets.revoke(requireViewer(ctx), key, version, reason));
  }

  @FieldResolver(() => RuleSetStatusEnum, { description: "Where this version stands on `at` (default: today, UTC)." })
  status(@Root() r: RuleSet, @Ctx() { services }: Context, @Arg("at", () => Day, { nullable: true }) at?: string | null): Promise<RuleSetStatus> {
    return services.ruleSets.statusOf(r.row, at ?? undefined);
  }

  @FieldResolver(() => [RuleSetChange], { complexity: 10, description: "Changes from version `against` of the same key to this version." })
  async diff(@Root() r: RuleSet, @Ctx() { services }: Context, @Arg("against", () => String) against: string): Promise<RuleSetChange[]> {
    if (!VERSION.test(against)) throw fail("BAD_USER_INPUT", "against must be a version MAJOR.MINOR.PATCH.", { field: "against" });
    return (await services.ruleSets.diff(r.row, against)).map((c) => ({ path: c.path, kind: c.kind, before: c.before ?? null, after: c.after ?? null }));
  }

  @FieldResolver(() => LogEntry, { nullable: true, description: ENTRY_FIELD_DESCRIPTION })
  entry(@Root() r: RuleSet, @Ctx() ctx: Context): Promise<LogEntry | null> {
    return entryOfRow(ctx, r.entryIndex);
  }
}
