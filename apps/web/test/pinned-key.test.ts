// The portal's pinned log key: the browser checks proofs with the key the portal was built for, and a server
// that serves another key is flagged (its checkpoints then fail too, being signed by the other key).
import { describe, expect, it } from "vitest";
import { encodeCheckpoint, encodeVerifierKey, generateLogKey, hashLeaf, inclusionProof, rootFromLeafHashes, signCheckpoint, toHex } from "@vigil/log";
import { keyIdOf, logKeyInUse, pinnedKeyCheck } from "../lib/pinned-key";
import { verifyConsistencyProof, verifyEntryProof } from "../lib/verify";

const origin = "vigil.example/log";
const genuine = generateLogKey();
const impostor = generateLogKey();
const pinned = encodeVerifierKey(origin, genuine.publicKey);
const payloads = Array.from({ length: 7 }, (_, i) => JSON.stringify({ seq: i }));
const leaves = payloads.map((p) => hashLeaf(new TextEncoder().encode(p)));

/** An entry and its proof under a checkpoint signed by `signer`: what a server holding that key serves. */
function served(signer: typeof genuine, size = leaves.length) {
  const root = rootFromLeafHashes(leaves.slice(0, size));
  const note = signCheckpoint(encodeCheckpoint({ origin, size, root }), { name: origin, privateKey: signer.privateKey });
  const checkpoint = { size, rootHash: toHex(root), note };
  const entry = { index: 3, payload: payloads[3]!, leafHash: toHex(leaves[3]!) };
  const proof = { index: 3, treeSize: size, leafHash: entry.leafHash, hashes: inclusionProof(3, leaves.slice(0, size)).map(toHex), checkpoint };
  return { entry, proof, checkpoint, vkey: encodeVerifierKey(origin, signer.publicKey) };
}

describe("the portal's pinned log key", () => {
  it("uses the served key only when the portal has no pin", () => {
    const s = served(genuine);
    expect(logKeyInUse(s.vkey, null)).toEqual({ vkey: s.vkey, pinned: false, mismatch: false });
    expect(logKeyInUse(s.vkey, pinned)).toEqual({ vkey: pinned, pinned: true, mismatch: false });
    expect(pinnedKeyCheck(logKeyInUse(s.vkey, null), s.vkey)).toBeNull();
    expect(keyIdOf(pinned)).toBe(pinned.split("+")[1]);
    expect(keyIdOf("nonsense")).toBeNull();
  });

  it("verifies the genuine server's proof under the pin", () => {
    const s = served(genuine);
    const key = logKeyInUse(s.vkey, pinned);
    const r = verifyEntryProof(s.entry, s.proof, key.vkey, pinnedKeyCheck(key, s.vkey));
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(["pinned-key", "leaf", "checkpoint", "inclusion"]);
  });

  it("flags a server that serves another key, and fails its self-consistent proof", () => {
    const s = served(impostor);
    // Without the pin, the impostor's own key makes its own checkpoint look fine: the attack a pin stops.
    expect(verifyEntryProof(s.entry, s.proof, s.vkey).ok).toBe(true);
    const key = logKeyInUse(s.vkey, pinned);
    expect(key).toMatchObject({ vkey: pinned, mismatch: true });
    const r = verifyEntryProof(s.entry, s.proof, key.vkey, pinnedKeyCheck(key, s.vkey));
    expect(r.ok).toBe(false);
    const byId = Object.fromEntries(r.checks.map((c) => [c.id, c]));
    expect(byId["pinned-key"]).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/serves vigil\.example\/log \(key [0-9a-f]{8}\), but this portal was built for/),
    });
    expect(byId.checkpoint!.ok).toBe(false);
    expect(byId.inclusion!.ok).toBe(false);
  });

  it("checks consistency proofs with the pinned key too", () => {
    const a = served(impostor, 4);
    const b = served(impostor, 7);
    const p = { from: a.checkpoint, to: b.checkpoint, hashes: [] as string[] };
    const key = logKeyInUse(a.vkey, pinned);
    const r = verifyConsistencyProof(p, key.vkey, pinnedKeyCheck(key, a.vkey));
    expect(r.ok).toBe(false);
    expect(r.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["pinned-key", "from", "to", "consistency"]);
  });
});
