import { Arg, Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { createHash } from "node:crypto";
import { toHex } from "@vigil/log";
import { requireViewer, type Context } from "../auth/context.ts";
import { entryDepartmentFilter } from "../auth/scope.ts";
import { toDay } from "../dates.ts";
import { ChainEntry, Department, toChainEntry, toDepartment } from "./types.ts";

@ObjectType({ description: "The latest signed tree head of the log." })
class ChainHead {
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

@ObjectType()
class ChainGrowthPoint {
  @Field(() => String) date!: string;
  @Field(() => Int) size!: number;
}

@Resolver()
export class InfrastructureResolver {
  @Authorized()
  @Query(() => ChainHead)
  async chainHead(@Ctx() { db, services }: Context): Promise<ChainHead> {
    const size = await services.ledger.size(db.prisma);
    const cp = await db.prisma.checkpoint.findFirst({ orderBy: { size: "desc" } });
    return { size, rootHash: toHex(await services.ledger.root(db.prisma, size)), checkpoint: cp?.note ?? null, pending: size - Number(cp?.size ?? 0) };
  }

  @Authorized()
  @Query(() => [NodeStatus], { complexity: 50 })
  async nodes(@Ctx() { db }: Context): Promise<NodeStatus[]> {
    const departments = await db.prisma.department.findMany({ orderBy: { code: "asc" } });
    const stats = await db.prisma.logEntry.groupBy({ by: ["departmentId"], _count: { _all: true }, _max: { receivedAt: true } });
    const byId = new Map(stats.map((s) => [s.departmentId, s]));
    return departments.map((d) => ({
      department: toDepartment(d),
      entries: byId.get(d.id)?._count._all ?? 0,
      lastEntryAt: byId.get(d.id)?._max.receivedAt ?? null,
      keyFingerprint: createHash("sha256").update(d.publicKeyJwk).digest("hex").slice(0, 16),
    }));
  }

  @Authorized()
  @Query(() => [ChainGrowthPoint], { complexity: 100, description: "Log size at the end of each day, by the date entries were received or reported." })
  async chainGrowth(@Ctx() { db }: Context): Promise<ChainGrowthPoint[]> {
    // Seeded history is appended in one go, so growth follows the reports' own dates where there are reports.
    const rows = await db.prisma.$queryRawUnsafe<{ day: Date; n: bigint }[]>(
      `SELECT COALESCE(c."date", date_trunc('day', e."receivedAt")::date) AS day, COUNT(*) AS n
       FROM "LogEntry" e LEFT JOIN "CaseReport" c ON c."entryIndex" = e."index" GROUP BY 1 ORDER BY 1`);
    let total = 0;
    return rows.map((r) => ({ date: toDay(new Date(r.day)), size: (total += Number(r.n)) }));
  }

  @Authorized()
  @Query(() => [ChainEntry], { description: "Entries, newest first." })
  async chainEntries(
    @Ctx() ctx: Context,
    @Arg("before", () => Int, { nullable: true }) before?: number,
    @Arg("limit", () => Int, { defaultValue: 20 }) limit = 20,
  ): Promise<ChainEntry[]> {
    const take = Math.max(1, Math.min(100, limit));
    const own = entryDepartmentFilter(requireViewer(ctx));
    const rows = await ctx.db.prisma.logEntry.findMany({
      where: { ...(before != null && { index: { lt: BigInt(before) } }), ...(own != null && { departmentId: own }) }, orderBy: { index: "desc" }, take, include: { department: true },
    });
    return rows.map(toChainEntry);
  }
}

