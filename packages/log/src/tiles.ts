import type { CheckError, Checked } from "./checked.ts";
import { HASH_SIZE, bytesEqual, hashChildren, hashLeaf } from "./hash.ts";
import { toHex } from "./hex.ts";
import { type NodeLookup, hashFromSubtrees, perfectSubtrees } from "./range.ts";
import { assertSize } from "./power-of-two.ts";

/**
 * C2SP tlog-tiles: the tree served as static tiles of 256 hashes, and the entries as bundles.
 *
 *     tile/<L>/<N>[.p/<W>]        level L (0–63); N in 3-digit groups, all but the last prefixed "x"
 *     tile/entries/<N>[.p/<W>]    entries as big-endian uint16 length-prefixed byte strings
 *
 * Hash n·256 + i of the level-L tile is MTH(D[(n·256 + i)·256^L : (n·256 + i + 1)·256^L]); a partial
 * tile (1–255 hashes) is the right edge of a tree whose size is not a multiple of 256^(L+1).
 *
 * Sizes and indices are plain numbers (≤ 2^53 − 1), so the arithmetic divides by powers of 256
 * instead of shifting: JavaScript's shift operators are 32-bit.
 */

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** An entry's length is a uint16. */
export const MAX_ENTRY_SIZE = 0xffff;

export interface TileId {
  /** 0–63 for hash tiles; "entries" for an entry bundle. */
  readonly level: number | "entries";
  readonly index: number;
  /** 1–256; 256 is a full tile (no `.p/<W>` suffix). */
  readonly width: number;
}

/** `<N>` as path elements: 1234067 → "x001/x234/067". */
function indexPath(index: number): string {
  let n = index;
  let out = String(n % 1000).padStart(3, "0");
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    out = `x${String(n % 1000).padStart(3, "0")}/${out}`;
  }
  return out;
}

/** The path of a tile or bundle, relative to the log's prefix (no leading slash). Throws on an invalid tile. */
export function tilePath(tile: TileId): string {
  const { level, index, width } = tile;
  if (level !== "entries" && !(Number.isInteger(level) && level >= 0 && level <= 63)) throw new RangeError('tilePath: level must be 0–63 or "entries"');
  assertSize(index, "tilePath: index");
  if (!(Number.isInteger(width) && width >= 1 && width <= TILE_WIDTH)) throw new RangeError("tilePath: width must be 1–256");
  return `tile/${level}/${indexPath(index)}${width === TILE_WIDTH ? "" : `.p/${width}`}`;
}

/** The tile a path names, or null unless the path is that tile's one valid spelling (a leading slash is allowed). */
export function parseTilePath(path: string): TileId | null {
  if (typeof path !== "string") return null;
  const m = /^\/?tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path);
  if (m === null) return null;
  const level: number | "entries" = m[1] === "entries" ? "entries" : Number(m[1]);
  if (level !== "entries" && level > 63) return null;
  const groups = m[2].split("/").map((g) => Number(g.replace(/^x/, "")));
  let index = 0;
  for (const g of groups) index = index * 1000 + g;
  if (!Number.isSafeInteger(index)) return null;
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (m[3] !== undefined && width >= TILE_WIDTH) return null; // a 256-wide tile is written without .p/
  const tile: TileId = { level, index, width };
  // One spelling per tile: "x000/123" is not 123, and 0-prefixed groups past the first are canonical only as written.
  return tilePath(tile) === path.replace(/^\//, "") ? tile : null;
}

/**
 * The hash tiles that a tree of `newSize` has and one of `oldSize` had not (or had narrower), level
 * by level: what a log publishes, or a mirror fetches, when the tree grows. `newTiles(0, size)` is
 * every tile of the tree. `height` is 8 in tlog-tiles; other heights exist only to compare with
 * golang.org/x/mod/sumdb/tlog.NewTiles.
 */
export function newTiles(oldSize: number, newSize: number, height = TILE_HEIGHT): TileId[] {
  assertSize(oldSize, "newTiles: oldSize");
  assertSize(newSize, "newTiles: newSize");
  if (oldSize > newSize) throw new RangeError("newTiles: oldSize > newSize");
  const w = 2 ** height;
  const tiles: TileId[] = [];
  for (let level = 0, scale = 1; Math.floor(newSize / scale) > 0; level++, scale *= w) {
    const oldN = Math.floor(oldSize / scale);
    const newN = Math.floor(newSize / scale);
    if (oldN === newN) continue;
    for (let n = Math.floor(oldN / w); n < Math.floor(newN / w); n++) tiles.push({ level, index: n, width: w });
    const n = Math.floor(newN / w);
    const width = newN - n * w;
    if (width > 0) tiles.push({ level, index: n, width });
  }
  return tiles;
}

