import { Arg, Args, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import { ArrayMaxSize, IsOptional, Matches, MaxLength, MinLength } from "class-validator";
import { CharityStepKind, FactCheckVerdict } from "@vigil/db";
import type * as Db from "@vigil/db";
import { formatDay } from "@vigil/calendar";
import { ANOMALY_KINDS, formatAmount } from "@vigil/trust";
import { canonicalJson } from "@vigil/log";
import { fail } from "../../../errors.ts";
import { requireViewer, type Context } from "../../../graphql/context.ts";
import { page, PageArgs } from "../../../graphql/pagination.ts";
import { Day, Department, LogEntry, toDepartment, toLogEntry } from "../../../graphql/types.ts";
import { checkPublicCode, PUBLIC_CODE, type StepRow } from "./service.ts";
import { type InclusionProof, toCheckpoint } from "../../infrastructure/resolver.ts";

registerEnumType(FactCheckVerdict, { name: "FactCheckVerdict", description: "A fact-check's rating (ClaimReview's reviewRating, as four fixed values)." });
registerEnumType(CharityStepKind, { name: "CharityStepKind", description: "A step of a charity flow: need → donation → allocation → shipment → delivery." });

const AMOUNT = /^(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?$/;
const HASH = /^[0-9a-fA-F]{64}$/;

@ObjectType({ description: "A fact-check of a public statement by a health authority (ClaimReview's fields), on the log." })
class FactCheckRecord {
  @Field(() => Int) id!: number;
  @Field(() => FactCheckVerdict) verdict!: FactCheckVerdict;
  @Field(() => String) reasoning!: string;
  @Field(() => [String], { description: "Evidence links (http/https URLs)." }) evidence!: string[];
  @Field(() => Department) checker!: Department;
  @Field(() => Int) entryIndex!: number;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: "A statement deposited by its publisher: its SHA-256 is on the log under the publisher's signature." })
class PublicStatement {
  @Field(() => Int) id!: number;
  @Field(() => Int, { description: "Its log entry: `certificate(entryIndex)` gives the deposit certificate." }) entryIndex!: number;
  @Field(() => String, { description: "SHA-256 (hex) of the text or file." }) sha256!: string;
  @Field(() => String) title!: string;
  @Field(() => String) category!: string;
  @Field(() => String) language!: string;
  @Field(() => String, { nullable: true }) sourceUrl!: string | null;
  @Field(() => String, { nullable: true, description: "The text, when the publisher deposited it." }) text!: string | null;
  @Field(() => Department) publisher!: Department;
  @Field(() => Int, { nullable: true, description: "Entry index of the statement this one corrects." }) corrects!: number | null;
  @Field(() => Date, { nullable: true }) retractedAt!: Date | null;
  @Field(() => String, { nullable: true }) retractionReason!: string | null;
  @Field(() => FactCheckVerdict, { nullable: true, description: "The latest fact-check's verdict; null while unchecked." }) verdict!: FactCheckVerdict | null;
  @Field(() => [FactCheckRecord], { description: "Every fact-check, oldest first." }) factChecks!: FactCheckRecord[];
  @Field(() => Date) createdAt!: Date;
}

@ObjectType()
class StatementCategory {
  @Field(() => String) category!: string;
  @Field(() => Int) statements!: number;
}

@ObjectType({ description: "One step of a charity flow, as its entry states it. Amounts are exact decimals (strings)." })
class CharityStepRecord {
  @Field(() => String, { description: "Public code: the receipt code of a donation." }) code!: string;
  @Field(() => CharityStepKind) kind!: CharityStepKind;
  @Field(() => Department, { description: "Who made the step (and signed its entry)." }) actor!: Department;
  @Field(() => Department, { nullable: true }) charity!: Department | null;
  @Field(() => Department, { nullable: true, description: "Allocation: the recipient; shipment: the destination; delivery: the countersigner." })
  recipient!: Department | null;
  @Field(() => String, { nullable: true }) previousCode!: string | null;
  @Field(() => String) item!: string;
  @Field(() => String) unit!: string;
  @Field(() => String) quantity!: string;
  @Field(() => String, { nullable: true }) standard!: string | null;
  @Field(() => String, { nullable: true }) batch!: string | null;
  @Field(() => String, { nullable: true, description: "Only when the donor chose to be named." }) donorName!: string | null;
  @Field(() => String, { nullable: true, description: "SHA-256 commitment to the donor's identity; the donor holds the salt that opens it." })
  donorCommitment!: string | null;
  @Field(() => Day) day!: string;
  @Field(() => Int) entryIndex!: number;
}

@ObjectType()
class DonationReceipt {
  @Field(() => String) receiptCode!: string;
  @Field(() => CharityStepRecord) donation!: CharityStepRecord;
  @Field(() => String, {
    nullable: true,
    description: "Hand to the donor, once: with the donor reference it opens `donorCommitment`. Never stored.",
  })
  donorSalt!: string | null;
}

@ObjectType({ description: "A step of a traced donation with its log entry (ask for `entry { proof }` and check it yourself)." })
class TracedStep {
  @Field(() => CharityStepRecord) step!: CharityStepRecord;
  @Field(() => LogEntry) entry!: LogEntry;
}

@ObjectType({ description: "Something the books do not add up on, computed from the log." })
class CharityAnomaly {
  @Field(() => String, { description: ANOMALY_KINDS.join(", ") }) kind!: string;
  @Field(() => String) step!: string;
  @Field(() => String, { nullable: true }) donation!: string | null;
  @Field(() => String, { nullable: true }) charity!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType()
class DonationTrace {
  @Field(() => String) receiptCode!: string;
  @Field(() => [TracedStep], { description: "The donation, its allocations, shipments and deliveries, in order." }) steps!: TracedStep[];
  @Field(() => [CharityAnomaly]) anomalies!: CharityAnomaly[];
  @Field(() => String, { description: "The log's verifier key: the checkpoints of the proofs verify with it." }) logVerifierKey!: string;
}

@ObjectType({ description: "One line of a charity's books: received = allocated + inStock; allocated = delivered + inTransit." })
class BalanceLine {
  @Field(() => String) charity!: string;
  @Field(() => String, { nullable: true }) charityName!: string | null;
  @Field(() => String) item!: string;
  @Field(() => String) received!: string;
  @Field(() => String) allocated!: string;
  @Field(() => String) shipped!: string;
  @Field(() => String) delivered!: string;
  @Field(() => String) inStock!: string;
  @Field(() => String) inTransit!: string;
}

@ObjectType({ description: "What a recipient asked for against what it countersigned." })
class RecipientLine {
  @Field(() => String) recipient!: string;
  @Field(() => String, { nullable: true }) recipientName!: string | null;
  @Field(() => String) item!: string;
  @Field(() => String) needed!: string;
  @Field(() => String) delivered!: string;
}

@ObjectType({ description: "Allocated or delivered quantity from a charity to a recipient, per item: a link of the flow chart." })
class FlowLink {
  @Field(() => CharityStepKind) kind!: CharityStepKind;
  @Field(() => String) charity!: string;
  @Field(() => String) recipient!: string;
  @Field(() => String) item!: string;
  @Field(() => String) unit!: string;
  @Field(() => String) quantity!: string;
}

@ObjectType()
class CharityBalances {
  @Field(() => Day) asOf!: string;
  @Field(() => Int, { description: "Days a shipment may wait for its countersignature before it is flagged." }) confirmWithinDays!: number;
  @Field(() => [BalanceLine]) balances!: BalanceLine[];
  @Field(() => [RecipientLine]) recipients!: RecipientLine[];
  @Field(() => [CharityAnomaly]) anomalies!: CharityAnomaly[];
  @Field(() => [FlowLink]) links!: FlowLink[];
}

@InputType()
class PublishStatementInput {
  @Field(() => String, { nullable: true, description: "The text (its SHA-256 is computed here and must match `sha256` if both are given)." })
  @IsOptional()
  @MaxLength(20_000)
  text?: string | null;
  @Field(() => String, { nullable: true, description: "SHA-256 (hex) of a file, computed in the browser: the file is not uploaded." })
  @IsOptional()
  @Matches(HASH)
  sha256?: string | null;
  @Field(() => Boolean, { defaultValue: true, description: "Deposit the text itself (public), not only its hash." }) depositText!: boolean;
  @Field(() => String) @MinLength(3) @MaxLength(300) title!: string;
  @Field(() => String) @Matches(/^[a-z0-9-]{2,40}$/) category!: string;
  @Field(() => String, { description: "BCP 47 language tag." }) @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/) language!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) @Matches(/^https?:\/\/\S+$/) sourceUrl?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() corrects?: number | null;
}

