import { readFileSync } from "node:fs";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import {
  COSIGNATURE_KEY_TYPE,
  checkCheckpoint,
  checkSignedNote,
  cosignedMessage,
  encodeCheckpoint,
  encodeVerifierKey,
  fromBase64,
  generateLogKey,
  keyId,
  openSignedNote,
  parseVerifierKey,
  signCheckpoint,
  signCosignature,
  toBase64,
  type NoteSigner,
  type NoteVerifier,
} from "../src/index.ts";

const vector = (name: string) => readFileSync(new URL(`./vectors/sunlight/${name}`, import.meta.url), "utf8");
const utf8 = (s: string) => new TextEncoder().encode(s);

/** sunlight's gen.go: newCosigner(name, seed) = ed25519.NewKeyFromSeed(SHA-256(seed)), fixed timestamp 1767139200. */
const SUNLIGHT_TIME = 1767139200;
const cosigners = [
  {
    file: "witness-checkpoint",
    name: "witness.example.org",
    seed: "skylight test witness key",
    vkey: "witness.example.org+b8a2cf20+BFLN3yikSfFkVAJtrnh/CiY3Zozkoy7clp+P7XB28qUN",
  },
  {
    file: "witness2-checkpoint",
    name: "witness2.example.org",
    seed: "skylight test witness2 key",
    vkey: "witness2.example.org+2e55b896+BIZ7fpceQWd60IfqQeS9IAnmNOCZjMDne8lZuguz/bi9",
  },
  {
    file: "mirror-checkpoint",
    name: "mirror.example.org",
    seed: "skylight test mirror key",
    vkey: "mirror.example.org+3fb148ef+BAAjjch9GyYz0sJsJx7ALhbdAtz2ov0unbzSl1vMp94O",
  },
];

/** Splits a note into its body and signature lines (each with its newline). */
function split(note: string): { body: string; lines: string[] } {
  const at = note.lastIndexOf("\n\n");
  return { body: note.slice(0, at + 1), lines: note.slice(at + 2).split(/(?<=\n)/) };
}

