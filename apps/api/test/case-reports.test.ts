import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, today } from "@vigil/calendar";
import { auditLog } from "../src/log/audit.ts";
import { BACKENDS, snapshot, startVigil, type GqlResult, type Running } from "./harness.ts";

/**
 * Issue 8, finding 2: one current value per district and day. A second department could add its own report
 * for a day the hospital had filed (`reportsPerDay` showed 2 reports and 900,049 confirmed); now the first
 * accepted report is the value, corrections are amendments, and every series counts current values only.
 */
const SUBMIT = `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id entryIndex current newConfirmed } }`;
const AMEND = `mutation($i: AmendCaseReportInput!) { amendCaseReport(input: $i) { id entryIndex current reason newConfirmed amends { id current amendedBy { id } } department { code } } }`;
const PER_DAY = `query($d: LocalDate!, $r: String) { reportsPerDay(from: $d, to: $d, regionCode: $r) { date reports amended confirmed tests } }`;
const LIST = `query($d: LocalDate!, $r: String, $h: Boolean) { caseReports(regionCode: $r, from: $d, to: $d, history: $h) { id current reason newConfirmed amends { id } amendedBy { id } } }`;

type Report = { id: number; entryIndex: number; current: boolean; newConfirmed: number };
const DISTRICT = "RL-01-02"; // Lantern Hill (population 612,487): the hospital HOSP-RL-01-02 reports, its city's CDC CDC-RL-01 supervises

