// The portal process: Next.js and the GraphQL API (HTTP and WebSocket) on one port and one origin.
// One process also means one owner of the embedded database, as PGlite requires.
import http from "node:http";
import path from "node:path";
import next from "next";
import { configFromEnv, createVigil } from "@vigil/api";

const config = configFromEnv();
const dev = process.env.NODE_ENV === "development";
const started = Date.now();
const vigil = await createVigil(config);
const portal = next({ dev, dir: path.resolve(import.meta.dirname), hostname: config.host, port: config.port });
await portal.prepare();
const handle = portal.getRequestHandler();

const server = http.createServer(vigil.app);
await vigil.attach(server);
vigil.app.use((req, res) => handle(req, res));
server.listen(config.port, config.host, () => {
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}`;
  console.log(`\nVigil portal on ${url}  (API ${url}/graphql, ${vigil.db.backend}: ${vigil.db.where}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (vigil.demoLogins) {
    console.log(`Demo logins (password for all: ${vigil.demoLogins.password}):`);
    for (const u of vigil.demoLogins.users) console.log(`  ${u.role.padEnd(19)} ${u.email}`);
  }
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  server.close();
  await vigil.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