describe("tlog-cosignature v1 against sunlight's published vectors", () => {
  for (const c of cosigners) {
    const signer: NoteSigner = { name: c.name, privateKey: sha256(utf8(c.seed)) };

    it(`${c.name}: the vkey parses as type 0x04 and re-encodes from the seed's public key`, () => {
      const v = parseVerifierKey(c.vkey);
      expect(v?.type).toBe(COSIGNATURE_KEY_TYPE);
      expect(v?.name).toBe(c.name);
      const vkey = encodeVerifierKey(c.name, (v as NoteVerifier).publicKey, COSIGNATURE_KEY_TYPE);
      expect(vkey).toBe(c.vkey);
      // The key ID is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4], not the 0x01 one.
      const pk = (v as NoteVerifier).publicKey;
      expect(keyId(c.name, pk, COSIGNATURE_KEY_TYPE).toString(16).padStart(8, "0")).toBe(c.vkey.split("+")[1]);
      expect(keyId(c.name, pk)).not.toBe(keyId(c.name, pk, COSIGNATURE_KEY_TYPE));
    });

    it(`${c.name}: signCosignature reproduces the published line byte for byte`, () => {
      const { body, lines } = split(vector(c.file));
      const line = lines.find((l) => l.startsWith(`— ${c.name} `));
      expect(signCosignature(body, signer, SUNLIGHT_TIME)).toBe(line);
    });

    it(`${c.name}: openSignedNote verifies the cosignature with the 0x04 verifier and reports its timestamp`, () => {
      const note = vector(c.file);
      const opened = openSignedNote(note, [parseVerifierKey(c.vkey) as NoteVerifier]);
      expect(opened?.verified.map((s) => [s.name, s.timestamp])).toEqual([[c.name, SUNLIGHT_TIME]]);
      // The log's own signature (RFC 6962, type 0x05), where present, is someone else's: ignored and reported.
      expect(opened?.unverified.length).toBe(split(note).lines.length - 1);
    });
  }

  it("a 0x01 verifier for the same key does not accept the cosignature (different key ID)", () => {
    const v = parseVerifierKey(cosigners[0].vkey) as NoteVerifier;
    const plain = { name: v.name, publicKey: v.publicKey };
    const r = checkSignedNote(vector(cosigners[0].file), [plain]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("unknown-key");
  });

  it("parses transparency-dev/formats' vkeys: a live witness's 0x04 key and a 0x01 key", () => {
    expect(parseVerifierKey("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2")).toMatchObject({ name: "remora.n621.de", type: 0x04 });
    expect(parseVerifierKey("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6")).toMatchObject({ name: "TEST", type: 0x01 });
    // Their "invalid algo" and "incorrect keyhash" cases.
    expect(parseVerifierKey("rekor.sigstore.dev+12345678+AwEB")).toBeNull();
    expect(parseVerifierKey("remora.n621.de+00000000+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2")).toBeNull();
    // The right key ID for the wrong type byte.
    const pk = (parseVerifierKey("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2") as NoteVerifier).publicKey;
    expect(parseVerifierKey(`remora.n621.de+da77ade7+${toBase64(new Uint8Array([1, ...pk]))}`)).toBeNull();
  });
});

describe("tlog-cosignature v1 layout (C2SP tlog-cosignature.md)", () => {
  const log = generateLogKey();
  const witness = generateLogKey();
  const origin = "example.com/behind-the-sofa";
  const body = encodeCheckpoint({ origin, size: 20852163, root: fromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="), extensions: ["ext one"] });
  const signed = signCheckpoint(body, { name: origin, privateKey: log.privateKey });
  const signer: NoteSigner = { name: "witness.example.com/w1", privateKey: witness.privateKey };
  const verifier = parseVerifierKey(encodeVerifierKey(signer.name, witness.publicKey, COSIGNATURE_KEY_TYPE)) as NoteVerifier;
  const ts = 1679315147;
  const line = signCosignature(body, signer, ts);

  it("is `— <name> base64(key ID ‖ u64be timestamp ‖ Ed25519 signature)` over the spec's message", async () => {
    const { ed25519 } = await import("@noble/curves/ed25519.js");
    expect(line.startsWith("— witness.example.com/w1 ") && line.endsWith("\n")).toBe(true);
    const blob = fromBase64(line.slice("— witness.example.com/w1 ".length, -1));
    expect(blob.length).toBe(4 + 8 + 64);
    const view = new DataView(blob.buffer);
    expect(view.getUint32(0)).toBe(keyId(signer.name, witness.publicKey, COSIGNATURE_KEY_TYPE));
    expect(view.getBigUint64(4)).toBe(BigInt(ts));
    const message = `cosignature/v1\ntime 1679315147\n${body}`;
    expect(new TextDecoder().decode(cosignedMessage(body, ts))).toBe(message);
    expect(ed25519.verify(blob.slice(12), utf8(message), witness.publicKey)).toBe(true);
  });

  it("verifies next to the log's signature; each is checked with its own type", () => {
    const opened = openSignedNote(signed + line, [{ name: origin, publicKey: log.publicKey }, verifier]);
    expect(opened?.verified.map((s) => [s.name, s.timestamp])).toEqual([
      [origin, undefined],
      [signer.name, ts],
    ]);
  });

  it("rejects a changed timestamp, a changed extension line, and a cosignature presented as a plain signature", () => {
    const blob = fromBase64(line.slice("— witness.example.com/w1 ".length, -1));
    const later = blob.slice();
    new DataView(later.buffer).setBigUint64(4, BigInt(ts + 1));
    const r1 = checkSignedNote(`${signed}— ${signer.name} ${toBase64(later)}\n`, [verifier]);
    expect(r1.ok ? "ok" : r1.error.kind).toBe("bad-signature");
    const r2 = checkSignedNote((signed + line).replace("ext one", "ext two"), [verifier]);
    expect(r2.ok ? "ok" : r2.error.kind).toBe("bad-signature");
    // A timestamp with the top bit set exceeds 2^63 − 1.
    const huge = blob.slice();
    new DataView(huge.buffer).setBigUint64(4, 1n << 63n);
    const r3 = checkSignedNote(`${signed}— ${signer.name} ${toBase64(huge)}\n`, [verifier]);
    expect(r3.ok ? "ok" : r3.error.kind).toBe("bad-signature");
    // A plain 0x01 note signature by the witness key is not a cosignature.
    const plain = signCheckpoint(body, signer);
    const r4 = checkSignedNote(plain, [verifier]);
    expect(r4.ok ? "ok" : r4.error.kind).toBe("unknown-key");
  });

  it("a cosigner key is never taken for the log's key by checkCheckpoint", () => {
    const asLog = { ...verifier, name: origin };
    const r = checkCheckpoint(signed + signCosignature(body, { name: origin, privateKey: witness.privateKey }, ts), asLog);
    expect(r.ok ? "ok" : r.error.kind).toBe("unknown-key");
  });

  it("refuses to sign what is not a checkpoint, or with a bad timestamp", () => {
    expect(() => signCosignature("not a checkpoint\n", signer, ts)).toThrow(TypeError);
    expect(() => signCosignature(body, signer, -1)).toThrow(RangeError);
    expect(() => signCosignature(body, signer, 1.5)).toThrow(RangeError);
    expect(() => signCosignature(body, { name: "bad name", privateKey: witness.privateKey }, ts)).toThrow(TypeError);
  });
});
