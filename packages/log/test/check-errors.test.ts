import { describe, expect, it } from "vitest";
import {
  AUDIT_PROBLEM_KINDS,
  checkCheckpoint,
  checkCheckpointBody,
  checkConsistency,
  checkInclusion,
  checkSignedNote,
  consistencyProof,
  emptyRoot,
  encodeCheckpoint,
  generateLogKey,
  hashLeaf,
  inclusionProof,
  isAuditProblemKind,
  keyId,
  parseVerifierKey,
  rootFromLeafHashes,
  signCheckpoint,
  signNote,
  toBase64,
  toHex,
  verifyConsistency,
  verifyInclusion,
  type NoteVerifier,
  type ProofCheck,
  type ProofErrorKind,
} from "../src/index.ts";
import { EMPTY_TREE_HASH, SOME_HASH, consistencyProbes, inclusionProbes } from "./corrupt.ts";
import { LEAF_INPUTS, flip, makeLog } from "./helpers.ts";

// Each failure kind, produced by one concrete corruption of the RFC 6962 reference tree
// (transparency-dev/merkle testonly: 8 leaves), then by every probe in corrupt.ts.

const leaves = LEAF_INPUTS.map(hashLeaf);
const root = (size: number) => rootFromLeafHashes(leaves.slice(0, size));
const hex = (b: Uint8Array) => toHex(b);

/** The error of a failed check, or a test failure if it passed. */
function errorOf(r: ProofCheck) {
  if (r.ok) throw new Error("expected the check to fail");
  return r.error;
}

