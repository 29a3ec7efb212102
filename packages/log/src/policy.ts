import type { CheckError, Checked } from "./checked.ts";
import { type Checkpoint, type CheckpointError, checkCheckpointBody } from "./checkpoint.ts";
import { COSIGNATURE_KEY_TYPE, ED25519_KEY_TYPE, type NoteVerifier, type ParsedVerifierKey, encodeVerifierKey, parseVerifierKey } from "./note-key.ts";
import { type NoteSignature, checkSignedNote, matchingVerifiers, readNote, verifySignature } from "./signed-note.ts";
import { bytesEqual } from "./hash.ts";
import { utf8Bytes } from "./text-rules.ts";

/**
 * C2SP tlog-policy: which logs a checkpoint may come from and which witnesses must have cosigned it.
 *
 *     log <vkey> [<url>]
 *     witness <name> <vkey> [<url>]
 *     group <name> <k|any|all> <member>...
 *     quorum <name|none>
 *
 * Read exactly as tlog-policy.md says: fields separated by spaces and tabs only; blank lines and
 * lines whose first non-blank character is `#` ignored (a `#` later in a line is an ordinary
 * character, unlike transparency-dev/formats' parser, which also strips trailing comments); names
 * may only refer to lines above; `none` is predefined and cannot be a member; each name is a member
 * of at most one group, so every witness counts toward the quorum in one way only; no two logs and
 * no two witnesses share a public key; exactly one quorum line.
 *
 * Key types: a log key must be a type 0x01 vkey (a checkpoint signature). A witness key should be a
 * type 0x04 cosigner vkey; a type 0x01 vkey is accepted too and read as the same Ed25519 key used
 * for cosignatures, as transparency-dev/formats does (its policies, and Sigsum's, write witness
 * keys that way).
 */

export interface PolicyLog {
  readonly verifier: ParsedVerifierKey;
  readonly url?: string;
}

export interface PolicyWitness {
  readonly name: string;
  /** Always type 0x04: the key that verifies this witness's cosignatures. */
  readonly verifier: ParsedVerifierKey;
  readonly url?: string;
}

export interface PolicyGroup {
  readonly name: string;
  /** How many members must have witnessed: 1 ≤ threshold ≤ members.length. */
  readonly threshold: number;
  readonly members: readonly string[];
}

export interface Policy {
  readonly logs: readonly PolicyLog[];
  readonly witnesses: readonly PolicyWitness[];
  readonly groups: readonly PolicyGroup[];
  /** A witness or group name, or "none" (no cosignature needed). */
  readonly quorum: string;
}

export type PolicyErrorKind = PolicyError["kind"];

/** Why a policy file was refused; `line` is 1-based (0 when the problem is the file as a whole). */
export type PolicyError = CheckError<
  /** Not a policy line: unknown keyword, wrong number of fields, or a forbidden control character. */
  | "policy-syntax"
  /** A vkey that does not parse, or of a type not allowed on that line. */
  | "policy-bad-key"
  /** A witness or group name defined twice, or a definition of the predefined name `none`. */
  | "policy-duplicate-name"
  /** Two logs, or two witnesses, wrap the same public key. */
  | "policy-duplicate-key"
  /** A group member or the quorum names nothing defined on a line above (or `none` used as a member). */
  | "policy-undefined-name"
  /** A name listed as a member a second time (in the same group or another one). */
  | "policy-member-reused"
  /** A threshold that is not `any`, `all` or a decimal k with 1 ≤ k ≤ number of members. */
  | "policy-bad-threshold"
  /** No quorum line, or more than one. */
  | "policy-quorum"
  /** More logs, witnesses or groups than this implementation accepts (MAX_POLICY_ITEMS each). */
  | "policy-too-large"
> & { readonly line: number };

export type PolicyCheck = Checked<PolicyError, { readonly policy: Policy }>;

