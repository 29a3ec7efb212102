// npm run bench:contacts — close-contact queries over CONTACTS_BENCH_VISITS (default 10,000,000) visits on
// PostgreSQL, and the bulk visit import rate, beside yardsticks measured in the same run: the same rows inserted
// by a plain unnest INSERT into a copy of the table (no commitment, no log), and a trivial query's round trip.
// Prints a markdown table; not a test. The load takes minutes on 2 cores: progress goes to stderr.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { addDays, parseDay, today } from "@vigil/calendar";
import { DAY_MS, generateMobility } from "@vigil/contacts";
import { createProgress } from "@vigil/progress";
import { createVigil } from "../src/app.ts";
import { configFromEnv } from "../src/config.ts";
import type { Viewer } from "../src/access/viewer.ts";

const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TOTAL = Number(process.env.CONTACTS_BENCH_VISITS ?? 10_000_000);
const QUERIES = Number(process.env.CONTACTS_BENCH_QUERIES ?? 200);
const PEOPLE_PER_CHUNK = 20_000;
const DAYS = 30;
const say = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const name = `vigil_bench_contacts_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${name}"`);
await admin.end();
const url = new URL(ADMIN);
url.pathname = `/${name}`;

const vigil = await createVigil(
  {
    ...configFromEnv({}),
    port: 0,
    dataDir: mkdtempSync(path.join(tmpdir(), "vigil-bench-contacts-")),
    databaseUrl: url.toString(),
    mobilityPeople: 300,
    mobilityDays: 10,
  },
  () => {},
);
const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
try {
  const t = vigil.services.trajectories;
  const ps = await vigil.db.prisma.department.findUniqueOrThrow({ where: { code: "PS-RL" } });
  const viewer: Viewer = {
    id: 0,
    email: "bench@vigil.example",
    role: "DEPARTMENT_OFFICER",
    departmentId: ps.id,
    departmentCode: ps.code,
    regionCode: ps.regionCode,
  };
  const districts = (await vigil.db.prisma.region.findMany({ where: { level: "DISTRICT" }, orderBy: { code: "asc" } })).map((r) => r.code);
  const start = parseDay(addDays(today(), -DAYS)).getTime();
  await client.query(`CREATE TABLE "VisitYardstick" (LIKE "Visit" INCLUDING ALL)`);

  let stored = 0;
  let importMs = 0;
  let yardRows = 0;
  let yardMs = 0;
  const samples: { person: string; at: number }[] = [];
  const bar = createProgress("loading visits", TOTAL, { unit: "visits" });
  for (let chunk = 0; stored < TOTAL; chunk++) {
    const mob = generateMobility({ people: PEOPLE_PER_CHUNK, days: DAYS, start, districts, seed: 1000 + chunk });
    const rows = mob.visits.slice(0, TOTAL - stored).map((v) => ({ person: v.person, place: v.place, cell: v.cell, start: v.start, end: v.end }));
    const t0 = performance.now();
    await t.importVisits("PS-RL", rows, { batchSize: 50_000 });
    importMs += performance.now() - t0;
    // Yardstick on the first two chunks: the same rows, the same indexes, one plain unnest INSERT per 20,000.
    if (chunk < 2) {
      const y0 = performance.now();
      await client.query("BEGIN");
      for (let at = 0; at < rows.length; at += 20_000) {
        const c = rows.slice(at, at + 20_000);
        await client.query(
          `INSERT INTO "VisitYardstick" ("person", "place", "cell", "startAt", "endAt", "source", "batchId")
           SELECT p, l, c, to_timestamp(s / 1000.0) AT TIME ZONE 'UTC', to_timestamp(e / 1000.0) AT TIME ZONE 'UTC', 'PS-RL', 0
           FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS u(p, l, c, s, e)`,
          [c.map((r) => r.person), c.map((r) => r.place), c.map((r) => r.cell), c.map((r) => r.start), c.map((r) => r.end)],
        );
      }
      await client.query("COMMIT");
      yardMs += performance.now() - y0;
      yardRows += rows.length;
    }
    // Query subjects: people of this chunk with visits, at a time they were out.
    for (let k = 0; k < Math.ceil(QUERIES / Math.ceil(TOTAL / 780_000)) + 1; k++) {
      const v = rows[Math.floor((k + 0.5) * (rows.length / (QUERIES / 5 + 1))) % rows.length]!;
      samples.push({ person: v.person, at: v.start });
    }
    stored += rows.length;
    bar.update(stored);
  }
  bar.finish();
  await client.query(`ANALYZE "Visit"`);

  const trivial: number[] = [];
  for (let i = 0; i < 200; i++) {
    const q0 = performance.now();
    await vigil.db.raw.query(`SELECT 1`);
    trivial.push(performance.now() - q0);
  }
  const ms: number[] = [];
  const found: number[] = [];
  const qbar = createProgress("closeContacts", QUERIES, { unit: "queries" });
  for (let i = 0; i < QUERIES; i++) {
    const s = samples[i % samples.length]!;
    const q0 = performance.now();
    // A 5-day infectious window around a time the person was out (2 days before to 3 days after).
    const r = await t.closeContacts(viewer, {
      casePseudonym: s.person,
      legalBasis: "Benchmark: Infectious Disease Control Act art. 31",
      from: new Date(s.at - 2 * DAY_MS),
      to: new Date(s.at + 3 * DAY_MS),
    });
    ms.push(performance.now() - q0);
    found.push(r.contacts.length);
    qbar.update(i + 1);
  }
  qbar.finish();
  const rate = stored / (importMs / 1000);
  const yard = yardRows / (yardMs / 1000);
  console.log(`\nbench:contacts on PostgreSQL, ${fmt(stored)} visits (${fmt(stored / DAYS)} a day), measured while other agents shared the 2 cores\n`);
  console.log("| measure | value | yardstick (same run) | ratio |");
  console.log("|---|---|---|---|");
  console.log(
    `| bulk visit import (importVisits: commitment + log entry per 50,000, unnest insert) | ${fmt(rate)} visits/s | plain unnest INSERT of the same rows, same indexes: ${fmt(yard)} rows/s | ${(rate / yard).toFixed(2)} |`,
  );
  console.log(
    `| closeContacts p50 (depth 1, 5-day window, access entry appended) | ${pct(ms, 50).toFixed(1)} ms | \`SELECT 1\` p50: ${pct(trivial, 50).toFixed(2)} ms | ${(pct(ms, 50) / pct(trivial, 50)).toFixed(0)}× |`,
  );
  console.log(
    `| closeContacts p99 | ${pct(ms, 99).toFixed(1)} ms | \`SELECT 1\` p99: ${pct(trivial, 99).toFixed(2)} ms | ${(pct(ms, 99) / pct(trivial, 99)).toFixed(0)}× |`,
  );
  console.log(`| contacts per query (median, max) | ${pct(found, 50)}, ${Math.max(...found)} | | |`);
  console.log(`\ntargets: p50 < 200 ms, p99 < 1 s, import ≥ 50,000 visits/s`);
} finally {
  await client.end();
  await vigil.close();
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
}
process.exit(0);
