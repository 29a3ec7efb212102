import {
  type NoteVerifier,
  type VerifiedAddCheckpoint,
  type WitnessRejection,
  checkAgainstLatest,
  parseAddCheckpointRequest,
  signCosignature,
  verifyAddCheckpoint,
  witnessedNote,
} from "@vigil/log";
import type { StoredHead, WitnessStore } from "./store.ts";

export type AddResult = { readonly ok: true; readonly cosignatures: string } | { readonly ok: false; readonly error: WitnessRejection };

export interface WitnessService {
  add(body: Uint8Array): Promise<AddResult>;
  /** The served note for an origin hash (lowercase hex SHA-256 of the origin), or null. */
  checkpoint(originHash: string): Promise<string | null>;
}

/**
 * add-checkpoint: the pure decision (@vigil/log checkAddCheckpoint) over the stored head, then the
 * cosignature, then the compare-and-swap, then the answer. Requests for one origin queue behind each
 * other in this process, so the common case never loses a swap; the swap itself is what makes two
 * processes on one database safe, and a lost swap re-decides against the new head (normally a 409).
 */
export function witnessService(options: {
  readonly store: WitnessStore;
  readonly logs: ReadonlyMap<string, readonly NoteVerifier[]>;
  readonly signer: { readonly name: string; readonly privateKey: Uint8Array };
  readonly originHashes: ReadonlyMap<string, string>;
  readonly now?: () => number;
}): WitnessService {
  const { store, logs, signer, originHashes } = options;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const queues = new Map<string, Promise<unknown>>();
  // The head this process last read or wrote per origin: saves a read per request. Only a hint: the
  // compare-and-swap is the truth, and a lost swap (another process wrote) drops it and re-reads.
  const heads = new Map<string, StoredHead | null>();

  function serialised<T>(origin: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(origin) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => {});
    queues.set(origin, settled);
    settled.then(() => {
      if (queues.get(origin) === settled) queues.delete(origin);
    });
    return run;
  }

  async function attempt(verified: VerifiedAddCheckpoint, origin: string, fresh: boolean): Promise<AddResult | "lost"> {
    if (fresh) heads.delete(origin);
    const cached = heads.has(origin);
    const head: StoredHead | null = cached ? (heads.get(origin) as StoredHead | null) : await store.latest(origin);
    heads.set(origin, head);
    const r = checkAgainstLatest(verified, head);
    // A refusal is only final against the stored head: one decided on the cached head is retried after a read.
    if (!r.ok) return cached ? "lost" : r;
    const cosignatures = signCosignature(r.accepted.body, signer, now());
    const next = { size: r.accepted.checkpoint.size, root: r.accepted.checkpoint.root, note: witnessedNote(r.accepted, cosignatures) };
    if (!(await store.swap(origin, head, next))) return "lost";
    heads.set(origin, next);
    return { ok: true, cosignatures };
  }

  return {
    async add(body) {
      const parsed = parseAddCheckpointRequest(body);
      if (!parsed.ok) return parsed;
      // The signature is checked once, before queueing: a request for an unknown origin or with a bad
      // signature is refused without touching the database or waiting behind an origin's requests.
      const v = verifyAddCheckpoint(parsed.request, (o) => logs.get(o));
      if (!v.ok) return v;
      const { origin } = v.verified.accepted.checkpoint;
      return serialised(origin, async () => {
        for (let i = 0; i < 5; i++) {
          // The first try may use the cached head; every retry reads the database.
          const r = await attempt(v.verified, origin, i > 0);
          if (r !== "lost") return r;
        }
        throw new Error(`add-checkpoint for ${origin}: the stored checkpoint kept changing`);
      });
    },
    async checkpoint(originHash) {
      const origin = originHashes.get(originHash);
      if (origin === undefined) return null;
      return (await store.latest(origin))?.note ?? null;
    },
  };
}
