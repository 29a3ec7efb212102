import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import type { Database } from "@vigil/db";
import { today } from "@vigil/calendar";
import { type LogState, logStateOf, SharedLogState } from "./log-state.ts";
import { memoryStores, redisStores, type ReadStores } from "./stores.ts";

/** Answers kept as objects in this process (oldest out first). */
const LIVE_ANSWERS = 128;

export interface ReplicationStatus {
  /** The replica's location (no credentials). */
  where: string;
  replayLsn: string | null;
  /** WAL bytes the primary has written that the replica has not replayed yet. */
  lagBytes: number | null;
  /** Log entries on the primary the replica does not have yet. */
  lagEntries: number;
  /** When the replica last replayed a transaction (null before the first one). */
  lastReplayAt: Date | null;
  replayPaused: boolean;
}

/** Where a dashboard answer came from, and whether it was computed or taken from the shared cache (tests, bench). */
export interface ReadCounts {
  replica: number;
  primary: number;
  cached: number;
}

/**
 * Dashboard reads: computed once per (question, log state) and shared by every instance, taken from the read
 * replica unless the asker's own acknowledged writes are not there yet — then from the primary.
 *
 * Why this is never older than the asker's own write: after a mutation is acknowledged the asker's required log
 * size is raised to the primary's size (before the response leaves, see app.ts). A read uses the replica only if
 * the replica's log is at least that long, else the primary; the answer is keyed by the log state read from the
 * database it is computed on, before it is computed, and databases only move forward — so an answer stored under
 * state S reflects S or later, and a reader only asks for states at or past its requirement.
 */
export class DashboardReads {
  readonly counts: ReadCounts = { replica: 0, primary: 0, cached: 0 };

  /** The log's state on the primary and the replica, one read shared by the requests waiting at once. */
  private readonly primaryState: SharedLogState;
  private readonly replicaState: SharedLogState | null;

  private constructor(
    private readonly db: Database,
    private readonly stores: ReadStores,
  ) {
    this.primaryState = new SharedLogState(db.primary.raw);
    this.replicaState = db.replica ? new SharedLogState(db.replica.raw) : null;
  }

  /**
   * `namespace` separates deployments that share one Redis (the log origin); the database's own identity is added
   * so two databases of one origin (tests, staging) never share users' requirements.
   */
  static async create(db: Database, opts: { redisUrl?: string; namespace: string }): Promise<DashboardReads> {
    let identity = db.where;
    if (db.backend === "postgres") {
      const [row] = await db.primary.raw.query<{ id: string }>(
        `SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || current_database() AS id`,
      );
      identity = row!.id;
    }
    const prefix = `vigil-reads:${opts.namespace}:${identity}`;
    return new DashboardReads(db, opts.redisUrl ? await redisStores(opts.redisUrl, prefix) : memoryStores());
  }

  /** The user's mutation is acknowledged: their later dashboard reads must include at least the primary's log as it is now. */
  async noteWrite(userId: number): Promise<void> {
    const { size } = await this.primaryState.read();
    await this.stores.requireAtLeast(userId, size);
  }

  /**
   * The answer to `question` (a name and its arguments, already authorised by the caller: nothing viewer-specific
   * may be in the answer) for `userId`, from the cache or computed by `compute` on the database chosen.
   */
  async answer<T>(userId: number | null, question: { kind: string; args: unknown }, compute: () => Promise<T>): Promise<T> {
    const need = userId == null ? 0 : await this.stores.required(userId);
    let state: LogState | undefined;
    let onReplica = false;
    if (this.replicaState) {
      state = await this.replicaState.read();
      onReplica = state.size >= need;
    }
    if (!onReplica) state = await this.primaryState.read();
    // today(): a default period ("the latest 120 days", a policy's window) may depend on the date, not only the log.
    const key = createHash("sha256")
      .update(JSON.stringify([question.kind, question.args ?? null, today(), state!.size, state!.head]))
      .digest("base64url");
    const mine = this.live.get(key);
    if (mine !== undefined) {
      this.counts.cached++;
      return mine as T;
    }
    const hit = await this.stores.getAnswer(key);
    if (hit) {
      this.counts.cached++;
      return this.keep(key, deserialize(hit) as T);
    }
    const value = onReplica ? await this.db.onReplica(compute) : await compute();
    if (onReplica) this.counts.replica++;
    else this.counts.primary++;
    // v8 serialisation keeps Date and BigInt (entry indices), which JSON would not.
    await this.stores.putAnswer(key, serialize(value));
    return this.keep(key, value);
  }

  /**
   * This process's copy of recent answers, as objects: a dashboard read of an unchanged log then costs no
   * deserialisation (and no Redis round trip). Shared between requests, so callers only read them (filter, map,
   * spread), never mutate. The key holds the log state, so a stale entry is never asked for, only evicted.
   */
  private readonly live = new Map<string, unknown>();

  private keep<T>(key: string, value: T): T {
    if (this.live.size >= LIVE_ANSWERS) this.live.delete(this.live.keys().next().value!);
    this.live.set(key, value);
    return value;
  }

  /** The replica's replay position and lag behind the primary; null when no replica is configured. */
  async replication(): Promise<ReplicationStatus | null> {
    const replica = this.db.replica;
    if (!replica) return null;
    const [r] = await replica.raw.query<{ lsn: string | null; paused: boolean; at: Date | null }>(
      `SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_wal_replay_paused() AS paused, pg_last_xact_replay_timestamp() AS at`,
    );
    const [p] = await this.db.primary.raw.query<{ lag: number | null }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS lag`, [r!.lsn]);
    const [onReplica, onPrimary] = await Promise.all([logStateOf(replica.raw), logStateOf(this.db.primary.raw)]);
    return {
      where: replica.where,
      replayLsn: r!.lsn,
      lagBytes: p!.lag == null ? null : Math.max(0, p!.lag),
      lagEntries: Math.max(0, onPrimary.size - onReplica.size),
      lastReplayAt: r!.at,
      replayPaused: r!.paused,
    };
  }

  close(): void {
    this.stores.close();
  }
}
