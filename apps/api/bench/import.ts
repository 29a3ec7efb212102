// npm run bench:import — bulk import of case reports on PGlite and PostgreSQL, beside the raw batch-append
// rate of the same log measured in the same run (the yardstick: what the log itself sustains). Prints a table; not a test.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { addDays } from "@vigil/calendar";
import { createVigil, type Vigil } from "../src/app.ts";
import { configFromEnv } from "../src/config.ts";
import type { CaseReportFields } from "../src/layers/data-support/service.ts";

const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const N = Number(process.env.IMPORT_BENCH_ROWS ?? 10_000);
const say = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const table: string[][] = [];

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vigil_bench_import_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** `n` reports over the districts, day after day from `from`: a block of history nobody reported yet. */
function history(districts: string[], from: string, n: number): CaseReportFields[] {
  return Array.from({ length: n }, (_, i) => ({
    regionCode: districts[i % districts.length]!,
    date: addDays(from, Math.floor(i / districts.length)),
    newConfirmed: i % 9,
    suspected: i % 4,
    deaths: 0,
    tests: 40 + (i % 13),
  }));
}

async function measure(backend: "pglite" | "postgres") {
  const pgdb = backend === "postgres" ? await freshPostgres() : undefined;
  const vigil: Vigil = await createVigil(
    { ...configFromEnv({}), port: 0, dataDir: mkdtempSync(path.join(tmpdir(), "vigil-bench-import-")), databaseUrl: pgdb?.url },
    () => {},
  );
  const server = http.createServer(vigil.app);
  await vigil.attach(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { prisma } = vigil.db;
    const districts = (await prisma.region.findMany({ where: { level: "DISTRICT" }, orderBy: { code: "asc" } })).map((r) => r.code);
    const cdc = await prisma.department.findUniqueOrThrow({ where: { code: "CDC-RL" } });
    const first = await prisma.caseReport.findFirstOrThrow({ orderBy: { date: "asc" } });
    const start = first.date.toISOString().slice(0, 10);
    const days = Math.ceil(N / districts.length) + 1;
    const viewer = { id: 0, email: "bench", role: "DEPARTMENT_OFFICER" as const, departmentId: cdc.id, departmentCode: cdc.code, regionCode: cdc.regionCode };
    const login = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
        variables: { e: "cdc@vigil.example", p: vigil.demoLogins!.password },
      }),
    });
    const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;

    // Yardstick: the same number of entries appended raw in one batch (signing, hashing, inserting; no rows, no checks).
    let t = performance.now();
    await vigil.services.log.write(({ append }) =>
      append(
        Array.from({ length: N }, (_, i) => ({
          kind: "bench",
          departmentCode: cdc.code,
          departmentId: cdc.id,
          body: { i, pad: "RL-01-01 2020-01-01 1 1 0 40" },
        })),
      ),
    );
    const raw = (N / (performance.now() - t)) * 1000;
    table.push([backend, `raw batch append of ${fmt(N)} entries (yardstick)`, `${fmt(raw)}/s`, "1.00"]);

    let stored = 0;
    t = performance.now();
    await vigil.services.reports.importMany(viewer, history(districts, addDays(start, -3 * days), N), () => {
      stored = performance.now();
    });
    const total = performance.now() - t;
    const storeRate = (N / (stored - t)) * 1000;
    table.push([backend, `importMany ${fmt(N)} reports: checked + stored (npm run import's path)`, `${fmt(storeRate)}/s`, (storeRate / raw).toFixed(2)]);
    table.push([backend, "  … and detection re-run over the imported days", `${fmt((N / total) * 1000)}/s`, (((N / total) * 1000) / raw).toFixed(2)]);

    const rows = history(districts, addDays(start, -6 * days), N);
    t = performance.now();
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation($i: [CaseReportRowInput!]!) { submitCaseReports(inputs: $i) { count } }`, variables: { i: rows } }),
    });
    const body = (await res.json()) as { data?: { submitCaseReports: { count: number } }; errors?: unknown };
    if (!body.data) throw new Error(`submitCaseReports failed: ${JSON.stringify(body.errors)}`);
    const gql = (N / (performance.now() - t)) * 1000;
    table.push([backend, `submitCaseReports, ${fmt(N)} rows in one HTTP request`, `${fmt(gql)}/s`, (gql / raw).toFixed(2)]);

    const csv = [
      "regionCode,date,newConfirmed,suspected,deaths,tests",
      ...history(districts, addDays(start, -9 * days), N).map((r) => Object.values(r).join(",")),
    ].join("\n");
    t = performance.now();
    const up = await fetch(`${base}/import/case-reports`, {
      method: "POST",
      headers: { "content-type": "text/csv", authorization: `Bearer ${token}` },
      body: csv,
    });
    if (up.status !== 200) throw new Error(`CSV upload failed: ${up.status} ${await up.text()}`);
    const csvRate = (N / (performance.now() - t)) * 1000;
    table.push([backend, `POST /import/case-reports, ${fmt(N)} CSV rows`, `${fmt(csvRate)}/s`, (csvRate / raw).toFixed(2)]);
    say(`${backend} done`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await vigil.close();
    await pgdb?.drop();
  }
}

await measure("pglite");
await measure("postgres");
const widths = [0, 1, 2, 3].map((c) => Math.max(...[["backend", "what", "rate", "÷ raw append"], ...table].map((r) => r[c]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log([line(["backend", "what", "rate", "÷ raw append"]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...table.map(line)].join("\n"));