describe("checkInclusion says why (leaf 2 of the 8-leaf tree)", () => {
  const proof = inclusionProof(2, leaves);
  const good = { leaf: leaves[2], index: 2, size: 8, proof, root: root(8) };
  const check = (c: Partial<typeof good>) => {
    const a = { ...good, ...c };
    const r = checkInclusion(a.leaf, a.index, a.size, a.proof, a.root);
    expect(verifyInclusion(a.leaf, a.index, a.size, a.proof, a.root)).toBe(r.ok);
    return r;
  };

  it("accepts the genuine proof", () => {
    expect(check({})).toEqual({ ok: true });
  });

  it("index-out-of-range: index 8 of a tree of size 8", () => {
    expect(errorOf(check({ index: 8 }))).toMatchObject({ kind: "index-out-of-range", index: 8, treeSize: 8 });
  });

  it("wrong-proof-size: a trailing hash, a removed element, the proof for half the tree", () => {
    expect(errorOf(check({ proof: [...proof, SOME_HASH] }))).toMatchObject({ kind: "wrong-proof-size", expected: 3, actual: 4 });
    expect(errorOf(check({ proof: proof.slice(0, -1) }))).toMatchObject({ kind: "wrong-proof-size", expected: 3, actual: 2 });
    expect(errorOf(check({ size: 4, root: root(4) }))).toMatchObject({ kind: "wrong-proof-size", expected: 2, actual: 3 });
  });

  it("root-mismatch: a flipped sibling, a wrong leaf, a wrong root, the neighbouring index; with expected and computed hex", () => {
    const flipped = errorOf(check({ proof: flip(proof, 1, 8) }));
    expect(flipped).toMatchObject({ kind: "root-mismatch", root: "root", expected: hex(root(8)) });
    if (flipped.kind !== "root-mismatch") throw new Error("narrowing");
    expect(flipped.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(flipped.actual).not.toBe(flipped.expected);
    expect(flipped.message).toContain(flipped.actual);

    expect(errorOf(check({ leaf: SOME_HASH }))).toMatchObject({ kind: "root-mismatch", expected: hex(root(8)) });
    // A wrong trusted root: the proof still computes the genuine root, which is what `actual` shows.
    expect(errorOf(check({ root: EMPTY_TREE_HASH }))).toMatchObject({ kind: "root-mismatch", expected: hex(EMPTY_TREE_HASH), actual: hex(root(8)) });
    expect(errorOf(check({ index: 3 }))).toMatchObject({ kind: "root-mismatch" });
  });

  it("malformed-input names the argument", () => {
    expect(errorOf(check({ leaf: new TextEncoder().encode("WrongLeaf") }))).toMatchObject({ kind: "malformed-input", argument: "leafHash" });
    expect(errorOf(check({ index: -1 }))).toMatchObject({ kind: "malformed-input", argument: "index" });
    expect(errorOf(check({ size: 2 ** 53 }))).toMatchObject({ kind: "malformed-input", argument: "treeSize" });
    expect(errorOf(check({ root: new Uint8Array(31) }))).toMatchObject({ kind: "malformed-input", argument: "root" });
    expect(errorOf(check({ proof: [proof[0], new Uint8Array(0), proof[2]] }))).toMatchObject({ kind: "malformed-input", argument: "proof[1]" });
    expect(errorOf(check({ proof: "proof" as unknown as Uint8Array[] }))).toMatchObject({ kind: "malformed-input", argument: "proof" });
  });

  it("reads a hostile proof's length only, never its elements, when the length is wrong", () => {
    const huge = new Proxy([] as Uint8Array[], { get: (t, k) => (k === "length" ? 2 ** 40 : Reflect.get(t, k)) });
    expect(errorOf(check({ proof: huge }))).toMatchObject({ kind: "wrong-proof-size", expected: 3, actual: 2 ** 40 });
  });
});

describe("checkConsistency says why (RFC 6962 reference tree)", () => {
  const check = (oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: Uint8Array[]) => {
    const r = checkConsistency(oldSize, newSize, oldRoot, newRoot, proof);
    expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(r.ok);
    return r;
  };
  const p3 = consistencyProof(3, leaves);
  const p4 = consistencyProof(4, leaves);

  it("accepts the genuine proofs, including the RFC's edge cases", () => {
    expect(check(3, 8, root(3), root(8), p3).ok).toBe(true);
    expect(check(4, 8, root(4), root(8), p4).ok).toBe(true);
    expect(check(0, 8, emptyRoot(), root(8), []).ok).toBe(true);
    expect(check(8, 8, root(8), root(8), []).ok).toBe(true);
  });

  it("size-out-of-order: from 8 back to 3", () => {
    expect(errorOf(check(8, 3, root(8), root(3), p3))).toMatchObject({ kind: "size-out-of-order", oldSize: 8, newSize: 3 });
  });

  it("wrong-proof-size: empty, trailing, truncated, and non-empty between equal sizes or from 0", () => {
    expect(errorOf(check(3, 8, root(3), root(8), []))).toMatchObject({ kind: "wrong-proof-size", expected: p3.length, actual: 0 });
    expect(errorOf(check(3, 8, root(3), root(8), [...p3, root(8)]))).toMatchObject({ kind: "wrong-proof-size", actual: p3.length + 1 });
    expect(errorOf(check(3, 8, root(3), root(8), p3.slice(1)))).toMatchObject({ kind: "wrong-proof-size", actual: p3.length - 1 });
    expect(errorOf(check(8, 8, root(8), root(8), [SOME_HASH]))).toMatchObject({ kind: "wrong-proof-size", expected: 0, actual: 1 });
    expect(errorOf(check(0, 8, emptyRoot(), root(8), [SOME_HASH]))).toMatchObject({ kind: "wrong-proof-size", expected: 0 });
  });

  it("root-mismatch names which root: old, new, equal sizes, the empty tree", () => {
    expect(errorOf(check(3, 8, SOME_HASH, root(8), p3))).toMatchObject({
      kind: "root-mismatch",
      root: "old-root",
      expected: hex(SOME_HASH),
      actual: hex(root(3)),
    });
    expect(errorOf(check(3, 8, root(3), SOME_HASH, p3))).toMatchObject({
      kind: "root-mismatch",
      root: "new-root",
      expected: hex(SOME_HASH),
      actual: hex(root(8)),
    });
    // Old size 4 is a power of two: the old root seeds the path, so a bad sibling only breaks the new root.
    expect(errorOf(check(4, 8, root(4), root(8), flip(p4, 0, 16)))).toMatchObject({ kind: "root-mismatch", root: "new-root" });
    expect(errorOf(check(8, 8, root(8), root(7), []))).toMatchObject({ kind: "root-mismatch", root: "new-root", expected: hex(root(8)), actual: hex(root(7)) });
    expect(errorOf(check(0, 8, SOME_HASH, root(8), []))).toMatchObject({ kind: "root-mismatch", root: "old-root", expected: hex(EMPTY_TREE_HASH) });
    expect(errorOf(check(0, 0, SOME_HASH, SOME_HASH, []))).toMatchObject({ kind: "root-mismatch", root: "old-root" });
  });

  it("malformed-input names the argument", () => {
    expect(errorOf(check(1.5, 8, root(3), root(8), p3))).toMatchObject({ kind: "malformed-input", argument: "oldSize" });
    expect(errorOf(check(3, Number.NaN, root(3), root(8), p3))).toMatchObject({ kind: "malformed-input", argument: "newSize" });
    expect(errorOf(check(3, 8, new Uint8Array(33), root(8), p3))).toMatchObject({ kind: "malformed-input", argument: "oldRoot" });
    expect(errorOf(check(3, 8, root(3), root(8), [new Uint8Array(0), ...p3.slice(1)]))).toMatchObject({ kind: "malformed-input", argument: "proof[0]" });
  });
});

describe("every corruption probe fails with a kind from the closed union", () => {
  const KINDS: ProofErrorKind[] = ["malformed-input", "index-out-of-range", "size-out-of-order", "wrong-proof-size", "root-mismatch"];
  const log = makeLog(40);

  it("inclusion: all leaves of every size up to 40", () => {
    const seen = new Set<string>();
    for (let size = 1; size <= 40; size++) {
      for (let index = 0; index < size; index++) {
        const c = { leafHash: log.leaves[index], index, size, proof: inclusionProof(index, log.leaves.slice(0, size)), root: log.roots[size] };
        for (const { desc, args: a } of inclusionProbes(c)) {
          const r = checkInclusion(a.leafHash, a.index, a.size, a.proof, a.root);
          expect(r.ok, `${index}/${size} ${desc}`).toBe(false);
          if (!r.ok) {
            expect(KINDS).toContain(r.error.kind);
            seen.add(r.error.kind);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(["index-out-of-range", "malformed-input", "root-mismatch", "wrong-proof-size"]);
  });

  it("consistency: all pairs up to 40", () => {
    const seen = new Set<string>();
    for (let n = 2; n <= 40; n++) {
      for (let m = 1; m < n; m++) {
        const c = { oldSize: m, newSize: n, oldRoot: log.roots[m], newRoot: log.roots[n], proof: consistencyProof(m, log.leaves.slice(0, n)) };
        for (const { desc, args: a } of consistencyProbes(c)) {
          const r = checkConsistency(a.oldSize, a.newSize, a.oldRoot, a.newRoot, a.proof);
          expect(r.ok, `${m}->${n} ${desc}`).toBe(false);
          if (!r.ok) seen.add(r.error.kind);
        }
      }
    }
    expect([...seen].sort()).toEqual(["malformed-input", "root-mismatch", "size-out-of-order", "wrong-proof-size"]);
  });
});

// golang.org/x/mod/sumdb/note vectors (as in checkpoint.test.ts).
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const peter = parseVerifierKey(PETER_VKEY) as NoteVerifier;
const enoch = parseVerifierKey(ENOCH_VKEY) as NoteVerifier;

describe("checkSignedNote says why", () => {
  it("accepts the Go vector and returns the opened note", () => {
    const r = checkSignedNote(`${TEXT}\n${PETER_SIG}`, [peter]);
    expect(r.ok && r.note.text).toBe(TEXT);
  });

  it.each([
    ["no blank line", TEXT],
    ["no signature lines", `${TEXT}\n`],
    ["no final newline", `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ["a control character", `\u0001${TEXT}\n${PETER_SIG}`],
    ["a hyphen for the em dash", `${TEXT}\n${PETER_SIG.replace("—", "-")}`],
    ["101 signatures", `${TEXT}\n${PETER_SIG.repeat(101)}`],
  ])("malformed-note: %s", (_, note) => {
    expect(checkSignedNote(note, [peter])).toMatchObject({ ok: false, error: { kind: "malformed-note" } });
  });

  it("malformed-note: bytes that are not UTF-8", () => {
    expect(checkSignedNote(new Uint8Array([0xff, 0xfe, 0x0a]), [peter])).toMatchObject({
      ok: false,
      error: { kind: "malformed-note", message: expect.stringMatching(/UTF-8/) },
    });
  });

  it("bad-signature: a flipped signature byte, or edited text, under a trusted key", () => {
    const bad = { ok: false, error: { kind: "bad-signature", key: "PeterNeumann+c74f20a3" } };
    expect(checkSignedNote(`${TEXT}\n${PETER_SIG.replace("LLr8p", "LLr8q")}`, [peter])).toMatchObject(bad);
    // The first base64 characters are the key ID: changing them makes the signature some unknown key's.
    expect(checkSignedNote(`${TEXT}\n${PETER_SIG.replace("x08go", "x08gp")}`, [peter])).toMatchObject({ ok: false, error: { kind: "unknown-key" } });
    expect(checkSignedNote(`${TEXT.replace("answer", "Answer")}\n${PETER_SIG}`, [peter])).toMatchObject(bad);
  });

  it("unknown-key: signed, but not by a trusted key; lists who signed", () => {
    expect(checkSignedNote(`${TEXT}\n${PETER_SIG}`, [enoch])).toMatchObject({ ok: false, error: { kind: "unknown-key", keys: ["PeterNeumann+c74f20a3"] } });
    expect(checkSignedNote(`${TEXT}\n${PETER_SIG}`, [])).toMatchObject({ ok: false, error: { kind: "unknown-key" } });
  });

  it("ambiguous-key: two trusted keys with one name and key ID", () => {
    // Two 32-byte keys whose key IDs under the name "Twin" collide (38fdadbf), found by a birthday
    // search over SHA-256("vigil-collision-<i>"). No signature is checked: the ambiguity comes first.
    const a = fromHexKey("3b54a084f81c1088b7e7cd81207a291dfb733074bd0ae5697091e6ccae5911a1");
    const b = fromHexKey("6808046c9d11b23c6f0f1bcadea18dd90f075c864c3b02587e05242069f1d7c4");
    expect(keyId("Twin", a)).toBe(keyId("Twin", b));
    const blob = new Uint8Array(68);
    new DataView(blob.buffer).setUint32(0, keyId("Twin", a));
    const note = `${TEXT}\n— Twin ${toBase64(blob)}\n`;
    expect(
      checkSignedNote(note, [
        { name: "Twin", publicKey: a },
        { name: "Twin", publicKey: b },
      ]),
    ).toMatchObject({
      ok: false,
      error: { kind: "ambiguous-key", key: "Twin+38fdadbf" },
    });
  });
});

function fromHexKey(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
}

describe("checkCheckpoint says why", () => {
  const ORIGIN = "vigil.example/log";
  const key = generateLogKey();
  const signer = { name: ORIGIN, privateKey: key.privateKey };
  const verifier = { name: ORIGIN, publicKey: key.publicKey };
  const body = encodeCheckpoint({ origin: ORIGIN, size: 8, root: root(8) });
  const note = signCheckpoint(body, signer);

  it("returns the checkpoint when it verifies", () => {
    expect(checkCheckpoint(note, verifier)).toEqual({ ok: true, checkpoint: { origin: ORIGIN, size: 8, root: root(8), extensions: [] } });
  });

  it("bad-signature: the size edited after signing", () => {
    expect(checkCheckpoint(note.replace("\n8\n", "\n9\n"), verifier)).toMatchObject({ ok: false, error: { kind: "bad-signature" } });
  });

  it("unknown-key: signed by another key under the same name, or verified under another name", () => {
    expect(checkCheckpoint(note, { name: ORIGIN, publicKey: generateLogKey().publicKey })).toMatchObject({ ok: false, error: { kind: "unknown-key" } });
    expect(checkCheckpoint(note, { name: "other.example/log", publicKey: key.publicKey })).toMatchObject({ ok: false, error: { kind: "unknown-key" } });
  });

  it("origin-mismatch: a checkpoint of another log signed by this key", () => {
    const other = signCheckpoint(encodeCheckpoint({ origin: "go.sum database tree", size: 3, root: root(3) }), signer);
    expect(checkCheckpoint(other, verifier)).toMatchObject({ ok: false, error: { kind: "origin-mismatch", expected: ORIGIN, actual: "go.sum database tree" } });
    expect(checkCheckpoint(other, verifier, "go.sum database tree").ok).toBe(true);
  });

  it("malformed-checkpoint: a validly signed note that is not a checkpoint", () => {
    expect(checkCheckpoint(signNote(TEXT, signer), verifier)).toMatchObject({ ok: false, error: { kind: "malformed-checkpoint" } });
  });

  it("malformed-note: not a note at all", () => {
    expect(checkCheckpoint(body, verifier)).toMatchObject({ ok: false, error: { kind: "malformed-note" } });
  });

  const b64 = toBase64(root(8));
  it.each([
    ["a leading zero", `o\n08\n${b64}\n`, /leading zeros/],
    ["a size beyond 2^53", `o\n9007199254740993\n${b64}\n`, /2\^53/],
    ["unpadded base64", `o\n8\n${b64.replace(/=+$/, "")}\n`, /base64/],
    ["a 31-byte root", `o\n8\n${toBase64(new Uint8Array(31))}\n`, /31 bytes/],
    ["an empty line", `o\n8\n${b64}\n\n`, /empty line/],
    ["two lines", `o\n8\n`, /origin, a size and a root/],
    ["no final newline", `o\n8\n${b64}`, /newline/],
  ])("checkCheckpointBody names %s", (_, text, why) => {
    const r = checkCheckpointBody(text);
    expect(r).toMatchObject({ ok: false, error: { kind: "malformed-checkpoint" } });
    if (!r.ok) expect(r.error.message).toMatch(why);
  });
});

describe("audit problem kinds", () => {
  it("are a closed list with a guard", () => {
    expect(new Set(AUDIT_PROBLEM_KINDS).size).toBe(AUDIT_PROBLEM_KINDS.length);
    for (const k of AUDIT_PROBLEM_KINDS) expect(isAuditProblemKind(k)).toBe(true);
    expect(isAuditProblemKind("leaf-mismatch")).toBe(true);
    expect(isAuditProblemKind("Leaf-Mismatch")).toBe(false);
    expect(isAuditProblemKind(undefined)).toBe(false);
  });
});
