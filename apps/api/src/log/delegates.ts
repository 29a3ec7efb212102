import {
  type Finality,
  type NoteVerifier,
  type Policy,
  type PolicyWitness,
  assessFinality,
  bytesEqual,
  meetsQuorum,
  checkPolicy,
  checkSignedNote,
  encodeAddCheckpointRequest,
  encodeVerifierKey,
  policySchedule,
} from "@vigil/log";
import type * as Db from "@vigil/db";
import type { Database } from "@vigil/db";
import type { LogStore, PublishedCheckpoint } from "./store.ts";

/**
 * Finality: after each checkpoint the log sends it to every delegate (a C2SP tlog-witness) in parallel,
 * stores every cosignature that verifies, and calls the checkpoint *final* once the cosignatures meet the
 * delegate policy (tlog-policy: `group delegates q …`, and a mirror when the policy has mirrors).
 *
 * Per delegate one request is in flight at a time and only the newest checkpoint waits behind it: a
 * delegate that was down catches up with one request, not one per missed checkpoint (the consistency
 * proof from what it last cosigned covers the gap). Its `old` is what it last cosigned; a 409 carries the
 * size it really holds (another API process may have moved it), which becomes `old` for a retry.
 *
 * Elections change the set: each election result on the log opens an *era* (its policy and lanes). Under the
 * schedule rule (`policySchedule`) an era governs from the first checkpoint after its *switch checkpoint*, the
 * first checkpoint that contains the result entry and is final under the era before; every checkpoint is
 * sent to, and judged by, the delegates of the era in force at its size. The switch is not stored: it is
 * recomputed from the log and the stored cosignatures at start, as anyone checking offline would.
 *
 * Nothing here decides finality by itself: `assessFinality` (@vigil/log) re-evaluates the policy over the
 * stored lines, so a row edited in the database cannot make a checkpoint final without valid signatures.
 */

export interface DelegatePolicy {
  readonly text: string;
  readonly policy: Policy;
}

/** The policy file, checked against the log: its `log` lines (if any) must include this log's key. */
export function readDelegatePolicy(text: string, logVerifier: NoteVerifier): DelegatePolicy {
  const r = checkPolicy(text);
  if (!r.ok) throw new Error(`VIGIL_WITNESS_POLICY: ${r.error.message}`);
  const { policy } = r;
  if (policy.logs.length && !policy.logs.some((l) => l.verifier.name === logVerifier.name && bytesEqual(l.verifier.publicKey, logVerifier.publicKey))) {
    throw new Error(`VIGIL_WITNESS_POLICY lists logs, but not this one (${encodeVerifierKey(logVerifier.name, logVerifier.publicKey)})`);
  }
  return { text, policy };
}

export interface DelegateStatus {
  name: string;
  vkey: string;
  url: string | null;
  lastSize: number | null;
  lastCosignedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/** What finality adds to a stored checkpoint. */
export interface CheckpointFinality {
  /** The log's signed note followed by every stored cosignature line. */
  cosignedNote: string;
  /** Cosignatures that verify under the policy, by witness name, with the cosigner's timestamp (POSIX seconds). */
  cosignatures: { witness: string; timestamp: number; receivedAt: Date }[];
  finality: Finality;
}

export interface DelegateOptions {
  /** Per request; a delegate slower than this counts as failed for that checkpoint. */
  timeoutMs?: number;
  /** How often delegates behind the latest checkpoint are offered it again (a delegate back from an outage catches up). */
  retryMs?: number;
  log?: (line: string) => void;
}

interface Lane {
  readonly era: Era;
  readonly witness: PolicyWitness;
  readonly vkey: string;
  /** The size this delegate last cosigned, as far as we know (null: ask it; a 409 tells). */
  old: number | null;
  running: boolean;
  next: PublishedCheckpoint | null;
  /** The largest checkpoint size this delegate has been asked about (answered or failed). */
  settled: number;
  failing: boolean;
  restored: Promise<void> | null;
}

/** A delegate policy and the lanes to its delegates: the initial one (from the config), or one per election result. */
interface Era {
  readonly config: DelegatePolicy;
  /** The election-result entry that set it (-1 for the configured policy). */
  readonly resultIndex: number;
  readonly epoch: number | null;
  /** It governs checkpoints larger than this (0 for the configured policy); null while pending (or if superseded). */
  switchSize: number | null;
  /** A later result took effect at the same switch checkpoint, so this one never governed. */
  superseded: boolean;
  lanes: Lane[];
}

/** Where an election stands in the schedule, for the API. */
export interface EraStatus {
  readonly resultIndex: number;
  readonly epoch: number | null;
  readonly policy: string;
  readonly switchSize: number | null;
  readonly superseded: boolean;
}

export class Delegates {
  private readonly eras: Era[] = [];
  /** The era new checkpoints go to: the latest whose switch is fixed. */
  private current = 0;
  private advancing: Promise<void> = Promise.resolve();
  private readonly waiters = new Set<{ size: number; resolve: (f: Finality) => void }>();
  /**
   * Per recent checkpoint, the delegates whose cosignature this process verified on arrival: enough to know
   * when the quorum is met without re-verifying every line at every arrival (reads still re-evaluate all lines).
   */
  private readonly arrived = new Map<number, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    readonly config: DelegatePolicy | null,
    private readonly logVerifier: NoteVerifier,
    private readonly options: DelegateOptions = {},
  ) {
    if (config) this.eras.push(this.era(config, -1, null, 0));
  }

