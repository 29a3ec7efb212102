import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  TILE_WIDTH,
  checkForkEvidence,
  encodeCheckpoint,
  encodeEntryBundle,
  encodeVerifierKey,
  hashLeaf,
  mth,
  parseEntryBundle,
  parseTilePath,
  rootFromLeafHashes,
  signCheckpoint,
  tileWidth,
  verifyCheckpoint,
} from "@vigil/log";
import { rawEd25519 } from "../../api/src/keys.ts";
import { type Running, startVigil } from "../../api/test/harness.ts";
import { type NodeProcess, startMirror, startWitness } from "./spawn.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Every entry of a mirror's copy, in order, from its bundle files. */
function copiedEntries(dir: string): Uint8Array[] {
  const files = readdirSync(path.join(dir, "bundles"))
    .filter((f) => /^\d+$/.test(f))
    .map(Number)
    .sort((a, b) => a - b);
  return files.flatMap((n) => {
    const p = parseEntryBundle(new Uint8Array(readFileSync(path.join(dir, "bundles", String(n)))));
    if (!p.ok) throw new Error(`bundle ${n}: ${p.error.message}`);
    return p.entries;
  });
}

/**
 * A log that lies: it serves a checkpoint signed with the real log key over `entries`, with the tiles and bundles
 * of that tree. What a compromised server (or its stolen key) shows one party while others see the honest log.
 */
