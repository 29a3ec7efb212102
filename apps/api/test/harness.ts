import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freshPostgres } from "./fresh-postgres.ts";
export { freshPostgres };
import { createVigil, type Vigil } from "../src/app.ts";
import { configFromEnv, type Config } from "../src/config.ts";

export type Backend = "pglite" | "postgres";
export const BACKENDS: Backend[] = ["pglite", "postgres"];

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface Running {
  vigil: Vigil;
  url: string;
  dataDir: string;
  databaseUrl?: string;
  password: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  login(email: string): Promise<string>;
  stop(): Promise<void>;
}

/** The real API (Apollo + express + graphql-ws) on an ephemeral port, over a real database. */
export async function startVigil(backend: Backend, opts: { dataDir?: string; databaseUrl?: string; config?: Partial<Config> } = {}): Promise<Running> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "vigil-test-"));
  const databaseUrl = backend === "postgres" ? (opts.databaseUrl ?? (await freshPostgres())) : undefined;
  // A small medical demo: the full 200 patients are for `npm start` (seed-budget: ~1 s per start at most).
  const config = { ...configFromEnv({}), port: 0, dataDir, databaseUrl, demoPatients: 6, ...opts.config };
  const vigil = await createVigil(config, () => {});
  const server = http.createServer(vigil.app);
  await vigil.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const password = JSON.parse(readFileSync(path.join(dataDir, "demo-logins.json"), "utf8")).password as string;
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };
  return {
    vigil,
    url,
    dataDir,
    databaseUrl,
    password,
    gql,
    async login(email) {
      const r = await gql<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
        e: email,
        p: password,
      });
      if (!r.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(r.errors)}`);
      return r.data.login.token;
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await vigil.close();
    },
  };
}

/** Everything a rejected request must leave untouched. */
export async function snapshot(v: Vigil) {
  const p = v.db.prisma;
  const [
    entries,
    reports,
    policies,
    tasks,
    alerts,
    nodes,
    ruleSets,
    records,
    workOrders,
    resourceRequests,
    resourceAllocations,
    statements,
    factChecks,
    charitySteps,
  ] = await Promise.all([
    p.logEntry.count(),
    p.caseReport.count(),
    p.policy.count(),
    p.task.count(),
    p.alert.count(),
    p.logNode.count(),
    // Rule sets are compared whole: a refused approval must not flip a state either.
    p.ruleSet.findMany({ orderBy: { id: "asc" } }),
    p.contractRecord.count(),
    // Counts alone would miss a status flip: the work orders' states are part of what must not change.
    p.workOrder.findMany({ select: { id: true, status: true, acknowledgedAt: true, startedAt: true }, orderBy: { id: "asc" } }),
    p.resourceRequest.count(),
    p.resourceAllocation.findMany({ select: { id: true, quantity: true, confirmedAt: true }, orderBy: { id: "asc" } }),
    p.publicStatement.count(),
    p.factCheck.count(),
    p.charityStep.count(),
  ]);
  return {
    entries,
    reports,
    policies,
    tasks,
    alerts,
    nodes,
    ruleSets,
    records,
    workOrders,
    resourceRequests,
    resourceAllocations,
    statements,
    factChecks,
    charitySteps,
    size: await v.services.log.size(),
  };
}
