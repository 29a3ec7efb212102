import { EMPTY_ROOT, assertHash, hashChildren } from "./hash.ts";
import { assertSize } from "./power-of-two.ts";
import { type StoredNode, perfectSubtrees } from "./range.ts";

/**
 * The right frontier of a growing log: the hashes of the perfect subtrees that make
 * up the tree [0, size), largest first (exactly `perfectSubtrees(0, size)`).
 *
 * Why: it is all an appender needs. Appending never reads old leaves, the root costs
 * at most log2(n) hashes, and the state is at most log2(n) + 1 hashes that are
 * already in the node store, so a restarted process resumes with
 * `CompactRange.restore(size, hashes of perfectSubtrees(0, size))` instead of
 * rescanning the log.
 */
export class CompactRange {
  #size = 0;
  #frontier: StoredNode[] = [];

  /**
   * Resume from a stored tree size and its frontier hashes, in `perfectSubtrees(0, size)` order.
   * Throws on a count or length mismatch: resuming from the wrong frontier would fork the log.
   */
  static restore(size: number, frontier: readonly Uint8Array[]): CompactRange {
    assertSize(size, "CompactRange.restore: size");
    const ids = perfectSubtrees(0, size);
    if (!Array.isArray(frontier) || frontier.length !== ids.length) {
      throw new RangeError(
        `CompactRange.restore: a tree of size ${size} has ${ids.length} frontier hashes, got ${Array.isArray(frontier) ? frontier.length : typeof frontier}`,
      );
    }
    const range = new CompactRange();
    range.#frontier = ids.map((id, i) => {
      assertHash(frontier[i], `CompactRange.restore: frontier[${i}]`);
      return { level: id.level, index: id.index, hash: frontier[i].slice() };
    });
    range.#size = size;
    return range;
  }

  /** Number of leaves appended so far (the tree size). */
  get size(): number {
    return this.#size;
  }

  /** Frontier hashes in `perfectSubtrees(0, size)` order: what to persist or hand to `restore`. */
  frontier(): Uint8Array[] {
    return this.#frontier.map((n) => n.hash.slice());
  }

  /** The frontier with node ids, e.g. to check it against the store. */
  frontierNodes(): StoredNode[] {
    return this.#frontier.map((n) => ({ level: n.level, index: n.index, hash: n.hash.slice() }));
  }

  /**
   * Appends leaf hashes and returns every perfect-subtree node this completed,
   * INCLUDING the level-0 leaf nodes, each after its children. Storing all returned
   * nodes keeps the store complete for `hashFromSubtrees` and the proof functions.
   * All-or-nothing: every leaf hash is validated before any state changes.
   */
  append(leafHashes: readonly Uint8Array[]): StoredNode[] {
    if (!Array.isArray(leafHashes)) throw new TypeError("CompactRange.append: leafHashes must be an array");
    leafHashes.forEach((h, i) => assertHash(h, `CompactRange.append: leafHashes[${i}]`));
    if (!Number.isSafeInteger(this.#size + leafHashes.length)) {
      throw new RangeError("CompactRange.append: tree size would exceed Number.MAX_SAFE_INTEGER");
    }
    const created: StoredNode[] = [];
    for (const leafHash of leafHashes) {
      let node: StoredNode = { level: 0, index: this.#size, hash: leafHash.slice() };
      created.push(node);
      this.#size++;
      // Merge while the new node completes a pair: two equal-level neighbours always
      // are siblings, because the frontier holds strictly decreasing levels.
      while (this.#frontier.length > 0 && this.#frontier[this.#frontier.length - 1].level === node.level) {
        const left = this.#frontier.pop() as StoredNode;
        node = { level: node.level + 1, index: left.index / 2, hash: hashChildren(left.hash, node.hash) };
        created.push(node);
      }
      this.#frontier.push(node);
    }
    return created.map((n) => ({ level: n.level, index: n.index, hash: n.hash.slice() }));
  }

  /** RFC 9162 root of the tree so far; the empty tree's root when nothing was appended. */
  root(): Uint8Array {
    const f = this.#frontier;
    if (f.length === 0) return EMPTY_ROOT.slice();
    let hash = f[f.length - 1].hash;
    for (let i = f.length - 2; i >= 0; i--) hash = hashChildren(f[i].hash, hash);
    return hash.slice();
  }
}
