import { Arg, Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import { encodeVerifierKey, toHex } from "@vigil/log";
import type * as Db from "@vigil/db";
import { requireViewer, type Context } from "../auth/context.ts";
import { entryDepartmentFilter } from "../auth/scope.ts";
import { fail } from "../errors.ts";
import { rawEd25519 } from "../keys.ts";
import { ChainEntry, toChainEntry } from "./types.ts";

@ObjectType({ description: "A signed tree head: C2SP tlog-checkpoint signed note by the log key." })
export class Checkpoint {
  @Field(() => Int) size!: number;
  @Field(() => String) rootHash!: string;
  @Field(() => String, { description: "The signed note: origin, size, base64 root, then `— <key> <signature>`." }) note!: string;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: "RFC 9162 inclusion proof of one entry in the tree of a checkpoint." })
class InclusionProof {
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

const toCheckpoint = (c: Db.Checkpoint): Checkpoint => ({ size: Number(c.size), rootHash: toHex(new Uint8Array(c.rootHash)), note: c.note, createdAt: c.createdAt });

async function checkpointAt(ctx: Context, size?: number | null): Promise<Db.Checkpoint> {
  const cp = size == null
    ? await ctx.db.prisma.checkpoint.findFirst({ orderBy: { size: "desc" } })
    : await ctx.db.prisma.checkpoint.findUnique({ where: { size: BigInt(size) } });
  if (!cp) throw fail("NOT_FOUND", size == null ? "No checkpoint has been published yet." : `No checkpoint of size ${size}.`);
  return cp;
}

/** Infrastructure layer, verifiability: anyone signed in can fetch proofs and check them with packages/log. */
@Resolver(() => ChainEntry)
export class ProofResolver {
  @Authorized()
  @Query(() => String, { description: "The log's C2SP verifier key (name+keyid+base64 key): what checkpoint signatures verify against." })
  logVerifierKey(@Ctx() ctx: Context): string {
    return encodeVerifierKey(ctx.services.ledger.origin, rawEd25519(ctx.services.keys.logPublic));
  }

  @Authorized()
  @Query(() => Checkpoint, { nullable: true })
  async latestCheckpoint(@Ctx() ctx: Context): Promise<Checkpoint | null> {
    const cp = await ctx.db.prisma.checkpoint.findFirst({ orderBy: { size: "desc" } });
    return cp ? toCheckpoint(cp) : null;
  }

  @Authorized()
  @Query(() => Checkpoint)
  async checkpoint(@Ctx() ctx: Context, @Arg("size", () => Int) size: number): Promise<Checkpoint> {
    return toCheckpoint(await checkpointAt(ctx, size));
  }

  @Authorized()
  @Query(() => [Checkpoint], { description: "Newest first." })
  async checkpoints(@Ctx() ctx: Context, @Arg("limit", () => Int, { defaultValue: 20 }) limit = 20): Promise<Checkpoint[]> {
    if (limit < 1 || limit > 200) throw fail("BAD_USER_INPUT", "limit must be within 1..200.", { field: "limit" });
    return (await ctx.db.prisma.checkpoint.findMany({ orderBy: { size: "desc" }, take: limit })).map(toCheckpoint);
  }

  @Authorized()
  @Query(() => ChainEntry)
  async entry(@Ctx() ctx: Context, @Arg("index", () => Int) index: number): Promise<ChainEntry> {
    const e = index >= 0 ? await ctx.db.prisma.logEntry.findUnique({ where: { index: BigInt(index) }, include: { department: true } }) : null;
    if (!e) throw fail("NOT_FOUND", `No log entry ${index}.`);
    const own = entryDepartmentFilter(requireViewer(ctx));
    if (own != null && e.departmentId !== own) throw fail("FORBIDDEN", `Entry ${index} was submitted by another department; officers may open their own department's entries.`);
    return toChainEntry(e);
  }

  @Authorized()
  @Query(() => ConsistencyProof, { complexity: 20 })
  async consistencyProof(@Ctx() ctx: Context, @Arg("from", () => Int) from: number, @Arg("to", () => Int) to: number): Promise<ConsistencyProof> {
    if (from > to) throw fail("BAD_USER_INPUT", "`from` must not exceed `to`.", { field: "from" });
    const [a, b] = await Promise.all([checkpointAt(ctx, from), checkpointAt(ctx, to)]);
    const hashes = await ctx.services.ledger.consistencyProof(ctx.db.prisma, from, to);
    return { from: toCheckpoint(a), to: toCheckpoint(b), hashes: hashes.map(toHex) };
  }

  @FieldResolver(() => InclusionProof, { nullable: true, complexity: 10, description: "Proof against the checkpoint of `checkpointSize` (default: the latest); null while the entry awaits its first checkpoint." })
  async proof(@Root() entry: ChainEntry, @Ctx() ctx: Context, @Arg("checkpointSize", () => Int, { nullable: true }) checkpointSize?: number): Promise<InclusionProof | null> {
    const cp = await checkpointAt(ctx, checkpointSize);
    const treeSize = Number(cp.size);
    if (entry.index >= treeSize) {
      if (checkpointSize != null) throw fail("BAD_USER_INPUT", `Entry ${entry.index} is not in the tree of size ${treeSize}.`, { field: "checkpointSize" });
      return null;
    }
    const hashes = await ctx.services.ledger.inclusionProof(ctx.db.prisma, entry.index, treeSize);
    return { index: entry.index, treeSize, leafHash: entry.leafHash, hashes: hashes.map(toHex), checkpoint: toCheckpoint(cp) };
  }
}

/** The log entry behind a domain row, for any type with `entryIndex`. */
export async function entryOf(ctx: Context, entryIndex: number): Promise<ChainEntry> {
  const e = await ctx.db.prisma.logEntry.findUniqueOrThrow({ where: { index: BigInt(entryIndex) }, include: { department: true } });
  return toChainEntry(e);
}