/** The width of hash tile (level, index) in a tree of `size`: 256, the partial width, or 0 when the tree has no such tile. */
export function tileWidth(size: number, level: number, index: number): number {
  const full = Math.floor(size / TILE_WIDTH ** (level + 1));
  if (index < full) return TILE_WIDTH;
  if (index > full) return 0;
  return Math.floor(size / TILE_WIDTH ** level) % TILE_WIDTH;
}

export type TileErrorKind = TileError["kind"];

export type TileError =
  /** A bundle that is not a sequence of uint16 length-prefixed entries, or a tile that is not whole hashes. */
  | (CheckError<"malformed-tile"> & { readonly path: string })
  /** A tile the check needs is not there, or has the wrong width. */
  | (CheckError<"missing-tile"> & { readonly path: string })
  /** A full tile whose hash is not the one its parent tile holds, or a bundle entry whose leaf hash is not the level-0 tile's. */
  | (CheckError<"tile-mismatch"> & { readonly path: string; readonly expected: string; readonly actual: string })
  /** The tiles are consistent with each other but lead to another root than the checkpoint's. */
  | (CheckError<"root-mismatch"> & { readonly expected: string; readonly actual: string });

export type TileCheck = Checked<TileError>;

/** The entries of a bundle, or why it is not one. `width` (optional) is how many entries it must hold. Never throws. */
export function parseEntryBundle(bundle: Uint8Array, width?: number): Checked<TileError, { readonly entries: Uint8Array[] }> {
  const path = "entry bundle";
  if (!(bundle instanceof Uint8Array)) return { ok: false, error: { kind: "malformed-tile", path, message: "the bundle is not bytes" } };
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) return { ok: false, error: { kind: "malformed-tile", path, message: `a length prefix is cut off at byte ${at}` } };
    const len = (bundle[at] << 8) | bundle[at + 1];
    if (at + 2 + len > bundle.length)
      return { ok: false, error: { kind: "malformed-tile", path, message: `entry ${entries.length} runs past the end of the bundle` } };
    entries.push(bundle.slice(at + 2, at + 2 + len));
    at += 2 + len;
    if (entries.length > TILE_WIDTH) return { ok: false, error: { kind: "malformed-tile", path, message: `the bundle has more than ${TILE_WIDTH} entries` } };
  }
  if (width !== undefined && entries.length !== width) {
    return { ok: false, error: { kind: "malformed-tile", path, message: `the bundle has ${entries.length} entries, not ${width}` } };
  }
  return { ok: true, entries };
}

/** Throws on more than 256 entries or an entry over 65,535 bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) throw new RangeError(`encodeEntryBundle: at most ${TILE_WIDTH} entries`);
  let total = 0;
  for (const e of entries) {
    if (!(e instanceof Uint8Array) || e.length > MAX_ENTRY_SIZE) throw new RangeError("encodeEntryBundle: entries must be Uint8Arrays of at most 65,535 bytes");
    total += 2 + e.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const e of entries) {
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/** The hash tile a bundle belongs to, from the entries' RFC 6962 leaf hashes. */
export function leafTile(entries: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(entries.length * HASH_SIZE);
  entries.forEach((e, i) => out.set(hashLeaf(e), i * HASH_SIZE));
  return out;
}

/** Checks a bundle against its level-0 tile: same count, and each entry's leaf hash in its place. Never throws. */
export function checkEntryBundle(bundle: Uint8Array, tile: Uint8Array, index: number): Checked<TileError, { readonly entries: Uint8Array[] }> {
  const width = tile.length / HASH_SIZE;
  const path = safePath({ level: "entries", index, width });
  const r = parseEntryBundle(bundle, width);
  if (!r.ok) return { ok: false, error: { kind: "malformed-tile", path, message: `${path}: ${r.error.message}` } };
  for (const [i, e] of r.entries.entries()) {
    const expected = tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    const actual = hashLeaf(e);
    if (!bytesEqual(expected, actual)) {
      return {
        ok: false,
        error: {
          kind: "tile-mismatch",
          path,
          expected: toHex(expected),
          actual: toHex(actual),
          message: `entry ${i} of ${path} does not hash to the level-0 tile's hash`,
        },
      };
    }
  }
  return r;
}

