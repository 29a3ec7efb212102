import http from "node:http";
import type { AddressInfo } from "node:net";
import { ED25519_KEY_TYPE, parseVerifierKey } from "@vigil/log";
import { createProgress, type Progress } from "@vigil/progress";
import { UsageError, type MirrorArgs } from "../args.ts";
import { MirrorStore } from "./store.ts";
import { type CrossCheck, type SyncOutcome, crossCheckWitnesses, syncOnce } from "./sync.ts";

/**
 * The mirror role: a department's full, verified copy of the log (the seed's "any node can store a complete copy").
 * Polls the log's tlog-tiles endpoints, copies the entry bundles, and keeps only what reproduces a checkpoint the
 * pinned log key signed. With --port it answers `GET /status` (JSON) and `GET /checkpoint` (the last verified
 * note) — never the entries: bundles carry every department's data, and the log serves them only to roles that may
 * read them all (the token in VIGIL_MIRROR_TOKEN).
 */
export async function runMirror(args: MirrorArgs, env: NodeJS.ProcessEnv, log: (line: string) => void) {
  const verifier = parseVerifierKey(args.logVkey);
  if (verifier === null || verifier.type !== ED25519_KEY_TYPE)
    throw new UsageError(`--log-vkey ${JSON.stringify(args.logVkey)} is not an Ed25519 (type 0x01) log verifier key`);
  const store = new MirrorStore(args.data);
  const resumed = store.state();
  log(`mirror of ${verifier.name} at ${args.log} into ${args.data}`);
  if (resumed) log(`mirror resuming: ${resumed.synced.size} entries copied, ${resumed.verified?.size ?? 0} verified`);
  let last: SyncOutcome | null = null;
  let gossip: CrossCheck[] = [];
  let lastAt: string | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const round = async (): Promise<SyncOutcome> => {
    let progress: Progress | null = null;
    const outcome = await syncOnce({
      log: args.log,
      verifier,
      store,
      token: env.VIGIL_MIRROR_TOKEN,
      name: args.name,
      rate: args.rate,
      progress: (done, total) => {
        progress ??= createProgress("mirror: copied", total, { unit: "entries", stream: { write: (s: string) => log(s.replace(/\n$/, "")) }, tty: false });
        progress.update(done, total);
      },
    });
    (progress as Progress | null)?.finish();
    last = outcome;
    lastAt = new Date().toISOString();
    if (outcome.kind === "synced") log(`mirror synced: size ${outcome.size} (${outcome.fetched} new entries), root ${outcome.root} verified`);
    else if (outcome.kind === "stale")
      log(`mirror: the log served an older checkpoint (${outcome.served}) than the copy's ${outcome.size}; it is a prefix, not a fork`);
    else if (outcome.kind === "fork") log(`mirror: FORK — ${outcome.message}; evidence written to ${outcome.file}`);
    else if (outcome.kind === "failed") log(`mirror: sync failed — ${outcome.message}`);
    if (args.witnesses.length === 0) return outcome;
    gossip = await crossCheckWitnesses({ log: args.log, verifier, store, name: args.name }, args.witnesses);
    for (const c of gossip) {
      if (c.kind === "fork") log(`mirror: FORK — ${c.message}; evidence written to ${c.file}`);
      else if (c.kind === "unreachable") log(`mirror: delegate ${c.witness} not checked — ${c.message}`);
      else log(`mirror: delegate ${c.witness}: ${c.kind}${"size" in c ? ` at size ${c.size}` : ""}`);
    }
    const forked = gossip.find((c) => c.kind === "fork");
    return forked && outcome.kind !== "fork" ? { kind: "fork", file: forked.file, message: forked.message } : outcome;
  };

  const server =
    args.port === null
      ? null
      : http.createServer((req, res) => {
          const state = store.state();
          if (req.method !== "GET") return void res.writeHead(405, { allow: "GET" }).end();
          if (req.url === "/checkpoint") {
            if (!state?.verified) return void res.writeHead(404, { "content-type": "text/plain" }).end("nothing verified yet\n");
            return void res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" }).end(state.verified.note);
          }
          if (req.url === "/status") {
            const body = {
              origin: verifier.name,
              log: args.log,
              copied: state?.synced.size ?? 0,
              verified: state?.verified?.size ?? 0,
              lastRound: last,
              lastRoundAt: lastAt,
              delegates: gossip,
              evidence: store.evidenceCount(),
            };
            return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
          }
          res.writeHead(404, { "content-type": "text/plain" }).end("GET /status or /checkpoint\n");
        });
  if (server) {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(args.port!, args.host, resolve);
    });
    log(`mirror listening on http://${args.host}:${(server.address() as AddressInfo).port}`);
  }

  const first = await round();
  const loop = () => {
    if (closed) return;
    timer = setTimeout(() => void round().finally(loop), args.intervalMs);
  };
  if (args.intervalMs > 0) loop();
  return {
    /** Once mode's exit code: 0 synced or up to date, 3 fork evidence written, 1 anything else. */
    exitCode: first.kind === "fork" ? 3 : first.kind === "failed" ? 1 : 0,
    once: args.intervalMs === 0,
    async close() {
      closed = true;
      clearTimeout(timer);
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
