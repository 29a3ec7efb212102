/**
 * Department keys belong to the log: a department's Ed25519 key is whatever its `department-key` entries say
 * at a given index, never what a mutable table holds. This is the replay rule, shared by the server's audit
 * (`npm run log -- verify`), the writer that signs rotations, and any client that rechecks a log.
 *
 * - `register` (a new department) is submitted by the registering authority, i.e. signed by the log key
 *   (submitter `null`), and the department must not be registered yet.
 * - `rotate` names the key it replaces (`previousKey`, which must be the key in force) and says who signed it:
 *   `signedBy: "department"` (the department itself, with its old key: the normal case) or
 *   `signedBy: "authority"` (the log key, for a lost or compromised key), and the submitter must agree.
 *
 * A key entry takes effect for the entries after it; it must end its signed batch, so a batch is always
 * signed by one key in force at its first entry.
 */
import { fromBase64, toBase64 } from "./base64.ts";

export const DEPARTMENT_KEY_KIND = "department-key";

export interface DepartmentKeyBody {
  action: "register" | "rotate";
  department: string;
  /** base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
  /** On a rotation: the key it replaces (base64 raw). */
  previousKey?: string;
  /** On a rotation: who signed it (the entry's submitter says the same). */
  signedBy?: "authority" | "department";
}

export interface KeyInForce {
  /** base64 of the raw 32-byte public key. */
  publicKey: string;
  /** Index of the entry that put it in force. */
  since: number;
}

export type DepartmentKeyCheck = { ok: true; department: string; key: KeyInForce; previous: KeyInForce | null } | { ok: false; message: string };

/** Raw Ed25519 public key bytes from their base64, or null when it is not exactly 32 bytes in canonical base64. */
export function decodeDepartmentKey(publicKey: unknown): Uint8Array | null {
  if (typeof publicKey !== "string") return null;
  try {
    const raw = fromBase64(publicKey);
    return raw.length === 32 ? raw : null;
  } catch {
    return null;
  }
}

export const encodeDepartmentKey = (raw: Uint8Array): string => toBase64(raw);

/** The key of every department, as replayed from the log's `department-key` entries in index order. */
export class DepartmentKeyRegistry {
  private readonly keys = new Map<string, KeyInForce>();

  /** The key in force for `department` after the entries applied so far; undefined when it is unregistered. */
  keyOf(department: string): KeyInForce | undefined {
    return this.keys.get(department);
  }

  departments(): string[] {
    return [...this.keys.keys()];
  }

  /** Check one `department-key` entry against the keys in force and apply it; nothing changes when it is refused. */
  apply(entry: { index: number; submitter: string | null; body: unknown }): DepartmentKeyCheck {
    const b = entry.body as Partial<DepartmentKeyBody> | null;
    if (!b || typeof b !== "object") return { ok: false, message: "body is not an object" };
    if (typeof b.department !== "string" || !b.department) return { ok: false, message: "body names no department" };
    const department = b.department;
    if (!decodeDepartmentKey(b.publicKey)) return { ok: false, message: `${department}: publicKey is not a base64 32-byte Ed25519 key` };
    const publicKey = b.publicKey as string;
    const current = this.keys.get(department) ?? null;
    if (b.action === "register") {
      if (entry.submitter !== null)
        return { ok: false, message: `${department}: a registration must be signed by the authority (the log key), not by ${entry.submitter}` };
      if (current) return { ok: false, message: `${department} is registered already (since entry ${current.since}); a new key needs a rotation` };
      if (b.previousKey !== undefined || b.signedBy !== undefined)
        return { ok: false, message: `${department}: a registration names no previous key or signer` };
    } else if (b.action === "rotate") {
      if (!current) return { ok: false, message: `${department} is not registered: nothing to rotate` };
      if (b.previousKey !== current.publicKey)
        return { ok: false, message: `${department}: previousKey is not the key in force (since entry ${current.since})` };
      if (publicKey === current.publicKey) return { ok: false, message: `${department}: the new key is the key in force` };
      const expected = b.signedBy === "department" ? department : b.signedBy === "authority" ? null : undefined;
      if (expected === undefined) return { ok: false, message: `${department}: signedBy must be "department" or "authority"` };
      if (entry.submitter !== expected)
        return { ok: false, message: `${department}: signedBy says ${b.signedBy}, but the entry is submitted by ${entry.submitter ?? "the authority"}` };
    } else {
      return { ok: false, message: `unknown action ${JSON.stringify(b.action)}` };
    }
    const key = { publicKey, since: entry.index };
    this.keys.set(department, key);
    return { ok: true, department, key, previous: current };
  }
}
