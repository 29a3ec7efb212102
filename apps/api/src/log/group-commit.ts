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
}

export class GroupCommit<J, R> {
  private queue: { job: J; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private busy = false;
  private scheduled = false;
  readonly stats: GroupCommitStats = { batches: 0, jobs: 0, largest: 0 };
  private readonly maxBatch: number;
  private readonly delayMs: number;

  constructor(
    private readonly commit: (jobs: J[]) => Promise<Outcome<R>[]>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 1000);
    this.delayMs = Math.max(0, options.delayMs ?? 0);
  }

  /** Resolves once the job's batch has committed (or rejects with its own refusal, or the batch's failure). */
  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.busy || this.scheduled || !this.queue.length) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.run();
    };
    if (this.delayMs > 0) setTimeout(go, this.delayMs);
    else setImmediate(go);
  }

  private async run(): Promise<void> {
    if (this.busy || !this.queue.length) return;
    this.busy = true;
    const batch = this.queue.splice(0, this.maxBatch);
    this.stats.batches++;
    this.stats.jobs += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const outcomes = await this.commit(batch.map((b) => b.job));
      for (const [i, b] of batch.entries()) {
        const o = outcomes[i];
        if (!o) b.reject(new Error("group commit: the batch returned no outcome for this request"));
        else if (o.ok) b.resolve(o.value);
        else b.reject(o.error);
      }
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.busy = false;
      this.schedule();
    }
  }
}
