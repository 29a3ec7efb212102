import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateKeyPairSync, createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";

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
}

type Stored = { jwt: JsonWebKey; log: JsonWebKey; departments: Record<string, JsonWebKey> };

const newKey = (): JsonWebKey => generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });

export function loadKeyRing(dir: string): KeyRing {
  const file = process.env.VIGIL_KEYS_FILE ?? path.join(dir, "keys.json");
  let stored: Stored;
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Stored;
  else {
    stored = { jwt: newKey(), log: newKey(), departments: {} };
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  const priv = (jwk: JsonWebKey) => createPrivateKey({ key: jwk as never, format: "jwk" });
  const jwt = priv(stored.jwt),
    log = priv(stored.log);
  const cache = new Map<string, KeyObject>();
  const department = (code: string): KeyObject => {
    let k = cache.get(code);
    if (!k) {
      if (!stored.departments[code]) {
        stored.departments[code] = newKey();
        writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
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
  };
}

export const signEd25519 = (key: KeyObject, data: Uint8Array): Uint8Array => new Uint8Array(sign(null, data, key));

/** Raw 32-byte Ed25519 key material, as C2SP notes and @noble/curves want it. */
export function rawEd25519(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  return new Uint8Array(Buffer.from((key.type === "private" ? jwk.d : jwk.x)!, "base64url"));
}
