import { createHash } from "node:crypto";
import type { Checkpoint, Database, Department } from "@vigil/db";
import { canReadEntry, entryDepartmentFilter } from "../../access/scope.ts";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { formatDay } from "@vigil/calendar";
import type { LogStore } from "../../log/store.ts";
import type { CheckpointFinality, Delegates } from "../../log/delegates.ts";
import type { Page } from "../../graphql/pagination.ts";
import type { RegionDirectory } from "../../regions.ts";

/**
 * Infrastructure layer: the department nodes, the log's head and growth, its entries, checkpoints and
 * proofs. Reads only: entries are appended by the layers that own them, through `LogStore.write`.
 */
export class InfrastructureService {
  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly regions: RegionDirectory,
    private readonly delegates: Delegates,
  ) {}

  departments(): Promise<Department[]> {
    return this.db.prisma.department.findMany({ orderBy: { code: "asc" } });
  }

  async head() {
    const size = await this.log.size();
    const cp = await this.log.checkpoint();
    return { size, root: await this.log.root(size), checkpoint: cp?.note ?? null, pending: size - Number(cp?.size ?? 0) };
  }

  async nodes() {
    const departments = await this.departments();
    const stats = await this.db.prisma.logEntry.groupBy({ by: ["departmentId"], _count: { _all: true }, _max: { receivedAt: true } });
    const byId = new Map(stats.map((s) => [s.departmentId, s]));
    return departments.map((d) => ({
      department: d,
      entries: byId.get(d.id)?._count._all ?? 0,
      lastEntryAt: byId.get(d.id)?._max.receivedAt ?? null,
      keyFingerprint: createHash("sha256").update(d.publicKeyJwk).digest("hex").slice(0, 16),
    }));
  }

  /** Log size at the end of each day. Seeded history is appended in one go, so reports count on their own dates. */
  async growth(): Promise<{ date: string; size: number }[]> {
    const rows = await this.db.prisma.$queryRawUnsafe<{ day: Date; n: bigint }[]>(
      `SELECT COALESCE(c."date", date_trunc('day', e."receivedAt")::date) AS day, COUNT(*) AS n
       FROM "LogEntry" e LEFT JOIN "CaseReport" c ON c."entryIndex" = e."index" GROUP BY 1 ORDER BY 1`,
    );
    let total = 0;
    return rows.map((r) => ({ date: formatDay(new Date(r.day)), size: (total += Number(r.n)) }));
  }

  /** Officers see their own department's entries only: payloads carry other regions' data. */
  entries(viewer: Viewer, filter: { before?: number | null } & Page) {
    return this.log.entries({ ...filter, departmentId: entryDepartmentFilter(viewer) });
  }

  async entry(viewer: Viewer, index: number) {
    const e = await this.log.entry(index);
    if (!e) throw fail("NOT_FOUND", `No log entry ${index}.`);
    if (!canReadEntry(viewer, this.regions, e))
      throw fail(
        "FORBIDDEN",
        `Entry ${index} was submitted by another department; officers may open their own department's entries and their region's alerts.`,
      );
    return e;
  }

  /**
   * The entry behind a governed row (a report, alert, task or policy), under the same rule as `entry`: null when
   * the viewer may list the row but not open its entry (an officer and another department's report in its region).
   */
  async entryOfRow(viewer: Viewer, entryIndex: number) {
    const e = await this.log.entry(entryIndex);
    if (!e) throw new Error(`log entry ${entryIndex} of a stored row is missing: run \`npm run ledger -- verify\``);
    return canReadEntry(viewer, this.regions, e) ? e : null;
  }

  async checkpoint(size?: number | null): Promise<Checkpoint & CheckpointFinality> {
    const cp = await this.log.checkpoint(size);
    if (!cp) throw fail("NOT_FOUND", size == null ? "No checkpoint has been published yet." : `No checkpoint of size ${size}.`);
    return (await this.delegates.views([cp]))[0]!;
  }

  async latestCheckpoint(): Promise<(Checkpoint & CheckpointFinality) | null> {
    const cp = await this.log.checkpoint();
    return cp && (await this.delegates.views([cp]))[0]!;
  }

  async checkpoints(p: Page): Promise<(Checkpoint & CheckpointFinality)[]> {
    return this.delegates.views(await this.log.checkpoints(p));
  }

  /** Each configured delegate: what it last cosigned, how far behind the latest checkpoint that is, and its last error. */
  async delegateStatus() {
    const [list, latest] = await Promise.all([this.delegates.status(), this.log.checkpoint()]);
    const size = Number(latest?.size ?? 0);
    return list.map((d) => ({ ...d, lag: d.lastSize == null ? size : Math.max(0, size - d.lastSize) }));
  }

  /** The network's state in one answer: the policy, the latest checkpoint's finality, the latest final one. */
  async networkStatus() {
    const latest = await this.latestCheckpoint();
    const lastFinal = await this.log.latestFinalCheckpoint();
    const policy = this.delegates.policy;
    return {
      policy: this.delegates.config?.text ?? null,
      quorum: policy?.quorum ?? null,
      delegates: await this.delegateStatus(),
      latest,
      latestFinal: lastFinal && (await this.delegates.views([lastFinal]))[0]!,
    };
  }

  async consistencyProof(from: number, to: number) {
    if (from > to) throw fail("BAD_USER_INPUT", "`from` must not exceed `to`.", { field: "from" });
    const [a, b] = await Promise.all([this.checkpoint(from), this.checkpoint(to)]);
    return { from: a, to: b, hashes: await this.log.consistencyProof(from, to) };
  }

  /** Proof of `index` against the checkpoint of `checkpointSize` (default: the latest); null while the entry awaits its first checkpoint. */
  async inclusionProof(index: number, checkpointSize?: number | null) {
    const cp = await this.checkpoint(checkpointSize);
    const treeSize = Number(cp.size);
    if (index >= treeSize) {
      if (checkpointSize != null) throw fail("BAD_USER_INPUT", `Entry ${index} is not in the tree of size ${treeSize}.`, { field: "checkpointSize" });
      return null;
    }
    return { treeSize, hashes: await this.log.inclusionProof(index, treeSize), checkpoint: cp };
  }
}
