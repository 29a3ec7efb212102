import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Float, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import { Matches, MaxLength } from "class-validator";
import { encodeVerifierKey, toHex } from "@vigil/log";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../../graphql/context.ts";
import { page, PageArgs } from "../../graphql/pagination.ts";
import { Department, LogEntry, toDepartment, toLogEntry } from "../../graphql/types.ts";
import { rawEd25519 } from "../../keys.ts";
import type { CheckpointFinality } from "../../log/delegates.ts";

@ObjectType({ description: "The log's current size and root, and its latest signed checkpoint." })
class LogHead {
  @Field(() => Int) size!: number;
  @Field(() => String, { description: "RFC 9162 root hash (hex) of the first `size` entries." }) rootHash!: string;
  @Field(() => String, { nullable: true, description: "The C2SP signed note of the latest checkpoint." }) checkpoint!: string | null;
  @Field(() => Int, { description: "Entries appended after the latest checkpoint (published within seconds)." }) pending!: number;
}

@ObjectType({ description: "A department node of the network and what it has put on the log." })
class NodeStatus {
  @Field(() => Department) department!: Department;
  @Field(() => Int) entries!: number;
  @Field(() => Date, { nullable: true }) lastEntryAt!: Date | null;
  @Field(() => String, { description: "First 16 hex digits of SHA-256 over the public JWK." }) keyFingerprint!: string;
}

@ObjectType({ description: "A department's key rotated by a `department-key` entry on the log." })
class DepartmentKeyRotation {
  @Field(() => Department, { description: "The department, with its new key." }) department!: Department;
  @Field(() => Int, { description: "The `department-key` entry that put the new key in force (from the next entry on)." }) entryIndex!: number;
  @Field(() => Boolean, { description: "Signed by the authority (the log key) because the old key was lost, not by the old key." }) byAuthority!: boolean;
}

@ArgsType()
class RotateKeyArgs {
  @Field(() => String, { description: "The department's code." })
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: "department must be a department code" })
  department!: string;
  @Field(() => Boolean, {
    defaultValue: false,
    description: "The old key is lost or compromised: the authority signs the rotation with the log key, and the entry says so.",
  })
  lostKey!: boolean;
}

@ObjectType()
class LogGrowthPoint {
  @Field(() => String) date!: string;
  @Field(() => Int) size!: number;
}

@ObjectType({ description: "A delegate's C2SP tlog-cosignature on a checkpoint, verified with the key the delegate policy names." })
class Cosignature {
  @Field(() => String, { description: "The delegate's name in the policy (its `witness` line)." }) name!: string;
  @Field(() => Date, { description: "When the delegate cosigned, by its own clock (inside the signature)." }) timestamp!: Date;
  @Field(() => Date, { description: "When the log received the cosignature." }) receivedAt!: Date;
}

@ObjectType({ description: "Group of the delegate policy below its threshold." })
class QuorumShortfall {
  @Field(() => String) group!: string;
  @Field(() => Int) threshold!: number;
  @Field(() => Int) have!: number;
}

@ObjectType({ description: "Whether the log signature and the delegates' cosignatures meet the delegate policy (re-evaluated from the signatures)." })
class Finality {
  @Field(() => Boolean) final!: boolean;
  @Field(() => String, { nullable: true, description: "Why not final, in one sentence; null when final." }) reason!: string | null;
  @Field(() => [String], { description: "Delegates whose cosignature verified." }) witnessed!: string[];
  @Field(() => [String], { description: "Delegates without a valid cosignature on this checkpoint." }) missing!: string[];
  @Field(() => [QuorumShortfall], { description: "Groups of the policy below their threshold, the quorum's own first." }) short!: QuorumShortfall[];
}

@ObjectType({ description: "A signed tree head: C2SP tlog-checkpoint signed note by the log key, with the delegates' cosignatures." })
export class Checkpoint {
  @Field(() => Int) size!: number;
  @Field(() => String) rootHash!: string;
  @Field(() => String, {
    description: "The signed note: origin, size, base64 root, then `— <key> <signature>` by the log and one line per delegate cosignature received.",
  })
  note!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => [Cosignature], { description: "Delegate cosignatures that verify under the delegate policy." }) cosignatures!: Cosignature[];
  @Field(() => Boolean, { description: "Log signature plus cosignatures meeting the delegate policy's quorum (never true without a policy)." })
  final!: boolean;
  @Field(() => Finality) finality!: Finality;
}

