import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { DEPARTMENT_KEY_KIND, encodeDepartmentKey, type DepartmentKeyBody } from "@vigil/log";
import type { Checkpoint, Database, Department, DepartmentKind } from "@vigil/db";
import { rawEd25519, type KeyRing } from "../../keys.ts";
import { canReadEntry, entryDepartmentFilter } from "../../access/scope.ts";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { formatDay } from "@vigil/calendar";
import type { LogStore } from "../../log/store.ts";
import type { CheckpointFinality, Delegates } from "../../log/delegates.ts";
import type { Page } from "../../graphql/pagination.ts";
import type { RegionDirectory } from "../../regions.ts";

export interface NewDepartment {
  code: string;
  name: string;
  kind: DepartmentKind;
  regionCode: string;
}

const publicJwk = (key: KeyObject): string => JSON.stringify(createPublicKey(key).export({ format: "jwk" }));
const publicBase64 = (key: KeyObject): string => encodeDepartmentKey(rawEd25519(createPublicKey(key)));

/**
 * Infrastructure layer: the department nodes and their keys, the log's head and growth, its entries,
 * checkpoints and proofs. Entries are appended by the layers that own them, through `LogStore.write`; this
 * layer appends only the department-key entries (registrations and rotations), which are what the audit
 * takes every department's key from. The Department table's key column is a cache of them.
 */
export class InfrastructureService {
  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly regions: RegionDirectory,
    private readonly keys: KeyRing,
    private readonly delegates: Delegates,
  ) {}

  private rotations: Promise<unknown> = Promise.resolve();

  /**
   * Create departments and register their keys on the log, in one transaction: one `register` entry per
   * department, signed by the registering authority (the log key). The only way departments come to be.
   */
  async registerDepartments(departments: NewDepartment[]): Promise<void> {
    if (!departments.length) return;
    await this.log.write(async ({ tx, append }) => {
      await tx.department.createMany({
        data: departments.map((d) => ({ ...d, publicKeyJwk: publicJwk(this.keys.department(d.code)) })),
      });
      await append(
        departments.map((d) => {
          const body: DepartmentKeyBody = { action: "register", department: d.code, publicKey: publicBase64(this.keys.department(d.code)) };
          return { kind: DEPARTMENT_KEY_KIND, departmentCode: null, departmentId: null, body };
        }),
      );
    });
  }

  /**
   * Rotate a department's key: a new key is staged in the key file first, then a `rotate` entry naming the
   * old key is appended (signed by the old key, or by the authority when the old key is lost), with the
   * table's cached key, in one transaction; only then does the new key become the department's signing key.
   * A crash anywhere in between is finished by `resumeKeyRotations` at the next start.
   */
  async rotateDepartmentKey(code: string, opts: { lostKey?: boolean } = {}): Promise<{ department: Department; entryIndex: bigint }> {
    // One rotation at a time in this process: a staged key must not be dropped by one request while another commits it.
    const run = this.rotations.then(async () => {
      const department = await this.db.prisma.department.findUnique({ where: { code } });
      if (!department) throw fail("NOT_FOUND", `No department ${code}.`, { field: "department" });
      const next = this.keys.stageDepartmentKey(code);
      try {
        const result = await this.appendRotation(department, next, opts.lostKey ?? false);
        this.keys.promoteDepartmentKey(code);
        return result;
      } catch (e) {
        // Refused or rolled back: unless the log has the staged key in force after all, forget it, so the next
        // start does not resume a rotation that did not happen.
        if ((await this.log.keysInForce()).keyOf(code)?.publicKey !== publicBase64(next)) this.keys.dropPendingKey(code);
        throw e;
      }
    });
    this.rotations = run.catch(() => {});
    return run;
  }

  private async appendRotation(department: Department, next: KeyObject, lostKey: boolean) {
    return this.log.write(async ({ tx, append }) => {
      // The key in force comes from the log, not from the (editable) table.
      const inForce = (await this.log.keysInForce(tx)).keyOf(department.code);
      if (!inForce) throw fail("CONFLICT", `Department ${department.code} has no key registered on the log: nothing to rotate.`);
      if (inForce.publicKey === publicBase64(next)) throw fail("CONFLICT", `Another process has just put this key of ${department.code} in force.`);
      const body: DepartmentKeyBody = {
        action: "rotate",
        department: department.code,
        publicKey: publicBase64(next),
        previousKey: inForce.publicKey,
        signedBy: lostKey ? "authority" : "department",
      };
      const [entry] = await append([
        { kind: DEPARTMENT_KEY_KIND, departmentCode: lostKey ? null : department.code, departmentId: lostKey ? null : department.id, body },
      ]);
      const updated = await tx.department.update({ where: { id: department.id }, data: { publicKeyJwk: publicJwk(next) } });
      return { department: updated, entryIndex: entry!.index };
    });
  }

  /**
   * At start: finish rotations a crash interrupted. A staged key that the log already has in force was
   * committed (promote it); one the log does not know yet is appended now, as the admin asked.
   */
  async resumeKeyRotations(say: (line: string) => void = () => {}): Promise<string[]> {
    const resumed: string[] = [];
    for (const code of this.keys.pendingDepartmentKeys()) {
      const department = await this.db.prisma.department.findUnique({ where: { code } });
      if (!department) {
        this.keys.dropPendingKey(code);
        continue;
      }
      const next = this.keys.stageDepartmentKey(code);
      const inForce = (await this.log.keysInForce()).keyOf(code);
      if (inForce?.publicKey !== publicBase64(next)) {
        // Signed by the department's current key when the key file still holds the key in force, else by the authority.
        const holdsOld = inForce && publicBase64(this.keys.department(code)) === inForce.publicKey;
        await this.appendRotation(department, next, !holdsOld);
      }
      this.keys.promoteDepartmentKey(code);
      resumed.push(code);
      say(`resumed the key rotation of ${code}`);
    }
    return resumed;
  }

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
      policy: this.delegates.policyText,
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