@InputType()
class FactCheckInput {
  @Field(() => Int) statementId!: number;
  @Field(() => FactCheckVerdict) verdict!: FactCheckVerdict;
  @Field(() => String) @MinLength(10) @MaxLength(4000) reasoning!: string;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(20) @MaxLength(2000, { each: true }) evidence!: string[];
}

@InputType()
class RecordDonationInput {
  @Field(() => String, { description: "Goods (e.g. “N95 respirator”) or a currency code for money (e.g. CNY)." }) @MinLength(2) @MaxLength(100) item!: string;
  @Field(() => String, { description: "e.g. pieces, boxes, CNY." }) @MinLength(1) @MaxLength(40) unit!: string;
  @Field(() => String, { description: "Decimal, at most two places." }) @Matches(AMOUNT) quantity!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) standard?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) batch?: string | null;
  @Field(() => String, { nullable: true, description: "Public name, only if the donor wants to be named." }) @IsOptional() @MaxLength(200) donorName?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: "Private: only a salted commitment to it reaches the log." })
  @IsOptional()
  @MaxLength(200)
  donorReference?: string | null;
  @Field(() => Day, { nullable: true, description: "Day received (default today, UTC)." }) day?: string | null;
}

@InputType()
class AllocateDonationInput {
  @Field(() => String) @Matches(PUBLIC_CODE) receiptCode!: string;
  @Field(() => String) @Matches(PUBLIC_CODE) recipientCode!: string;
  @Field(() => String) @Matches(AMOUNT) quantity!: string;
  @Field(() => Day, { nullable: true }) day?: string | null;
}