/** Supplies a stored or downloaded hash tile; undefined when absent. */
export type TileLookup = (level: number, index: number, width: number) => Uint8Array | undefined;

/** The Merkle Tree Hash of `count` (a power of two) consecutive hashes of a tile, from `offset`. */
function subtreeHash(tile: Uint8Array, offset: number, count: number): Uint8Array {
  if (count === 1) return tile.slice(offset * HASH_SIZE, (offset + 1) * HASH_SIZE);
  const half = count / 2;
  return hashChildren(subtreeHash(tile, offset, half), subtreeHash(tile, offset + half, half));
}

/**
 * Checks downloaded hash tiles against a checkpoint's (size, root): every tile the tree gained since
 * `from` (default 0: the whole tree) is present with the right width, every new full tile hashes to
 * the entry its parent tile holds, and the tiles lead to `root`. Tiles covering only leaves below
 * `from` are taken as already checked (a mirror's stored copy) and only read for the root. Never throws.
 */
export function checkTiles(size: number, root: Uint8Array, lookup: TileLookup, options: { readonly from?: number } = {}): TileCheck {
  try {
    const from = options.from ?? 0;
    const fail = (error: TileError): TileCheck => ({ ok: false, error });
    const cache = new Map<string, Uint8Array>();
    const get = (level: number, index: number): Uint8Array | TileError => {
      const width = tileWidth(size, level, index);
      const path = safePath({ level, index, width: Math.max(width, 1) });
      const key = `${level}/${index}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const tile = width === 0 ? undefined : lookup(level, index, width);
      if (!(tile instanceof Uint8Array) || tile.length !== width * HASH_SIZE) {
        return { kind: "missing-tile", path, message: `${path} is missing or not ${width} hashes wide` };
      }
      cache.set(key, tile);
      return tile;
    };
    for (const t of newTiles(Math.min(from, size), size)) {
      const level = t.level as number;
      const tile = get(level, t.index);
      if (!(tile instanceof Uint8Array)) return fail(tile);
      if (t.width !== TILE_WIDTH) continue; // partial tiles are bound by the root below
      const parent = get(level + 1, Math.floor(t.index / TILE_WIDTH));
      if (!(parent instanceof Uint8Array)) return fail(parent);
      const at = t.index % TILE_WIDTH;
      const expected = parent.subarray(at * HASH_SIZE, (at + 1) * HASH_SIZE);
      const actual = subtreeHash(tile, 0, TILE_WIDTH);
      if (!bytesEqual(expected, actual)) {
        const path = tilePath(t);
        return fail({
          kind: "tile-mismatch",
          path,
          expected: toHex(expected),
          actual: toHex(actual),
          message: `${path} does not hash to its entry in the tile above`,
        });
      }
    }
    // A node of RFC height h is a power-of-two run of hashes inside one tile of tile level ⌊h/8⌋.
    let missing: TileError | undefined;
    const nodes: NodeLookup = (height, index) => {
      const level = Math.floor(height / TILE_HEIGHT);
      const span = 2 ** (height % TILE_HEIGHT);
      const first = index * span;
      const tile = get(level, Math.floor(first / TILE_WIDTH));
      if (!(tile instanceof Uint8Array)) {
        missing = tile;
        return undefined;
      }
      return subtreeHash(tile, first % TILE_WIDTH, span);
    };
    let computed: Uint8Array;
    try {
      computed = hashFromSubtrees(perfectSubtrees(0, size), nodes);
    } catch (e) {
      if (missing) return fail(missing);
      throw e;
    }
    if (!bytesEqual(computed, root)) {
      return fail({
        kind: "root-mismatch",
        expected: toHex(root),
        actual: toHex(computed),
        message: `the tiles lead to root ${toHex(computed)}, not ${toHex(root)}`,
      });
    }
    return { ok: true };
  } catch (e) {
    return {
      ok: false,
      error: { kind: "malformed-tile", path: "", message: `the tiles could not be checked (${e instanceof Error ? e.message : String(e)})` },
    };
  }
}

function safePath(tile: TileId): string {
  try {
    return tilePath(tile);
  } catch {
    return `tile/${tile.level}/${tile.index}`;
  }
}
