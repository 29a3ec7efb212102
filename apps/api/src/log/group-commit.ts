/**
 * Group commit: requests that arrive while a commit is in flight wait for it and then go together, in arrival
 * order, as one batch (at most `maxBatch`). At low load a request commits alone (after `delayMs`, default: the
 * end of the current tick), so nobody waits for a batch to fill; under load a batch is whatever queued up behind
 * the previous commit, which is what amortises one transaction, one lock and one detection run over many requests.
 *
 * `commit` decides every job of a batch: it returns one outcome per job (a refused job fails alone), or throws,
 * and then every job of the batch fails with that error (a database failure is nobody's success).
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitStats {
  /** Batches committed (or failed as a whole). */
  batches: number;
  /** Jobs that went through them. */
  jobs: number;
  /** The largest batch so far. */
  largest: number;
}

export interface GroupCommitOptions {
  maxBatch?: number;
  delayMs?: number;
  /**
   * Batches allowed in flight at once (default 1). With 2, the next batch begins (its transaction, its reads
   * before the lock) while the previous one commits, so the database never waits for this process between two
   * batches; `commit` gets the turn that keeps them in arrival order (see `Turn`).
   */
  inFlight?: number;
}

/**
 * A batch's place in line: `previous` settles once the batch before it has called `taken()` (it holds the
 * sequencer lock, so a lock asked for now queues behind it) or has ended; call `taken()` once this batch holds it.
 */
export interface Turn {
  previous: Promise<void>;
  taken: () => void;
}

export class GroupCommit<J, R> {
  private queue: { job: J; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;
  /** Settles when the newest batch has taken its turn (or ended): the next batch's `previous`. */
  private lastTurn: Promise<void> = Promise.resolve();
  readonly stats: GroupCommitStats = { batches: 0, jobs: 0, largest: 0 };
  private readonly maxBatch: number;
  private readonly delayMs: number;
  private readonly inFlight: number;

  constructor(
    private readonly commit: (jobs: J[], turn: Turn) => Promise<Outcome<R>[]>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 1000);
    this.delayMs = Math.max(0, options.delayMs ?? 0);
    this.inFlight = Math.max(1, options.inFlight ?? 1);
  }

  /** Resolves once the job's batch has committed (or rejects with its own refusal, or the batch's failure). */
  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running >= this.inFlight || this.scheduled || !this.queue.length) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.run();
    };
    if (this.delayMs > 0) setTimeout(go, this.delayMs);
    else setImmediate(go);
  }

  private async run(): Promise<void> {
    if (this.running >= this.inFlight || !this.queue.length) return;
    this.running++;
    const batch = this.queue.splice(0, this.maxBatch);
    this.stats.batches++;
    this.stats.jobs += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    let taken!: () => void;
    const mine = new Promise<void>((resolve) => {
      taken = resolve;
    });
    const turn: Turn = { previous: this.lastTurn, taken };
    this.lastTurn = mine;
    // The next batch may start once this one holds the lock (if the limit allows): it then gathers what arrived
    // meanwhile, and its own lock request waits at the database, not here.
    void mine.then(() => this.schedule());
    try {
      const outcomes = await this.commit(
        batch.map((b) => b.job),
        turn,
      );
      for (const [i, b] of batch.entries()) {
        const o = outcomes[i];
        if (!o) b.reject(new Error("group commit: the batch returned no outcome for this request"));
        else if (o.ok) b.resolve(o.value);
        else b.reject(o.error);
      }
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      taken();
      this.running--;
      this.schedule();
    }
  }
}