  private era(config: DelegatePolicy, resultIndex: number, epoch: number | null, switchSize: number | null): Era {
    const era: Era = { config, resultIndex, epoch, switchSize, superseded: false, lanes: [] };
    era.lanes = config.policy.witnesses.map((witness) => ({
      era,
      witness,
      vkey: encodeVerifierKey(witness.verifier.name, witness.verifier.publicKey, witness.verifier.type),
      old: null,
      running: false,
      next: null,
      settled: 0,
      failing: false,
      restored: null,
    }));
    return era;
  }

  /** The delegates checkpoints go to now (the era in force). */
  private get lanes(): Lane[] {
    return this.eras[this.current]?.lanes ?? [];
  }

  /** Whether there is anyone to send checkpoints to (a policy with delegates, and not closed). */
  get enabled(): boolean {
    return this.lanes.length > 0 && !this.closed;
  }

  /** The policy in force now (for new checkpoints). */
  get policy(): Policy | null {
    return this.eras[this.current]?.config.policy ?? null;
  }

  /** The policy text in force now. */
  get policyText(): string | null {
    return this.eras[this.current]?.config.text ?? null;
  }

  /** Every policy any era has (for query-cost bounds: the most witnesses and groups one may list). */
  get policies(): Policy[] {
    return this.eras.map((e) => e.config.policy);
  }

  /** The era that judges a checkpoint of `size`: the latest whose switch checkpoint is below it. */
  private eraAt(size: number): Era | undefined {
    let found: Era | undefined;
    for (const e of this.eras) if (!e.superseded && e.switchSize !== null && size > e.switchSize) found = e;
    return found;
  }

  /** The policy that judges a checkpoint of `size` (null without any policy). */
  policyAt(size: number): Policy | null {
    return this.eraAt(size)?.config.policy ?? null;
  }

  /** The configured policy and every election result, with where each switched (or null while pending). */
  schedule(): EraStatus[] {
    return this.eras.map((e) => ({ resultIndex: e.resultIndex, epoch: e.epoch, policy: e.config.text, switchSize: e.switchSize, superseded: e.superseded }));
  }

  /**
   * An election result on the log (in log order): its policy is pending until its switch checkpoint is final
   * under the policy in force. Without a configured policy there is nothing to switch from: never in force
   * (no old set could cosign the switch), so this refuses.
   */
  async addResult(resultIndex: number, epoch: number, config: DelegatePolicy): Promise<void> {
    if (!this.eras.length) throw new Error("no delegate policy is configured: an election result has no set to take over from");
    if (this.eras.some((e) => e.resultIndex === resultIndex)) return;
    this.eras.push(this.era(config, resultIndex, epoch, null));
    await this.advance();
  }

  /**
   * Fix the switches that are due: run the schedule rule from the era in force over the stored checkpoints
   * that contain a pending result. Serialised, so two arrivals cannot fix two different switches.
   */
  advance(): Promise<void> {
    const run = this.advancing.then(async () => {
      const base = this.current;
      const pending = this.eras.slice(base + 1);
      if (!pending.length) return;
      const from = Math.max(this.eras[base]!.switchSize ?? 0, pending[0]!.resultIndex);
      const rows = await this.db.prisma.checkpoint.findMany({ where: { size: { gt: BigInt(from) } }, orderBy: { size: "asc" } });
      if (!rows.length) return;
      const lines = await this.db.prisma.checkpointCosignature.findMany({ where: { checkpointSize: { gt: BigInt(from) } }, orderBy: { witness: "asc" } });
      const checkpoints = rows.map((r) => ({
        size: Number(r.size),
        note:
          r.note +
          lines
            .filter((l) => l.checkpointSize === r.size)
            .map((l) => l.line)
            .join(""),
      }));
      const out = policySchedule(
        this.eras[base]!.config.policy,
        pending.map((e) => ({ resultIndex: e.resultIndex, policy: e.config.policy })),
        checkpoints,
        [this.logVerifier],
      );
      let switched = false;
      for (const row of out) {
        if (row.switchTo === undefined) continue;
        const to = base + row.switchTo;
        // Results the same switch checkpoint overtook never governed anything.
        for (let i = this.current + 1; i < to; i++) this.eras[i]!.superseded = true;
        this.eras[to]!.switchSize = row.size;
        this.current = to;
        switched = true;
        this.options.log?.(`delegates: election result at entry ${this.eras[to]!.resultIndex} in force after checkpoint ${row.size}`);
      }
      // The new set gets the latest checkpoint at once (it governs everything after the switch).
      if (switched && this.timer) await this.offerLatest();
    });
    this.advancing = run.catch((e) => this.options.log?.(`delegates: schedule: ${e instanceof Error ? e.message : String(e)}`));
    return run;
  }

