// The portal process: Next.js and the GraphQL API (HTTP and WebSocket) on one port and one origin.
// One process also means one owner of the embedded database, as PGlite requires.
import http from "node:http";
import path from "node:path";
import next from "next";
import { configFromEnv, createVigil, startLocalDelegates } from "@vigil/api";
import { publishApi } from "./lib/in-process.ts";

const config = configFromEnv();
const dev = process.env.NODE_ENV === "development";
const started = Date.now();
// Five local delegate nodes (child processes on loopback) cosign the demo's checkpoints, unless VIGIL_NODES=0
// or VIGIL_WITNESS_POLICY names real ones.
const nodes =
  process.env.VIGIL_NODES !== "0" && !config.witnessPolicyFile
    ? await startLocalDelegates({ dataDir: config.dataDir, origin: config.logOrigin, log: (l) => console.error(l) })
    : null;
if (nodes) config.witnessPolicyFile = nodes.policyFile;
const vigil = await createVigil(config);
// Server components call the API in-process (lib/server-api.ts) through globalThis: Next bundles them apart
// from this module, so an import would give them a second, unconnected copy.
publishApi(vigil);
const portal = next({ dev, dir: path.resolve(import.meta.dirname), hostname: config.host, port: config.port });
await portal.prepare();
const handle = portal.getRequestHandler();

const server = http.createServer(vigil.app);
// /graphql sockets to the API; anything else (Next's dev-reload socket) to Next.
const nextUpgrade = portal.getUpgradeHandler();
await vigil.attach(server, { onUpgrade: (req, socket, head) => void nextUpgrade(req, socket, head) });
vigil.app.use((req, res) => handle(req, res));
server.listen(config.port, config.host, () => {
  const url = `http://${["0.0.0.0", "127.0.0.1", "::"].includes(config.host) ? "localhost" : config.host}:${config.port}`;
  const lines = vigil.demoLogins
    ? [`Demo logins (password for all: ${vigil.demoLogins.password}):`, ...vigil.demoLogins.users.map((u) => `  ${u.role.padEnd(19)} ${u.email}`)]
    : [];
  // One write, "portal on" last: whoever waits for that line has the logins too.
  console.log(
    [
      "",
      ...lines,
      `Vigil portal on ${url}  (API ${url}/graphql, ${vigil.db.backend}: ${vigil.db.where}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    ].join("\n"),
  );
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // vigil.close() stops Apollo, whose drain plugin closes the HTTP server once connections finish.
  await vigil.close();
  await nodes?.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
