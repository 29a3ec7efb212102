/**
 * C2SP tlog-witness v1.0.0 conformance, written from the spec (tlog-witness.md, "add-checkpoint" and
 * the draft's monitoring GET): the real witness process, real trees and consistency proofs from
 * @vigil/log, every status code, concurrency, and the state after kill -9, on PGlite and PostgreSQL.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  COSIGNATURE_KEY_TYPE,
  checkCheckpoint,
  consistencyProof,
  encodeCheckpoint,
  encodeVerifierKey,
  generateLogKey,
  hashLeaf,
  openSignedNote,
  parseVerifierKey,
  rootFromLeafHashes,
  signCheckpoint,
  toBase64,
  type NoteVerifier,
} from "@vigil/log";
import { type NodeProcess, freshPostgres, startWitness } from "./spawn.ts";

const ORIGIN = "vigil.test/log";
const OTHER_ORIGIN = "vigil.test/second-log";
const logKey = generateLogKey();
const otherLogKey = generateLogKey();
const logVerifier: NoteVerifier = { name: ORIGIN, publicKey: logKey.publicKey };
const leaves = Array.from({ length: 64 }, (_, i) => hashLeaf(new TextEncoder().encode(`entry ${i}`)));
const rootAt = (n: number) => rootFromLeafHashes(leaves.slice(0, n));

function checkpoint(size: number, opts: { origin?: string; key?: Uint8Array; root?: Uint8Array; name?: string } = {}): string {
  const origin = opts.origin ?? ORIGIN;
  const body = encodeCheckpoint({ origin, size, root: opts.root ?? rootAt(size) });
  return signCheckpoint(body, { name: opts.name ?? origin, privateKey: opts.key ?? logKey.privateKey });
}
function request(old: number, note: string, proof = consistencyProof(old, leaves.slice(0, sizeOf(note)))): string {
  return `old ${old}\n${proof.map((h) => `${toBase64(h)}\n`).join("")}\n${note}`;
}
function sizeOf(note: string): number {
  return Number(note.split("\n")[1]);
}
async function add(w: NodeProcess, body: string | Uint8Array) {
  const res = await fetch(`${w.url}/add-checkpoint`, { method: "POST", body: typeof body === "string" ? body : new Blob([body as Uint8Array<ArrayBuffer>]) });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}
async function served(w: NodeProcess, origin = ORIGIN) {
  const res = await fetch(`${w.url}/${createHash("sha256").update(origin).digest("hex")}/checkpoint`);
  return { status: res.status, text: await res.text() };
}

const running: NodeProcess[] = [];
afterAll(async () => {
  for (const w of running) if (w.child.exitCode === null) await w.kill9();
});

describe.each(["pglite", "postgres"] as const)("tlog-witness on %s", (backend) => {
  const data = mkdtempSync(path.join(tmpdir(), "vigil-witness-"));
  let databaseUrl: string | undefined;
  let w: NodeProcess;
  let witness: NoteVerifier;
  const args = () => [
    "--data",
    data,
    "--log-vkey",
    encodeVerifierKey(ORIGIN, logKey.publicKey),
    "--log-vkey",
    encodeVerifierKey(OTHER_ORIGIN, otherLogKey.publicKey),
    "--name",
    "w1.vigil.test",
  ];

  it("starts, prints its 0x04 vkey, and keeps its key in a 0600 file", async () => {
    if (backend === "postgres") databaseUrl = await freshPostgres();
    w = await startWitness(args(), { DATABASE_URL: databaseUrl });
    running.push(w);
    const v = parseVerifierKey(w.vkey);
    expect(v).toMatchObject({ name: "w1.vigil.test", type: COSIGNATURE_KEY_TYPE });
    witness = v as NoteVerifier;
    expect(statSync(path.join(data, "witness.key")).mode & 0o777).toBe(0o600);
    expect(w.output()).not.toMatch(/PRIVATE|witness\.key.*[A-Za-z0-9+/]{43}=/);
  });

  it("refuses a second process on the same data directory when that holds the PGlite database", async () => {
    if (backend === "pglite") {
      await expect(startWitness(args())).rejects.toThrow(/in use by another Vigil process/);
    } else {
      // On PostgreSQL the directory holds only the key, and several processes may share the database.
      const second = await startWitness(args(), { DATABASE_URL: databaseUrl });
      running.push(second);
      expect(second.vkey).toBe(w.vkey);
      await second.kill9();
    }
  });

  it("404: unknown origin; GET for an origin never cosigned", async () => {
    const stranger = generateLogKey();
    const r = await add(w, request(0, checkpoint(3, { origin: "elsewhere.example/log", key: stranger.privateKey })));
    expect(r.status).toBe(404);
    expect((await served(w)).status).toBe(404);
    expect((await served(w, "elsewhere.example/log")).status).toBe(404);
  });

  it("403: no signature by the log key, or a bad one under its name and key ID", async () => {
    expect((await add(w, request(0, checkpoint(3, { key: generateLogKey().privateKey })))).status).toBe(403);
    const good = checkpoint(3);
    const at = good.lastIndexOf(" ") + 10;
    const tampered = `${good.slice(0, at)}${good[at] === "A" ? "B" : "A"}${good.slice(at + 1)}`;
    expect((await add(w, request(0, tampered))).status).toBe(403);
  });

  it("400: malformed requests, and old size larger than the checkpoint", async () => {
    for (const body of [
      "",
      "garbage",
      `old 01\n\n${checkpoint(3)}`,
      `old 0\nnot base64!\n\n${checkpoint(3)}`,
      `old 0\n${checkpoint(3)}`,
      "old 0\n\nnot a note\n",
    ]) {
      expect([body, (await add(w, body)).status]).toEqual([body, 400]);
    }
    expect((await add(w, request(4, checkpoint(3), []))).status).toBe(400);
    expect((await add(w, new Uint8Array([0x6f, 0x6c, 0x64, 0x20, 0x30, 0x0a, 0x0a, 0xff, 0xfe]))).status).toBe(400);
  });

  it("413: bodies over 16 KiB", async () => {
    const big = request(0, checkpoint(3)) + "x".repeat(17 * 1024);
    expect((await add(w, big)).status).toBe(413);
  });

  it("200: the first checkpoint (old 0, no proof), answered with a cosignature line that verifies", async () => {
    const note = checkpoint(5);
    const before = Math.floor(Date.now() / 1000);
    const r = await add(w, request(0, note));
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^— w1\.vigil\.test [A-Za-z0-9+/]+=*\n$/);
    const opened = openSignedNote(note + r.text, [logVerifier, witness]);
    const cosig = opened?.verified.find((s) => s.name === "w1.vigil.test");
    expect(cosig?.timestamp).toBeGreaterThanOrEqual(before);
    expect(cosig?.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("409: old size not the one last cosigned, with `<size>\\n` as text/x.tlog.size", async () => {
    for (const old of [0, 3, 4]) {
      const r = await add(w, request(old, checkpoint(8)));
      expect([old, r.status, r.type, r.text]).toEqual([old, 409, "text/x.tlog.size", "5\n"]);
    }
  });

  it("422: a proof that does not verify, or size 5 again with another root; the stored state is unchanged", async () => {
    const before = (await served(w)).text;
    const proof = consistencyProof(5, leaves.slice(0, 8));
    const flipped = proof.map((h, i) => (i === 0 ? h.map((b, j) => (j === 0 ? b ^ 1 : b)) : h));
    expect((await add(w, request(5, checkpoint(8), flipped))).status).toBe(422);
    expect((await add(w, request(5, checkpoint(8), proof.slice(1)))).status).toBe(422);
    expect((await add(w, request(5, checkpoint(8, { root: rootAt(9) }), proof))).status).toBe(422);
    expect((await add(w, request(5, checkpoint(5, { root: rootAt(6) }), []))).status).toBe(422);
    expect((await served(w)).text).toBe(before);
  });

  it("422 on a new origin: size 0 without the empty root, or a proof with old 0", async () => {
    const zero = checkpoint(0, { origin: OTHER_ORIGIN, key: otherLogKey.privateKey, root: rootAt(1) });
    expect((await add(w, request(0, zero, []))).status).toBe(422);
    const three = checkpoint(3, { origin: OTHER_ORIGIN, key: otherLogKey.privateKey });
    expect((await add(w, request(0, three, [leaves[0]]))).status).toBe(422);
    expect((await served(w, OTHER_ORIGIN)).status).toBe(404);
  });

  it("200: a consistent extension, the same checkpoint again, and the GET serves it with both signatures", async () => {
    expect((await add(w, request(5, checkpoint(8)))).status).toBe(200);
    expect((await add(w, request(8, checkpoint(8)))).status).toBe(200);
    const g = await served(w);
    expect(g.status).toBe(200);
    expect(checkCheckpoint(g.text, logVerifier)).toMatchObject({ ok: true, checkpoint: { size: 8 } });
    expect(openSignedNote(g.text, [witness])?.verified.map((s) => s.name)).toEqual(["w1.vigil.test"]);
  });

  it("serialises one origin: of two concurrent requests from the same old size, exactly one is cosigned", async () => {
    for (let round = 0; round < 3; round++) {
      const old = sizeOf((await served(w)).text);
      const [a, b] = await Promise.all([add(w, request(old, checkpoint(old + 2))), add(w, request(old, checkpoint(old + 4)))]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const won = a.status === 200 ? old + 2 : old + 4;
      expect((a.status === 409 ? a : b).text).toBe(`${won}\n`);
      expect(sizeOf((await served(w)).text)).toBe(won);
    }
  });

  it("survives kill -9: the restarted witness has the same key and the last cosigned checkpoint", async () => {
    const last = (await served(w)).text;
    const size = sizeOf(last);
    // Kill right after an acknowledged add: the acknowledgement means it was committed.
    expect((await add(w, request(size, checkpoint(size + 1)))).status).toBe(200);
    await w.kill9();
    w = await startWitness(args(), { DATABASE_URL: databaseUrl });
    running.push(w);
    expect(w.vkey).toBe(encodeVerifierKey("w1.vigil.test", witness.publicKey, COSIGNATURE_KEY_TYPE));
    expect(sizeOf((await served(w)).text)).toBe(size + 1);
    const r = await add(w, request(size, checkpoint(size + 2)));
    expect([r.status, r.text]).toEqual([409, `${size + 1}\n`]);
    expect((await add(w, request(size + 1, checkpoint(size + 2)))).status).toBe(200);
  });
});

// Two witness processes on one PostgreSQL database: the compare-and-swap, not the in-process queue,
// keeps them from both cosigning from one old size. Defined for PostgreSQL only (PGlite has one owner).
describe("two witness processes on one PostgreSQL database", () => {
  it("of concurrent requests from one old size sent to different processes, exactly one is cosigned; each sees the other's writes", async () => {
    const databaseUrl = await freshPostgres();
    const vkeys = ["--log-vkey", encodeVerifierKey(ORIGIN, logKey.publicKey), "--name", "w2.vigil.test"];
    const a = await startWitness(["--data", mkdtempSync(path.join(tmpdir(), "vigil-witness-a-")), ...vkeys], { DATABASE_URL: databaseUrl });
    running.push(a);
    const b = await startWitness(["--data", mkdtempSync(path.join(tmpdir(), "vigil-witness-b-")), ...vkeys], { DATABASE_URL: databaseUrl });
    running.push(b);
    expect((await add(a, request(0, checkpoint(2)))).status).toBe(200);
    // b has not read this origin yet; a has it cached. b advances it, then a must notice.
    expect((await add(b, request(2, checkpoint(4)))).status).toBe(200);
    expect((await add(a, request(4, checkpoint(6)))).status).toBe(200);
    const stale = await add(b, request(4, checkpoint(7)));
    expect([stale.status, stale.text]).toEqual([409, "6\n"]);
    for (let old = 6; old < 30; old += 4) {
      const [x, y] = await Promise.all([add(a, request(old, checkpoint(old + 2))), add(b, request(old, checkpoint(old + 4)))]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const won = x.status === 200 ? old + 2 : old + 4;
      expect(sizeOf((await served(a)).text)).toBe(won);
      if (won !== old + 4) expect((await add(b, request(won, checkpoint(old + 4)))).status).toBe(200);
    }
  });
});
