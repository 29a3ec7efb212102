// Prints the log verifier key the portal build pins (NEXT_PUBLIC_VIGIL_LOG_VKEY; `npm start` runs this before
// building): VIGIL_LOG_VKEY when set, else the key of the data dir's key file (VIGIL_KEYS_FILE / VIGIL_DATA_DIR),
// created now if this is the first start, so the API that starts next signs with exactly the pinned key.
import { encodeVerifierKey, parseVerifierKey } from "@vigil/log";
import { dataDir } from "@vigil/db";
// The key and config modules only: the whole API (Apollo, Prisma) would take seconds to load for one key.
import { configFromEnv } from "@vigil/api/config";
import { loadKeyRing, rawEd25519 } from "@vigil/api/keys";

const given = process.env.VIGIL_LOG_VKEY?.trim();
if (given) {
  if (!parseVerifierKey(given)) {
    console.error(`VIGIL_LOG_VKEY is not a verifier key (<name>+<keyid>+<base64>): ${given}`);
    process.exit(1);
  }
  console.log(given);
} else {
  const config = configFromEnv();
  const keys = loadKeyRing(dataDir(config.dataDir));
  console.log(encodeVerifierKey(config.logOrigin, rawEd25519(keys.logPublic)));
}
