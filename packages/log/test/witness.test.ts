import { describe, expect, it } from "vitest";
import {
  checkAddCheckpoint,
  consistencyProof,
  encodeAddCheckpointRequest,
  encodeCheckpoint,
  generateLogKey,
  openSignedNote,
  parseAddCheckpointRequest,
  rootFromLeafHashes,
  signCheckpoint,
  signCosignature,
  witnessedNote,
  COSIGNATURE_KEY_TYPE,
  type AddCheckpointRequest,
  type NoteVerifier,
  type WitnessedHead,
} from "../src/index.ts";
import { makeLeafHashes } from "./helpers.ts";

// The pure half of tlog-witness add-checkpoint; apps/node/test/witness.test.ts runs the same rules over HTTP.
const origin = "example.com/log";
const key = generateLogKey();
const trusted = (o: string): NoteVerifier[] | undefined => (o === origin ? [{ name: origin, publicKey: key.publicKey }] : undefined);
const leaves = makeLeafHashes(20);
const note = (size: number, root = rootFromLeafHashes(leaves.slice(0, size))) =>
  signCheckpoint(encodeCheckpoint({ origin, size, root }), { name: origin, privateKey: key.privateKey });
const req = (old: number, size: number, proof = consistencyProof(old, leaves.slice(0, size))): AddCheckpointRequest => ({
  oldSize: old,
  proof,
  note: note(size),
});
const at = (size: number): WitnessedHead => ({ size, root: rootFromLeafHashes(leaves.slice(0, size)) });
const status = (r: AddCheckpointRequest, head: WitnessedHead | null) => {
  const c = checkAddCheckpoint(r, trusted, () => head);
  return c.ok ? 200 : c.error.status;
};

describe("tlog-witness add-checkpoint decisions", () => {
  it("round-trips the request body and rejects bad framing with 400", () => {
    const r = req(5, 9);
    const parsed = parseAddCheckpointRequest(encodeAddCheckpointRequest(r));
    expect(parsed.ok && parsed.request).toEqual(r);
    for (const body of ["old 5\n", "old -1\n\nx", "old 5 \n\nx", "Old 5\n\nx", `old 0\n${"AAAA\n"}\nx`, `old 0\n${`${"A".repeat(43)}=\n`.repeat(64)}\nx`]) {
      const p = parseAddCheckpointRequest(body);
      expect([body.slice(0, 12), p.ok ? 200 : p.error.status]).toEqual([body.slice(0, 12), 400]);
    }
  });

  it("applies the spec's order: 404 before 403 before 400 (old > size) before 409 before 422", () => {
    const stranger = generateLogKey();
    const foreign = signCheckpoint(encodeCheckpoint({ origin: "other/log", size: 3, root: leaves[0] }), { name: "other/log", privateKey: stranger.privateKey });
    expect(status({ oldSize: 99, proof: [leaves[0]], note: foreign }, at(5))).toBe(404);
    const forged = signCheckpoint(encodeCheckpoint({ origin, size: 3, root: leaves[0] }), { name: origin, privateKey: stranger.privateKey });
    expect(status({ oldSize: 99, proof: [], note: forged }, at(5))).toBe(403);
    expect(status({ oldSize: 10, proof: [], note: note(9) }, at(5))).toBe(400);
    expect(status(req(4, 9), at(5))).toBe(409);
    expect(status({ ...req(5, 9), proof: [] }, at(5))).toBe(422);
    expect(status(req(5, 9), at(5))).toBe(200);
    expect(status(req(0, 9), null)).toBe(200);
    expect(status({ oldSize: 0, proof: [leaves[0]], note: note(9) }, null)).toBe(422);
    expect(status({ oldSize: 5, proof: [], note: note(5, leaves[3]) }, at(5))).toBe(422);
    expect(status({ oldSize: 0, proof: [], note: note(0, leaves[3]) }, null)).toBe(422);
    const r = checkAddCheckpoint(req(2, 9), trusted, () => at(5));
    expect(!r.ok && r.error.kind === "old-size-mismatch" && r.error.size).toBe(5);
  });

  it("witnessedNote keeps the verified log signature and adds the cosignature", () => {
    const r = checkAddCheckpoint(req(5, 9), trusted, () => at(5));
    if (!r.ok) throw new Error(r.error.message);
    const w = generateLogKey();
    const line = signCosignature(r.accepted.body, { name: "w", privateKey: w.privateKey }, 1);
    const served = witnessedNote(r.accepted, line);
    const opened = openSignedNote(served, [...(trusted(origin) ?? []), { name: "w", publicKey: w.publicKey, type: COSIGNATURE_KEY_TYPE }]);
    expect(opened?.verified.map((s) => s.name)).toEqual([origin, "w"]);
    expect(opened?.unverified).toEqual([]);
  });
});