  /** Offer the latest checkpoint to every delegate that lacks it, now and every `retryMs` (a delegate back from an outage catches up). */
  start(): Promise<void> {
    this.ready ??= (async () => {
      for (const lane of this.lanes) await this.restored(lane);
      await this.advance();
      if (!this.eras.length) return;
      await this.offerLatest();
      this.timer = setInterval(() => void this.offerLatest().catch(() => {}), this.options.retryMs ?? 5_000);
      this.timer.unref();
    })();
    return this.ready;
  }

  /** What a delegate last cosigned, from its row (created, or reset when the policy gave the name another key or URL). Once per lane. */
  private restored(lane: Lane): Promise<void> {
    lane.restored ??= (async () => {
      const row = await this.db.prisma.delegateState.findUnique({ where: { witness: lane.witness.name } });
      if (row && row.vkey === lane.vkey && row.url === (lane.witness.url ?? "")) lane.old = row.lastSize == null ? null : Number(row.lastSize);
      else
        await this.db.prisma.delegateState.upsert({
          where: { witness: lane.witness.name },
          create: { witness: lane.witness.name, vkey: lane.vkey, url: lane.witness.url ?? "" },
          update: { vkey: lane.vkey, url: lane.witness.url ?? "", lastSize: null, lastCosignedAt: null, lastError: null, lastErrorAt: null },
        });
    })();
    return lane.restored;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const w of this.waiters) w.resolve(this.notYet(w.size));
    this.waiters.clear();
  }

  private notYet(size: number): Finality {
    return {
      final: false,
      witnessed: [],
      missing: this.lanes.map((l) => l.witness.name),
      invalid: [],
      short: [],
      timestamps: {},
      reason: `checkpoint ${size}: still waiting`,
    };
  }

  /** The latest checkpoint to every delegate that has not cosigned it. */
  private async offerLatest(): Promise<void> {
    const cp = await this.log.checkpoint();
    if (!cp) return;
    const published = { size: Number(cp.size), note: cp.note };
    const have = new Set(
      (await this.db.prisma.checkpointCosignature.findMany({ where: { checkpointSize: cp.size }, select: { witness: true } })).map((c) => c.witness),
    );
    for (const lane of this.eraAt(published.size)?.lanes ?? []) if (!have.has(lane.witness.name)) this.enqueue(lane, published);
  }

  /**
   * Send `cp` to every delegate. Resolves as soon as it is final (the quorum answered), or once every
   * delegate has answered or failed; the remaining delegates' cosignatures are still collected and stored.
   */
  submit(cp: PublishedCheckpoint): Promise<Finality> {
    if (this.closed) return Promise.resolve(this.notYet(cp.size));
    const lanes = this.eraAt(cp.size)?.lanes ?? [];
    if (!lanes.length) return this.finality(cp.size);
    const done = new Promise<Finality>((resolve) => this.waiters.add({ size: cp.size, resolve }));
    for (const lane of lanes) this.enqueue(lane, cp);
    // Every delegate may have had it already (then no exchange will wake the waiter).
    void this.wake(cp.size).catch(() => {});
    return done;
  }

  private enqueue(lane: Lane, cp: PublishedCheckpoint): void {
    if (this.closed || !lane.witness.url) {
      lane.settled = Math.max(lane.settled, cp.size);
      return;
    }
    // Already cosigned (by this process's exchange, or another's it resynced to): nothing to ask.
    if (lane.old !== null && lane.old >= cp.size) {
      lane.settled = Math.max(lane.settled, cp.size);
      return;
    }
    if (!lane.next || lane.next.size < cp.size) lane.next = cp;
    if (!lane.running) this.pump(lane).catch((e) => this.options.log?.(`delegate ${lane.witness.name}: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async pump(lane: Lane): Promise<void> {
    lane.running = true;
    try {
      await this.restored(lane);
      while (lane.next && !this.closed) {
        const cp = lane.next;
        lane.next = null;
        // Logged on a change only (failing ↔ cosigning): a delegate down for an hour is one line, not one per checkpoint.
        const ok = await this.send(lane, cp).then(
          () => true,
          (e) => {
            if (!lane.failing) this.options.log?.(`delegate ${lane.witness.name} failing: ${e instanceof Error ? e.message : String(e)}`);
            return false;
          },
        );
        if (ok && lane.failing) this.options.log?.(`delegate ${lane.witness.name} cosigns again (checkpoint ${cp.size})`);
        lane.failing = !ok;
        lane.settled = Math.max(lane.settled, cp.size);
        await this.wake(cp.size);
      }
    } finally {
      lane.running = false;
    }
  }

  /** Resolve the waiters whose checkpoint met the quorum now, or that every delegate has settled, with its full evaluation. */
  private async wake(size: number): Promise<void> {
    for (const w of [...this.waiters]) {
      if (w.size > size) continue;
      const era = this.eraAt(w.size);
      if (meetsQuorum(era?.config.policy ?? null, [...(this.arrived.get(w.size) ?? [])]) || (era?.lanes ?? []).every((l) => l.settled >= w.size)) {
        this.waiters.delete(w);
        w.resolve(await this.finality(w.size));
      }
    }
  }

  private markArrived(size: number, witness: string): Set<string> {
    let set = this.arrived.get(size);
    if (!set) {
      this.arrived.set(size, (set = new Set()));
      // Only recent checkpoints matter here; Map keeps insertion order, so the first key is the oldest.
      if (this.arrived.size > 64) this.arrived.delete(this.arrived.keys().next().value!);
    }
    set.add(witness);
    return set;
  }

  /** One add-checkpoint exchange (with at most two resyncs on 409); records the cosignature or the error. */
  private async send(lane: Lane, cp: PublishedCheckpoint): Promise<void> {
    const name = lane.witness.name;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        // Unknown (first contact, or its row was reset): 0, and a delegate that holds more answers 409 with its size.
        const old = lane.old ?? 0;
        if (old > cp.size) {
          // It cosigned a larger tree than this one: offer our latest instead, or report a size we never signed.
          const latest = await this.log.checkpoint();
          if (latest && Number(latest.size) >= old) {
            if (Number(latest.size) > cp.size)
              lane.next = lane.next && lane.next.size > Number(latest.size) ? lane.next : { size: Number(latest.size), note: latest.note };
            return;
          }
          throw new Error(`it has cosigned size ${old}, beyond the log's latest checkpoint ${latest?.size ?? 0}: it saw a tree this log never published`);
        }
        const proof = old > 0 && old < cp.size ? await this.log.consistencyProof(old, cp.size) : [];
        const body = encodeAddCheckpointRequest({ oldSize: old, proof, note: cp.note });
        const res = await fetch(new URL("add-checkpoint", lane.witness.url!.endsWith("/") ? lane.witness.url : `${lane.witness.url}/`), {
          method: "POST",
          body,
          headers: { "content-type": "text/plain; charset=utf-8" },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
        });
        const text = await res.text();
        if (res.status === 409) {
          const size = /^(0|[1-9][0-9]*)\n?$/.exec(text);
          if (!size) throw new Error(`409 without a size body (${JSON.stringify(text.slice(0, 80))})`);
          lane.old = Number(size[1]);
          continue;
        }
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.split("\n")[0]!.slice(0, 200)}`);
        const line = this.verifiedLine(lane, cp.note, text);
        if (!line) throw new Error("its answer holds no cosignature that verifies with its key");
        if (this.wouldMoveSwitch(lane, cp.size)) {
          // A late answer for a checkpoint before a switch that is already fixed: storing it could make that
          // earlier checkpoint final under the old set, which would move the switch when recomputed.
          lane.old = cp.size;
          return;
        }
        await this.db.prisma.$transaction([
          this.db.prisma.checkpointCosignature.upsert({
            where: { checkpointSize_witness: { checkpointSize: BigInt(cp.size), witness: name } },
            create: { checkpointSize: BigInt(cp.size), witness: name, line: line.line, timestamp: BigInt(line.timestamp) },
            update: { line: line.line, timestamp: BigInt(line.timestamp) },
          }),
          this.db.prisma.delegateState.update({
            where: { witness: name },
            data: { lastSize: BigInt(cp.size), lastCosignedAt: new Date(), lastError: null, lastErrorAt: null },
          }),
        ]);
        lane.old = cp.size;
        if (meetsQuorum(lane.era.config.policy, [...this.markArrived(cp.size, name)]) && this.eraAt(cp.size) === lane.era) {
          await this.db.prisma.checkpoint.updateMany({ where: { size: BigInt(cp.size), finalAt: null }, data: { finalAt: new Date() } });
          // Final under the era in force: the switch checkpoint of a pending election result, perhaps.
          if (this.eras.length > this.current + 1) await this.advance();
        }
        return;
      }
      throw new Error("its size kept changing (409 three times)");
    } catch (e) {
      const message = e instanceof Error ? (e.name === "TimeoutError" ? `no answer within ${this.options.timeoutMs ?? 5_000} ms` : causeOf(e)) : String(e);
      if (!this.closed) {
        await this.db.prisma.delegateState
          .update({ where: { witness: name }, data: { lastError: `checkpoint ${cp.size}: ${message}`, lastErrorAt: new Date() } })
          .catch(() => {});
      }
      throw new Error(`checkpoint ${cp.size}: ${message}`);
    }
  }

  /** Whether a cosignature by `lane` on checkpoint `size` lands between a later era's result entry and its fixed switch. */
  private wouldMoveSwitch(lane: Lane, size: number): boolean {
    return this.eras.some((e) => e !== lane.era && e.switchSize !== null && e.resultIndex >= 0 && e.resultIndex < size && size < e.switchSize);
  }

  /** The line of the answer that is this delegate's valid cosignature on `note`'s checkpoint. */
  private verifiedLine(lane: Lane, note: string, answer: string): { line: string; timestamp: number } | null {
    for (const line of answer.split("\n").filter((l) => l.startsWith("\u2014 "))) {
      const r = checkSignedNote(`${note}${line}\n`, [lane.witness.verifier]);
      const sig = r.ok ? r.note.verified[0] : undefined;
      if (sig?.timestamp !== undefined) return { line: `${line}\n`, timestamp: sig.timestamp };
    }
    return null;
  }

  /** The log's note with every stored cosignature line: what anyone checks the policy against. */
  async cosignedNote(size: number, note?: string): Promise<string> {
    const base = note ?? (await this.log.checkpoint(size))?.note;
    if (base === undefined) throw new Error(`no checkpoint of size ${size}`);
    const lines = await this.db.prisma.checkpointCosignature.findMany({ where: { checkpointSize: BigInt(size) }, orderBy: { witness: "asc" } });
    return base + lines.map((l) => l.line).join("");
  }

  async finality(size: number, note?: string): Promise<Finality> {
    return assessFinality(this.policyAt(size), await this.cosignedNote(size, note), [this.logVerifier]);
  }

  /**
   * Checkpoints as users see them: the cosigned note, the cosignatures that verify under the policy, and
   * the finality re-evaluated from the lines (one query for the whole page).
   */
  async views<T extends Db.Checkpoint>(cps: readonly T[]): Promise<(T & CheckpointFinality)[]> {
    const rows = cps.length
      ? await this.db.prisma.checkpointCosignature.findMany({ where: { checkpointSize: { in: cps.map((c) => c.size) } }, orderBy: { witness: "asc" } })
      : [];
    return cps.map((cp) => {
      const mine = rows.filter((r) => r.checkpointSize === cp.size);
      const cosignedNote = cp.note + mine.map((r) => r.line).join("");
      const finality = assessFinality(this.policyAt(Number(cp.size)), cosignedNote, [this.logVerifier]);
      const cosignatures = mine
        .filter((r) => finality.witnessed.includes(r.witness))
        .map((r) => ({ witness: r.witness, timestamp: Number(r.timestamp), receivedAt: r.receivedAt }));
      return { ...cp, cosignedNote, cosignatures, finality };
    });
  }

  async status(): Promise<DelegateStatus[]> {
    const rows = new Map((await this.db.prisma.delegateState.findMany()).map((r) => [r.witness, r]));
    return this.lanes.map((lane) => {
      const r = rows.get(lane.witness.name);
      return {
        name: lane.witness.name,
        vkey: lane.vkey,
        url: lane.witness.url ?? null,
        lastSize: r?.lastSize == null ? null : Number(r.lastSize),
        lastCosignedAt: r?.lastCosignedAt ?? null,
        lastError: r?.lastError ?? null,
        lastErrorAt: r?.lastErrorAt ?? null,
      };
    });
  }
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED, …) in `cause`. */
function causeOf(e: Error): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `unreachable (${cause.code ?? cause.message ?? "no reason given"})` : e.message;
}
