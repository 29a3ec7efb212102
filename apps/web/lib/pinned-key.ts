// The log's verifier key this portal was built for. Pinned at build time (NEXT_PUBLIC_VIGIL_LOG_VKEY, set by
// `npm start` from VIGIL_LOG_VKEY or the data dir's key file: scripts/log-vkey.ts), so a server that serves
// another key cannot make its own checkpoints look valid in the browser. Next inlines the value into the bundles.
import { keyId, keyIdHex, parseVerifierKey } from "@vigil/log";

export const PINNED_LOG_VKEY: string | null = process.env.NEXT_PUBLIC_VIGIL_LOG_VKEY || null;

export interface LogKeyInUse {
  /** The key the browser's checks use: the pinned one when there is one, else the one the server serves. */
  vkey: string;
  pinned: boolean;
  /** The server serves a key other than the pinned one: every proof it hands out is suspect. */
  mismatch: boolean;
}

/** Which key to check with, given the key the server serves. */
export function logKeyInUse(served: string, pinned: string | null = PINNED_LOG_VKEY): LogKeyInUse {
  if (!pinned) return { vkey: served, pinned: false, mismatch: false };
  return { vkey: pinned, pinned: true, mismatch: served !== pinned };
}

/** The key id (hex) of a verifier key, or null when it is not a well-formed one. */
export function keyIdOf(vkey: string): string | null {
  const parsed = parseVerifierKey(vkey);
  return parsed ? keyIdHex(keyId(parsed.name, parsed.publicKey, parsed.type)) : null;
}

/**
 * The check a pinned portal adds in front of every proof: the server's key is the pinned one. When it is not,
 * the proofs are still checked, with the pinned key (so a checkpoint signed by the served key fails too).
 */
export function pinnedKeyCheck(key: LogKeyInUse, served: string): { id: string; label: string; ok: boolean; detail: string } | null {
  if (!key.pinned) return null;
  return {
    id: "pinned-key",
    label: "The server's log key is the pinned one",
    ok: !key.mismatch,
    detail: key.mismatch
      ? `The server serves ${describe(served)}, but this portal was built for ${describe(key.vkey)}: checked with the pinned key.`
      : `${describe(key.vkey)}, pinned when this portal was built.`,
  };
}

const describe = (vkey: string) => {
  const [name] = vkey.split("+");
  const id = keyIdOf(vkey);
  return id ? `${name} (key ${id})` : `a malformed key "${vkey.slice(0, 40)}"`;
};
