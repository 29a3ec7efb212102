import { describe, expect, it } from "vitest";
import {
  encodeCheckpoint,
  encodeVerifierKey,
  fromBase64,
  generateLogKey,
  keyId,
  openSignedNote,
  parseCheckpoint,
  parseVerifierKey,
  publicKeyFromPrivateKey,
  signCheckpoint,
  signNote,
  toBase64,
  toHex,
  verifyCheckpoint,
  type NoteSigner,
  type NoteVerifier,
} from "../src/index.ts";
import { makeLog } from "./helpers.ts";

// Interop vectors from golang.org/x/mod/sumdb/note (note_test.go), the reference
// implementation of C2SP signed-note, and the C2SP tlog-checkpoint example.
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

const peter = parseVerifierKey(PETER_VKEY) as NoteVerifier;
const enoch = parseVerifierKey(ENOCH_VKEY) as NoteVerifier;
/** Go's private key string is "PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ seed)". */
const peterSigner: NoteSigner = { name: "PeterNeumann", privateKey: fromBase64(PETER_SKEY.split("+").slice(4).join("+")).slice(1) };

/** Insert text at a UTF-16 offset (Go's tests splice at byte 60; the em dash is 3 bytes there, 1 unit here). */
const splice = (s: string, at: number, insert: string) => s.slice(0, at) + insert + s.slice(at);

