/**
 * Deposit certificates: a public statement's SHA-256, bound to its publisher's signature, its log entry, the
 * entry's inclusion proof and a signed checkpoint — SCITT's signed statement plus receipt, in one JSON file
 * anyone can keep and check offline (the CLI) or in a browser, with no account and no database. Every field of
 * the file is checked against something signed, so one altered character anywhere fails the check.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { batchDigest, canonicalJson, fromBase64, fromHex, hashLeaf, parseVerifierKey, toHex, verifyCheckpoint, verifyInclusion } from "@vigil/log";

export const CERTIFICATE_FORMAT = "vigil-deposit-certificate/1";
/** The log entry kind of a public statement. */
export const STATEMENT_KIND = "public-statement";

/** What the publisher deposits: the body of its `public-statement` entry. */
export interface StatementBody {
  contract: typeof STATEMENT_KIND;
  /** SHA-256 (hex) of the statement's text (UTF-8) or file, computed where the publisher holds it. */
  sha256: string;
  title: string;
  category: string;
  language: string;
  sourceUrl: string | null;
  /** The text itself, when the publisher chose to deposit it (a file is never uploaded, only its hash). */
  text: string | null;
  /** Entry index of the statement this one corrects. */
  corrects: number | null;
  publisher: { code: string; name: string };
}

export interface Certificate {
  format: typeof CERTIFICATE_FORMAT;
  statement: StatementBody;
  publisher: { code: string; name: string; publicKeyJwk: { kty: "OKP"; crv: "Ed25519"; x: string } };
  entry: { index: number; payload: string; leafHash: string; signature: string; receivedAt: string };
  inclusion: { treeSize: number; hashes: string[] };
  /** C2SP signed note of the log's checkpoint of `inclusion.treeSize` (cosigned once witnesses sign them). */
  checkpoint: string;
  /** C2SP verifier key of the log that signed the checkpoint. */
  logVerifierKey: string;
}

export interface CertificateCheckItem {
  id: "format" | "statement" | "leaf" | "signature" | "checkpoint" | "inclusion" | "log-key" | "content";
  label: string;
  ok: boolean;
  detail: string;
}

export interface CertificateCheck {
  ok: boolean;
  checks: CertificateCheckItem[];
  /** The statement as the signed entry says it, once the entry parses. */
  statement: StatementBody | null;
  receivedAt: string | null;
}

/** SHA-256 (hex) of a statement's text or file bytes: what the publisher deposits and the public recomputes. */
export function statementHash(content: string | Uint8Array): string {
  return toHex(sha256(typeof content === "string" ? new TextEncoder().encode(content) : content));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === "string";
const isIndex = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function hexOrNull(h: string): Uint8Array | null {
  try {
    return fromHex(h);
  } catch {
    return null;
  }
}

function base64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  const std = s.replace(/-/g, "+").replace(/_/g, "/");
  try {
    return fromBase64(std + "=".repeat((4 - (std.length % 4)) % 4));
  } catch {
    return null;
  }
}

/** The file's shape, or what is missing: a usage-level problem, reported as the "format" check. */
export function certificateShape(raw: unknown): Certificate | string {
  if (!isObj(raw)) return "not a JSON object";
  if (raw.format !== CERTIFICATE_FORMAT) return `format is not "${CERTIFICATE_FORMAT}"`;
  const { statement, publisher, entry, inclusion } = raw;
  if (!isObj(statement)) return "statement missing";
  if (!isObj(publisher) || !isStr(publisher.code) || !isStr(publisher.name) || !isObj(publisher.publicKeyJwk)) return "publisher missing or incomplete";
  if (!isObj(entry) || !isIndex(entry.index) || !isStr(entry.payload) || !isStr(entry.leafHash) || !isStr(entry.signature) || !isStr(entry.receivedAt))
    return "entry missing or incomplete";
  if (!isObj(inclusion) || !isIndex(inclusion.treeSize) || !Array.isArray(inclusion.hashes) || !inclusion.hashes.every(isStr))
    return "inclusion proof missing or incomplete";
  if (!isStr(raw.checkpoint) || !isStr(raw.logVerifierKey)) return "checkpoint or log verifier key missing";
  return raw as unknown as Certificate;
}

export interface CheckOptions {
  /** The text or file the certificate should be for: its SHA-256 must be the deposited one. */
  content?: string | Uint8Array;
  /** Pin the log: the certificate's verifier key must be this one (the portal passes the log's own key). */
  logVerifierKey?: string;
}

/**
 * Every check of a certificate, in order; each later check runs on what the earlier ones vouched for (the
 * inclusion proof leads to the *signed* root, the statement is read from the *hashed* payload).
 */
