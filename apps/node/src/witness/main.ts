import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { ed25519 } from "@noble/curves/ed25519.js";
import { COSIGNATURE_KEY_TYPE, ED25519_KEY_TYPE, type NoteVerifier, encodeVerifierKey, parseVerifierKey } from "@vigil/log";
import { UsageError, type WitnessArgs } from "../args.ts";
import { witnessServer } from "./http.ts";
import { loadOrCreateKey } from "./key.ts";
import { witnessService } from "./service.ts";
import { openStore } from "./store.ts";

/** Starts the witness role; resolves once it listens, after printing `witness vkey: <vkey>`. */
export async function runWitness(args: WitnessArgs, env: NodeJS.ProcessEnv, log: (line: string) => void) {
  const logs = new Map<string, NoteVerifier[]>();
  for (const vkey of args.logVkeys) {
    const v = parseVerifierKey(vkey);
    if (v === null || v.type !== ED25519_KEY_TYPE) throw new UsageError(`--log-vkey ${JSON.stringify(vkey)} is not an Ed25519 (type 0x01) log verifier key`);
    // The key name is the log's origin (tlog-checkpoint's convention, and what the pinned vkey says).
    logs.set(v.name, [...(logs.get(v.name) ?? []), v]);
  }
  const originHashes = new Map([...logs.keys()].map((o) => [createHash("sha256").update(o).digest("hex"), o]));
  const privateKey = loadOrCreateKey(args.data);
  const vkey = encodeVerifierKey(args.name, ed25519.getPublicKey(privateKey), COSIGNATURE_KEY_TYPE);
  const store = await openStore({ dataDir: args.data, databaseUrl: env.DATABASE_URL });
  const service = witnessService({ store, logs, signer: { name: args.name, privateKey }, originHashes });
  const server = witnessServer(service, log);
  server.keepAliveTimeout = 30_000; // the spec asks witnesses to support keep-alive
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(args.port, args.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  log(`witness listening on http://${args.host}:${port} (${store.backend}); logs: ${[...logs.keys()].join(", ")}`);
  log(`witness vkey: ${vkey}`);
  return {
    port,
    vkey,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
