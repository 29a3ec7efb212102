import { Arg, Args, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { ArrayMaxSize, IsOptional, Matches, MaxLength } from "class-validator";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import type { EpochView } from "./elections.ts";

@ObjectType({ description: "A node standing for election as a delegate: a delegate of the configured policy, or nominated by its department on the log." })
class DelegateCandidate {
  @Field(() => String, { description: "Its name in the delegate policy." }) name!: string;
  @Field(() => String, { description: "Its C2SP cosigner verifier key (type 0x04)." }) vkey!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true, description: "The department that nominated it; null for a delegate of the configured policy." })
  department!: string | null;
  @Field(() => Int, { nullable: true, description: "Its `delegate-candidate` entry; null for a delegate of the configured policy." })
  entryIndex!: number | null;
}

@ObjectType({ description: "A department's ballot: a `delegate-ballot` entry signed by the department's key. Public, like the result." })
class DelegateBallot {
  @Field(() => Int) epoch!: number;
  @Field(() => String, { description: "The voting department's code." }) department!: string;
  @Field(() => [String], { description: "The candidates it approves." }) approvals!: string[];
  @Field(() => Int) entryIndex!: number;
  @Field(() => Date) castAt!: Date;
}

@ObjectType()
class ApprovalCount {
  @Field(() => String) name!: string;
  @Field(() => Int) approvals!: number;
}

@ObjectType({ description: "An epoch's `election-result` entry (signed by the log): the elected set and its policy." })
class ElectionResult {
  @Field(() => Int) entryIndex!: number;
  @Field(() => Date) closedAt!: Date;
  @Field(() => Int, { description: "K: the seats." }) seats!: number;
  @Field(() => [String], { description: "Elected delegates, most approved first (ties broken by SHA-256 of epoch and key)." }) elected!: string[];
  @Field(() => [ApprovalCount]) approvals!: ApprovalCount[];
  @Field(() => String, { description: "The tlog-policy of the elected set: `group delegates q` with q = ⌊2K/3⌋ + 1." }) policy!: string;
  @Field(() => Int, {
    nullable: true,
    description:
      "The switch checkpoint: the first checkpoint containing this result that is final under the set before. The elected set cosigns and judges every checkpoint after it. Null until then.",
  })
  switchSize!: number | null;
  @Field(() => Boolean, { description: "A later result took effect at the same switch checkpoint, so this set never governed." }) superseded!: boolean;
}

@ObjectType({ description: "An election epoch: the open one collects ballots; a closed one has its result." })
class ElectionEpoch {
  @Field(() => Int) epoch!: number;
  @Field(() => Boolean) closed!: boolean;
  @Field(() => [DelegateBallot]) ballots!: DelegateBallot[];
  @Field(() => ElectionResult, { nullable: true }) result!: ElectionResult | null;
}

@InputType()
class NominateDelegateInput {
  @Field(() => String, { nullable: true, description: "The nominating department (an officer's own by default; an admin names it)." })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  department?: string | null;
  @Field(() => String) @MaxLength(64) name!: string;
  @Field(() => String, { description: "The node's C2SP verifier key (its `witness vkey:` line)." }) @MaxLength(400) vkey!: string;
  @Field(() => String, { description: "The URL its tlog-witness listens on." }) @MaxLength(400) url!: string;
}

@InputType()
class CastBallotInput {
  @Field(() => String, { nullable: true, description: "The voting department (an officer's own by default; an admin names it)." })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  department?: string | null;
  @Field(() => Int, { nullable: true, description: "The epoch this ballot is for; refused (CONFLICT) unless it is the open one." }) epoch?: number | null;
  @Field(() => [String], { description: "Candidate names approved: at most K, each once." })
  @ArrayMaxSize(64)
  @MaxLength(64, { each: true })
  approvals!: string[];
}

const toEpoch = (e: EpochView): ElectionEpoch => ({
  epoch: e.epoch,
  closed: e.closed,
  ballots: e.ballots.map((b) => ({ ...b, epoch: e.epoch })),
  result: e.result && {
    entryIndex: e.result.entryIndex,
    closedAt: e.result.closedAt,
    seats: e.result.seats,
    elected: e.result.elected,
    approvals: Object.entries(e.result.approvals).map(([name, approvals]) => ({ name, approvals })),
    policy: e.result.policy,
    switchSize: e.result.switchSize,
    superseded: e.result.superseded,
  },
});

/** Delegate elections (issue 9): nominations, ballots and results are log entries; reading them is public to anyone signed in. */
@Resolver()
export class ElectionResolver {
  @Authorized()
  @Query(() => [DelegateCandidate], { complexity: 20, description: "Who may be elected: the configured delegates and every nominated node." })
  async delegateCandidates(@Ctx() { services }: Context): Promise<DelegateCandidate[]> {
    return (await services.elections.candidates()).map((c) => ({ ...c, url: c.url ?? null }));
  }

  @Authorized()
  @Query(() => [ElectionEpoch], { complexity: 20, description: "Election epochs, newest (the open one) first, with their ballots and results." })
  async epochs(@Ctx() { services }: Context, @Args(() => PageArgs) pageArgs: PageArgs): Promise<ElectionEpoch[]> {
    return (await services.elections.epochs(page(pageArgs))).map(toEpoch);
  }

  @Authorized(["DEPARTMENT_OFFICER", "ADMIN"])
  @Mutation(() => DelegateCandidate, {
    description: "A department nominates its own node as a delegate candidate (a `delegate-candidate` entry signed by its key).",
  })
  async nominateDelegate(@Ctx() ctx: Context, @Arg("input", () => NominateDelegateInput) input: NominateDelegateInput): Promise<DelegateCandidate> {
    const c = await ctx.services.elections.nominate(requireViewer(ctx), input);
    return { ...c, url: c.url ?? null };
  }

  @Authorized(["DEPARTMENT_OFFICER", "ADMIN"])
  @Mutation(() => DelegateBallot, {
    description:
      "A department's ballot for the open epoch (a `delegate-ballot` entry signed by its key): up to K candidates. One per department per epoch; a second is refused (CONFLICT).",
  })
  castDelegateBallot(@Ctx() ctx: Context, @Arg("input", () => CastBallotInput) input: CastBallotInput): Promise<DelegateBallot> {
    return ctx.services.elections.castBallot(requireViewer(ctx), input);
  }

  @Authorized(["ADMIN"])
  @Mutation(() => ElectionEpoch, {
    description:
      "Close the open epoch (it also closes itself a day after its first ballot): tally, and append the `election-result` entry with the elected policy. Closing an epoch that is not open is CONFLICT.",
  })
  async closeElectionEpoch(@Ctx() { services }: Context, @Arg("epoch", () => Int) epoch: number): Promise<ElectionEpoch> {
    return toEpoch(await services.elections.closeEpoch(epoch));
  }
}
