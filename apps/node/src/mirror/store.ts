import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import { fromBase64, toBase64 } from "@vigil/log";

/**
 * The mirror's copy, as plain files under its data directory:
 *
 *     bundles/<N>      entry bundle N exactly as the log served it (tlog-tiles: uint16-length-prefixed entries)
 *     state.json       how far the copy goes (size and Merkle frontier) and the last checkpoint it verified
 *     evidence/*.json  fork evidence, if the log was ever caught signing two histories
 *
 * Why files and not a database: a mirror is a copy to hand to anyone (rsync, a USB stick, another office) and to
 * check with nothing but the log's public key; bundles are the log's own publication format. Each file is written
 * aside, fsynced and renamed, and state.json only after the bundles it counts, so a kill -9 at any point leaves
 * either the old or the new state and bundles that state covers.
 */

export interface MirrorPoint {
  readonly size: number;
  /** CompactRange frontier at `size`. */
  readonly frontier: readonly Uint8Array[];
}

export interface MirrorState {
  readonly origin: string;
  /** Entries copied so far (may run ahead of `verified` during a sync). */
  readonly synced: MirrorPoint;
  /** The last checkpoint whose root the copy reproduced, and the frontier at its size. */
  readonly verified: (MirrorPoint & { readonly note: string }) | null;
}

interface StoredState {
  origin: string;
  synced: { size: number; frontier: string[] };
  verified: { size: number; frontier: string[]; note: string } | null;
}

const point = (p: { size: number; frontier: string[] }): MirrorPoint => ({ size: p.size, frontier: p.frontier.map(fromBase64) });
const stored = (p: MirrorPoint) => ({ size: p.size, frontier: p.frontier.map(toBase64) });

export class MirrorStore {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(path.join(dir, "bundles"), { recursive: true });
    mkdirSync(path.join(dir, "evidence"), { recursive: true });
  }

  state(): MirrorState | null {
    let text: string;
    try {
      text = readFileSync(path.join(this.dir, "state.json"), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    const s = JSON.parse(text) as StoredState;
    return { origin: s.origin, synced: point(s.synced), verified: s.verified && { ...point(s.verified), note: s.verified.note } };
  }

  saveState(state: MirrorState): void {
    const s: StoredState = {
      origin: state.origin,
      synced: stored(state.synced),
      verified: state.verified && { ...stored(state.verified), note: state.verified.note },
    };
    this.#write("state.json", new TextEncoder().encode(`${JSON.stringify(s, null, 1)}\n`));
  }

  bundle(index: number): Uint8Array | null {
    try {
      return new Uint8Array(readFileSync(path.join(this.dir, "bundles", String(index))));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  saveBundle(index: number, bytes: Uint8Array): void {
    this.#write(path.join("bundles", String(index)), bytes);
  }

  saveEvidence(name: string, evidence: unknown): string {
    const file = path.join("evidence", `${name}.json`);
    this.#write(file, new TextEncoder().encode(`${JSON.stringify(evidence, null, 2)}\n`));
    return path.join(this.dir, file);
  }

  evidenceCount(): number {
    return readdirSync(path.join(this.dir, "evidence")).filter((f) => f.endsWith(".json")).length;
  }

  #write(rel: string, bytes: Uint8Array): void {
    const target = path.join(this.dir, rel);
    const aside = `${target}.tmp`;
    const fd = openSync(aside, "w");
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(aside, target);
    const dirFd = openSync(path.dirname(target), "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
