import { describe, expect, it } from "vitest";
import {
  checkForkEvidence,
  consistencyProof,
  encodeCheckpoint,
  forkEvidence,
  generateLogKey,
  hashLeaf,
  parseCheckpoint,
  rootFromLeafHashes,
  signCheckpoint,
} from "../src/index.ts";

const ORIGIN = "vigil.example/log";
const key = generateLogKey();
const verifier = { name: ORIGIN, publicKey: key.publicKey };
const leaves = (tag: string, n: number) => Array.from({ length: n }, (_, i) => hashLeaf(new TextEncoder().encode(`${tag} ${i}`)));
const sign = (hashes: Uint8Array[]) =>
  signCheckpoint(encodeCheckpoint({ origin: ORIGIN, size: hashes.length, root: rootFromLeafHashes(hashes) }), { name: ORIGIN, privateKey: key.privateKey });
const open = (note: string) => parseCheckpoint(note.slice(0, note.indexOf("\n\n") + 1))!;

describe("fork evidence", () => {
  const honest = leaves("entry", 20);
  const rewritten = [...honest.slice(0, 7), ...leaves("other", 13)];

  it("proves two roots signed for one size with the two notes alone", () => {
    const a = sign(honest);
    const b = sign(rewritten);
    const ev = forkEvidence([a, b], [open(a), open(b)]);
    const r = checkForkEvidence(JSON.parse(JSON.stringify(ev)), verifier);
    expect(r.ok && r.size).toBe(20);
  });

  it("proves a larger tree whose prefix is not the smaller signed tree, with a consistency proof from the mirror's leaves", () => {
    const small = sign(honest.slice(0, 12)); // what the mirror holds
    const large = sign([...rewritten, ...leaves("more", 5)]); // what the log serves later
    const largeLeaves = [...rewritten, ...leaves("more", 5)];
    const ev = forkEvidence([small, large], [open(small), open(large)], (n) => ({
      prefixRoot: rootFromLeafHashes(largeLeaves.slice(0, n)),
      proof: consistencyProof(n, largeLeaves),
    }));
    const r = checkForkEvidence(ev, verifier);
    expect(r.ok && r.size).toBe(12);
  });

  it("refuses what is not a fork, a bad proof, a foreign key and junk, each with its kind", () => {
    const small = sign(honest.slice(0, 12));
    const large = sign(honest);
    const consistent = forkEvidence([small, large], [open(small), open(large)], (n) => ({
      prefixRoot: rootFromLeafHashes(honest.slice(0, n)),
      proof: consistencyProof(n, honest),
    }));
    expect(checkForkEvidence(consistent, verifier)).toMatchObject({ ok: false, error: { kind: "not-a-fork" } });
    expect(checkForkEvidence(forkEvidence([large, large], [open(large), open(large)]), verifier)).toMatchObject({ ok: false, error: { kind: "not-a-fork" } });
    // A made-up prefix root that the proof does not tie to the larger checkpoint.
    const forged = { ...consistent, prefixRoot: consistent.prefixRoot!.replace(/^./, (c) => (c === "0" ? "1" : "0")) };
    expect(checkForkEvidence(forged, verifier)).toMatchObject({ ok: false, error: { kind: "bad-proof" } });
    const other = generateLogKey();
    expect(checkForkEvidence(consistent, { name: ORIGIN, publicKey: other.publicKey })).toMatchObject({
      ok: false,
      error: { kind: "bad-checkpoint", which: 0 },
    });
    expect(checkForkEvidence({ format: "x" }, verifier)).toMatchObject({ ok: false, error: { kind: "malformed-evidence" } });
    expect(checkForkEvidence({ ...consistent, proof: undefined }, verifier)).toMatchObject({ ok: false, error: { kind: "malformed-evidence" } });
    expect(checkForkEvidence(null, verifier)).toMatchObject({ ok: false, error: { kind: "malformed-evidence" } });
  });
});
