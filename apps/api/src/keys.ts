import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { encodeVerifierKey } from "@vigil/log";
import { generateKeyPairSync, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from "node:crypto";

/**
 * Vigil's private keys: the JWT issuer key, the log (checkpoint) key and each department's signing key.
 * They come from VIGIL_KEYS_FILE / the data directory (mode 0600), never from the database or the repo.
 * Several API instances must share one key file (or the same env), so that tokens and checkpoints agree.
 */
export interface KeyRing {
  jwt: KeyObject;
  jwtPublic: KeyObject;
  log: KeyObject;
  logPublic: KeyObject;
  department(code: string): KeyObject;
  departmentPublicJwk(code: string): JsonWebKey;
  /**
   * A rotation's next key, written to the key file (under `pending`) before the rotation entry is appended,
   * so a crash between the two loses nothing: the same pending key is returned until it is promoted or dropped.
   */
  stageDepartmentKey(code: string): KeyObject;
  /** Departments with a staged key (an interrupted rotation, to resume at start). */
  pendingDepartmentKeys(): string[];
  /** Make the staged key the department's signing key (after its rotation entry committed). */
  promoteDepartmentKey(code: string): void;
  /** Forget a staged key (its rotation will not happen). */
  dropPendingKey(code: string): void;
  /**
   * The private key (current or staged, re-reading the file) whose public half is `publicRaw`: another
   * process may have rotated the department's key since this one cached it.
   */
  departmentKeyMatching(code: string, publicRaw: Uint8Array): KeyObject | undefined;
  /** The 32-byte HMAC key of patient pseudonyms (`pseudonymOf` in @vigil/privacy). Only here, never in the database. */
  pseudonymKey: Uint8Array;
  /**
   * X25519 key of the re-identification authority: a patient's identity is sealed (JWE) to it, and only it opens
   * one. Server-held until the authority holds its own key; then only its public half stays here.
   */
  reidentification: KeyObject;
  reidentificationPublic: KeyObject;
  /**
   * AES-256 key that wraps the server-held patient keys stored in the database (the interim until patients hold
   * their own keys): a copy of the database alone opens no patient key.
   */
  patientWrap: Uint8Array;
  /** A department's X25519 key that medical records are sealed to (ECDH-ES+A256KW), created on first use. */
  departmentEncryption(code: string): KeyObject;
}

type Stored = {
  jwt: JsonWebKey;
  log: JsonWebKey;
  departments: Record<string, JsonWebKey>;
  pending?: Record<string, JsonWebKey>;
  /** Medical data (issue 14); absent in key files written before it, and added under the lock on first load. */
  pseudonym?: string;
  reidentification?: JsonWebKey;
  patientWrap?: string;
  encryption?: Record<string, JsonWebKey>;
};

const newKey = (): JsonWebKey => generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
const newX25519 = (): JsonWebKey => generateKeyPairSync("x25519").privateKey.export({ format: "jwk" });
const newSecret = (): string => randomBytes(32).toString("base64url");
const medicalSecrets = () => ({ pseudonym: newSecret(), reidentification: newX25519(), patientWrap: newSecret(), encryption: {} });

/**
 * Several processes may open the same key file at once (API instances, writers, the ledger CLI). The file
 * appears complete or not at all (written aside, then hard-linked into place, which fails if another process
 * won), so no process ever signs with a key that a concurrent first start then replaced.
 */
function createOnce(file: string, stored: Stored): Stored {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(stored), { mode: 0o600 });
  try {
    linkSync(tmp, file);
    return stored;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return JSON.parse(readFileSync(file, "utf8")) as Stored;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Runs `fn` holding an exclusive lock file next to the key file; a lock older than 10 s is a crashed holder's. */
function withLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  for (let tries = 0; ; tries++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10_000) rmSync(lock, { force: true });
      } catch {
        /* the holder just released it */
      }
      if (tries > 2_000) throw new Error(`key file ${file} stays locked by ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function readStored(file: string): Stored | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Stored;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

const keysFile = (dir: string): string => process.env.VIGIL_KEYS_FILE || path.join(dir, "keys.json");

/**
 * The log's C2SP verifier key (`<origin>+<keyid>+<base64>`) from an existing key file, or null when there is
 * none: what clients pin (the portal build, `npm run log -- check --vkey`). Never creates a key file.
 */
export function readLogVerifierKey(dir: string, origin: string): string | null {
  const stored = readStored(keysFile(dir));
  if (!stored) return null;
  return encodeVerifierKey(origin, new Uint8Array(Buffer.from(stored.log.x!, "base64url")));
}

export function loadKeyRing(dir: string): KeyRing {
  const file = keysFile(dir);
  let stored: Stored = readStored(file) ?? createOnce(file, { jwt: newKey(), log: newKey(), departments: {}, ...medicalSecrets() });
  const priv = (jwk: JsonWebKey) => createPrivateKey({ key: jwk as never, format: "jwk" });
  const jwt = priv(stored.jwt),
    log = priv(stored.log);
  const cache = new Map<string, KeyObject>();
  /** Read-modify-write under the lock, re-reading first: another process may have changed other keys (keep them). */
  const update = (change: (current: Stored) => boolean) => {
    stored = withLock(file, () => {
      const current = readStored(file) ?? stored;
      if (change(current)) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(current), { mode: 0o600 });
        renameSync(tmp, file);
      }
      return current;
    });
  };
  // A key file from before the medical secrets gets them once: under the lock, re-reading first, so two processes
  // upgrading the same file at once agree on one set (the second sees the first's and changes nothing).
  if (!stored.pseudonym || !stored.reidentification || !stored.patientWrap) {
    update((current) => {
      if (current.pseudonym && current.reidentification && current.patientWrap) return false;
      const fresh = medicalSecrets();
      current.pseudonym ??= fresh.pseudonym;
      current.reidentification ??= fresh.reidentification;
      current.patientWrap ??= fresh.patientWrap;
      return true;
    });
  }
  const reidentification = priv(stored.reidentification!);
  const encryptionCache = new Map<string, KeyObject>();
  const department = (code: string): KeyObject => {
    let k = cache.get(code);
    if (!k) {
      if (!stored.departments[code]) {
        // Another process may have added this department's key meanwhile: then use it.
        update((current) => {
          if (current.departments[code]) return false;
          current.departments[code] = newKey();
          return true;
        });
      }
      k = priv(stored.departments[code]);
      cache.set(code, k);
    }
    return k;
  };
  return {
    jwt,
    jwtPublic: createPublicKey(jwt),
    log,
    logPublic: createPublicKey(log),
    department,
    departmentPublicJwk: (code) => createPublicKey(department(code)).export({ format: "jwk" }),
    stageDepartmentKey(code) {
      update((current) => {
        current.pending ??= {};
        if (current.pending[code]) return false;
        current.pending[code] = newKey();
        return true;
      });
      return priv(stored.pending![code]!);
    },
    pendingDepartmentKeys: () => Object.keys((readStored(file) ?? stored).pending ?? {}),
    promoteDepartmentKey(code) {
      update((current) => {
        const next = current.pending?.[code];
        if (!next) return false;
        current.departments[code] = next;
        delete current.pending![code];
        return true;
      });
      cache.delete(code);
    },
    dropPendingKey(code) {
      update((current) => {
        if (!current.pending?.[code]) return false;
        delete current.pending[code];
        return true;
      });
    },
    departmentKeyMatching(code, publicRaw) {
      stored = readStored(file) ?? stored;
      const want = Buffer.from(publicRaw).toString("base64url");
      if (stored.departments[code]?.x === want) {
        cache.set(code, priv(stored.departments[code]!));
        return cache.get(code);
      }
      return stored.pending?.[code]?.x === want ? priv(stored.pending[code]!) : undefined;
    },
    pseudonymKey: new Uint8Array(Buffer.from(stored.pseudonym!, "base64url")),
    reidentification,
    reidentificationPublic: createPublicKey(reidentification),
    patientWrap: new Uint8Array(Buffer.from(stored.patientWrap!, "base64url")),
    departmentEncryption(code) {
      let k = encryptionCache.get(code);
      if (!k) {
        if (!stored.encryption?.[code]) {
          update((current) => {
            current.encryption ??= {};
            if (current.encryption[code]) return false;
            current.encryption[code] = newX25519();
            return true;
          });
        }
        k = priv(stored.encryption![code]!);
        encryptionCache.set(code, k);
      }
      return k;
    },
  };
}

export const signEd25519 = (key: KeyObject, data: Uint8Array): Uint8Array => new Uint8Array(sign(null, data, key));

/** Raw 32-byte Ed25519 key material, as C2SP notes and @noble/curves want it. */
export function rawEd25519(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  return new Uint8Array(Buffer.from((key.type === "private" ? jwk.d : jwk.x)!, "base64url"));
}
