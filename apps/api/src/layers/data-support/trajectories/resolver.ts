import { Arg, Args, Authorized, Ctx, Field, Float, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { IsIn, IsOptional, MaxLength } from "class-validator";
import { CERTAINTIES, EXPOSURE_TYPES, FOLLOW_UP_STATUSES } from "@vigil/contacts";
import { requireViewer, type Context } from "../../../graphql/context.ts";
import { JSONValue } from "../../../graphql/json.ts";
import { page, PageArgs } from "../../../graphql/pagination.ts";
import { MAX_LINKS_PER_CALL, MAX_VISITS_PER_SUBMISSION } from "./service.ts";

@InputType({ description: "One visit under the trajectory-visit contract: a pseudonym, an H3 cell (resolution 9–10) or a venue id, and a time window." })
class VisitInput {
  @Field(() => String) @MaxLength(64) person!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(32) cell?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(80) venue?: string | null;
  @Field(() => Date) start!: Date;
  @Field(() => Date) end!: Date;
}

@ObjectType({ description: "A stored batch of visits: its entry holds the count and the SHA-256 commitment, never the visits." })
class VisitBatchReceipt {
  @Field(() => Int) id!: number;
  @Field(() => Int) count!: number;
  @Field(() => String) hash!: string;
  @Field(() => Int) entryIndex!: number;
}

@ObjectType({ description: "The policy a query ran under: key, version and content hash." })
class TrajectoryPolicyRef {
  @Field(() => String) key!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) hash!: string;
}

@ObjectType({ description: "A close contact as a pseudonym with its exposure summary." })
class CloseContact {
  @Field(() => String) pseudonym!: string;
  @Field(() => Int, { description: "1: met the case; 2: met a contact after that contact's exposure." }) depth!: number;
  @Field(() => String, { description: "Whom this person met: the case, or a depth-1 contact." }) via!: string;
  @Field(() => Int, { description: "Minutes of qualifying encounters, summed: the ranking key." }) totalMinutes!: number;
  @Field(() => Int) encounters!: number;
  @Field(() => Int) longestMinutes!: number;
  @Field(() => [String]) places!: string[];
  @Field(() => Date) firstAt!: Date;
  @Field(() => Date) lastAt!: Date;
}

@ObjectType()
class CloseContacts {
  @Field(() => String) casePseudonym!: string;
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
  @Field(() => Int) minOverlapMinutes!: number;
  @Field(() => Int) depth!: number;
  @Field(() => [CloseContact], { description: "Ranked by exposure." }) contacts!: CloseContact[];
  @Field(() => TrajectoryPolicyRef) policy!: TrajectoryPolicyRef;
  @Field(() => Int, { description: "The justified-access entry this query appended." }) entryIndex!: number;
  @Field(() => String, { description: "SHA-256 of the result, as the entry records it." }) resultHash!: string;
}

@ObjectType()
class TrajectoryVisit {
  @Field(() => String) place!: string;
  @Field(() => String, { nullable: true }) cell!: string | null;
  @Field(() => Date) start!: Date;
  @Field(() => Date) end!: Date;
  @Field(() => String) source!: string;
}

@ObjectType()
class Trajectory {
  @Field(() => String) pseudonym!: string;
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
  @Field(() => [TrajectoryVisit]) visits!: TrajectoryVisit[];
  @Field(() => Int) entryIndex!: number;
  @Field(() => String) resultHash!: string;
}

@ObjectType({ description: "A confirmed case's onset and isolation: they bound its infectious window." })
class TraceCase {
  @Field(() => String) pseudonym!: string;
  @Field(() => Date) onsetAt!: Date;
  @Field(() => Date, { nullable: true }) isolatedAt!: Date | null;
}

@InputType()
class TraceCaseInput {
  @Field(() => String) @MaxLength(64) pseudonym!: string;
  @Field(() => Date) onset!: Date;
  @Field(() => Date, { nullable: true }) @IsOptional() isolatedAt?: Date | null;
}

@InputType({ description: "A transmission relationship (Go.Data's fields). Recording one for an existing pair makes its next version." })
class TransmissionLinkInput {
  @Field(() => String) @MaxLength(64) source!: string;
  @Field(() => String) @MaxLength(64) target!: string;
  @Field(() => Date) contactDate!: Date;
  @Field(() => String, { description: EXPOSURE_TYPES.join(", ") }) @IsIn([...EXPOSURE_TYPES]) exposureType!: string;
  @Field(() => String, { description: CERTAINTIES.join(", ") }) @IsIn([...CERTAINTIES]) certainty!: string;
  @Field(() => Int) durationMinutes!: number;
  @Field(() => String, { nullable: true, description: FOLLOW_UP_STATUSES.join(", ") }) @IsOptional() @IsIn([...FOLLOW_UP_STATUSES]) followUp?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() retracted?: boolean | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) reason?: string | null;
}

