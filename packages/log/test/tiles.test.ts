import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkEntryBundle,
  checkTiles,
  encodeEntryBundle,
  fromBase64,
  leafTile,
  newTiles,
  parseCheckpoint,
  parseEntryBundle,
  parseTilePath,
  tilePath,
  toHex,
  type TileLookup,
} from "../src/index.ts";
import { makeLeafHashes } from "./helpers.ts";
import { CompactRange, hashFromSubtrees, perfectSubtrees, type NodeLookup } from "../src/index.ts";

const file = (p: string) => new Uint8Array(readFileSync(new URL(`./vectors/sunlight/${p}`, import.meta.url)));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe("tlog-tiles paths", () => {
  it("encodes the spec's examples and round-trips", () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe("tile/0/x001/x234/067");
    expect(tilePath({ level: 1, index: 0, width: 1 })).toBe("tile/1/000.p/1");
    expect(tilePath({ level: 0, index: 1, width: 44 })).toBe("tile/0/001.p/44");
    expect(tilePath({ level: "entries", index: 1000, width: 7 })).toBe("tile/entries/x001/000.p/7");
    for (const p of ["tile/0/x001/x234/067", "tile/63/000", "tile/entries/001.p/44", "tile/5/x123/x456/078.p/2"]) expect(tilePath(parseTilePath(p)!)).toBe(p);
    expect(parseTilePath("/tile/0/x001/x234/067")).toEqual({ level: 0, index: 1234067, width: 256 });
  });

  it("refuses every other spelling (the Go fuzz seeds, adapted to tlog-tiles, among them)", () => {
    for (const p of [
      "tile/0/123/456/078", // groups before the last need "x"
      "tile/0/x000/123", // a leading zero group
      "tile/64/000",
      "tile/01/000",
      "tile/-1/000",
      "tile/0/1",
      "tile/0/000.p/0",
      "tile/0/000.p/256",
      "tile/0/000.p/044",
      "tile/data/000",
      "tile/0/x1234/000",
      "tiles/0/000",
      "tile/0/000/",
    ]) {
      expect([p, parseTilePath(p)]).toEqual([p, null]);
    }
  });

  it("lists the spec's tiles for a tree of 70,000 and of 256", () => {
    const t = newTiles(0, 70_000);
    expect(t.filter((x) => x.level === 0 && x.width === 256).length).toBe(273);
    expect(t.filter((x) => x.width !== 256).map((x) => [x.level, x.width])).toEqual([
      [0, 112],
      [1, 17],
      [2, 1],
    ]);
    expect(t.filter((x) => x.level === 1 && x.width === 256).length).toBe(1);
    expect(newTiles(0, 256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
  });

  it("matches golang.org/x/mod/sumdb/tlog TestNewTilesForSize (height 10)", () => {
    for (const [old, size, want] of [
      [1, 1, 0],
      [100, 101, 1],
      [1023, 1025, 3],
      [1024, 1030, 1],
      [1030, 2000, 1],
      [1030, 10000, 10],
      [49516517, 49516586, 3],
    ]) {
      expect([old, size, newTiles(old, size, 10).length]).toEqual([old, size, want]);
    }
  });
});

describe("tlog-tiles against sunlight's mirror (300 records, golang.org/x/mod/sumdb/tlog tiles)", () => {
  const checkpoint = parseCheckpoint(new TextDecoder().decode(file("mirror-checkpoint")).split("\n\n")[0] + "\n")!;
  const records = Array.from({ length: 300 }, (_, i) => utf8(`record ${i}`));
  const tiles = new Map([
    ["0/0", file("mirror/tile/0/000")],
    ["0/1", file("mirror/tile/0/001.p/44")],
    ["1/0", file("mirror/tile/1/000.p/1")],
  ]);
  const lookup: TileLookup = (level, index) => tiles.get(`${level}/${index}`);

  it("level-0 tiles are the records' leaf hashes, and the bundles built from the records check against them", () => {
    expect(checkpoint.size).toBe(300);
    expect(toHex(leafTile(records.slice(0, 256)))).toBe(toHex(tiles.get("0/0")!));
    expect(toHex(leafTile(records.slice(256)))).toBe(toHex(tiles.get("0/1")!));
    const bundle = encodeEntryBundle(records.slice(256));
    const r = checkEntryBundle(bundle, tiles.get("0/1")!, 1);
    expect(r.ok && r.entries.map((e) => new TextDecoder().decode(e))).toEqual(records.slice(256).map((e) => new TextDecoder().decode(e)));
  });

  it("checkTiles accepts the tiles for the cosigned root, and refuses a changed, missing or narrower tile", () => {
    expect(checkTiles(300, checkpoint.root, lookup)).toEqual({ ok: true });
    const kind = (l: TileLookup, root = checkpoint.root) => {
      const r = checkTiles(300, root, l);
      return r.ok ? "ok" : r.error.kind;
    };
    expect(kind(lookup, fromBase64("lCkHUpkmVBEms2r2T1K6Og69+wUuuN3MIEW1/ezu2v0="))).toBe("root-mismatch");
    const changed = tiles.get("0/0")!.slice();
    changed[100] ^= 1;
    expect(kind((l, i) => (l === 0 && i === 0 ? changed : lookup(l, i, 0)))).toBe("tile-mismatch");
    const partial = tiles.get("0/1")!.slice();
    partial[5] ^= 1;
    expect(kind((l, i) => (l === 0 && i === 1 ? partial : lookup(l, i, 0)))).toBe("root-mismatch");
    expect(kind((l, i) => (l === 1 ? undefined : lookup(l, i, 0)))).toBe("missing-tile");
    expect(kind((l, i) => (l === 0 && i === 1 ? tiles.get("0/1")!.slice(32) : lookup(l, i, 0)))).toBe("missing-tile");
  });

  it("an entry that does not hash to its tile is refused, as are malformed bundles", () => {
    const wrong = encodeEntryBundle([...records.slice(256, 299), utf8("record 999")]);
    const r = checkEntryBundle(wrong, tiles.get("0/1")!, 1);
    expect(r.ok ? "ok" : r.error.kind).toBe("tile-mismatch");
    expect(parseEntryBundle(new Uint8Array([0, 5, 1, 2])).ok).toBe(false);
    expect(parseEntryBundle(new Uint8Array([0])).ok).toBe(false);
    expect(parseEntryBundle(encodeEntryBundle(records.slice(0, 3)), 4).ok).toBe(false);
    expect(parseEntryBundle(new Uint8Array(0))).toEqual({ ok: true, entries: [] });
  });
});

describe("checkTiles on generated trees (tiles cut from a CompactRange store)", () => {
  function tilesOf(n: number) {
    const leaves = makeLeafHashes(n);
    const store = new Map<string, Uint8Array>();
    const range = new CompactRange();
    for (const node of range.append(leaves)) store.set(`${node.level}/${node.index}`, node.hash);
    const lookup: NodeLookup = (level, index) => store.get(`${level}/${index}`);
    const root = hashFromSubtrees(perfectSubtrees(0, n), lookup);
    const tile: TileLookup = (level, index, width) => {
      const out = new Uint8Array(width * 32);
      for (let i = 0; i < width; i++) {
        const h = store.get(`${8 * level}/${index * 256 + i}`);
        if (!h) return undefined;
        out.set(h, i * 32);
      }
      return out;
    };
    return { root, tile };
  }
  for (const n of [0, 1, 255, 256, 257, 511, 65_536, 65_793, 70_000]) {
    it(`size ${n}`, () => {
      const { root, tile } = tilesOf(n);
      expect(checkTiles(n, root, tile)).toEqual({ ok: true });
      expect(checkTiles(n, root, tile, { from: Math.floor(n / 2) })).toEqual({ ok: true });
    });
  }
});