export function checkCertificate(raw: unknown, options: CheckOptions = {}): CertificateCheck {
  const checks: CertificateCheckItem[] = [];
  const done = (statement: StatementBody | null = null, receivedAt: string | null = null): CertificateCheck => ({
    ok: checks.length > 0 && checks.every((c) => c.ok),
    checks,
    statement,
    receivedAt,
  });
  const cert = certificateShape(raw);
  if (typeof cert === "string") {
    checks.push({ id: "format", label: "A deposit certificate", ok: false, detail: `This file is not a deposit certificate: ${cert}.` });
    return done();
  }

  // 1. The payload is the entry's canonical JSON; the statement and publisher in the file are exactly what it says.
  let payload: { v?: unknown; kind?: unknown; department?: unknown; receivedAt?: unknown; body?: unknown } | null = null;
  try {
    const parsed: unknown = JSON.parse(cert.entry.payload);
    if (isObj(parsed) && canonicalJson(parsed) === cert.entry.payload) payload = parsed;
  } catch {
    payload = null;
  }
  const body = payload && isObj(payload.body) ? (payload.body as unknown as StatementBody) : null;
  const mismatches = !payload
    ? ["the entry payload is not canonical JSON"]
    : [
        payload.kind !== STATEMENT_KIND && `the entry is a ${String(payload.kind)} entry, not a public statement`,
        payload.department !== cert.publisher.code && `the entry was submitted by ${String(payload.department)}, not ${cert.publisher.code}`,
        payload.receivedAt !== cert.entry.receivedAt && "the receipt time differs from the entry's",
        (!body || canonicalJson(body) !== canonicalJson(cert.statement)) && "the statement differs from the one in the entry",
        body && (body.publisher?.code !== cert.publisher.code || body.publisher?.name !== cert.publisher.name) && "the publisher differs from the entry's",
      ].filter((x): x is string => typeof x === "string");
  checks.push({
    id: "statement",
    label: "Statement and publisher are the logged ones",
    ok: mismatches.length === 0,
    detail: mismatches.length
      ? `Altered: ${mismatches.join("; ")}.`
      : `“${cert.statement.title}” by ${cert.publisher.name}, SHA-256 ${cert.statement.sha256.slice(0, 16)}….`,
  });

  // 2. The leaf hash is RFC 9162's hash of that payload.
  const leaf = hashLeaf(new TextEncoder().encode(cert.entry.payload));
  const leafOk = toHex(leaf) === cert.entry.leafHash;
  checks.push({
    id: "leaf",
    label: "Leaf hash matches the entry",
    ok: leafOk,
    detail: leafOk ? `SHA-256(0x00 ‖ payload) = ${cert.entry.leafHash.slice(0, 16)}….` : "The payload does not hash to the leaf hash given.",
  });

  // 3. The publisher signed that leaf (the log's one-entry batch digest), with the key in the file.
  const jwk = cert.publisher.publicKeyJwk;
  const pub = jwk.kty === "OKP" && jwk.crv === "Ed25519" && isStr(jwk.x) ? base64url(jwk.x) : null;
  const sig = hexOrNull(cert.entry.signature);
  let signed = false;
  try {
    signed = !!pub && pub.length === 32 && !!sig && sig.length === 64 && ed25519.verify(sig, batchDigest([leaf]), pub);
  } catch {
    signed = false;
  }
  checks.push({
    id: "signature",
    label: "Signed by the publisher",
    ok: signed,
    detail: signed
      ? `Ed25519 signature of ${cert.publisher.code} over the entry verifies.`
      : "The signature does not verify with the publisher's key: the entry, the signature or the key was altered.",
  });

  // 4. The checkpoint is signed by the log key (pinned to the caller's, when given).
  const pinned = options.logVerifierKey === undefined || options.logVerifierKey === cert.logVerifierKey;
  if (options.logVerifierKey !== undefined)
    checks.push({
      id: "log-key",
      label: "Issued by this log",
      ok: pinned,
      detail: pinned ? "The certificate names this log's verifier key." : "The certificate names another log's key than the one you checked against.",
    });
  const verifier = parseVerifierKey(cert.logVerifierKey);
  const cp = verifier ? verifyCheckpoint(cert.checkpoint, verifier) : null;
  const cpOk = !!cp && cp.size === cert.inclusion.treeSize;
  checks.push({
    id: "checkpoint",
    label: "Checkpoint signed by the log",
    ok: cpOk,
    detail: cpOk
      ? `Signed tree head of ${cp.size} entries, root ${toHex(cp.root).slice(0, 16)}….`
      : cp
        ? `The checkpoint is for ${cp.size} entries, the proof for ${cert.inclusion.treeSize}.`
        : "The checkpoint's signature does not verify with the log's key.",
  });

  // 5. The inclusion proof leads from the leaf, at its index, to the signed root.
  const path = cert.inclusion.hashes.map(hexOrNull);
  const included = cpOk && path.every((h) => h !== null) && verifyInclusion(leaf, cert.entry.index, cert.inclusion.treeSize, path as Uint8Array[], cp.root);
  checks.push({
    id: "inclusion",
    label: "Included in the signed log",
    ok: included,
    detail: included
      ? `${path.length} sibling hashes lead from entry #${cert.entry.index} to the signed root.`
      : cpOk
        ? `The proof does not lead from entry #${cert.entry.index} to the signed root.`
        : "Not checked: the checkpoint did not verify.",
  });

  // 6. Optionally: the text or file in hand is the one deposited.
  if (options.content !== undefined) {
    const h = statementHash(options.content);
    checks.push({
      id: "content",
      label: "Your text or file is the deposited one",
      ok: h === cert.statement.sha256,
      detail: h === cert.statement.sha256 ? `Its SHA-256 is ${h.slice(0, 16)}…, as deposited.` : `Its SHA-256 is ${h.slice(0, 16)}…, not the deposited one.`,
    });
  }
  return done(body, typeof payload?.receivedAt === "string" ? payload.receivedAt : null);
}
