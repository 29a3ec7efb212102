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
  readonly witness: PolicyWitness;
  readonly vkey: string;
  /** The size this delegate last cosigned, as far as we know (null: ask it; a 409 tells). */
  old: number | null;
  running: boolean;
  next: PublishedCheckpoint | null;
  /** The largest checkpoint size this delegate has been asked about (answered or failed). */
  settled: number;
  failing: boolean;
}

export class Delegates {
  private readonly lanes: Lane[];
  private readonly waiters = new Set<{ size: number; resolve: (f: Finality) => void }>();
  /**
   * Per recent checkpoint, the delegates whose cosignature this process verified on arrival: enough to know
   * when the quorum is met without re-verifying every line at every arrival (reads still re-evaluate all lines).
   */
  private readonly arrived = new Map<number, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private ready: Promise<void> | undefined;
  private rows: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    readonly config: DelegatePolicy | null,
    private readonly logVerifier: NoteVerifier,
    private readonly options: DelegateOptions = {},
  ) {
    this.lanes = (config?.policy.witnesses ?? []).map((witness) => ({
      witness,
      vkey: encodeVerifierKey(witness.verifier.name, witness.verifier.publicKey, witness.verifier.type),
      old: null,
      running: false,
      next: null,
      settled: 0,
      failing: false,
    }));
  }

  /** Whether there is anyone to send checkpoints to (a policy with delegates, and not closed). */
  get enabled(): boolean {
    return this.lanes.length > 0 && !this.closed;
  }

  get policy(): Policy | null {
    return this.config?.policy ?? null;
  }

  /** Offer the latest checkpoint to every delegate that lacks it, now and every `retryMs` (a delegate back from an outage catches up). */
  start(): Promise<void> {
    this.ready ??= (async () => {
      await this.loaded();
      if (!this.lanes.length) return;
      await this.offerLatest();
      this.timer = setInterval(() => void this.offerLatest().catch(() => {}), this.options.retryMs ?? 5_000);
      this.timer.unref();
    })();
    return this.ready;
  }

  /** What each delegate last cosigned, from its row (created, or reset when the policy gave the name another key or URL). */
  private loaded(): Promise<void> {
    this.rows ??= (async () => {
      const rows = await this.db.prisma.delegateState.findMany();
      for (const lane of this.lanes) {
        const row = rows.find((r) => r.witness === lane.witness.name);
        if (row && row.vkey === lane.vkey && row.url === (lane.witness.url ?? "")) lane.old = row.lastSize == null ? null : Number(row.lastSize);
        else
          await this.db.prisma.delegateState.upsert({
            where: { witness: lane.witness.name },
            create: { witness: lane.witness.name, vkey: lane.vkey, url: lane.witness.url ?? "" },
            update: { vkey: lane.vkey, url: lane.witness.url ?? "", lastSize: null, lastCosignedAt: null, lastError: null, lastErrorAt: null },
          });
      }
    })();
    return this.rows;
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
    for (const lane of this.lanes) if (!have.has(lane.witness.name)) this.enqueue(lane, published);
  }

  /**
   * Send `cp` to every delegate. Resolves as soon as it is final (the quorum answered), or once every
   * delegate has answered or failed; the remaining delegates' cosignatures are still collected and stored.
   */
  submit(cp: PublishedCheckpoint): Promise<Finality> {
    if (this.closed) return Promise.resolve(this.notYet(cp.size));
    if (!this.lanes.length) return this.finality(cp.size);
    const done = new Promise<Finality>((resolve) => this.waiters.add({ size: cp.size, resolve }));
    for (const lane of this.lanes) this.enqueue(lane, cp);
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
      await this.loaded();
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
      if (meetsQuorum(this.policy, [...(this.arrived.get(w.size) ?? [])]) || this.lanes.every((l) => l.settled >= w.size)) {
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
        if (meetsQuorum(this.policy, [...this.markArrived(cp.size, name)])) {
          await this.db.prisma.checkpoint.updateMany({ where: { size: BigInt(cp.size), finalAt: null }, data: { finalAt: new Date() } });
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
    return assessFinality(this.policy, await this.cosignedNote(size, note), [this.logVerifier]);
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
      const finality = assessFinality(this.policy, cosignedNote, [this.logVerifier]);
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
