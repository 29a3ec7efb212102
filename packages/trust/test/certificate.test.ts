import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import {
  batchDigest,
  canonicalBytes,
  encodeCheckpoint,
  encodeVerifierKey,
  generateLogKey,
  hashLeaf,
  inclusionProof,
  rootFromLeafHashes,
  signCheckpoint,
  toBase64,
  toHex,
} from "@vigil/log";
import { CERTIFICATE_FORMAT, checkCertificate, statementHash, type Certificate, type StatementBody } from "../src/index.ts";

const ORIGIN = "test.example/log";
const b64url = (b: Uint8Array) => toBase64(b).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** A log of `size` entries with a statement at `at`, built with @vigil/log as the API builds it. */
function makeCertificate(size = 13, at = 7) {
  const log = generateLogKey();
  const publisherKey = ed25519.utils.randomSecretKey();
  const publisher = { code: "MEDIA-RL", name: "Riverland Broadcasting Group" };
  const text = "Drinking hot water does not cure the novel coronavirus.";
  const statement: StatementBody = {
    contract: "public-statement",
    sha256: statementHash(text),
    title: "Hot water is no cure",
    category: "health-advice",
    language: "en",
    sourceUrl: "https://news.example/hot-water",
    text,
    corrects: null,
    publisher,
  };
  const receivedAt = "2026-02-02T08:00:00.000Z";
  const payloads = Array.from({ length: size }, (_, i) =>
    i === at
      ? canonicalBytes({ v: 1, kind: "public-statement", department: publisher.code, receivedAt, body: statement })
      : canonicalBytes({ v: 1, kind: "other", department: null, receivedAt, body: { i } }),
  );
  const leaves = payloads.map((p) => hashLeaf(p));
  const note = signCheckpoint(encodeCheckpoint({ origin: ORIGIN, size, root: rootFromLeafHashes(leaves) }), { name: ORIGIN, privateKey: log.privateKey });
  const cert: Certificate = {
    format: CERTIFICATE_FORMAT,
    statement,
    publisher: { ...publisher, publicKeyJwk: { kty: "OKP", crv: "Ed25519", x: b64url(ed25519.getPublicKey(publisherKey)) } },
    entry: {
      index: at,
      payload: new TextDecoder().decode(payloads[at]),
      leafHash: toHex(leaves[at]!),
      signature: toHex(ed25519.sign(batchDigest([leaves[at]!]), publisherKey)),
      receivedAt,
    },
    inclusion: { treeSize: size, hashes: inclusionProof(at, leaves).map(toHex) },
    checkpoint: note,
    logVerifierKey: encodeVerifierKey(ORIGIN, log.publicKey),
  };
  return { cert, text };
}

/** Every string and number leaf of a JSON value, as a path. */
function leafPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === "string" || typeof v === "number") return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...path, i]));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...path, k]));
  return [];
}

/** The file with one character of its text changed (a digit stays a digit, so hex stays hex). */
function alterOneCharacter(json: string, position: number): string {
  const c = json[position]!;
  const replacement = c === "0" ? "1" : /[0-9a-f]/.test(c) ? "0" : c === "A" ? "B" : "A";
  return json.slice(0, position) + replacement + json.slice(position + 1);
}

describe("deposit certificates", () => {
  it("verifies a well-formed certificate, and the deposited text against it", () => {
    const { cert, text } = makeCertificate();
    const r = checkCertificate(JSON.parse(JSON.stringify(cert)), { content: text, logVerifierKey: cert.logVerifierKey });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.id)).toEqual(["statement", "leaf", "signature", "log-key", "checkpoint", "inclusion", "content"]);
    expect(r.statement?.title).toBe("Hot water is no cure");
    expect(r.receivedAt).toBe("2026-02-02T08:00:00.000Z");
  });

  it("fails when the text in hand is not the deposited one, or the log is not the expected one", () => {
    const { cert, text } = makeCertificate();
    const r = checkCertificate(cert, { content: `${text} `, logVerifierKey: encodeVerifierKey(ORIGIN, generateLogKey().publicKey) });
    expect(r.ok).toBe(false);
    expect(r.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(["log-key", "content"]);
  });

  it("fails with one altered character in any value of the file", () => {
    const { cert } = makeCertificate(21, 12);
    let tried = 0;
    for (const path of leafPaths(cert)) {
      const value = path.reduce<any>((o, k) => o[k], cert);
      const text = String(value);
      // Every position of short values; a spread of positions through long ones (payload, note).
      const positions = text.length <= 80 ? Array.from(text, (_, i) => i) : Array.from({ length: 40 }, (_, i) => Math.floor((i * (text.length - 1)) / 39));
      for (const pos of positions) {
        const altered = structuredClone(cert) as any;
        const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], altered);
        const last = path[path.length - 1]!;
        const changed = alterOneCharacter(text, pos);
        parent[last] = typeof value === "number" ? Number(changed) : changed;
        const r = checkCertificate(altered);
        expect(r.ok, `${path.join(".")}[${pos}]`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(500);
  });

  it("refuses things that are not certificates, naming why", () => {
    for (const bad of [null, 42, "x", {}, { format: CERTIFICATE_FORMAT }, { ...makeCertificate().cert, entry: { index: -1 } }]) {
      const r = checkCertificate(bad);
      expect(r.ok).toBe(false);
      expect(r.checks[0]!.id).toBe("format");
    }
  });
});
