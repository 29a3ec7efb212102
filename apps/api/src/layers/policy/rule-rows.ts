import type { Database, Policy, Prisma } from "@vigil/db";
import { SharedRead } from "../../reads/shared-read.ts";

const people = { author: true, approver: true, revoker: true } as const satisfies Prisma.RuleSetInclude;
export type RuleSetWithPeople = Prisma.RuleSetGetPayload<{ include: typeof people }>;
export type PolicyWithEntry = Policy & { entry: { leafHash: Uint8Array } | null };

export interface StoredRules {
  /** Every alert policy version, highest version first, then the later effective date, then the later id. */
  policies: PolicyWithEntry[];
  /** Every rule-set version, with its author, approver and revoker. */
  ruleSets: RuleSetWithPeople[];
}

/**
 * The stored alert policies and rule sets, read again only when they changed. Every report's decision and every
 * detection run asks which rules are in force; reading both tables (and their people) each time cost six
 * queries per run, now one small one.
 *
 * Why a kept copy is never stale: a Policy or RuleSet row changes only in the transaction of a log entry of kind
 * `policy` or `rule-set` (the audit re-derives the rows from those entries), so the newest such entries name the
 * tables' state, on every instance. The rows are read after the generation that keys them, so rows kept under
 * generation G reflect G or later; and a caller uses them only when its own generation read — shared, but never
 * sent before the call (SharedRead) — says G.
 */
export class RuleRows {
  private readonly generation: SharedRead<string>;
  private kept: { generation: string; rows: Promise<StoredRules> } | null = null;

  constructor(private readonly db: Database) {
    this.generation = new SharedRead(async () => {
      const [row] = await db.primary.raw.query<{ g: string }>(
        `SELECT COALESCE((SELECT MAX("index") FROM "LogEntry" WHERE "kind" = 'policy'), -1)::text || '/' ||
                COALESCE((SELECT MAX("index") FROM "LogEntry" WHERE "kind" = 'rule-set'), -1)::text AS g`,
      );
      return row!.g;
    });
  }

  /** The rules as stored now (shared by every caller: do not change the rows). */
  async current(): Promise<StoredRules> {
    const generation = await this.generation.read();
    if (this.kept?.generation !== generation) {
      const rows = Promise.all([
        this.db.prisma.policy.findMany({
          orderBy: [{ version: "desc" }, { effectiveFrom: "desc" }, { id: "desc" }],
          include: { entry: { select: { leafHash: true } } },
        }),
        this.db.prisma.ruleSet.findMany({ orderBy: { id: "asc" }, include: people }),
      ]).then(([policies, ruleSets]) => ({ policies, ruleSets }));
      const kept = { generation, rows };
      this.kept = kept;
      // A failed read is nobody's copy: the next caller reads again.
      rows.catch(() => {
        if (this.kept === kept) this.kept = null;
      });
    }
    return this.kept.rows;
  }
}