describe.each(BACKENDS)("one current value per district and day on %s", (backend) => {
  let run: Running;
  let hospital: string, provinceCdc: string, cityCdc: string, otherCityCdc: string, decision: string;
  // Days before the seeded window: nothing reported there yet, so each test owns its days.
  let base: string;
  let n = 0;
  const nextDay = () => addDays(base, -10 * ++n);
  const counts = (newConfirmed: number, extra: Partial<{ suspected: number; deaths: number; tests: number }> = {}) => ({
    newConfirmed,
    suspected: 3,
    deaths: 0,
    tests: 500,
    ...extra,
  });
  const submit = (token: string, date: string, c: ReturnType<typeof counts>, regionCode = DISTRICT) =>
    run.gql<{ submitCaseReport: Report }>(SUBMIT, { i: { regionCode, date, ...c } }, token);
  const amend = (token: string, amends: number, c: ReturnType<typeof counts>, reason: string) =>
    run.gql<{ amendCaseReport: Report & { reason: string; amends: { id: number; current: boolean; amendedBy: { id: number } } } }>(
      AMEND,
      { i: { amends, reason, ...c } },
      token,
    );
  const perDay = async (date: string) =>
    (await run.gql<{ reportsPerDay: { reports: number; amended: number; confirmed: number }[] }>(PER_DAY, { d: date, r: DISTRICT }, decision)).data!
      .reportsPerDay;
  /** A refused request: the code (and rule), and nothing changed anywhere. */
  const refused = async (request: () => Promise<GqlResult>, code: string, rule?: string) => {
    const before = await snapshot(run.vigil);
    const r = await request();
    expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe(code);
    if (rule) expect(r.errors?.[0]?.extensions?.rule).toBe(rule);
    expect(r.errors?.[0]?.message.length).toBeGreaterThan(10);
    expect(await snapshot(run.vigil)).toEqual(before);
    return r.errors![0]!;
  };

  beforeAll(async () => {
    run = await startVigil(backend);
    [hospital, provinceCdc, cityCdc, otherCityCdc, decision] = await Promise.all(
      ["officer@vigil.example", "cdc@vigil.example", "cdc.eastmere@vigil.example", "cdc.highfold@vigil.example", "decision@vigil.example"].map((e) =>
        run.login(e),
      ),
    );
    const first = await run.vigil.db.prisma.caseReport.findFirstOrThrow({ orderBy: { date: "asc" } });
    base = first.date.toISOString().slice(0, 10);
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("refuses the province CDC's 900,000 (and any second report) for a day the hospital reported: 1 report, the hospital's count", async () => {
    const day = nextDay();
    const filed = await submit(hospital, day, counts(49, { tests: 600 }));
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.submitCaseReport).toMatchObject({ current: true, newConfirmed: 49 });

    // The request: implausible on its face (more cases than people, no tests).
    await refused(() => submit(provinceCdc, day, counts(900_000, { tests: 0 })), "BAD_USER_INPUT", "confirmed-within-population");
    // A plausible second report from another department is still a second value for the key.
    const conflict = await refused(() => submit(provinceCdc, day, counts(120, { tests: 1000 })), "CONFLICT");
    expect(conflict.extensions?.currentReportId).toBe(filed.data!.submitCaseReport.id);
    // Nor may it correct the hospital's value: the province CDC is not a designated reporter of the district.
    await refused(() => amend(provinceCdc, filed.data!.submitCaseReport.id, counts(120, { tests: 1000 }), "Our own count is higher"), "CONFLICT");
    // The hospital itself must amend, not file again.
    await refused(() => submit(hospital, day, counts(50, { tests: 600 })), "CONFLICT");

    expect(await perDay(day)).toEqual([{ date: day, reports: 1, amended: 0, confirmed: 49, tests: 600 }]);
    expect(await run.vigil.services.analysis.series(DISTRICT, day, day)).toEqual([{ date: day, count: 49 }]);
    expect(await run.vigil.services.analysis.series("RL", day, day)).toEqual([{ date: day, count: 49 }]);
  });

  it("a submission's answer is the report as stored: every field equal to what the list reads back", async () => {
    const fields = `id region { code name level parentCode population } date newConfirmed suspected deaths tests imported disease
      department { code name kind regionCode publicKeyJwk } receivedAt entryIndex current reason amends { id } amendedBy { id }`;
    const day = nextDay();
    const filed = await run.gql<{ submitCaseReport: Record<string, unknown> }>(
      `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { ${fields} } }`,
      { i: { regionCode: DISTRICT, date: day, ...counts(7, { deaths: 1 }), imported: 2 } },
      hospital,
    );
    expect(filed.errors).toBeUndefined();
    const listed = await run.gql<{ caseReports: Record<string, unknown>[] }>(
      `query($d: LocalDate!, $r: String) { caseReports(regionCode: $r, from: $d, to: $d) { ${fields} } }`,
      { d: day, r: DISTRICT },
      decision,
    );
    expect(listed.data!.caseReports).toEqual([filed.data!.submitCaseReport]);
    expect(filed.data!.submitCaseReport).toMatchObject({
      date: day,
      newConfirmed: 7,
      imported: 2,
      deaths: 1,
      current: true,
      department: { code: "HOSP-RL-01-02" },
    });
  });

  it("an amendment by the same department is a correction: a new entry naming the old one, with its reason, counted once", async () => {
    const day = nextDay();
    const filed = (await submit(hospital, day, counts(30))).data!.submitCaseReport;
    const r = await amend(hospital, filed.id, counts(34), "  Late laboratory results  ");
    expect(r.errors).toBeUndefined();
    const fixed = r.data!.amendCaseReport;
    expect(fixed).toMatchObject({ current: true, reason: "Late laboratory results", newConfirmed: 34, amends: { id: filed.id, current: false } });
    expect(fixed.amends.amendedBy.id).toBe(fixed.id);
    expect(fixed.entryIndex).toBeGreaterThan(filed.entryIndex);

    // On the log: its own entry, naming the corrected entry, with the reason.
    const entry = await run.vigil.services.log.entry(fixed.entryIndex);
    expect(JSON.parse(new TextDecoder().decode(entry!.payload)).body).toMatchObject({
      regionCode: DISTRICT,
      date: day,
      newConfirmed: 34,
      amends: filed.entryIndex,
      reason: "Late laboratory results",
    });

    expect(await perDay(day)).toEqual([{ date: day, reports: 1, amended: 1, confirmed: 34, tests: 500 }]);
    expect(await run.vigil.services.analysis.series(DISTRICT, day, day)).toEqual([{ date: day, count: 34 }]);
    const current = await run.gql<{ caseReports: { id: number }[] }>(LIST, { d: day, r: DISTRICT }, hospital);
    expect(current.data!.caseReports.map((c) => c.id)).toEqual([fixed.id]);
    const history = await run.gql<{ caseReports: { id: number; current: boolean; amendedBy: { id: number } | null }[] }>(
      LIST,
      { d: day, r: DISTRICT, h: true },
      hospital,
    );
    expect(history.data!.caseReports).toMatchObject([
      { id: fixed.id, current: true, amends: { id: filed.id }, amendedBy: null },
      { id: filed.id, current: false, amendedBy: { id: fixed.id }, reason: null },
    ]);

    // A corrected value cannot be corrected again (amend the current one), nor with nothing to correct or no reason.
    const stale = await refused(() => amend(hospital, filed.id, counts(35), "Another correction"), "CONFLICT");
    expect(stale.extensions?.currentReportId).toBe(fixed.id);
    await refused(() => amend(hospital, fixed.id, counts(34), "Same figures"), "BAD_USER_INPUT");
    await refused(() => amend(hospital, fixed.id, counts(35), "  "), "BAD_USER_INPUT");
    await refused(() => amend(hospital, 99_999_999, counts(35), "No such report"), "NOT_FOUND");
    // A department outside the district's city cannot even see the report.
    await refused(() => amend(otherCityCdc, fixed.id, counts(35), "Not ours"), "NOT_FOUND");
    // The district's city CDC is a designated reporter: it may correct the hospital's value.
    const bySupervisor = await amend(cityCdc, fixed.id, counts(36), "Reconciled with the city line list");
    expect(bySupervisor.errors).toBeUndefined();
    expect(bySupervisor.data!.amendCaseReport).toMatchObject({ department: { code: "CDC-RL-01" }, amends: { id: fixed.id } });
    expect(await perDay(day)).toMatchObject([{ reports: 1, amended: 1, confirmed: 36 }]);

    const audit = await auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic });
    expect(audit.problem).toBeNull();
  });

  it("refuses implausible figures with BAD_USER_INPUT naming the rule, changing nothing", async () => {
    const day = nextDay();
    await refused(() => submit(hospital, day, counts(612_488, { tests: 0 })), "BAD_USER_INPUT", "confirmed-within-population");
    await refused(() => submit(hospital, day, counts(50, { tests: 10 })), "BAD_USER_INPUT", "confirmed-within-tests");
    // No tests reported (0): the tests rule does not apply.
    const untested = await submit(hospital, day, counts(50, { tests: 0 }));
    expect(untested.errors).toBeUndefined();
    // Deaths against the district's cumulative confirmed cases up to the day, this report included.
    const later = addDays(day, 1);
    await refused(() => submit(hospital, later, counts(2, { deaths: 53 })), "BAD_USER_INPUT", "deaths-within-cumulative-confirmed");
    const ok = await submit(hospital, later, counts(2, { deaths: 52 }));
    expect(ok.errors).toBeUndefined();
    // An amendment is held to the same rules, with its figures in place of the value it corrects.
    await refused(
      () => amend(hospital, ok.data!.submitCaseReport.id, counts(0, { deaths: 51 }), "Two cases were duplicates"),
      "BAD_USER_INPUT",
      "deaths-within-cumulative-confirmed",
    );
    await refused(() => amend(hospital, ok.data!.submitCaseReport.id, counts(600, { tests: 100 }), "Typo"), "BAD_USER_INPUT", "confirmed-within-tests");
  });

  it("refuses a report for a day after today (UTC), or before the history starts", async () => {
    const e = await refused(() => submit(hospital, addDays(today(), 1), counts(1)), "BAD_USER_INPUT");
    expect(e.extensions?.field).toBe("date");
    await refused(() => submit(hospital, "1899-12-31", counts(1)), "BAD_USER_INPUT");
  });

  it("two requests racing for one district and day: one is the value, the other gets CONFLICT", async () => {
    for (let round = 0; round < 5; round++) {
      const day = nextDay();
      const results = await Promise.all([submit(hospital, day, counts(10 + round)), submit(cityCdc, day, counts(20 + round))]);
      expect(results.filter((r) => r.data?.submitCaseReport).length).toBe(1);
      expect(results.filter((r) => r.errors?.[0]?.extensions?.code === "CONFLICT").length).toBe(1);
      const winner = results.find((r) => r.data)!.data!.submitCaseReport;
      const amendments = await Promise.all([amend(hospital, winner.id, counts(30), "Correction A"), amend(cityCdc, winner.id, counts(31), "Correction B")]);
      expect(amendments.filter((r) => r.data?.amendCaseReport).length).toBe(1);
      expect(amendments.filter((r) => r.errors?.[0]?.extensions?.code === "CONFLICT").length).toBe(1);
      expect(await run.vigil.db.prisma.caseReport.count({ where: { regionCode: DISTRICT, date: new Date(`${day}T00:00:00Z`), current: true } })).toBe(1);
    }
  });

  // Two processes share one database only on PostgreSQL (PGlite has one owner): defined for that back end alone.
  if (backend === "postgres")
    it("two API processes on one PostgreSQL racing for the same days: one value each, the rest CONFLICT", async () => {
      // A second instance over the same database and key file, as in scale-out: its own connection pool.
      const other = await startVigil("postgres", { databaseUrl: run.databaseUrl, dataDir: run.dataDir });
      try {
        const [hospitalB, cityCdcB] = await Promise.all([other.login("officer@vigil.example"), other.login("cdc.eastmere@vigil.example")]);
        const days = Array.from({ length: 12 }, () => nextDay());
        const attempts = await Promise.all(
          days.flatMap((day, k) => [
            submit(hospital, day, counts(40 + k)),
            other.gql<{ submitCaseReport: Report }>(SUBMIT, { i: { regionCode: DISTRICT, date: day, ...counts(60 + k) } }, k % 2 ? hospitalB : cityCdcB),
          ]),
        );
        const codes = attempts.map((r) => (r.data?.submitCaseReport ? "OK" : r.errors?.[0]?.extensions?.code));
        expect(codes.filter((c) => c === "OK").length).toBe(days.length);
        expect(codes.filter((c) => c === "CONFLICT").length).toBe(days.length);
        for (const day of days) expect(await perDay(day)).toMatchObject([{ reports: 1, amended: 0 }]);
      } finally {
        await other.stop();
      }
    });

  it("an alert rechecks against the values current when it was raised, after a later amendment of its day", async () => {
    const day = addDays((await run.vigil.services.reports.latestDay())!, 1);
    const filed = await submit(hospital, day, counts(4321, { tests: 9000 }));
    expect(filed.errors).toBeUndefined();
    const alert = await run.vigil.db.prisma.alert.findFirstOrThrow({ where: { regionCode: DISTRICT, date: new Date(`${day}T00:00:00Z`) } });
    expect((await amend(hospital, filed.data!.submitCaseReport.id, counts(4000, { tests: 9000 }), "321 duplicates removed")).errors).toBeUndefined();
    expect(await run.vigil.services.analysis.series(DISTRICT, day, day)).toEqual([{ date: day, count: 4000 }]);
    const recheck = await run.vigil.services.analysis.recheck(alert.id);
    expect(recheck.inputCounts.at(-1)).toBe(4321);
    expect(recheck).toMatchObject({ inputsMatchReports: true });
  });

  it("the database itself refuses a second current value (unique index), whoever writes", async () => {
    const p = run.vigil.db.prisma;
    const row = await p.caseReport.findFirstOrThrow({ where: { current: true, regionCode: DISTRICT } });
    const entry = await p.logEntry.findFirstOrThrow({ where: { kind: "task" } }); // any free entry: the insert must fail first
    await expect(
      p.caseReport.create({
        data: {
          regionCode: row.regionCode,
          date: row.date,
          newConfirmed: 1,
          suspected: 0,
          deaths: 0,
          tests: 1,
          departmentId: row.departmentId,
          entryIndex: entry.index,
          current: true,
        },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("the audit re-derives which reports are current and what each amendment corrects", async () => {
    const p = run.vigil.db.prisma;
    const audit = () => auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic });
    expect((await audit()).problem).toBeNull();
    const fixed = await p.caseReport.findFirstOrThrow({ where: { amendsId: { not: null }, current: true }, include: { amends: true } });
    const old = fixed.amends!;
    // Silently reinstate the corrected value (the dashboards would count it again).
    await p.caseReport.update({ where: { id: fixed.id }, data: { current: null } });
    await p.caseReport.update({ where: { id: old.id }, data: { current: true } });
    try {
      const r = await audit();
      expect(r.problem).toMatchObject({ kind: "domain-mismatch", table: "CaseReport", index: Number(old.entryIndex) });
      expect(r.problem?.message).toMatch(/current is true in the database, false on the log/);
    } finally {
      await p.caseReport.update({ where: { id: old.id }, data: { current: null } });
      await p.caseReport.update({ where: { id: fixed.id }, data: { current: true } });
    }
    // Rewrite the reason a correction was made for.
    await p.caseReport.update({ where: { id: fixed.id }, data: { reason: "Nothing to see" } });
    try {
      const r = await audit();
      expect(r.problem).toMatchObject({ kind: "domain-mismatch", index: Number(fixed.entryIndex) });
      expect(r.problem?.message).toMatch(/reason is "Nothing to see" in the database/);
    } finally {
      await p.caseReport.update({ where: { id: fixed.id }, data: { reason: fixed.reason } });
    }
    expect((await audit()).problem).toBeNull();
  });

  it("the month totals the checks read equal the current reports after every kind of change, and count across months", async () => {
    const p = run.vigil.db.prisma;
    type Total = { regionCode: string; disease: string; month: string; confirmed: number };
    const q = async (tx: Pick<typeof p, "$queryRawUnsafe">, sql: string) =>
      (await tx.$queryRawUnsafe<Total[]>(sql)).map((r) => ({ ...r, confirmed: Number(r.confirmed) }));
    const kept = (tx: Pick<typeof p, "$queryRawUnsafe"> = p) =>
      q(tx, `SELECT "regionCode", disease, to_char(month, 'YYYY-MM-DD') AS month, confirmed FROM "CaseReportMonth" WHERE confirmed <> 0 ORDER BY 1, 2, 3`);
    const derived = (tx: Pick<typeof p, "$queryRawUnsafe"> = p) =>
      q(
        tx,
        `SELECT "regionCode", disease, to_char(date_trunc('month', date::timestamp), 'YYYY-MM-DD') AS month, SUM("newConfirmed") AS confirmed
         FROM "CaseReport" WHERE current GROUP BY 1, 2, 3 HAVING SUM("newConfirmed") <> 0 ORDER BY 1, 2, 3`,
      );
    // The seeded history (every earlier test's reports and amendments included).
    expect((await kept()).length).toBeGreaterThan(10);
    expect(await kept()).toEqual(await derived());

    // Two months before everything else in this file: the cumulative count before `later` is `first`'s 7 alone,
    // read from the month totals; `sameMonth` adds `later`'s own month's days.
    const first = addDays(base, -2000);
    const later = `${addDays(first, 62).slice(0, 8)}10`;
    const sameMonth = `${later.slice(0, 8)}12`;
    expect((await submit(hospital, first, counts(7))).errors).toBeUndefined();
    await refused(() => submit(hospital, later, counts(0, { deaths: 8 })), "BAD_USER_INPUT", "deaths-within-cumulative-confirmed");
    const atLater = await submit(hospital, later, counts(3, { deaths: 7 }));
    expect(atLater.errors).toBeUndefined();
    await refused(() => submit(hospital, sameMonth, counts(0, { deaths: 11 })), "BAD_USER_INPUT", "deaths-within-cumulative-confirmed");
    expect((await submit(hospital, sameMonth, counts(0, { deaths: 10 }))).errors).toBeUndefined();
    // An amendment (the old value leaves the totals, the new one joins them) and a bulk submission over three months.
    expect((await amend(hospital, atLater.data!.submitCaseReport.id, counts(5, { deaths: 7 }), "Two late results")).errors).toBeUndefined();
    const bulk = await run.gql<{ submitCaseReports: { count: number } }>(
      `mutation($i: [CaseReportRowInput!]!) { submitCaseReports(inputs: $i) { count } }`,
      { i: [30, 60, 90].map((d) => ({ regionCode: DISTRICT, date: addDays(first, -d), ...counts(d) })) },
      hospital,
    );
    expect(bulk.data?.submitCaseReports.count, JSON.stringify(bulk.errors)).toBe(3);
    expect(await kept()).toEqual(await derived());

    // Changes made by hand count too (inside a transaction rolled back, so the log's audit is untouched).
    const row = await p.caseReport.findFirstOrThrow({ where: { current: true, regionCode: DISTRICT, date: new Date(`${first}T00:00:00Z`) } });
    const rollback = new Error("rolled back on purpose");
    await expect(
      p.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE "CaseReport" SET "newConfirmed" = "newConfirmed" + 40, date = date - 31 WHERE id = $1`, row.id);
        expect(await kept(tx)).toEqual(await derived(tx));
        await tx.$executeRawUnsafe(`DELETE FROM "CaseReport" WHERE id = $1`, row.id);
        expect(await kept(tx)).toEqual(await derived(tx));
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await kept()).toEqual(await derived());
  });
});
