import { hash } from "node:crypto";
import { perfectSubtrees } from "@vigil/log";

/**
 * RFC 9162 §2.1.1 hashing and the log's growing right frontier, with node:crypto's one-shot `hash`: the same
 * bytes as @vigil/log's `hashLeaf`, `hashChildren` and `CompactRange` (which use @noble/hashes, so the portal can
 * run them in a browser), about 2.5× faster per call. The audit recomputes every hash of the log, so it is the
 * one place where that matters; the test holds this to CompactRange's nodes and roots.
 */

let scratch = new Uint8Array(4096);
/** Views of `scratch` by length: payload lengths repeat, and a view per call would be garbage per call. */
let views: Uint8Array[] = [];

/** SHA-256(0x00 ‖ payload): the payload copied behind the prefix into one buffer, so one native call hashes it. */
export function leafHash(payload: Uint8Array): Buffer {
  const length = payload.length + 1;
  if (length > scratch.length) {
    scratch = new Uint8Array(2 * length);
    views = [];
  }
  scratch[0] = 0x00;
  scratch.set(payload, 1);
  return hash("sha256", (views[length] ??= scratch.subarray(0, length)), "buffer");
}

const pair = Buffer.alloc(65);

/** SHA-256(0x01 ‖ left ‖ right). */
export function childrenHash(left: Uint8Array, right: Uint8Array): Buffer {
  pair[0] = 0x01;
  pair.set(left, 1);
  pair.set(right, 33);
  return hash("sha256", pair, "buffer");
}

/**
 * The frontier of the tree [0, size): hashes of its perfect subtrees, largest first. `append` reports each
 * interior node it completes (level ≥ 1), children before parents; it keeps the hashes it is given, uncopied.
 */
export class FrontierHasher {
  #size = 0;
  readonly #levels: number[] = [];
  readonly #hashes: Uint8Array[] = [];

  /**
   * Resume from a tree size and its frontier hashes, largest subtree first (`CompactRange.restore`'s order). Throws
   * on a count or length mismatch: resuming from the wrong frontier would fork the log.
   */
  static restore(size: number, frontier: readonly Uint8Array[]): FrontierHasher {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`FrontierHasher.restore: bad size ${size}`);
    const levels = perfectSubtrees(0, size).map((id) => id.level);
    if (frontier.length !== levels.length || frontier.some((h) => h.length !== 32))
      throw new RangeError(`FrontierHasher.restore: a tree of size ${size} has ${levels.length} frontier hashes of 32 bytes`);
    const range = new FrontierHasher();
    range.#size = size;
    range.#levels.push(...levels);
    range.#hashes.push(...frontier);
    return range;
  }

  get size(): number {
    return this.#size;
  }

  /** The frontier's hashes, largest subtree first: what `restore` takes back. */
  frontier(): Uint8Array[] {
    return [...this.#hashes];
  }

  append(leaf: Uint8Array, completed: (level: number, index: number, hash: Buffer) => void): void {
    let level = 0;
    let index = this.#size;
    let node = leaf;
    this.#size++;
    // Two neighbours of equal level are siblings: the frontier's levels strictly decrease.
    while (this.#levels.length > 0 && this.#levels[this.#levels.length - 1] === level) {
      this.#levels.pop();
      const parent = childrenHash(this.#hashes.pop()!, node);
      level++;
      index = Math.floor(index / 2);
      completed(level, index, parent);
      node = parent;
    }
    this.#levels.push(level);
    this.#hashes.push(node);
  }

  /** The RFC 9162 root of [0, size); SHA-256 of nothing for the empty tree. */
  root(): Uint8Array {
    const f = this.#hashes;
    if (f.length === 0) return hash("sha256", new Uint8Array(0), "buffer");
    let root = f[f.length - 1]!;
    for (let i = f.length - 2; i >= 0; i--) root = childrenHash(f[i]!, root);
    return root;
  }
}