@ObjectType({ description: "A configured delegate (a C2SP tlog-witness that cosigns checkpoints) as the log sees it." })
class Delegate {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "Its C2SP verifier key (type 0x04 cosignature key)." }) vkey!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => Int, { nullable: true, description: "The largest checkpoint size it has cosigned; null before its first." }) lastCosignedSize!: number | null;
  @Field(() => Date, { nullable: true }) lastCosignedAt!: Date | null;
  @Field(() => Int, { description: "Entries between the latest checkpoint and what it last cosigned." }) lag!: number;
  @Field(() => String, { nullable: true, description: "Its last failure (cleared by its next cosignature)." }) lastError!: string | null;
  @Field(() => Date, { nullable: true }) lastErrorAt!: Date | null;
}

@ObjectType({ description: "The network's state: the delegate policy, each delegate, and finality of the latest checkpoint." })
class NetworkStatus {
  @Field(() => String, { nullable: true, description: "The delegate policy (C2SP tlog-policy text); null when none is configured." }) policy!: string | null;
  @Field(() => String, { nullable: true, description: "The policy's quorum name." }) quorum!: string | null;
  @Field(() => [Delegate]) delegates!: Delegate[];
  @Field(() => Checkpoint, { nullable: true }) latestCheckpoint!: Checkpoint | null;
  @Field(() => Checkpoint, { nullable: true, description: "The largest checkpoint that is final." }) latestFinalCheckpoint!: Checkpoint | null;
}

@ObjectType({ description: "The streaming read replica dashboards read from (DATABASE_READ_URL), and how far behind the primary it is." })
class ReadReplicaStatus {
  @Field(() => String, { nullable: true, description: "WAL position the replica has replayed." }) replayLsn!: string | null;
  @Field(() => Float, { nullable: true, description: "WAL bytes written on the primary and not yet replayed." }) lagBytes!: number | null;
  @Field(() => Int, { description: "Log entries on the primary the replica does not have yet (their writers read from the primary meanwhile)." })
  lagEntries!: number;
  @Field(() => Date, { nullable: true, description: "When the replica last replayed a transaction." }) lastReplayAt!: Date | null;
  @Field(() => Boolean) replayPaused!: boolean;
}

@ObjectType({ description: "RFC 9162 inclusion proof of one entry in the tree of a checkpoint." })
export class InclusionProof {
  @Field(() => Int) index!: number;
  @Field(() => Int) treeSize!: number;
  @Field(() => String) leafHash!: string;
  @Field(() => [String], { description: "Sibling hashes (hex), bottom-up, as RFC 9162 §2.1.3." }) hashes!: string[];
  @Field(() => Checkpoint) checkpoint!: Checkpoint;
}

@ObjectType({ description: "RFC 9162 consistency proof: the tree of `toSize` extends the tree of `fromSize`." })
class ConsistencyProof {
  @Field(() => Checkpoint) from!: Checkpoint;
  @Field(() => Checkpoint) to!: Checkpoint;
  @Field(() => [String]) hashes!: string[];
}

export const toCheckpoint = (c: Db.Checkpoint & CheckpointFinality): Checkpoint => ({
  size: Number(c.size),
  rootHash: toHex(new Uint8Array(c.rootHash)),
  note: c.cosignedNote,
  createdAt: c.createdAt,
  cosignatures: c.cosignatures.map((x) => ({ name: x.witness, timestamp: new Date(x.timestamp * 1000), receivedAt: x.receivedAt })),
  final: c.finality.final,
  finality: {
    final: c.finality.final,
    reason: c.finality.reason,
    witnessed: [...c.finality.witnessed],
    missing: [...c.finality.missing],
    short: c.finality.short.map((g) => ({ ...g })),
  },
});
const toDelegate = (d: Awaited<ReturnType<Context["services"]["infrastructure"]["delegateStatus"]>>[number]): Delegate => ({
  name: d.name,
  vkey: d.vkey,
  url: d.url,
  lastCosignedSize: d.lastSize,
  lastCosignedAt: d.lastCosignedAt,
  lag: d.lag,
  lastError: d.lastError,
  lastErrorAt: d.lastErrorAt,
});
const RENAMED = "Renamed for one vocabulary (the log, its entries, checkpoints and proofs); this alias goes in the next release.";

