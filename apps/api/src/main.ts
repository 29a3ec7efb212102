// The API alone (no portal), e.g. several stateless instances over one PostgreSQL behind a load balancer.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { configFromEnv } from "./config.ts";
import { createVigil } from "./app.ts";

const config = configFromEnv();
const vigil = await createVigil(config);
const server = http.createServer(vigil.app);
await vigil.attach(server);
// PORT=0 takes a free port; the line names the port actually bound (benches and tests read it).
server.listen(config.port, config.host, () =>
  console.log(`Vigil API on http://${config.host}:${(server.address() as AddressInfo).port}/graphql (${vigil.db.backend})`),
);
const stop = async () => {
  server.close();
  await vigil.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
