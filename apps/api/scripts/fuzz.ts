// npm run fuzz [-- --count 10000 --seed 1 --time 900]
// Starts its own API on a fresh PostgreSQL database (on 127.0.0.1, dropped afterwards), signs in as each
// demo role, sends schema-driven fuzz requests (scripts/fuzz-gen.ts) and prints the table of fuzz-run.ts.
// Exits 1 when an invariant is broken: an internal error, a response ≥ 500, memory over +50 MB, or a
// rejected request that changed the log or a table.
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { createVigil } from "../src/app.ts";
import { configFromEnv } from "../src/config.ts";
import { formatReport, fuzzPassed, runFuzz } from "./fuzz-run.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    time: { type: "string", default: "1200", short: "t" },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});
if (values.help) {
  console.log(
    "usage: npm run fuzz -- [--count N (10000)] [--seed S (1)] [--time SECONDS (1200)]\n  PostgreSQL: VIGIL_FUZZ_PG_ADMIN_URL (postgresql://postgres@127.0.0.1:5432/postgres)",
  );
  process.exit(0);
}
const count = Number(values.count);
const seed = Number(values.seed);
const timeLimitMs = Number(values.time) * 1000;
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || !(timeLimitMs > 0)) {
  console.error("--count and --seed must be whole numbers, --time a number of seconds");
  process.exit(2);
}

const adminUrl = new URL(process.env.VIGIL_FUZZ_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
if (!["127.0.0.1", "localhost", "[::1]"].includes(adminUrl.hostname)) {
  console.error(`the fuzzer runs only against a local PostgreSQL, not ${adminUrl.hostname}`);
  process.exit(2);
}
// pg through CommonJS, as @vigil/db loads it.
const pg = createRequire(import.meta.resolve("@vigil/db"))("pg") as typeof import("pg");
const name = `vigil_fuzz_${process.pid}_${Date.now()}`;
const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: adminUrl.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
await admin(`CREATE DATABASE "${name}"`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${name}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-fuzz-"));

let exitCode = 1;
const lines: string[] = [];
try {
  console.log(`fuzz: seeding a fresh database ${name} …`);
  const vigil = await createVigil({ ...configFromEnv({}), port: 0, dataDir, databaseUrl: dbUrl.toString() }, (l) => lines.push(l));
  const server = http.createServer(vigil.app);
  await vigil.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  try {
    const logins = vigil.demoLogins;
    if (!logins) throw new Error("no demo logins after seeding");
    const tokens: Record<string, string> = {};
    for (const u of logins.users) {
      if (tokens[u.role]) continue;
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
          variables: { e: u.email, p: logins.password },
        }),
      });
      const token = ((await res.json()) as { data?: { login?: { token: string } } }).data?.login?.token;
      if (!token) throw new Error(`sign-in as ${u.email} failed`);
      tokens[u.role] = token;
    }
    const departments = await vigil.db.prisma.department.findMany({ select: { code: true } });
    const sdl = readFileSync(path.resolve(import.meta.dirname, "../../../schema.graphql"), "utf8");
    console.log(`fuzz: ${count} requests to ${url} as ${Object.keys(tokens).join(", ")} and anonymous (seed ${seed})`);
    const report = await runFuzz({
      url,
      sdl,
      db: vigil.db,
      tokens,
      hints: {
        regionCodes: vigil.services.regions.all().map((r) => r.code),
        departmentCodes: departments.map((d) => d.code),
        emails: logins.users.map((u) => u.email),
        latestDay: (await vigil.services.reports.latestDay()) ?? new Date().toISOString().slice(0, 10),
      },
      count,
      seed,
      timeLimitMs,
      memory: () => process.memoryUsage().rss,
      onProgress: (done, total) => {
        if (done % 1000 === 0 || done === total) console.log(`fuzz: ${done}/${total}`);
      },
    });
    console.log(`\n${formatReport(report)}\n`);
    for (const f of report.failures) console.log(`  ${f}`);
    const internal = lines.filter((l) => l.startsWith("internal error"));
    for (const l of internal.slice(0, 5)) console.log(`server log: ${l.split("\n").slice(0, 6).join("\n  ")}`);
    exitCode = fuzzPassed(report) ? 0 : 1;
    console.log(exitCode === 0 ? "fuzz: all invariants hold" : "fuzz: INVARIANTS BROKEN");
  } finally {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await vigil.close();
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e) => console.error(`could not drop ${name}: ${e}`));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
