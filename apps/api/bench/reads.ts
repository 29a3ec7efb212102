// npm run bench:reads — dashboard questions answered from the shared cache (same question, same log state) against
// the same questions computed (a different question each time, so every one misses), beside the `{ __typename }`
// yardstick, in one run on PostgreSQL. Closed loop: READS_BENCH_CLIENTS (default 16) keep-alive clients in this
// process for READS_BENCH_SECONDS (default 4) per row; server and load share the machine. With REDIS_URL the cache is
// Redis (as several instances share it), else memory. Prints a table; not a test.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { addDays } from "@vigil/calendar";
import { TEST_SEED_CONFIG } from "../test/seed-config.ts";

const CLIENTS = Number(process.env.READS_BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.READS_BENCH_SECONDS ?? 4);
const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const say = (s: string) => process.stderr.write(`${s}\n`);

const name = `vigil_bench_reads_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const u = new URL(ADMIN);
u.pathname = `/${name}`;
const [{ createVigil }, { configFromEnv }] = await Promise.all([import("../src/app.ts"), import("../src/config.ts")]);
say("bench:reads: seeding the test-size demo on a fresh PostgreSQL database…");
const vigil = await createVigil(
  {
    ...configFromEnv({}),
    ...TEST_SEED_CONFIG,
    port: 0,
    dataDir: mkdtempSync(path.join(tmpdir(), "vigil-bench-")),
    databaseUrl: u.toString(),
    redisUrl: process.env.REDIS_URL || undefined,
  },
  () => {},
);
const server = http.createServer(vigil.app);
await vigil.attach(server);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
const post = (body: string, token?: string) =>
  new Promise<boolean>((resolve) => {
    const t = new URL(url);
    const req = http.request(
      {
        host: t.hostname,
        port: t.port,
        path: t.pathname,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...(token && { authorization: `Bearer ${token}` }) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(res.statusCode === 200 && !text.includes('"errors"')));
      },
    );
    req.on("error", () => resolve(false));
    req.end(body);
  });
const password = vigil.demoLogins!.password;
const login = JSON.stringify({
  query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
  variables: { e: "decision@vigil.example", p: password },
});
const token = await new Promise<string>((resolve) => {
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: login })
    .then((r) => r.json())
    .then((j: { data: { login: { token: string } } }) => resolve(j.data.login.token));
});
const latest = (await vigil.services.reports.latestDay())!;

/** `CLIENTS` loops for `seconds`, each sending `body(next())`: the latencies, and errors. */
async function slice(body: (i: number) => string, next: () => number, seconds: number) {
  let errors = 0;
  const lat: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        if (!(await post(body(next()), token))) errors++;
        lat.push(performance.now() - t);
      }
    }),
  );
  return { lat, errors };
}

const overview = (to: string, from?: string) =>
  JSON.stringify({
    query: `query($t: LocalDate, $f: LocalDate) { riskOverview(regionCode: "RL-01-02", to: $t, from: $f) { level series { count } } }`,
    variables: { t: to, f: from ?? null },
  });
const map = (date: string) => JSON.stringify({ query: `query($d: LocalDate) { riskMap(date: $d) { level region { code } } }`, variables: { d: date } });
const rows: [string, (i: number) => string][] = [
  ["{ __typename } (yardstick)", () => JSON.stringify({ query: "{ __typename }" })],
  ["riskOverview, same question (cached)", () => overview(latest)],
  // A different `to` each time: a new question, so a cache miss and a full computation.
  // Every request a new window inside the seeded history (a different end day, then a longer start): each one misses.
  ["riskOverview, a new question each time (computed)", (i) => overview(addDays(latest, -(i % 140)), addDays(latest, -(i % 140) - 119 - Math.floor(i / 140)))],
  ["riskMap, same day (cached)", () => map(latest)],
  // riskMap has only a day: days before the seeded history are computed too, on less data (a conservative row).
  ["riskMap, a new day each time (computed)", (i) => map(addDays(latest, -(i % 3000)))],
];
// The machine's load drifts: the rows take turns in SLICES short slices each, so drift spreads over all of them.
const SLICES = 8;
for (const [, body] of rows) await post(body(-1), token); // the cached rows' one computation (and a warm server)
const acc = rows.map(() => ({ lat: [] as number[], errors: 0, i: 0 }));
for (let k = 0; k < SLICES; k++)
  for (const [r, [, body]] of rows.entries()) {
    const a = acc[r]!;
    const got = await slice(body, () => a.i++, SECONDS / SLICES);
    a.lat.push(...got.lat);
    a.errors += got.errors;
  }
const out: string[] = [`| request | rate | ÷ __typename | p50 | errors |`, `|---|---|---|---|---|`];
const yard = acc[0]!.lat.length / SECONDS;
for (const [r, [label]] of rows.entries()) {
  const { lat, errors } = acc[r]!;
  lat.sort((x, y) => x - y);
  const rps = lat.length / SECONDS;
  out.push(`| ${label} | ${Math.round(rps)}/s | ${(rps / yard).toFixed(2)} | ${(lat[Math.floor(lat.length / 2)] ?? NaN).toFixed(0)} ms | ${errors} |`);
}
console.log(`bench:reads, PostgreSQL, cache in ${process.env.REDIS_URL ? "Redis" : "memory"}, ${CLIENTS} clients, ${SECONDS} s per row, one run\n`);
console.log(out.join("\n"));
agent.destroy();
server.closeAllConnections();
server.close();
await vigil.close();
await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.end();