describe("note keys", () => {
  it("parses and re-encodes the Go verifier keys, with the published key IDs", () => {
    expect(peter.name).toBe("PeterNeumann");
    expect(keyId(peter.name, peter.publicKey)).toBe(0xc74f20a3);
    expect(encodeVerifierKey(peter.name, peter.publicKey)).toBe(PETER_VKEY);
    expect(keyId(enoch.name, enoch.publicKey)).toBe(0xaf0cfe78);
    expect(encodeVerifierKey(enoch.name, enoch.publicKey)).toBe(ENOCH_VKEY);
    expect(toHex(publicKeyFromPrivateKey(peterSigner.privateKey))).toBe(toHex(peter.publicKey));
  });

  it("rejects every substring and every single-character change of a verifier key (TestNewVerifier)", () => {
    const accepted: string[] = [];
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if ((i !== 0 || j !== PETER_VKEY.length) && parseVerifierKey(PETER_VKEY.slice(i, j)) !== null) accepted.push(PETER_VKEY.slice(i, j));
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const changed = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      if (parseVerifierKey(changed) !== null) accepted.push(changed);
    }
    expect(accepted).toEqual([]);
    // Wrong key length and unknown algorithm, each with a key ID adjusted to match.
    expect(parseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")).toBeNull();
    expect(parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toBeNull();
  });

  it("generates fresh Ed25519 key pairs that round-trip through a verifier key", () => {
    const a = generateLogKey();
    const b = generateLogKey();
    expect(a.privateKey).toHaveLength(32);
    expect(a.publicKey).toHaveLength(32);
    expect(toHex(a.privateKey)).not.toBe(toHex(b.privateKey));
    expect(toHex(publicKeyFromPrivateKey(a.privateKey))).toBe(toHex(a.publicKey));
    const vkey = encodeVerifierKey("vigil.example/log", a.publicKey);
    expect(vkey).toMatch(/^vigil\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(parseVerifierKey(vkey)).toEqual({ name: "vigil.example/log", publicKey: a.publicKey, type: 0x01 });
  });

  it("parses verifier keys whose base64 contains '+' (the field separator)", () => {
    // Bytes 0xfb put "+" characters into the base64 part.
    const publicKey = new Uint8Array(32).fill(0xfb);
    const vkey = encodeVerifierKey("log", publicKey);
    expect(vkey.split("+").length).toBeGreaterThan(3);
    expect(parseVerifierKey(vkey)).toEqual({ name: "log", publicKey, type: 0x01 });
  });

  it.each(["", "has space", "has+plus", "tab\there", "new\nline"])("refuses key name %j", (name) => {
    expect(() => keyId(name, new Uint8Array(32))).toThrow(TypeError);
    expect(() => encodeVerifierKey(name, new Uint8Array(32))).toThrow(TypeError);
  });
});

describe("signed notes (golang.org/x/mod/sumdb/note vectors)", () => {
  it("signs byte-for-byte like the Go implementation (TestSign)", () => {
    expect(signNote(TEXT, peterSigner)).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it("verifies known keys and reports the rest as unverified (TestOpen)", () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    const one = openSignedNote(note, [peter]);
    expect(one?.text).toBe(TEXT);
    expect(one?.verified.map((s) => [s.name, s.keyId])).toEqual([["PeterNeumann", 0xc74f20a3]]);
    expect(one?.unverified.map((s) => [s.name, s.keyId])).toEqual([["EnochRoot", 0xaf0cfe78]]);

    const both = openSignedNote(note, [peter, enoch]);
    expect(both?.verified.map((s) => s.name)).toEqual(["PeterNeumann", "EnochRoot"]);
    expect(both?.unverified).toEqual([]);

    expect(openSignedNote(note, [])).toBeNull();
    expect(openSignedNote(new TextEncoder().encode(note), [peter])?.text).toBe(TEXT);
  });

  it("rejects the note when a known key's signature is invalid", () => {
    expect(openSignedNote(`${TEXT}\n${splice(PETER_SIG, 58, "ABCD")}`, [peter])).toBeNull();
    const flipped = PETER_SIG.replace("x08go", "x08gp");
    expect(openSignedNote(`${TEXT}\n${flipped}`, [peter])).toBeNull();
    expect(openSignedNote(`${TEXT.replace("answer", "Answer")}\n${PETER_SIG}`, [peter])).toBeNull();
  });

  it("de-duplicates repeated signatures and ignores a bad signature from an unknown key", () => {
    const enochBad = splice(ENOCH_SIG, 58, "ABCD");
    const opened = openSignedNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochBad}`, [peter]);
    expect(opened?.verified.map((s) => s.name)).toEqual(["PeterNeumann"]);
    expect(opened?.unverified).toHaveLength(2);
  });

  it("rejects more than 100 signature lines", () => {
    expect(openSignedNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter])).toBeNull();
    expect(openSignedNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter])).not.toBeNull();
  });

  it.each([
    ["no signatures", TEXT],
    ["blank line but no signatures", `${TEXT}\n`],
    ["signature line without newline", `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ["control character", `\u0001${TEXT}\n${PETER_SIG}`],
    ["name with a space", `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ["unexpected trailing line", `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ["hyphen instead of em dash", `${TEXT}\n${PETER_SIG.replace("—", "-")}`],
    ["CRLF line endings", `${TEXT}\n${PETER_SIG}`.replaceAll("\n", "\r\n")],
  ])("rejects a malformed note: %s", (_, note) => {
    expect(openSignedNote(note, [peter])).toBeNull();
  });

  it("never throws on hostile input", () => {
    const inputs: unknown[] = [null, undefined, 42, {}, new Uint8Array([0xff, 0xfe, 0x0a]), "\ud800\n\n— a b\n"];
    for (const input of inputs) {
      expect(openSignedNote(input as string, [peter])).toBeNull();
      expect(openSignedNote(`${TEXT}\n${PETER_SIG}`, input as NoteVerifier[])).toBeNull();
      expect(verifyCheckpoint(input as string, peter)).toBeNull();
    }
    expect(openSignedNote(`${TEXT}\n${PETER_SIG}`, [{ name: "PeterNeumann", publicKey: new Uint8Array(3) }])).toBeNull();
  });

  it("refuses to sign text that is not a valid note body", () => {
    expect(() => signNote("no trailing newline", peterSigner)).toThrow(TypeError);
    expect(() => signNote("bell \u0007\n", peterSigner)).toThrow(TypeError);
    expect(() => signNote(TEXT, { name: "bad name", privateKey: peterSigner.privateKey })).toThrow(TypeError);
    expect(() => signNote(TEXT, { name: "x", privateKey: new Uint8Array(31) })).toThrow(TypeError);
    expect(() => signNote(TEXT, [])).toThrow(TypeError);
  });
});

describe("checkpoints (C2SP tlog-checkpoint)", () => {
  const log = makeLog(20);
  const ORIGIN = "vigil.example/log";

  it("parses the C2SP example body", () => {
    const body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    const cp = parseCheckpoint(body);
    expect(cp?.origin).toBe("example.com/behind-the-sofa");
    expect(cp?.size).toBe(20852163);
    expect(toBase64(cp!.root)).toBe("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    expect(cp?.extensions).toEqual([]);
    expect(encodeCheckpoint(cp!)).toBe(body);
  });

  it("encodes origin, decimal size and base64 root, one per line, and round-trips extensions", () => {
    const body = encodeCheckpoint({ origin: ORIGIN, size: 20, root: log.roots[20], extensions: ["ext one", "two"] });
    expect(body).toBe(`${ORIGIN}\n20\n${toBase64(log.roots[20])}\next one\ntwo\n`);
    const cp = parseCheckpoint(body);
    expect(cp).toEqual({ origin: ORIGIN, size: 20, root: log.roots[20], extensions: ["ext one", "two"] });
    expect(encodeCheckpoint({ origin: ORIGIN, size: 0, root: log.roots[0] })).toBe(`${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`);
  });

  const root = toBase64(new Uint8Array(32));
  it.each([
    ["leading zero", `o\n012\n${root}\n`],
    ["negative size", `o\n-1\n${root}\n`],
    ["exponent size", `o\n1e3\n${root}\n`],
    ["size with a space", `o\n 5\n${root}\n`],
    ["size beyond 2^53", `o\n9007199254740992\n${root}\n`],
    ["unpadded root", `o\n5\n${root.replace("=", "")}\n`],
    ["31-byte root", `o\n5\n${toBase64(new Uint8Array(31))}\n`],
    ["hex root", `o\n5\n${"00".repeat(32)}\n`],
    ["missing final newline", `o\n5\n${root}`],
    ["only two lines", `o\n5\n`],
    ["empty origin", `\n5\n${root}\n`],
    ["empty extension line (a signed note, not a body)", `o\n5\n${root}\n\n— o AAAA\n`],
    ["CRLF", `o\r\n5\r\n${root}\r\n`],
    ["control character", `o\u0000\n5\n${root}\n`],
  ])("parseCheckpoint rejects: %s", (_, text) => {
    expect(parseCheckpoint(text)).toBeNull();
  });

  it.each([
    ["empty origin", { origin: "", size: 1, root: log.roots[1] }],
    ["origin with newline", { origin: "a\nb", size: 1, root: log.roots[1] }],
    ["negative size", { origin: "o", size: -1, root: log.roots[1] }],
    ["fractional size", { origin: "o", size: 1.5, root: log.roots[1] }],
    ["short root", { origin: "o", size: 1, root: new Uint8Array(31) }],
    ["empty extension", { origin: "o", size: 1, root: log.roots[1], extensions: [""] }],
  ])("encodeCheckpoint refuses %s", (_, input) => {
    expect(() => encodeCheckpoint(input)).toThrow();
  });

  it("signs and verifies a checkpoint; any change to it or the wrong key is rejected", () => {
    const key = generateLogKey();
    const signer = { name: ORIGIN, privateKey: key.privateKey };
    const verifier = { name: ORIGIN, publicKey: key.publicKey };
    const body = encodeCheckpoint({ origin: ORIGIN, size: 7, root: log.roots[7] });
    const note = signCheckpoint(body, signer);
    expect(note.startsWith(`${body}\n— ${ORIGIN} `)).toBe(true);
    expect(note.endsWith("\n")).toBe(true);

    const cp = verifyCheckpoint(note, verifier);
    expect(cp).toEqual({ origin: ORIGIN, size: 7, root: log.roots[7], extensions: [] });
    expect(verifyCheckpoint(new TextEncoder().encode(note), verifier)?.size).toBe(7);

    expect(verifyCheckpoint(note.replace("\n7\n", "\n8\n"), verifier)).toBeNull();
    expect(verifyCheckpoint(note.replace(toBase64(log.roots[7]), toBase64(log.roots[8])), verifier)).toBeNull();
    expect(verifyCheckpoint(note, { name: ORIGIN, publicKey: generateLogKey().publicKey })).toBeNull();
    expect(verifyCheckpoint(note, { name: "other.example/log", publicKey: key.publicKey })).toBeNull();
  });

  it("requires the origin to match the key name unless another origin is expected", () => {
    const key = generateLogKey();
    const note = signCheckpoint(encodeCheckpoint({ origin: "go.sum database tree", size: 3, root: log.roots[3] }), {
      name: "sum.golang.org",
      privateKey: key.privateKey,
    });
    const verifier = { name: "sum.golang.org", publicKey: key.publicKey };
    expect(verifyCheckpoint(note, verifier)).toBeNull();
    expect(verifyCheckpoint(note, verifier, "go.sum database tree")?.size).toBe(3);
    expect(verifyCheckpoint(note, verifier, "another origin")).toBeNull();
  });

  it("supports cosigned checkpoints: either key verifies, the other signature is reported", () => {
    const logKey = generateLogKey();
    const witnessKey = generateLogKey();
    const body = encodeCheckpoint({ origin: ORIGIN, size: 20, root: log.roots[20] });
    const note = signCheckpoint(body, [
      { name: ORIGIN, privateKey: logKey.privateKey },
      { name: "witness.example", privateKey: witnessKey.privateKey },
    ]);
    expect(verifyCheckpoint(note, { name: ORIGIN, publicKey: logKey.publicKey })?.size).toBe(20);
    const opened = openSignedNote(note, [{ name: ORIGIN, publicKey: logKey.publicKey }]);
    expect(opened?.unverified.map((s) => s.name)).toEqual(["witness.example"]);
    const both = openSignedNote(note, [
      { name: ORIGIN, publicKey: logKey.publicKey },
      { name: "witness.example", publicKey: witnessKey.publicKey },
    ]);
    expect(both?.verified).toHaveLength(2);
  });

  it("refuses to sign a body that is not a checkpoint", () => {
    const key = generateLogKey();
    expect(() => signCheckpoint(TEXT, { name: ORIGIN, privateKey: key.privateKey })).toThrow(/not a valid checkpoint/);
  });
});
