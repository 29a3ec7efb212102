// npm run bench:contacts — close-contact queries over CONTACTS_BENCH_VISITS (default 10,000,000) visits on
// PostgreSQL, and the bulk visit import rate, beside yardsticks measured in the same run: the same rows inserted
// by a plain unnest INSERT into a table of the same layout (day partitions, same indexes; no commitment, no log),
// on every 4th slice of the load so that it sees the same partition sizes, and a trivial query's round trip.
// Visits are uploaded in time order by default (CONTACTS_BENCH_ORDER=person for the generator's order).
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
import type { VisitRow } from "../src/layers/data-support/trajectories/service.ts";

const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TOTAL = Number(process.env.CONTACTS_BENCH_VISITS ?? 10_000_000);
const QUERIES = Number(process.env.CONTACTS_BENCH_QUERIES ?? 200);
const ORDER = process.env.CONTACTS_BENCH_ORDER === "person" ? "person" : "time";
const PEOPLE_PER_CHUNK = 20_000;
const SLICE = 500_000;
type Row = VisitRow;
const DAYS = 30;
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
  // The yardstick table has the same layout (partitioned by day, the same indexes and collations).
  await client.query(`CREATE TABLE "VisitYardstick" (LIKE "Visit" INCLUDING ALL) PARTITION BY RANGE ("startAt")`);
  for (let d = -1; d <= DAYS; d++) {
    const from = new Date(start + d * DAY_MS).toISOString();
    const to = new Date(start + (d + 1) * DAY_MS).toISOString();
    await client.query(`CREATE TABLE "VisitYardstick_${d + 1}" PARTITION OF "VisitYardstick" FOR VALUES FROM ('${from}') TO ('${to}')`);
  }

  // The whole month first, then uploaded in time order, as scans and check-ins arrive (CONTACTS_BENCH_ORDER=person
  // keeps the generator's order instead: each person's month at once, as a backfill from a person-keyed export).
  // The month is held in columns (indices into the distinct people, places and cells; times as floats), not as 10 M
  // objects: a heap of 10 M live objects makes every major GC of this process cost seconds, a cost of the bench
  // and not of the service, which sees one slice at a time.
  const persons: string[] = [];
  const places: string[] = [];
  const cells: (string | null)[] = [];
  const ids = <T>(table: T[]) => {
    const at = new Map<T, number>();
    return (v: T) => {
      let i = at.get(v);
      if (i === undefined) at.set(v, (i = table.push(v) - 1));
      return i;
    };
  };
  const personId = ids(persons);
  const placeId = ids(places);
  const cellId = ids(cells);
  const col = {
    person: new Int32Array(TOTAL),
    place: new Int32Array(TOTAL),
    cell: new Int32Array(TOTAL),
    start: new Float64Array(TOTAL),
    end: new Float64Array(TOTAL),
  };
  let n = 0;
  const gbar = createProgress("generating visits", TOTAL, { unit: "visits" });
  for (let chunk = 0; n < TOTAL; chunk++) {
    const mob = generateMobility({ people: PEOPLE_PER_CHUNK, days: DAYS, start, districts, seed: 1000 + chunk });
    for (const v of mob.visits) {
      if (n === TOTAL) break;
      col.person[n] = personId(v.person);
      col.place[n] = placeId(v.place);
      col.cell[n] = cellId(v.cell);
      col.start[n] = v.start;
      col.end[n] = v.end;
      n++;
    }
    gbar.update(n);
  }
  gbar.finish();
  const order = Uint32Array.from({ length: TOTAL }, (_, i) => i);
  if (ORDER === "time") order.sort((a, b) => col.start[a]! - col.start[b]! || a - b);
  const rowsOf = (from: number, to: number): Row[] => {
    const out: Row[] = [];
    for (let k = from; k < Math.min(to, TOTAL); k++) {
      const i = order[k]!;
      out.push({ person: persons[col.person[i]!]!, place: places[col.place[i]!]!, cell: cells[col.cell[i]!]!, start: col.start[i]!, end: col.end[i]! });
    }
    return out;
  };

  let importMs = 0;
  let yardRows = 0;
  let yardMs = 0;
  const samples: { person: string; at: number }[] = [];
  const bar = createProgress("loading visits", TOTAL, { unit: "visits" });
  for (let at = 0, slice = 0; at < TOTAL; at += SLICE, slice++) {
    const part = rowsOf(at, at + SLICE);
    const t0 = performance.now();
    await t.importVisits("PS-RL", part, { batchSize: 50_000 });
    importMs += performance.now() - t0;
    // Yardstick on every 4th slice, spread over the whole load: the same rows, one plain unnest INSERT per 20,000
    // in one transaction per 50,000, into the same layout (no commitment, no log entry, no service).
    if (slice % 4 === 0) {
      const y0 = performance.now();
      for (let b = 0; b < part.length; b += 50_000) {
        await client.query("BEGIN");
        for (let k = b; k < Math.min(b + 50_000, part.length); k += 20_000) {
          const c = part.slice(k, Math.min(k + 20_000, b + 50_000));
          await client.query(
            `INSERT INTO "VisitYardstick" ("person", "place", "cell", "startAt", "endAt", "source", "batchId")
             SELECT p, l, c, to_timestamp(s / 1000.0) AT TIME ZONE 'UTC', to_timestamp(e / 1000.0) AT TIME ZONE 'UTC', 'PS-RL', 0
             FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS u(p, l, c, s, e)`,
            [c.map((r) => r.person), c.map((r) => r.place), c.map((r) => r.cell), c.map((r) => r.start), c.map((r) => r.end)],
          );
        }
        await client.query("COMMIT");
      }
      yardMs += performance.now() - y0;
      yardRows += part.length;
    }
    bar.update(at + part.length);
  }
  bar.finish();
  // Query subjects: people spread over the load, at a time they were out.
  for (let k = 0; k < QUERIES; k++) {
    const [v] = rowsOf(Math.floor((k + 0.5) * (TOTAL / QUERIES)), Math.floor((k + 0.5) * (TOTAL / QUERIES)) + 1);
    samples.push({ person: v!.person, at: v!.start });
  }
  const stored = TOTAL;
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
    const s = samples[i]!;
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
  console.log(
    `\nbench:contacts on PostgreSQL, ${fmt(stored)} visits (${fmt(stored / DAYS)} a day), uploaded in ${ORDER === "time" ? "time order" : "person order"}\n`,
  );
  console.log("| measure | value | yardstick (same run) | ratio |");
  console.log("|---|---|---|---|");
  console.log(
    `| bulk visit import (importVisits: commitment + log entry per 50,000, unnest insert, day partitions) | ${fmt(rate)} visits/s | plain unnest INSERT of every 4th slice of the same rows, same layout: ${fmt(yard)} rows/s | ${(rate / yard).toFixed(2)} |`,
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
