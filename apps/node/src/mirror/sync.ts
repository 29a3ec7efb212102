import { createHash } from "node:crypto";
import {
  type Checkpoint,
  CompactRange,
  type NoteVerifier,
  TILE_WIDTH,
  bytesEqual,
  checkCheckpoint,
  checkTiles,
  consistencyProof,
  forkEvidence,
  hashLeaf,
  newTiles,
  parseEntryBundle,
  rootFromLeafHashes,
  tilePath,
  tileWidth,
  toHex,
} from "@vigil/log";
import type { MirrorState, MirrorStore } from "./store.ts";

/** What one sync round did. */
export type SyncOutcome =
  | { readonly kind: "synced"; readonly size: number; readonly fetched: number; readonly root: string }
  | { readonly kind: "up-to-date"; readonly size: number }
  /** The log served an older checkpoint than one already verified, and it is a prefix of the copy: a stale cache, not a fork. */
  | { readonly kind: "stale"; readonly size: number; readonly served: number }
  | { readonly kind: "fork"; readonly file: string; readonly message: string }
  | { readonly kind: "failed"; readonly message: string };

export interface SyncOptions {
  readonly log: string;
  readonly verifier: NoteVerifier;
  readonly store: MirrorStore;
  readonly token?: string;
  readonly name: string;
  /** Bundles per second at most; 0: no limit. */
  readonly rate?: number;
  /** Bundles fetched ahead while the previous ones are hashed. */
  readonly window?: number;
  /** New entries copied in this round, of how many. */
  readonly progress?: (done: number, total: number) => void;
  readonly fetch?: typeof fetch;
}

class LogFault extends Error {}

/** Persist the running copy every so many bundles or seconds: a kill -9 loses at most that much work. */
const SAVE_EVERY = 64;
const SAVE_EVERY_MS = 1000;

/**
 * One round: fetch the log's checkpoint, check its signature against the pinned key, copy the entries it added
 * and check that the copy reproduces its root. Growing the copy from its own frontier is the consistency check:
 * the copy's first `verified.size` entries are fixed, so a log that rewrote them cannot produce the new root.
 * A signed checkpoint that contradicts the copy becomes fork evidence (see @vigil/log fork-evidence) on disk.
 */