@InputType()
class ShipDonationInput {
  @Field(() => String) @Matches(PUBLIC_CODE) allocationCode!: string;
  @Field(() => String, { nullable: true, description: "Default: the allocation's recipient. Another destination is recorded and flagged as a diversion." })
  @IsOptional()
  @Matches(PUBLIC_CODE)
  destinationCode?: string | null;
  @Field(() => String) @Matches(AMOUNT) quantity!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) batch?: string | null;
  @Field(() => Day, { nullable: true }) day?: string | null;
}

@InputType()
class ConfirmDeliveryInput {
  @Field(() => String) @Matches(PUBLIC_CODE) shipmentCode!: string;
  @Field(() => String) @Matches(AMOUNT) quantity!: string;
  @Field(() => Day, { nullable: true }) day?: string | null;
}

@InputType()
class PublishNeedInput {
  @Field(() => String) @MinLength(2) @MaxLength(100) item!: string;
  @Field(() => String) @MinLength(1) @MaxLength(40) unit!: string;
  @Field(() => String) @Matches(AMOUNT) quantity!: string;
  @Field(() => [String], { defaultValue: [], description: "Standards accepted (any of them); empty = any." })
  @ArrayMaxSize(10)
  @MaxLength(100, { each: true })
  standards!: string[];
  @Field(() => Day, { nullable: true }) day?: string | null;
}

type StatementRow = Db.PublicStatement & { publisher: Db.Department; factChecks: (Db.FactCheck & { checker: Db.Department })[] };
const toStatement = (s: StatementRow): PublicStatement => ({
  id: s.id,
  entryIndex: Number(s.entryIndex),
  sha256: s.sha256,
  title: s.title,
  category: s.category,
  language: s.language,
  sourceUrl: s.sourceUrl,
  text: s.text,
  publisher: toDepartment(s.publisher),
  corrects: s.corrects == null ? null : Number(s.corrects),
  retractedAt: s.retractedAt,
  retractionReason: s.retractionReason,
  verdict: s.verdict,
  factChecks: s.factChecks.map((f) => ({
    id: f.id,
    verdict: f.verdict,
    reasoning: f.reasoning,
    evidence: JSON.parse(f.evidence) as string[],
    checker: toDepartment(f.checker),
    entryIndex: Number(f.entryIndex),
    createdAt: f.createdAt,
  })),
  createdAt: s.createdAt,
});

const toStep = (s: StepRow): CharityStepRecord => ({
  code: s.code,
  kind: s.kind,
  actor: toDepartment(s.actor),
  charity: s.charity ? toDepartment(s.charity) : null,
  recipient: s.recipient ? toDepartment(s.recipient) : null,
  previousCode: s.previous?.code ?? null,
  item: s.item,
  unit: s.unit,
  quantity: formatAmount(s.quantity),
  standard: s.standard,
  batch: s.batch,
  donorName: s.donorName,
  donorCommitment: s.donorCommitment,
  day: formatDay(s.day),
  entryIndex: Number(s.entryIndex),
});

const PUBLIC = "Public: no sign-in, read-only, rate-limited per address.";

