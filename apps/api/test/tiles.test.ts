import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEntryBundle, checkTiles, newTiles, tilePath, tileWidth, verifyCheckpoint } from "@vigil/log";
import { rawEd25519 } from "../src/keys.ts";
import { BACKENDS, startVigil, type Running } from "./harness.ts";

describe.each(BACKENDS)("tlog-tiles read endpoints on %s", (backend) => {
  let run: Running;
  let base: string;
  const get = (p: string, token?: string) => fetch(`${base}/${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    run = await startVigil(backend);
    base = run.url.replace(/\/graphql$/, "");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("serves the latest signed checkpoint, and hash tiles that lead to its root", async () => {
    const res = await get("checkpoint");
    expect(res.status).toBe(200);
    const note = await res.text();
    const vkey = { name: run.vigil.services.log.origin, publicKey: rawEd25519(run.vigil.services.keys.logPublic) };
    const cp = verifyCheckpoint(note, vkey)!;
    expect(cp).not.toBeNull();
    const tiles = new Map<string, Uint8Array>();
    for (const t of newTiles(0, cp.size)) {
      const r = await get(tilePath(t));
      expect(r.status, tilePath(t)).toBe(200);
      expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      tiles.set(`${t.level}/${t.index}/${t.width}`, new Uint8Array(await r.arrayBuffer()));
    }
    expect(checkTiles(cp.size, cp.root, (level, index, width) => tiles.get(`${level}/${index}/${width}`))).toEqual({ ok: true });
    // A narrower copy of a full tile is its prefix; a tile the tree does not have yet is 404; a misspelt path too.
    const full = tiles.get("0/0/256")!;
    const narrow = await get("tile/0/000.p/7");
    expect(new Uint8Array(await narrow.arrayBuffer())).toEqual(full.slice(0, 7 * 32));
    const beyond = Math.floor(cp.size / 256) + 1;
    expect((await get(tilePath({ level: 0, index: beyond, width: 256 }))).status).toBe(404);
    expect((await get("tile/0/0")).status).toBe(404);
    expect((await get("tile/0/x000/001")).status).toBe(404);
  });

  it("serves entry bundles only to roles that read every entry, matching the level-0 tiles", async () => {
    const note = await (await get("checkpoint")).text();
    const size = Number(note.split("\n")[1]);
    const width = tileWidth(size, 0, 0);
    const path = tilePath({ level: "entries", index: 0, width });
    expect((await get(path)).status).toBe(401);
    expect((await get(path, "not-a-token")).status).toBe(401);
    expect((await get(path, await run.login("officer@vigil.example"))).status).toBe(403);
    const res = await get(path, await run.login("admin@vigil.example"));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/^private/);
    const tile = new Uint8Array(await (await get(tilePath({ level: 0, index: 0, width }))).arrayBuffer());
    const checked = checkEntryBundle(new Uint8Array(await res.arrayBuffer()), tile, 0);
    expect(checked.ok).toBe(true);
    // Entry 0's payload as the bundle carries it is the stored one.
    const e0 = await run.vigil.db.prisma.logEntry.findUniqueOrThrow({ where: { index: 0n } });
    expect(checked.ok && checked.entries[0]).toEqual(new Uint8Array(e0.payload));
  });
});