/** Infrastructure layer: department nodes, the log and its proofs. Anyone signed in can check proofs with packages/log. */
@Resolver(() => LogEntry)
export class InfrastructureResolver {
  @Authorized()
  @Query(() => [Department])
  async departments(@Ctx() { services }: Context): Promise<Department[]> {
    return (await services.infrastructure.departments()).map(toDepartment);
  }

  @Authorized()
  @Query(() => [NodeStatus], { complexity: 50 })
  async nodes(@Ctx() { services }: Context): Promise<NodeStatus[]> {
    return (await services.infrastructure.nodes()).map((n) => ({ ...n, department: toDepartment(n.department) }));
  }

  @Authorized(["ADMIN"])
  @Mutation(() => DepartmentKeyRotation, {
    description:
      "Give a department a new signing key: a `department-key` rotation entry naming the old key, signed by the old key (or by the authority with `lostKey`). `npm run log -- verify` takes every department key from these entries.",
  })
  async rotateDepartmentKey(@Args(() => RotateKeyArgs) { department, lostKey }: RotateKeyArgs, @Ctx() { services }: Context): Promise<DepartmentKeyRotation> {
    const r = await services.infrastructure.rotateDepartmentKey(department, { lostKey });
    return { department: toDepartment(r.department), entryIndex: Number(r.entryIndex), byAuthority: lostKey };
  }

  @Authorized()
  @Query(() => LogHead)
  async logHead(@Ctx() { services }: Context): Promise<LogHead> {
    const h = await services.infrastructure.head();
    return { size: h.size, rootHash: toHex(h.root), checkpoint: h.checkpoint, pending: h.pending };
  }

  @Authorized()
  @Query(() => LogHead, { deprecationReason: `Use logHead. ${RENAMED}` })
  chainHead(@Ctx() ctx: Context): Promise<LogHead> {
    return this.logHead(ctx);
  }

  @Authorized()
  @Query(() => [LogGrowthPoint], { complexity: 100, description: "Log size at the end of each day, by the date entries were received or reported." })
  logGrowth(@Ctx() { services }: Context): Promise<LogGrowthPoint[]> {
    return services.infrastructure.growth();
  }

  @Authorized()
  @Query(() => [LogGrowthPoint], { complexity: 100, deprecationReason: `Use logGrowth. ${RENAMED}` })
  chainGrowth(@Ctx() ctx: Context): Promise<LogGrowthPoint[]> {
    return this.logGrowth(ctx);
  }

  @Authorized()
  @Query(() => [LogEntry], { description: "Entries, newest first. Department officers see their own department's entries." })
  async logEntries(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("before", () => Int, { nullable: true, description: "Only entries with a smaller index (a cursor: the log only grows)." }) before?: number,
  ): Promise<LogEntry[]> {
    return (await ctx.services.infrastructure.entries(requireViewer(ctx), { before, ...page(pageArgs) })).map(toLogEntry);
  }