/** The spec recommends supporting at least 32 of each; far more than any delegate set needs. */
export const MAX_POLICY_ITEMS = 256;

const NONE = "none";
// The policy's character set (tlog-policy "Character set"): tab and newline are the only control characters allowed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f]/;

/** Parses a policy file, saying why it is refused. Never throws. */
export function checkPolicy(text: string): PolicyCheck {
  const fail = (kind: PolicyError["kind"], line: number, message: string): PolicyCheck => ({
    ok: false,
    error: { kind, line, message: line > 0 ? `line ${line}: ${message}` : message },
  });
  try {
    if (typeof text !== "string") return fail("policy-syntax", 0, "the policy is not a string");
    const logs: PolicyLog[] = [];
    const witnesses: PolicyWitness[] = [];
    const groups: PolicyGroup[] = [];
    const names = new Set<string>();
    const members = new Set<string>();
    let quorum: string | undefined;
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop(); // the final newline ends the last line
    for (const [i, raw] of lines.entries()) {
      const n = i + 1;
      if (FORBIDDEN.test(raw)) return fail("policy-syntax", n, "control characters other than tab are not allowed");
      const trimmed = raw.replace(/^[ \t]+|[ \t]+$/g, "");
      if (trimmed === "" || trimmed.startsWith("#")) continue;
      const [keyword, ...fields] = trimmed.split(/[ \t]+/);
      switch (keyword) {
        case "log": {
          if (fields.length < 1 || fields.length > 2) return fail("policy-syntax", n, "expected `log <vkey> [<url>]`");
          const verifier = parseVerifierKey(fields[0]);
          if (verifier === null || verifier.type !== ED25519_KEY_TYPE) {
            return fail("policy-bad-key", n, `${JSON.stringify(fields[0])} is not an Ed25519 (type 0x01) log vkey`);
          }
          if (logs.some((l) => bytesEqual(l.verifier.publicKey, verifier.publicKey)))
            return fail("policy-duplicate-key", n, "this log's key is already listed");
          if (logs.length >= MAX_POLICY_ITEMS) return fail("policy-too-large", n, `more than ${MAX_POLICY_ITEMS} logs`);
          logs.push(fields[1] === undefined ? { verifier } : { verifier, url: fields[1] });
          break;
        }
        case "witness": {
          if (fields.length < 2 || fields.length > 3) return fail("policy-syntax", n, "expected `witness <name> <vkey> [<url>]`");
          const [name, vkey, url] = fields;
          if (name === NONE || names.has(name)) return fail("policy-duplicate-name", n, `the name ${JSON.stringify(name)} is already defined`);
          const parsed = parseVerifierKey(vkey);
          if (parsed === null) return fail("policy-bad-key", n, `${JSON.stringify(vkey)} is not an Ed25519 vkey (type 0x04, or 0x01)`);
          const verifier: ParsedVerifierKey = { name: parsed.name, publicKey: parsed.publicKey, type: COSIGNATURE_KEY_TYPE };
          if (witnesses.some((w) => bytesEqual(w.verifier.publicKey, verifier.publicKey))) {
            return fail("policy-duplicate-key", n, "this witness's key is already listed");
          }
          if (witnesses.length >= MAX_POLICY_ITEMS) return fail("policy-too-large", n, `more than ${MAX_POLICY_ITEMS} witnesses`);
          names.add(name);
          witnesses.push(url === undefined ? { name, verifier } : { name, verifier, url });
          break;
        }
        case "group": {
          if (fields.length < 3) return fail("policy-syntax", n, "expected `group <name> <k|any|all> <member>...` with at least one member");
          const [name, k, ...list] = fields;
          if (name === NONE || names.has(name)) return fail("policy-duplicate-name", n, `the name ${JSON.stringify(name)} is already defined`);
          for (const [j, m] of list.entries()) {
            if (m === NONE || !names.has(m)) return fail("policy-undefined-name", n, `member ${JSON.stringify(m)} is not defined above`);
            if (members.has(m) || list.indexOf(m) !== j) return fail("policy-member-reused", n, `${JSON.stringify(m)} is already a member of a group`);
          }
          const threshold = k === "any" ? 1 : k === "all" ? list.length : /^[1-9][0-9]*$/.test(k) ? Number(k) : Number.NaN;
          if (!(threshold >= 1 && threshold <= list.length)) {
            return fail("policy-bad-threshold", n, `threshold ${JSON.stringify(k)} is not any, all, or a number from 1 to ${list.length}`);
          }
          if (groups.length >= MAX_POLICY_ITEMS) return fail("policy-too-large", n, `more than ${MAX_POLICY_ITEMS} groups`);
          for (const m of list) members.add(m);
          names.add(name);
          groups.push({ name, threshold, members: list });
          break;
        }
        case "quorum": {
          if (fields.length !== 1) return fail("policy-syntax", n, "expected `quorum <name>`");
          if (quorum !== undefined) return fail("policy-quorum", n, "a policy has exactly one quorum line");
          if (fields[0] !== NONE && !names.has(fields[0])) return fail("policy-undefined-name", n, `quorum ${JSON.stringify(fields[0])} is not defined above`);
          quorum = fields[0];
          break;
        }
        default:
          return fail("policy-syntax", n, `unknown keyword ${JSON.stringify(keyword)}`);
      }
    }
    if (quorum === undefined) return fail("policy-quorum", 0, "the policy has no quorum line");
    return { ok: true, policy: { logs, witnesses, groups, quorum } };
  } catch (e) {
    return fail("policy-syntax", 0, `the policy could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** `checkPolicy` without the reason: the policy, or null. */
export function parsePolicy(text: string): Policy | null {
  const r = checkPolicy(text);
  return r.ok ? r.policy : null;
}

/**
 * The policy as a file `checkPolicy` reads back to the same policy: logs, then witnesses, then
 * groups in order, then the quorum. Witness keys are written as type 0x04 vkeys. Throws on a policy
 * that would not parse back (a caller's bug).
 */
export function encodePolicy(policy: Policy): string {
  const out: string[] = [];
  for (const l of policy.logs) out.push(["log", encodeVerifierKey(l.verifier.name, l.verifier.publicKey), ...(l.url ? [l.url] : [])].join(" "));
  for (const w of policy.witnesses) {
    out.push(["witness", w.name, encodeVerifierKey(w.verifier.name, w.verifier.publicKey, COSIGNATURE_KEY_TYPE), ...(w.url ? [w.url] : [])].join(" "));
  }
  for (const g of policy.groups) {
    const k = g.threshold === g.members.length && g.members.length > 1 ? "all" : g.threshold === 1 ? "any" : String(g.threshold);
    out.push(["group", g.name, k, ...g.members].join(" "));
  }
  out.push(`quorum ${policy.quorum}`);
  const text = `${out.join("\n")}\n`;
  const back = checkPolicy(text);
  if (!back.ok) throw new TypeError(`encodePolicy: the policy is not valid (${back.error.message})`);
  return text;
}

export type PolicyEvaluationError =
  | CheckpointError
  /** The policy lists no log and the caller named none either. */
  | CheckError<"policy-no-log">
  /** Signed by a listed log, but the cosignatures do not meet the quorum. */
  | (CheckError<"policy-quorum-not-met"> & { readonly witnessed: readonly string[]; readonly quorum: string });

export interface PolicyEvaluation {
  readonly checkpoint: Checkpoint;
  /** The log key (name) whose signature verified. */
  readonly log: string;
  /** Policy witness names whose cosignature verified, in policy order. */
  readonly witnessed: readonly string[];
  /** Their cosignatures, with timestamps. */
  readonly cosignatures: readonly (NoteSignature & { readonly witness: string })[];
  /** Policy witnesses with a line under their name and key ID that does not verify: counted as not witnessed. */
  readonly invalid: readonly string[];
}

export type PolicyEvaluationCheck = Checked<PolicyEvaluationError, { readonly evaluation: PolicyEvaluation }>;

/**
 * Whether a signed checkpoint satisfies the policy: signed by one of its logs (or `options.logs`, for
 * an application that knows its log from elsewhere), its origin that log's key name, and cosigned by
 * witnesses meeting the quorum. A policy witness's bad cosignature does not spoil the note, it just
 * does not count (like transparency-dev/formats, which opens the note per witness); a bad signature
 * by a log key does. Never throws.
 */
export function evaluatePolicy(policy: Policy, note: string | Uint8Array, options: { readonly logs?: readonly NoteVerifier[] } = {}): PolicyEvaluationCheck {
  try {
    const logs: NoteVerifier[] = [...policy.logs.map((l) => l.verifier), ...(options.logs ?? [])].map((v) => ({ ...v, type: ED25519_KEY_TYPE }));
    if (logs.length === 0) return { ok: false, error: { kind: "policy-no-log", message: "the policy lists no log, and none was given" } };
    const signed = checkSignedNote(note, logs);
    if (!signed.ok) return signed;
    const body = checkCheckpointBody(signed.note.text);
    if (!body.ok) return body;
    // The log's key name is its origin (tlog-policy "Defining a log"): a listed key signing another origin does not count.
    const log = body.checkpoint.origin;
    if (!signed.note.verified.some((v) => v.name === log)) {
      const actual = log;
      const expected = signed.note.verified[0].name;
      return {
        ok: false,
        error: {
          kind: "origin-mismatch",
          expected,
          actual,
          message: `the checkpoint is for origin ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
        },
      };
    }
    const read = readNote(note);
    if (!read.ok) return read; // cannot happen: checkSignedNote read it already
    const { text, signatures } = read.read;
    const message = utf8Bytes(text);
    const byWitness = new Map<string, NoteSignature>();
    const invalid: string[] = [];
    for (const w of policy.witnesses) {
      for (const sig of signatures) {
        if (matchingVerifiers(sig, [w.verifier]).length === 0) continue;
        const good = verifySignature(sig, w.verifier, text, message);
        if (good) {
          byWitness.set(w.name, good);
          break;
        }
        if (!invalid.includes(w.name)) invalid.push(w.name);
      }
    }
    const witnessed = policy.witnesses.filter((w) => byWitness.has(w.name)).map((w) => w.name);
    const groups = new Map(policy.groups.map((g) => [g.name, g]));
    const satisfied = (name: string): boolean => {
      if (name === NONE) return true;
      const g = groups.get(name);
      if (g === undefined) return byWitness.has(name);
      let count = 0;
      for (const m of g.members) if (satisfied(m)) count++;
      return count >= g.threshold;
    };
    if (!satisfied(policy.quorum)) {
      return {
        ok: false,
        error: {
          kind: "policy-quorum-not-met",
          witnessed,
          quorum: policy.quorum,
          message: `quorum ${policy.quorum} is not met (cosigned by ${witnessed.length ? witnessed.join(", ") : "no policy witness"})`,
        },
      };
    }
    const cosignatures = witnessed.map((name) => ({ ...(byWitness.get(name) as NoteSignature), witness: name }));
    return { ok: true, evaluation: { checkpoint: body.checkpoint, log, witnessed, cosignatures, invalid } };
  } catch (e) {
    return { ok: false, error: { kind: "malformed-note", message: `the note could not be read (${e instanceof Error ? e.message : String(e)})` } };
  }
}

/** `evaluatePolicy` reduced to whether the note satisfies the policy. */
export function satisfiesPolicy(policy: Policy, note: string | Uint8Array, options: { readonly logs?: readonly NoteVerifier[] } = {}): boolean {
  return evaluatePolicy(policy, note, options).ok;
}