async function forgedLog(entries: Uint8Array[], sign: (size: number, root: Uint8Array) => string) {
  const leaves = entries.map(hashLeaf);
  const note = sign(entries.length, rootFromLeafHashes(leaves));
  const server = http.createServer((req, res) => {
    if (req.url === "/checkpoint") return void res.end(note);
    const tile = parseTilePath(req.url ?? "");
    if (!tile) return void res.writeHead(404).end();
    if (tile.level === "entries") return void res.end(encodeEntryBundle(entries.slice(tile.index * TILE_WIDTH, tile.index * TILE_WIDTH + tile.width)));
    if (tile.width > tileWidth(entries.length, tile.level, tile.index)) return void res.writeHead(404).end();
    const span = TILE_WIDTH ** tile.level;
    const out = new Uint8Array(tile.width * 32);
    for (let i = 0; i < tile.width; i++) {
      const begin = (tile.index * TILE_WIDTH + i) * span;
      out.set(mth(leaves, begin, begin + span), i * 32);
    }
    res.end(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, note, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("the mirror role: a verified full copy that resumes after kill -9 and catches a forked log", () => {
  let run: Running;
  let base: string;
  let vkey: string;
  let token: string;
  let sign: (size: number, root: Uint8Array) => string;
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-mirror-"));

  beforeAll(async () => {
    run = await startVigil("pglite");
    base = run.url.replace(/\/graphql$/, "");
    const { origin } = run.vigil.services.log;
    const keys = run.vigil.services.keys;
    vkey = encodeVerifierKey(origin, rawEd25519(keys.logPublic));
    const d = Buffer.from(keys.log.export({ format: "jwk" }).d!, "base64url");
    sign = (size, root) => signCheckpoint(encodeCheckpoint({ origin, size, root }), { name: origin, privateKey: new Uint8Array(d) });
    token = await run.login("auditor@vigil.example");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("refuses to copy without a token of a role that reads every entry, and says so", async () => {
    const m = startMirror(["--log", base, "--data", mkdtempSync(path.join(tmpdir(), "vigil-mirror-")), "--log-vkey", vkey, "--interval-ms", "0"]);
    expect(await m.exited).toBe(1);
    expect(m.output()).toMatch(/answered 401 \(VIGIL_MIRROR_TOKEN must be a token of a role that reads every entry\)/);
  });

  it("copies the whole log, resumes after kill -9 mid-sync, and its copy reproduces the signed root", async () => {
    const note = await (await fetch(`${base}/checkpoint`)).text();
    const cp = verifyCheckpoint(note, { name: run.vigil.services.log.origin, publicKey: rawEd25519(run.vigil.services.keys.logPublic) })!;
    const bundles = Math.ceil(cp.size / TILE_WIDTH);
    expect(bundles).toBeGreaterThan(4); // the demo log is big enough to stop in the middle
    // Slowed to 4 bundles/s so the kill lands mid-sync; the state is saved at least every second.
    const first = startMirror(["--log", base, "--data", dir, "--log-vkey", vkey, "--interval-ms", "0", "--rate", "4"], { VIGIL_MIRROR_TOKEN: token });
    const deadline = Date.now() + 60_000;
    let copied = 0;
    while (copied === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        copied = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")).synced.size;
      } catch {}
    }
    await first.kill9();
    expect(copied).toBeGreaterThan(0);
    expect(copied).toBeLessThan(cp.size);

    const second = startMirror(["--log", base, "--data", dir, "--log-vkey", vkey, "--interval-ms", "0"], { VIGIL_MIRROR_TOKEN: token });
    expect(await second.exited, second.output()).toBe(0);
    const resumed = Number(/mirror resuming: (\d+) entries copied, 0 verified/.exec(second.output())?.[1]);
    expect(resumed).toBeGreaterThanOrEqual(copied);
    const synced = /mirror synced: size (\d+) \((\d+) new entries\), root ([0-9a-f]{64}) verified/.exec(second.output());
    expect(Number(synced?.[1])).toBeGreaterThanOrEqual(cp.size);
    expect(Number(synced?.[1]) - Number(synced?.[2])).toBe(resumed); // it went on from the saved point, not from 0
    expect(second.output()).toMatch(/mirror: copied [\d,]+ entries in [\d.]+ s/);

    // The copy is the log: same entries as the database, and they hash to the signed root.
    const size = Number(synced![1]);
    const entries = copiedEntries(dir);
    expect(entries.length).toBe(size);
    const rows = await run.vigil.db.prisma.logEntry.findMany({ where: { index: { lt: BigInt(size) } }, orderBy: { index: "asc" }, select: { payload: true } });
    expect(entries.map((e) => Buffer.from(e).toString("base64"))).toEqual(rows.map((r) => Buffer.from(r.payload).toString("base64")));
    expect(Buffer.from(rootFromLeafHashes(entries.map(hashLeaf))).toString("hex")).toBe(synced![3]);
    const state = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8"));
    expect(state.verified.size).toBe(size);

    // A second round with nothing new is a no-op.
    const again = startMirror(["--log", base, "--data", dir, "--log-vkey", vkey, "--interval-ms", "0"], { VIGIL_MIRROR_TOKEN: token });
    expect(await again.exited).toBe(0);
    expect(again.output()).not.toMatch(/mirror synced/);
  });

  it("writes fork evidence that anyone checks offline when the log signs a second root for the copy's size", async () => {
    const entries = copiedEntries(dir);
    const forged = [...entries.slice(0, -3), ...["a", "b", "c"].map((t) => new TextEncoder().encode(`rewritten ${t}`))];
    const liar = await forgedLog(forged, sign);
    try {
      const m = startMirror(["--log", liar.url, "--data", dir, "--log-vkey", vkey, "--interval-ms", "0"], { VIGIL_MIRROR_TOKEN: token });
      expect(await m.exited, m.output()).toBe(3);
      const file = /evidence written to (\S+)/.exec(m.output())![1];
      const evidence = JSON.parse(readFileSync(file, "utf8"));
      expect(checkForkEvidence(evidence, { name: run.vigil.services.log.origin, publicKey: rawEd25519(run.vigil.services.keys.logPublic) })).toMatchObject({
        ok: true,
        size: entries.length,
      });
      // Offline, with nothing but the pinned key.
      const check = await promisify(execFile)(process.execPath, ["--import", "tsx", "apps/api/scripts/ledger.ts", "check", file, "--vkey", vkey], {
        cwd: ROOT,
      }).catch((e) => e);
      expect(check.stdout).toMatch(/fork evidence: PROVEN — the log signed two different trees for size \d+/);
      expect(JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")).verified.size).toBe(entries.length); // the copy kept the truth
    } finally {
      await liar.close();
    }
  });

  it("catches a split view: a delegate that was shown another root for the copy's size (gossip through its GET endpoint)", async () => {
    const entries = copiedEntries(dir);
    const other = [...entries.slice(0, -1), new TextEncoder().encode("what the delegate was shown")];
    const note = sign(other.length, rootFromLeafHashes(other.map(hashLeaf)));
    let witness: NodeProcess | undefined;
    let honest: NodeProcess | undefined;
    try {
      [witness, honest] = await Promise.all(
        ["split", "honest"].map((n) =>
          startWitness(["--data", mkdtempSync(path.join(tmpdir(), `vigil-mirror-${n}-`)), "--log-vkey", vkey, "--name", `${n}.test`]),
        ),
      );
      // The log's other face, sent to one delegate; the honest delegate gets the checkpoint the mirror verified.
      const verifiedNote = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")).verified.note as string;
      for (const [w, n] of [
        [witness, note],
        [honest, verifiedNote],
      ] as const) {
        const res = await fetch(`${w.url}/add-checkpoint`, { method: "POST", body: `old 0\n\n${n}` });
        expect(res.status, await res.text()).toBe(200);
      }
      const m = startMirror(["--log", base, "--data", dir, "--log-vkey", vkey, "--interval-ms", "0", "--witness", honest.url, "--witness", witness.url], {
        VIGIL_MIRROR_TOKEN: token,
      });
      expect(await m.exited, m.output()).toBe(3);
      expect(m.output()).toContain(`mirror: delegate ${honest.url}: consistent at size ${entries.length}`);
      expect(m.output()).toMatch(new RegExp(`FORK — delegate ${witness.url.replace(/[.]/g, "\\.")} cosigned another root for size ${entries.length}`));
      const evidence = JSON.parse(readFileSync(/evidence written to (\S+)/.exec(m.output())![1], "utf8"));
      expect(checkForkEvidence(evidence, { name: run.vigil.services.log.origin, publicKey: rawEd25519(run.vigil.services.keys.logPublic) })).toMatchObject({
        ok: true,
        size: entries.length,
      });
    } finally {
      await witness?.kill9();
      await honest?.kill9();
    }
  });

  it("catches a rewritten tail behind a bigger tree, with a consistency proof from the log's own tiles", async () => {
    const entries = copiedEntries(dir);
    const forged = [...entries.slice(0, -5), ...Array.from({ length: 300 }, (_, i) => new TextEncoder().encode(`another history ${i}`))];
    const liar = await forgedLog(forged, sign);
    try {
      const m = startMirror(["--log", liar.url, "--data", dir, "--log-vkey", vkey, "--interval-ms", "0"], { VIGIL_MIRROR_TOKEN: token });
      expect(await m.exited, m.output()).toBe(3);
      expect(m.output()).toMatch(/does not extend the verified tree/);
      const evidence = JSON.parse(readFileSync(/evidence written to (\S+)/.exec(m.output())![1], "utf8"));
      expect(evidence.proof.length).toBeGreaterThan(0);
      const verifier = { name: run.vigil.services.log.origin, publicKey: rawEd25519(run.vigil.services.keys.logPublic) };
      expect(checkForkEvidence(evidence, verifier)).toMatchObject({ ok: true, size: entries.length });
      // The same evidence with the honest prefix root is no proof at all.
      const honestPrefix = Buffer.from(rootFromLeafHashes(entries.map(hashLeaf))).toString("hex");
      expect(checkForkEvidence({ ...evidence, prefixRoot: honestPrefix }, verifier)).toMatchObject({ ok: false });
      expect(JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")).verified.size).toBe(entries.length);
    } finally {
      await liar.close();
    }
  });
});