  @Authorized()
  @Query(() => [LogEntry], { deprecationReason: `Use logEntries. ${RENAMED}` })
  chainEntries(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) pageArgs: PageArgs,
    @Arg("before", () => Int, { nullable: true }) before?: number,
  ): Promise<LogEntry[]> {
    return this.logEntries(ctx, pageArgs, before);
  }

  @Authorized()
  @Query(() => LogEntry)
  async entry(@Ctx() ctx: Context, @Arg("index", () => Int) index: number): Promise<LogEntry> {
    return toLogEntry(await ctx.services.infrastructure.entry(requireViewer(ctx), index));
  }

  @Authorized()
  @Query(() => String, { description: "The log's C2SP verifier key (name+keyid+base64 key): what checkpoint signatures verify against." })
  logVerifierKey(@Ctx() { services }: Context): string {
    return encodeVerifierKey(services.log.origin, rawEd25519(services.keys.logPublic));
  }

  @Authorized()
  @Query(() => Checkpoint, { nullable: true })
  async latestCheckpoint(@Ctx() { services }: Context): Promise<Checkpoint | null> {
    const cp = await services.infrastructure.latestCheckpoint();
    return cp ? toCheckpoint(cp) : null;
  }

  @Authorized()
  @Query(() => Checkpoint)
  async checkpoint(@Ctx() { services }: Context, @Arg("size", () => Int) size: number): Promise<Checkpoint> {
    return toCheckpoint(await services.infrastructure.checkpoint(size));
  }

  @Authorized()
  @Query(() => [Checkpoint], { description: "Newest first." })
  async checkpoints(@Ctx() { services }: Context, @Args(() => PageArgs) pageArgs: PageArgs): Promise<Checkpoint[]> {
    return (await services.infrastructure.checkpoints(page(pageArgs))).map(toCheckpoint);
  }

  @Authorized()
  @Query(() => [Delegate], { complexity: 20, description: "The delegates of the delegate policy: last cosigned size, lag and last error of each." })
  async delegates(@Ctx() { services }: Context): Promise<Delegate[]> {
    return (await services.infrastructure.delegateStatus()).map(toDelegate);
  }

  @Authorized()
  @Query(() => NetworkStatus, { complexity: 30, description: "Delegate policy, delegates and finality: why the latest checkpoint is final or not." })
  async nodeStatus(@Ctx() { services }: Context): Promise<NetworkStatus> {
    const s = await services.infrastructure.networkStatus();
    return {
      policy: s.policy,
      quorum: s.quorum,
      delegates: s.delegates.map(toDelegate),
      latestCheckpoint: s.latest && toCheckpoint(s.latest),
      latestFinalCheckpoint: s.latestFinal && toCheckpoint(s.latestFinal),
    };
  }

  @Authorized()
  @Query(() => ReadReplicaStatus, { nullable: true, complexity: 10, description: "Replication lag of the read replica; null when none is configured." })
  async readReplica(@Ctx() { services }: Context): Promise<ReadReplicaStatus | null> {
    const r = await services.reads.replication();
    // Where the replica is (host, port, database) stays in the server's configuration, not in answers.
    return r && { replayLsn: r.replayLsn, lagBytes: r.lagBytes, lagEntries: r.lagEntries, lastReplayAt: r.lastReplayAt, replayPaused: r.replayPaused };
  }

  @Authorized()
  @Query(() => ConsistencyProof, { complexity: 20 })
  async consistencyProof(@Ctx() { services }: Context, @Arg("from", () => Int) from: number, @Arg("to", () => Int) to: number): Promise<ConsistencyProof> {
    const p = await services.infrastructure.consistencyProof(from, to);
    return { from: toCheckpoint(p.from), to: toCheckpoint(p.to), hashes: p.hashes.map(toHex) };
  }

  @FieldResolver(() => InclusionProof, {
    nullable: true,
    complexity: 10,
    description: "Proof against the checkpoint of `checkpointSize` (default: the latest); null while the entry awaits its first checkpoint.",
  })
  async proof(
    @Root() entry: LogEntry,
    @Ctx() { services }: Context,
    @Arg("checkpointSize", () => Int, { nullable: true }) checkpointSize?: number,
  ): Promise<InclusionProof | null> {
    // A public answer (a donation's trace) may bring its proof along, computed once for many lookups.
    const brought = (entry as LogEntry & { latestProof?: InclusionProof }).latestProof;
    if (brought && checkpointSize == null) return brought;
    const p = await services.infrastructure.inclusionProof(entry.index, checkpointSize);
    return p && { index: entry.index, treeSize: p.treeSize, leafHash: entry.leafHash, hashes: p.hashes.map(toHex), checkpoint: toCheckpoint(p.checkpoint) };
  }
}

/** Field resolver body for `entry` on every governed row (report, alert, task, policy): the entry rule of `entry(index)`, as null. */
export async function entryOfRow(ctx: Context, entryIndex: number): Promise<LogEntry | null> {
  const e = await ctx.services.infrastructure.entryOfRow(requireViewer(ctx), entryIndex);
  return e && toLogEntry(e);
}

export const ENTRY_FIELD_DESCRIPTION =
  "This row's entry on the verifiable log (ask for `proof` on it). Null when you may see the row but not open its entry: `entry(index)` answers FORBIDDEN for the same entries (department officers open their own department's entries and their region's alerts).";