export async function syncOnce(o: SyncOptions): Promise<SyncOutcome> {
  const get = o.fetch ?? fetch;
  const headers: Record<string, string> = o.token ? { authorization: `Bearer ${o.token}` } : {};
  let state: MirrorState = o.store.state() ?? { origin: o.verifier.name, synced: { size: 0, frontier: [] }, verified: null };
  try {
    const res = await get(`${o.log}/checkpoint`, { headers });
    if (!res.ok) throw new LogFault(`GET /checkpoint answered ${res.status}`);
    const note = await res.text();
    const checked = checkCheckpoint(note, o.verifier);
    if (!checked.ok) throw new LogFault(`the log's checkpoint is refused: ${checked.error.message}`);
    const cp = checked.checkpoint;
    const verified = state.verified;
    if (verified) {
      const mine = checkCheckpoint(verified.note, o.verifier);
      if (!mine.ok) throw new Error(`the stored checkpoint no longer verifies: ${mine.error.message}`);
      if (cp.size === verified.size) {
        if (bytesEqual(cp.root, mine.checkpoint.root)) return { kind: "up-to-date", size: cp.size };
        return fork(o, [verified.note, note], [mine.checkpoint, cp], `the log signed two roots for size ${cp.size}`);
      }
      if (cp.size < verified.size) {
        const leaves = leafHashes(o.store, verified.size);
        if (bytesEqual(rootFromLeafHashes(leaves.slice(0, cp.size)), cp.root)) return { kind: "stale", size: verified.size, served: cp.size };
        return fork(
          o,
          [note, verified.note],
          [cp, mine.checkpoint],
          `the log's tree of size ${cp.size} is not a prefix of the verified copy of size ${verified.size}`,
          leaves,
        );
      }
    }
    // Resume where the last round (or a killed process) stopped, unless that ran past this checkpoint.
    if (state.synced.size > cp.size) state = { ...state, synced: verified ?? { size: 0, frontier: [] } };
    const range = CompactRange.restore(state.synced.size, state.synced.frontier);
    const from = range.size;
    const first = Math.floor(from / TILE_WIDTH);
    const last = Math.ceil(cp.size / TILE_WIDTH); // exclusive
    const window = Math.max(1, o.window ?? 4);
    const started = Date.now();
    let saved = { at: started, index: first };
    const pending = new Map<number, Promise<Uint8Array>>();
    const request = (index: number) => {
      if (index >= last || pending.has(index)) return;
      pending.set(index, fetchBundle(get, o.log, headers, index, tileWidth(cp.size, 0, index)));
    };
    for (let index = first; index < last; index++) {
      for (let k = index; k < index + window; k++) request(k);
      if (o.rate) {
        const due = started + ((index - first) * 1000) / o.rate;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const bytes = await pending.get(index)!;
      pending.delete(index);
      const width = tileWidth(cp.size, 0, index);
      const parsed = parseEntryBundle(bytes, width);
      if (!parsed.ok) throw new LogFault(`bundle ${index}: ${parsed.error.message}`);
      const skip = range.size - index * TILE_WIDTH; // entries of this bundle the copy already holds
      if (skip > 0) {
        const had = o.store.bundle(index);
        const old = had && parseEntryBundle(had);
        if (!old || !old.ok || old.entries.length < skip) throw new Error(`the copy lost bundle ${index}: re-sync into an empty directory`);
        for (let i = 0; i < skip; i++) {
          if (bytesEqual(old.entries[i], parsed.entries[i])) continue;
          const found = verified && (await rewriteEvidence(o, get, state, verified, note, cp));
          if (found) return found;
          throw new LogFault(`the log now serves a different entry ${index * TILE_WIDTH + i} than the copy holds`);
        }
      }
      o.store.saveBundle(index, bytes);
      range.append(parsed.entries.slice(skip).map(hashLeaf));
      if (index + 1 < last && (index + 1 - saved.index >= SAVE_EVERY || Date.now() - saved.at >= SAVE_EVERY_MS)) {
        state = { ...state, synced: { size: range.size, frontier: range.frontier() } };
        o.store.saveState(state);
        saved = { at: Date.now(), index: index + 1 };
      }
      o.progress?.(range.size - from, cp.size - from);
    }
    if (!bytesEqual(range.root(), cp.root)) {
      // Did the log rewrite what the copy had verified? Its level-0 hash tiles (public, checked against the signed
      // root) give the new tree's leaf hashes, so the prefix and a consistency proof come from the log itself.
      const found = verified && (await rewriteEvidence(o, get, state, verified, note, cp));
      if (found) return found;
      // Unsigned bundles that do not hash to the signed root: not evidence anyone else can check, so start this
      // stretch again from the last verified point next round (the bundles are re-fetched and compared).
      o.store.saveState({ ...state, synced: verified ?? { size: 0, frontier: [] } });
      throw new LogFault(`the entries served do not reproduce the root of the checkpoint of size ${cp.size}`);
    }
    const frontier = range.frontier();
    o.store.saveState({ origin: cp.origin, synced: { size: cp.size, frontier }, verified: { size: cp.size, frontier, note } });
    return { kind: "synced", size: cp.size, fetched: cp.size - from, root: toHex(cp.root) };
  } catch (e) {
    return { kind: "failed", message: e instanceof Error ? e.message : String(e) };
  }
}

async function fetchBundle(get: typeof fetch, log: string, headers: Record<string, string>, index: number, width: number): Promise<Uint8Array> {
  const p = tilePath({ level: "entries", index, width });
  const res = await get(`${log}/${p}`, { headers });
  if (!res.ok)
    throw new LogFault(
      `GET /${p} answered ${res.status}${res.status === 401 || res.status === 403 ? " (VIGIL_MIRROR_TOKEN must be a token of a role that reads every entry)" : ""}`,
    );
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Did the log rewrite what the copy had verified? Its level-0 hash tiles (public, checked against the signed root)
 * give the new tree's leaf hashes, so the prefix root and the consistency proof come from the log itself.
 */
async function rewriteEvidence(
  o: SyncOptions,
  get: typeof fetch,
  state: MirrorState,
  verified: NonNullable<MirrorState["verified"]>,
  note: string,
  cp: Checkpoint,
): Promise<SyncOutcome | null> {
  const mine = checkCheckpoint(verified.note, o.verifier);
  const leaves = mine.ok ? await signedLeafHashes(get, o.log, cp) : null;
  if (!mine.ok || !leaves || bytesEqual(rootFromLeafHashes(leaves.slice(0, verified.size)), mine.checkpoint.root)) return null;
  o.store.saveState({ ...state, synced: verified });
  return fork(
    o,
    [verified.note, note],
    [mine.checkpoint, cp],
    `the log's tree of size ${cp.size} does not extend the verified tree of size ${verified.size}`,
    leaves,
  );
}

/** The leaf hashes of the tree a checkpoint signs, from the log's level-0 tiles, or null unless every tile checks against its root. */
async function signedLeafHashes(get: typeof fetch, log: string, cp: Checkpoint): Promise<Uint8Array[] | null> {
  const tiles = new Map<string, Uint8Array>();
  for (const t of newTiles(0, cp.size)) {
    const res = await get(`${log}/${tilePath(t)}`);
    if (!res.ok) return null;
    tiles.set(`${t.level}/${t.index}`, new Uint8Array(await res.arrayBuffer()));
  }
  if (!checkTiles(cp.size, cp.root, (level, index) => tiles.get(`${level}/${index}`)).ok) return null;
  const leaves: Uint8Array[] = [];
  for (let index = 0; leaves.length < cp.size; index++) {
    const tile = tiles.get(`0/${index}`)!;
    for (let i = 0; i < tile.length; i += 32) leaves.push(tile.slice(i, i + 32));
  }
  return leaves;
}

function leafHashes(store: MirrorStore, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let index = 0; out.length < size; index++) {
    const bytes = store.bundle(index);
    const parsed = bytes && parseEntryBundle(bytes);
    if (!parsed || !parsed.ok) throw new Error(`the copy lost bundle ${index}`);
    for (const e of parsed.entries) if (out.length < size) out.push(hashLeaf(e));
  }
  return out;
}

function fork(o: SyncOptions, notes: [string, string], cps: [Checkpoint, Checkpoint], message: string, leaves?: Uint8Array[]): SyncOutcome {
  const evidence = forkEvidence(notes, cps, leaves && ((n) => ({ prefixRoot: rootFromLeafHashes(leaves.slice(0, n)), proof: consistencyProof(n, leaves) })), {
    observedBy: o.name,
    observedAt: new Date().toISOString(),
  });
  const file = o.store.saveEvidence(`fork-${cps[0].size}-${cps[1].size}-${Date.now()}`, evidence);
  return { kind: "fork", file, message };
}

/** What a delegate (witness) has cosigned, compared with the verified copy. */
export type CrossCheck =
  | { readonly witness: string; readonly kind: "consistent"; readonly size: number }
  /** The witness cosigned a larger tree than the copy has verified: checked in a later round. */
  | { readonly witness: string; readonly kind: "ahead"; readonly size: number }
  | { readonly witness: string; readonly kind: "none" }
  | { readonly witness: string; readonly kind: "unreachable"; readonly message: string }
  | { readonly witness: string; readonly kind: "fork"; readonly file: string; readonly message: string };

/**
 * Gossip against split views: a log that shows one tree to the mirror and another to some delegates gets their
 * cosignatures on a checkpoint the mirror's copy contradicts. Each delegate serves the latest checkpoint it cosigned
 * (tlog-witness `GET /<hex SHA-256(origin)>/checkpoint`); one that is the copy's size with another root, or a
 * smaller tree that is not the copy's prefix, becomes fork evidence signed by the log itself.
 */
export async function crossCheckWitnesses(o: SyncOptions, witnesses: readonly string[]): Promise<CrossCheck[]> {
  const get = o.fetch ?? fetch;
  const verified = o.store.state()?.verified;
  const mine = verified ? checkCheckpoint(verified.note, o.verifier) : null;
  const originHash = createHash("sha256").update(o.verifier.name).digest("hex");
  let leaves: Uint8Array[] | undefined;
  const out: CrossCheck[] = [];
  for (const witness of witnesses) {
    try {
      const res = await get(`${witness.replace(/\/+$/, "")}/${originHash}/checkpoint`);
      if (res.status === 404) {
        out.push({ witness, kind: "none" });
        continue;
      }
      if (!res.ok) throw new Error(`answered ${res.status}`);
      const note = await res.text();
      const checked = checkCheckpoint(note, o.verifier);
      if (!checked.ok) throw new Error(`its checkpoint does not verify under the log key: ${checked.error.message}`);
      const cp = checked.checkpoint;
      if (!verified || !mine?.ok || cp.size > verified.size) {
        out.push({ witness, kind: "ahead", size: cp.size });
        continue;
      }
      if (cp.size === verified.size) {
        if (bytesEqual(cp.root, mine.checkpoint.root)) out.push({ witness, kind: "consistent", size: cp.size });
        else {
          const f = fork(o, [verified.note, note], [mine.checkpoint, cp], `delegate ${witness} cosigned another root for size ${cp.size}`) as Extract<
            SyncOutcome,
            { kind: "fork" }
          >;
          out.push({ witness, kind: "fork", file: f.file, message: f.message });
        }
        continue;
      }
      leaves ??= leafHashes(o.store, verified.size);
      if (bytesEqual(rootFromLeafHashes(leaves.slice(0, cp.size)), cp.root)) {
        out.push({ witness, kind: "consistent", size: cp.size });
        continue;
      }
      const f = fork(
        o,
        [note, verified.note],
        [cp, mine.checkpoint],
        `delegate ${witness} cosigned a tree of size ${cp.size} that is not a prefix of the copy`,
        leaves,
      ) as Extract<SyncOutcome, { kind: "fork" }>;
      out.push({ witness, kind: "fork", file: f.file, message: f.message });
    } catch (e) {
      out.push({ witness, kind: "unreachable", message: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