/** Public trust: deposit certificates, fact-checks and charity flows. Its queries are the public (anonymous) surface. */
@Resolver()
export class PublicTrustResolver {
  @Authorized()
  @Mutation(() => PublicStatement, { description: "Deposit a public statement (signed by your department): media, health commission, CDC, hospital." })
  async publishStatement(@Ctx() ctx: Context, @Arg("input", () => PublishStatementInput) input: PublishStatementInput): Promise<PublicStatement> {
    return toStatement((await ctx.services.publicTrust.publishStatements(requireViewer(ctx), [input]))[0]!);
  }

  @Authorized()
  @Mutation(() => PublicStatement, { description: "Retract your own department's statement, with the reason (a linked entry)." })
  async retractStatement(@Ctx() ctx: Context, @Arg("id", () => Int) id: number, @Arg("reason", () => String) reason: string): Promise<PublicStatement> {
    return toStatement(await ctx.services.publicTrust.retractStatement(requireViewer(ctx), id, reason));
  }

  @Authorized()
  @Mutation(() => PublicStatement, {
    description: "Fact-check another department's statement (health commission or CDC); the statement's verdict becomes this one.",
  })
  async factCheck(@Ctx() ctx: Context, @Arg("input", () => FactCheckInput) input: FactCheckInput): Promise<PublicStatement> {
    return toStatement((await ctx.services.publicTrust.factChecks(requireViewer(ctx), [input]))[0]!);
  }

  @Query(() => PublicStatement, { nullable: true, description: `The earliest deposit of a text or file by its SHA-256 (hex). ${PUBLIC}` })
  async statementByHash(@Ctx() ctx: Context, @Arg("sha256", () => String) sha256: string): Promise<PublicStatement | null> {
    const s = await ctx.services.publicTrust.statementByHash(ctx.clientIp, checkHash(sha256));
    return s && toStatement(s);
  }

  @Query(() => [PublicStatement], { description: `The rumour board: statements, newest first, with their current verdict and history. ${PUBLIC}` })
  async publicStatements(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("category", () => String, { nullable: true }) category?: string,
  ): Promise<PublicStatement[]> {
    return (await ctx.services.publicTrust.statements(ctx.clientIp, { category, ...page(pageArgs) })).map(toStatement);
  }

  @Query(() => [StatementCategory], { complexity: 20, description: PUBLIC })
  statementCategories(@Ctx() ctx: Context): Promise<StatementCategory[]> {
    return ctx.services.publicTrust.categories(ctx.clientIp);
  }

  @Query(() => String, {
    nullable: true,
    complexity: 20,
    description: `The deposit certificate (JSON, format vigil-deposit-certificate/1) of the statement at this entry: check it with \`npm run ledger -- check\` or on /verify. Null until the entry is in a checkpoint (within a second). ${PUBLIC}`,
  })
  async certificate(@Ctx() ctx: Context, @Arg("entryIndex", () => Int) entryIndex: number): Promise<string | null> {
    const c = await ctx.services.publicTrust.certificate(ctx.clientIp, entryIndex);
    return c && canonicalJson(c);
  }

  @Query(() => String, { description: `The log's C2SP verifier key, for checking certificates and proofs. ${PUBLIC}` })
  publicLogVerifierKey(@Ctx() ctx: Context): string {
    return ctx.services.publicTrust.logVerifierKey();
  }

  @Query(() => String, {
    complexity: 100,
    description: `Every charity flow in IATI 2.03 form (JSON of iati-activities: one activity per charity, transaction types 1 incoming funds, 2 outgoing commitment, 3 disbursement, 4 expenditure), from the log. ${PUBLIC}`,
  })
  async charityIati(@Ctx() ctx: Context): Promise<string> {
    return JSON.stringify(await ctx.services.publicTrust.iati(ctx.clientIp));
  }

  @Authorized()
  @Mutation(() => CharityStepRecord, { description: "A hospital publishes what it needs (item, quantity, accepted standards)." })
  async publishNeed(@Ctx() ctx: Context, @Arg("input", () => PublishNeedInput) input: PublishNeedInput): Promise<CharityStepRecord> {
    return toStep((await ctx.services.publicTrust.publishNeeds(requireViewer(ctx), [input]))[0]!);
  }

  @Authorized()
  @Mutation(() => DonationReceipt, { description: "A charity records a donation received; the receipt code is the donor's key to the public trace." })
  async recordDonation(@Ctx() ctx: Context, @Arg("input", () => RecordDonationInput) input: RecordDonationInput): Promise<DonationReceipt> {
    const [r] = await ctx.services.publicTrust.recordDonations(requireViewer(ctx), [input]);
    return { receiptCode: r!.row.code, donation: toStep(r!.row), donorSalt: r!.donorSalt };
  }