@ObjectType({ description: "One version of a transmission relationship." })
class TransmissionLink {
  @Field(() => String) source!: string;
  @Field(() => String) target!: string;
  @Field(() => Int) version!: number;
  @Field(() => Date) contactDate!: Date;
  @Field(() => String) exposureType!: string;
  @Field(() => String) certainty!: string;
  @Field(() => Int) durationMinutes!: number;
  @Field(() => String, { description: "Follow-up status of the target as a contact." }) followUp!: string;
  @Field(() => Boolean) retracted!: boolean;
  @Field(() => Boolean, { description: "The version in force." }) current!: boolean;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Int) entryIndex!: number;
}

@ObjectType({ description: "A person of a chain with preset positions from the time-hierarchical layout." })
class ChainNode {
  @Field(() => String) pseudonym!: string;
  @Field(() => Date) time!: Date;
  @Field(() => Boolean, { description: "A recorded trace case, or a contact whose follow-up is BECAME_CASE." }) isCase!: boolean;
  @Field(() => Float) x!: number;
  @Field(() => Float) y!: number;
}

@ObjectType()
class TransmissionChain {
  @Field(() => String) casePseudonym!: string;
  @Field(() => [ChainNode]) nodes!: ChainNode[];
  @Field(() => [TransmissionLink]) links!: TransmissionLink[];
  @Field(() => Int) clusters!: number;
  @Field(() => Int) entryIndex!: number;
  @Field(() => String) resultHash!: string;
}

@ObjectType({ description: "A retention run: its entry commits to the deleted rows (count and SHA-256)." })
class VisitDeletion {
  @Field(() => Int) id!: number;
  @Field(() => Date) cutoff!: Date;
  @Field(() => Int) count!: number;
  @Field(() => String) hash!: string;
  @Field(() => Int) entryIndex!: number;
}

@ObjectType()
class VisitDeletionCheck {
  @Field(() => VisitDeletion) deletion!: VisitDeletion;
  @Field(() => Boolean, { description: "The row says what its entry says." }) matchesEntry!: boolean;
  @Field(() => Int, { description: "Visits still stored that ended before the cutoff (0 when the deletion held)." }) remaining!: number;
  @Field(() => Boolean) ok!: boolean;
}

@ObjectType({ description: "The identity behind a pseudonym, opened for an investigation; the re-identification entry names the reason." })
class Reidentified {
  @Field(() => String) pseudonym!: string;
  @Field(() => String) nationalId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) birthDate!: string;
  @Field(() => String) phone!: string;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => Int, { description: "The reidentification entry appended before the identity was opened." }) entryIndex!: number;
}

const toLink = (l: {
  source: string;
  target: string;
  version: number;
  contactDate: Date;
  exposureType: string;
  certainty: string;
  durationMinutes: number;
  followUp: string;
  retracted: boolean;
  current: boolean | null;
  reason: string | null;
  entryIndex: bigint;
}): TransmissionLink => ({ ...l, current: l.current === true, entryIndex: Number(l.entryIndex) });
const toDeletion = (d: { id: number; cutoff: Date; count: number; hash: string; entryIndex: bigint }): VisitDeletion => ({
  ...d,
  entryIndex: Number(d.entryIndex),
});

