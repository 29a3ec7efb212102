import http from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { TEST_SEED_CONFIG } from "./seed-config.ts";
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

/**
 * Config that cannot change what the seed writes (it only matters once the server runs): a start with only
 * these may begin from the run's seeded template. Anything else (log origin, playbook, delegates, seedDemo,
 * Redis) seeds for real.
 */
const SEED_NEUTRAL = new Set<keyof Config>(["port", "host", "trustProxy", "schedulerIntervalMs", "tokenTtl", "publicReadsPerSecond"]);

export interface StartOptions {
  dataDir?: string;
  databaseUrl?: string;
  config?: Partial<Config>;
  /**
   * Seed for real instead of starting from a copy of the run's seeded template (global-setup.ts). Tests of
   * first-start behaviour (seeding, key creation) ask for it; a given dataDir or databaseUrl implies it.
   */
  fresh?: boolean;
}

/** Whether this start may copy the template: no directory or database of its own, and only seed-neutral config. */
function fromTemplate(opts: StartOptions): boolean {
  if (opts.fresh || opts.dataDir || opts.databaseUrl) return false;
  return Object.keys(opts.config ?? {}).every((k) => SEED_NEUTRAL.has(k as keyof Config));
}

/**
 * The real API (Apollo + express + graphql-ws) on an ephemeral port, over a real database. By default it starts
 * from its own copy of the demo seeded once per run (the data directory with PGlite's files, keys.json and
 * demo-logins.json; for PostgreSQL also a database made from the seeded template): the same first-start state,
 * without paying for the seed (scrypt, keys, thousands of logged reports) in every file.
 */
export async function startVigil(backend: Backend, opts: StartOptions = {}): Promise<Running> {
  const template = fromTemplate(opts) ? inject("seedTemplates")[backend] : undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "vigil-test-"));
  // Everything but the lock file of the process that seeded it (closed by then; a copy is not owned by anyone).
  if (template) cpSync(template.dataDir, dataDir, { recursive: true, filter: (src) => path.basename(src) !== "vigil.lock" });
  const databaseUrl = backend === "postgres" ? (opts.databaseUrl ?? (await freshPostgres(template?.database))) : undefined;
  const config = { ...configFromEnv({}), port: 0, dataDir, databaseUrl, ...TEST_SEED_CONFIG, ...opts.config };
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
    trajectoryRows,
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
    // Trajectories: visits, batches, cases, relationship versions and deletions.
    Promise.all([p.visit.count(), p.visitBatch.count(), p.traceCase.count(), p.transmissionLink.count(), p.visitDeletion.count()]),
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
    trajectoryRows,
    size: await v.services.log.size(),
  };
}
