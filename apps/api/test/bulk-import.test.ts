import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@vigil/calendar";
import { auditLog } from "../src/log/audit.ts";
import { BACKENDS, snapshot, startVigil, type GqlResult, type Running } from "./harness.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const BULK = `mutation($i: [CaseReportRowInput!]!) { submitCaseReports(inputs: $i) { count firstIndex lastIndex } }`;
type Row = { regionCode: string; date: string; newConfirmed: number; suspected: number; deaths: number; tests: number };
type Refusal = { row: number; field: string | null; code: string; rule: string | null; message: string };
const CSV_HEADER = "regionCode,date,newConfirmed,suspected,deaths,tests";
const csvOf = (rows: Row[]) => [CSV_HEADER, ...rows.map((r) => [r.regionCode, r.date, r.newConfirmed, r.suspected, r.deaths, r.tests].join(","))].join("\n");

/** Issue 10: a day's line list or years of history in one submission — GraphQL, CSV upload and a CLI; all or nothing. */
describe.each(BACKENDS)("bulk submission of case reports on %s", (backend) => {
  let v: Running;
  let cdc: string, hospital: string, decision: string;
  let districts: string[];
  let base: string;
  let n = 0;
  /** A fresh block of days before the seeded window, per test. */
  const block = () => addDays(base, -400 * ++n);
  const rows = (from: string, days: number, regions = districts, c: Partial<Row> = {}): Row[] =>
    Array.from({ length: days }, (_, d) =>
      regions.map((regionCode, k) => ({ regionCode, date: addDays(from, d), newConfirmed: (d + k) % 7, suspected: 1, deaths: 0, tests: 50, ...c })),
    ).flat();
  const bulk = (token: string, inputs: Row[]) =>
    v.gql<{ submitCaseReports: { count: number; firstIndex: number; lastIndex: number } }>(BULK, { i: inputs }, token);
  const upload = (token: string | undefined, body: string, type = "text/csv") =>
    fetch(v.url.replace("/graphql", "/import/case-reports"), {
      method: "POST",
      headers: { "content-type": type, ...(token && { authorization: `Bearer ${token}` }) },
      body,
    });
  /** A refused request changed nothing anywhere. */
  const unchanged = async <T>(request: () => Promise<T>): Promise<T> => {
    const before = await snapshot(v.vigil);
    const r = await request();
    expect(await snapshot(v.vigil)).toEqual(before);
    return r;
  };

  beforeAll(async () => {
    v = await startVigil(backend);
    [cdc, hospital, decision] = await Promise.all(["cdc@vigil.example", "officer@vigil.example", "decision@vigil.example"].map((e) => v.login(e)));
    districts = (await v.vigil.db.prisma.region.findMany({ where: { level: "DISTRICT" }, orderBy: { code: "asc" } })).map((r) => r.code);
    const first = await v.vigil.db.prisma.caseReport.findFirstOrThrow({ orderBy: { date: "asc" } });
    base = first.date.toISOString().slice(0, 10);
  });
  afterAll(async () => {
    await v?.stop();
  });

  it("stores 2,000 reports in one call as consecutive entries in the order sent, and the log verifies after", async () => {
    const input = rows(block(), Math.ceil(2000 / districts.length)).slice(0, 2000);
    const before = await v.vigil.services.log.size();
    const r = await bulk(cdc, input);
    expect(r.errors).toBeUndefined();
    expect(r.data!.submitCaseReports).toEqual({ count: 2000, firstIndex: before, lastIndex: before + 1999 });
    const stored = await v.vigil.db.prisma.caseReport.findMany({
      where: { entryIndex: { gte: before, lte: before + 1999 } },
      orderBy: { entryIndex: "asc" },
      include: { department: true },
    });
    expect(stored.map((s) => [s.regionCode, s.date.toISOString().slice(0, 10), s.newConfirmed])).toEqual(
      input.map((i) => [i.regionCode, i.date, i.newConfirmed]),
    );
    expect(new Set(stored.map((s) => s.department.code))).toEqual(new Set(["CDC-RL"]));
    await v.vigil.services.log.publishCheckpoint();
    const audit = await auditLog(v.vigil.db, { origin: v.vigil.services.log.origin, logPublicKey: v.vigil.services.keys.logPublic });
    expect(audit.problem).toBeNull();
  });

  it("refuses the whole call when rows are bad, naming each row, field and code; nothing is stored", async () => {
    const input = rows(block(), 3);
    input[4] = { ...input[4]!, newConfirmed: 900, tests: 10 }; // more cases than tests
    input[7] = { ...input[7]!, regionCode: "RL-01" }; // a city, not a district
    input[9] = { ...input[9]!, deaths: 5, newConfirmed: 0 }; // deaths with no confirmed case in the district (before the batch's own earlier days)
    input[11] = { ...input[11]!, suspected: -1 };
    input.push({ ...input[2]! }); // the same district and day twice
    const r = await unchanged(() => bulk(cdc, input));
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const refusals = r.errors![0]!.extensions!.rows as Refusal[];
    // First the checks that need no database (region, counts, duplicates in the call) …
    expect(refusals.map((x) => [x.row, x.field, x.code])).toEqual([
      [7, "regionCode", "BAD_USER_INPUT"],
      [11, "suspected", "BAD_USER_INPUT"],
      [input.length - 1, "date", "CONFLICT"],
    ]);
    expect(r.errors![0]!.message).toMatch(/^3 of \d+ rows refused, nothing was stored/);
    // … then, once those pass, the case-report contract in force decides every row, inside the write.
    const fixed = input.slice(0, -1).map((x, i) => (i === 7 || i === 11 ? rows(x.date, 1, [districts[i % districts.length]!])[0]! : x));
    const r2 = await unchanged(() => bulk(cdc, fixed));
    expect((r2.errors![0]!.extensions!.rows as Refusal[]).map((x) => [x.row, x.field, x.rule])).toEqual([
      [4, "newConfirmed", "confirmed-within-tests"],
      [9, "deaths", "deaths-within-cumulative-confirmed"],
    ]);
  });

  it("counts the batch's own earlier days toward cumulative confirmed, and refuses days that have a value already (CONFLICT rows)", async () => {
    const from = block();
    const d = districts[0]!;
    const ok = await bulk(cdc, [
      { regionCode: d, date: from, newConfirmed: 4, suspected: 0, deaths: 0, tests: 20 },
      { regionCode: d, date: addDays(from, 1), newConfirmed: 0, suspected: 0, deaths: 3, tests: 20 },
    ]);
    expect(ok.errors).toBeUndefined();
    const again = await unchanged(() =>
      bulk(cdc, [
        { regionCode: districts[1]!, date: from, newConfirmed: 1, suspected: 0, deaths: 0, tests: 5 },
        { regionCode: d, date: from, newConfirmed: 1, suspected: 0, deaths: 0, tests: 5 },
      ]),
    );
    const refusal = (again.errors![0]!.extensions!.rows as Refusal[])[0]!;
    expect([refusal.row, refusal.code]).toEqual([1, "CONFLICT"]);
    expect(refusal.message).toContain("already has a value");
  });

  it("decides a submission of several chunks as a whole: every refused row named, and a district's earlier days count wherever they are in the file", async () => {
    const from = block();
    const d = districts[0]!;
    // Deaths on day 2 first in the file, the district's confirmed cases of day 1 last: stored in another chunk, later.
    const input = rows(addDays(from, 2), 300, districts.slice(1));
    expect(input.length).toBeGreaterThan(2500);
    input.unshift({ regionCode: d, date: addDays(from, 1), newConfirmed: 0, suspected: 0, deaths: 3, tests: 20 });
    input.push({ regionCode: d, date: from, newConfirmed: 4, suspected: 0, deaths: 0, tests: 20 });
    const bad = input.map((x, i) => (i === 100 || i === input.length - 100 ? { ...x, newConfirmed: 900, tests: 10 } : x));
    const r = await unchanged(() => bulk(cdc, bad));
    expect((r.errors![0]!.extensions!.rows as Refusal[]).map((x) => [x.row, x.rule])).toEqual([
      [100, "confirmed-within-tests"],
      [input.length - 100, "confirmed-within-tests"],
    ]);
    expect(r.errors![0]!.message).toMatch(new RegExp(`^2 of ${input.length} rows refused, nothing was stored`));
    const before = await v.vigil.services.log.size();
    const ok = await bulk(cdc, input);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.submitCaseReports).toEqual({ count: input.length, firstIndex: before, lastIndex: before + input.length - 1 });
    await v.vigil.services.log.publishCheckpoint();
    expect((await auditLog(v.vigil.db, { origin: v.vigil.services.log.origin, logPublicKey: v.vigil.services.keys.logPublic })).problem).toBeNull();
  });

  it("counts the values already stored inside a submission's span of days, and refuses the days they hold", async () => {
    const from = block();
    const d = districts[2]!;
    const day = (n: number, c: Partial<Row> = {}): Row => ({
      regionCode: d,
      date: addDays(from, n),
      newConfirmed: 0,
      suspected: 0,
      deaths: 0,
      tests: 20,
      ...c,
    });
    expect((await bulk(cdc, [day(1, { newConfirmed: 5 }), day(3, { newConfirmed: 2 })])).errors).toBeUndefined();
    // Day 2 sees day 1's stored 5; day 4 sees 5 + 2 (day 3 stored in between); one more death than that is refused.
    const over = await unchanged(() => bulk(cdc, [day(0), day(2, { deaths: 6 }), day(4, { deaths: 8 }), day(3)]));
    expect((over.errors![0]!.extensions!.rows as Refusal[]).map((x) => [x.row, x.code, x.rule])).toEqual([
      [1, "BAD_USER_INPUT", "deaths-within-cumulative-confirmed"],
      [2, "BAD_USER_INPUT", "deaths-within-cumulative-confirmed"],
      [3, "CONFLICT", null],
    ]);
    expect((await bulk(cdc, [day(0), day(2, { deaths: 5 }), day(4, { deaths: 7 })])).errors).toBeUndefined();
  });

  it("keeps each department to its region and role: a hospital outside its district is FORBIDDEN, a decision-maker may not submit", async () => {
    const input = rows(block(), 1, [districts.find((x) => x !== "RL-01-02")!]);
    const r = await unchanged(() => bulk(hospital, input));
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const r2 = await unchanged(() => bulk(decision, input));
    expect(r2.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const tooMany = await unchanged(() => bulk(cdc, rows(block(), Math.ceil(10_001 / districts.length)).slice(0, 10_001)));
    expect(tooMany.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|PAYLOAD_TOO_LARGE/);
  });

  it("takes the same rows as CSV at POST /import/case-reports, with the same answers and JSON errors", async () => {
    const input = rows(block(), 2);
    const before = await v.vigil.services.log.size();
    const res = await upload(cdc, csvOf(input));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ count: input.length, firstIndex: before, lastIndex: before + input.length - 1 });

    const bad = rows(block(), 1);
    const lines = csvOf(bad).split("\n");
    lines[2] = lines[2]!.replace(/,50$/, ",lots"); // tests not a number, on data row 1
    const r = await unchanged(() => upload(cdc, lines.join("\n")));
    expect(r.status).toBe(400);
    const body = (await r.json()) as GqlResult;
    expect(body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect((body.errors![0]!.extensions!.rows as Refusal[]).map((x) => [x.row, x.field])).toEqual([[1, "tests"]]);

    const wrongHeader = await unchanged(() => upload(cdc, "region,day\nRL-01-02,2020-01-01"));
    expect(wrongHeader.status).toBe(400);
    expect(((await wrongHeader.json()) as GqlResult).errors![0]!.message).toContain("missing: regionCode");
    expect((await unchanged(() => upload(undefined, csvOf(bad)))).status).toBe(401);
    expect((await unchanged(() => upload(decision, csvOf(bad)))).status).toBe(403);
    expect((await unchanged(() => upload(cdc, JSON.stringify(bad), "application/json"))).status).toBe(415);
    expect((await unchanged(() => upload(cdc, `${CSV_HEADER}\n${"RL-01-02,2020-01-01,1,1,0,5\n".repeat(40_000)}`))).status).toBe(413);
    expect((await fetch(v.url.replace("/graphql", "/import/case-reports"))).status).toBe(405);
  });

  it("npm run import loads a 10,100-row file in one transaction with progress, and a file with one bad row stores nothing and names its line", async () => {
    // 10,100 rows (two chunks of 10,000) are ~2.5 years of the 11 districts: far before every other test's block.
    const input = rows(addDays(base, -20_000), Math.ceil(10_100 / districts.length)).slice(0, 10_100);
    const file = path.join(v.dataDir, "history.csv");
    const env = { ...process.env, VIGIL_DATA_DIR: v.dataDir, DATABASE_URL: v.databaseUrl ?? "" };
    // PGlite has one owner: the CLI runs on PostgreSQL against the live server's database, on PGlite after it stops.
    if (backend === "pglite") await v.stop();
    const bad = [...input];
    bad[10_050] = { ...bad[10_050]!, regionCode: "ZZ-99-99" };
    writeFileSync(file, csvOf(bad));
    const refused = await run("npx", ["tsx", "apps/api/scripts/import.ts", file, "--department", "CDC-RL"], { cwd: ROOT, env }).catch(
      (e) => e as { code: number; stderr: string },
    );
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stderr: string }).stderr).toContain("row 10050 (line 10052) regionCode: Unknown region ZZ-99-99");
    writeFileSync(file, csvOf(input));
    const ok = await run("npx", ["tsx", "apps/api/scripts/import.ts", file, "--department", "CDC-RL"], { cwd: ROOT, env });
    expect(ok.stdout).toMatch(/^stored 10100 reports as entries \d+\.\.\d+/m);
    expect(ok.stderr).toMatch(/importing .*100%|importing 10,100/);
    if (backend === "pglite") v = await startVigil(backend, { dataDir: v.dataDir });
    const [, a, b] = /entries (\d+)\.\.(\d+)/.exec(ok.stdout)!;
    expect(Number(b) - Number(a) + 1).toBe(10_100);
    expect(await v.vigil.db.prisma.caseReport.count({ where: { entryIndex: { gte: BigInt(a!), lte: BigInt(b!) } } })).toBe(10_100);
    const audit = await auditLog(v.vigil.db, { origin: v.vigil.services.log.origin, logPublicKey: v.vigil.services.keys.logPublic });
    expect(audit.problem).toBeNull();
  });
});