/** Trajectories, close contacts and transmission chains (issue 15): data support for the investigation. */
@Resolver()
export class TrajectoryResolver {
  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => VisitBatchReceipt, {
    description: `Store visits in bulk (at most ${MAX_VISITS_PER_SUBMISSION}); all or nothing; one commitment entry per batch.`,
  })
  async submitVisits(@Arg("inputs", () => [VisitInput]) inputs: VisitInput[], @Ctx() ctx: Context): Promise<VisitBatchReceipt> {
    return ctx.services.trajectories.submitVisits(requireViewer(ctx), inputs);
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Query(() => CloseContacts, {
    description: "People co-located with a case within its infectious window, ranked by exposure. Appends a justified-access entry.",
  })
  async closeContacts(
    @Arg("casePseudonym", () => String) casePseudonym: string,
    @Arg("legalBasis", () => String) legalBasis: string,
    @Arg("from", () => Date, { nullable: true }) from: Date | null,
    @Arg("to", () => Date, { nullable: true }) to: Date | null,
    @Arg("minOverlapMinutes", () => Int, { nullable: true }) minOverlapMinutes: number | null,
    @Arg("depth", () => Int, { nullable: true, defaultValue: 1 }) depth: number,
    @Ctx() ctx: Context,
  ): Promise<CloseContacts> {
    const r = await ctx.services.trajectories.closeContacts(requireViewer(ctx), { casePseudonym, legalBasis, from, to, minOverlapMinutes, depth });
    return {
      ...r,
      from: new Date(r.from),
      to: new Date(r.to),
      contacts: r.contacts.map((c) => ({ ...c, pseudonym: c.person, firstAt: new Date(c.firstAt), lastAt: new Date(c.lastAt) })),
    };
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Query(() => Trajectory, { description: "A case's visits (cells over time) in its infectious window. Appends a justified-access entry." })
  async trajectory(
    @Arg("pseudonym", () => String) pseudonym: string,
    @Arg("legalBasis", () => String) legalBasis: string,
    @Arg("from", () => Date, { nullable: true }) from: Date | null,
    @Arg("to", () => Date, { nullable: true }) to: Date | null,
    @Ctx() ctx: Context,
  ): Promise<Trajectory> {
    const r = await ctx.services.trajectories.trajectory(requireViewer(ctx), { pseudonym, legalBasis, from, to });
    return { ...r, from: new Date(r.from), to: new Date(r.to), visits: r.visits.map((v) => ({ ...v, start: new Date(v.start), end: new Date(v.end) })) };
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => TraceCase)
  async recordTraceCase(@Arg("input", () => TraceCaseInput) input: TraceCaseInput, @Ctx() ctx: Context): Promise<TraceCase> {
    return ctx.services.trajectories.recordCase(requireViewer(ctx), input);
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => TransmissionLink, { description: "Record a relationship, or its next version (the previous stays as history, and the entry names it)." })
  async recordTransmissionLink(@Arg("input", () => TransmissionLinkInput) input: TransmissionLinkInput, @Ctx() ctx: Context): Promise<TransmissionLink> {
    return toLink(await ctx.services.trajectories.recordLink(requireViewer(ctx), input));
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => [TransmissionLink], {
    description: `Record up to ${MAX_LINKS_PER_CALL} relationships at once (a line-list import), all or nothing; each is its own version and entry, as with recordTransmissionLink.`,
  })
  async recordTransmissionLinks(
    @Arg("inputs", () => [TransmissionLinkInput]) inputs: TransmissionLinkInput[],
    @Ctx() ctx: Context,
  ): Promise<TransmissionLink[]> {
    return (await ctx.services.trajectories.recordLinks(requireViewer(ctx), inputs)).map(toLink);
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Query(() => TransmissionChain, {
    description: "The chain through a case (its cluster's links in force), with preset layout positions. Appends a justified-access entry.",
  })
  async transmissionChain(
    @Arg("casePseudonym", () => String) casePseudonym: string,
    @Arg("legalBasis", () => String) legalBasis: string,
    @Arg("from", () => Date, { nullable: true }) from: Date | null,
    @Arg("to", () => Date, { nullable: true }) to: Date | null,
    @Ctx() ctx: Context,
  ): Promise<TransmissionChain> {
    const r = await ctx.services.trajectories.transmissionChain(requireViewer(ctx), { casePseudonym, legalBasis, from, to });
    return { ...r, links: r.links.map(toLink) };
  }

  @Authorized("DEPARTMENT_OFFICER", "AUDITOR")
  @Query(() => [TransmissionLink], { description: "Every version of one relationship, oldest first." })
  async transmissionLinkHistory(
    @Arg("source", () => String) source: string,
    @Arg("target", () => String) target: string,
    @Ctx() ctx: Context,
  ): Promise<TransmissionLink[]> {
    return (await ctx.services.trajectories.linkHistory(requireViewer(ctx), source, target)).map(toLink);
  }

  @Authorized("AUDITOR", "ADMIN")
  @Query(() => [JSONValue], { description: "Justified-access entries (legal basis, policy, officer, subject digest, result hash), newest first." })
  async trajectoryAccessLog(@Args(() => PageArgs) p: PageArgs, @Ctx() ctx: Context): Promise<unknown[]> {
    const { limit, offset } = page(p);
    return ctx.services.trajectories.accessLog(limit, offset);
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => Reidentified, { description: "Re-identify a pseudonym (CDC, public security) with a written reason; logged first, shown to auditors." })
  async reidentify(@Arg("pseudonym", () => String) pseudonym: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context): Promise<Reidentified> {
    return ctx.services.trajectories.reidentify(requireViewer(ctx), pseudonym, reason);
  }

  @Authorized("ADMIN")
  @Mutation(() => VisitDeletion, { description: "Run the retention job now: delete visits past the policy's retention and log the deletion commitment." })
  async runVisitRetention(@Arg("asOf", () => Date, { nullable: true }) asOf: Date | null, @Ctx() ctx: Context): Promise<VisitDeletion> {
    return toDeletion(await ctx.services.trajectories.runRetention(asOf ?? undefined));
  }

  @Authorized("AUDITOR", "ADMIN")
  @Query(() => VisitDeletionCheck, { description: "Check a deletion: row matches entry, nothing past its cutoff is left." })
  async checkVisitDeletion(@Arg("id", () => Int) id: number, @Ctx() ctx: Context): Promise<VisitDeletionCheck> {
    const r = await ctx.services.trajectories.checkDeletion(id);
    return { deletion: toDeletion(r.deletion), matchesEntry: r.matchesEntry, remaining: r.remaining, ok: r.ok };
  }
}