  @Authorized()
  @Mutation(() => CharityStepRecord, { description: "The receiving charity allocates (part of) a donation to a recipient, within what is left of it." })
  async allocateDonation(@Ctx() ctx: Context, @Arg("input", () => AllocateDonationInput) input: AllocateDonationInput): Promise<CharityStepRecord> {
    return toStep((await ctx.services.publicTrust.allocateDonations(requireViewer(ctx), [input]))[0]!);
  }

  @Authorized()
  @Mutation(() => CharityStepRecord, { description: "The charity ships (part of) an allocation." })
  async shipDonation(@Ctx() ctx: Context, @Arg("input", () => ShipDonationInput) input: ShipDonationInput): Promise<CharityStepRecord> {
    return toStep((await ctx.services.publicTrust.shipDonations(requireViewer(ctx), [input]))[0]!);
  }

  @Authorized()
  @Mutation(() => CharityStepRecord, { description: "The destination countersigns a shipment's delivery: only it can." })
  async confirmDelivery(@Ctx() ctx: Context, @Arg("input", () => ConfirmDeliveryInput) input: ConfirmDeliveryInput): Promise<CharityStepRecord> {
    return toStep((await ctx.services.publicTrust.confirmDeliveries(requireViewer(ctx), [input]))[0]!);
  }

  @Query(() => DonationTrace, { complexity: 100, description: `A donation's whole path by its receipt code, each step with its entry. ${PUBLIC}` })
  async donationTrace(@Ctx() ctx: Context, @Arg("receiptCode", () => String) receiptCode: string): Promise<DonationTrace> {
    const t = await ctx.services.publicTrust.donationTrace(ctx.clientIp, checkPublicCode(receiptCode));
    // Each proof's checkpoint with its cosignatures and finality, as `checkpoint(size)` shows it.
    const cps = t.steps.flatMap((s) => (s.proof ? [s.proof.checkpoint] : []));
    const views = new Map((await ctx.services.delegates.views(cps)).map((v) => [v.size, v]));
    return {
      receiptCode: t.donation.code,
      steps: t.steps.map((s) => {
        const entry = toLogEntry({ ...s.step.entry, department: s.step.actor });
        const latestProof: InclusionProof | undefined = s.proof
          ? {
              index: entry.index,
              treeSize: s.proof.treeSize,
              leafHash: entry.leafHash,
              hashes: s.proof.hashes,
              checkpoint: toCheckpoint(views.get(s.proof.checkpoint.size)!),
            }
          : undefined;
        return { step: toStep(s.step), entry: Object.assign(entry, { latestProof }) };
      }),
      anomalies: t.anomalies,
      logVerifierKey: t.logVerifierKey,
    };
  }

  @Query(() => CharityBalances, {
    complexity: 100,
    description: `Charities' books computed from the log: balances, need against delivered, anomalies, flows. ${PUBLIC}`,
  })
  async charityBalances(@Ctx() ctx: Context, @Arg("charityCode", () => String, { nullable: true }) charityCode?: string): Promise<CharityBalances> {
    const svc = ctx.services.publicTrust;
    const [books, links, names] = await Promise.all([
      svc.charityBooks(ctx.clientIp, charityCode ? checkPublicCode(charityCode) : null),
      svc.flowLinks(undefined),
      svc.departmentNames(),
    ]);
    return {
      asOf: books.asOf,
      confirmWithinDays: books.confirmWithinDays,
      balances: books.balances.map((b) => ({
        charity: b.charity,
        charityName: names.get(b.charity)?.name ?? null,
        item: b.item,
        received: formatAmount(b.received),
        allocated: formatAmount(b.allocated),
        shipped: formatAmount(b.shipped),
        delivered: formatAmount(b.delivered),
        inStock: formatAmount(b.inStock),
        inTransit: formatAmount(b.inTransit),
      })),
      recipients: books.recipients.map((r) => ({
        recipient: r.recipient,
        recipientName: names.get(r.recipient)?.name ?? null,
        item: r.item,
        needed: formatAmount(r.needed),
        delivered: formatAmount(r.delivered),
      })),
      anomalies: books.anomalies,
      links: links
        .filter((l) => !charityCode || l.charity === charityCode)
        .map((l) => ({ kind: l.kind, charity: l.charity, recipient: l.recipient, item: l.item, unit: l.unit, quantity: formatAmount(BigInt(l.quantity)) })),
    };
  }
}

function checkHash(sha256: string): string {
  if (!HASH.test(sha256)) throw fail("BAD_USER_INPUT", "sha256 must be 64 hex digits.", { field: "sha256" });
  return sha256.toLowerCase();
}
