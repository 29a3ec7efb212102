import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reproductionNumber } from "@vigil/analytics";
import { addDays, formatDay } from "@vigil/calendar";
import { buildDemoScenario, buildWeeklyHistory } from "@vigil/scenario";
import { BACKENDS, snapshot, startVigil, type Running } from "../../../test/harness.ts";
import { SERIAL_INTERVAL } from "./service.ts";

const BULK = `mutation($r: [CaseReportRowInput!]!) { submitCaseReports(inputs: $r) { count firstIndex lastIndex } }`;
const WEEKLY = `query($r: String!, $d: String) { riskOverview(regionCode: $r, disease: $d, period: WEEK) {
  disease period seriesMethod seriesParameters from to series { date count } farrington { date count expected upperBound alarm trend } } }`;
const DAILY = `query($r: String!, $d: String) { riskOverview(regionCode: $r, disease: $d) { disease period from to series { date count } rt { date mean } } }`;

describe.each(BACKENDS)("diseases, weeks, imported cases and the nowcast on %s", (backend) => {
  let run: Running;
  let decision: string;
  let officer: string;
  beforeAll(async () => {
    run = await startVigil(backend);
    [decision, officer] = await Promise.all([run.login("decision@vigil.example"), run.login("officer@vigil.example")]);
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("refuses an unknown disease and imported cases above confirmed ones, leaving the log and tables unchanged", async () => {
    const before = await snapshot(run.vigil);
    const day = formatDay(new Date());
    const row = { regionCode: "RL-01-02", date: day, newConfirmed: 3, suspected: 1, deaths: 0, tests: 10 };
    const unknown = await run.gql(BULK, { r: [{ ...row, disease: "PLAGUE-X" }] }, officer);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", rows: [{ row: 0, field: "disease" }] });
    const tooMany = await run.gql(`mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id } }`, { i: { ...row, imported: 4 } }, officer);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "imported-within-confirmed", field: "imported" });
    const weekly = await run.gql(WEEKLY, { r: "RL-01", d: "NOPE" }, decision);
    expect(weekly.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await snapshot(run.vigil)).toEqual(before);
  });

  it("files six years of weekly influenza in one bulk submission beside COVID-19's daily value, and runs Farrington over the weeks", async () => {
    const covidBefore = (await run.gql<{ riskOverview: any }>(DAILY, { r: "RL-01-02" }, decision)).data!.riskOverview;
    const s = buildDemoScenario();
    // The generator's first series (a city's influenza with an outbreak), filed for the officer's district.
    const weeks = buildWeeklyHistory(s.regions, s.departments, { endDate: addDays(formatDay(new Date()), -1), series: 1 }).reports;
    const rows = weeks.map(({ departmentCode: _, regionCode: __, ...r }) => ({ ...r, regionCode: "RL-01-02" }));
    const filed = await run.gql<{ submitCaseReports: any }>(BULK, { r: rows }, officer);
    expect(filed.errors).toBeUndefined();
    expect(filed.data!.submitCaseReports.count).toBe(rows.length);
    // One current value per district, day and disease: a Monday with a COVID-19 value takes an influenza value too.
    const monday = rows.at(-2)!.date;
    const both = await run.vigil.db.prisma.caseReport.findMany({ where: { regionCode: "RL-01-02", date: new Date(`${monday}T00:00:00Z`), current: true } });
    expect(both.map((r) => r.disease).sort()).toEqual(["COVID-19", "INFLUENZA"]);
    const again = await run.gql(BULK, { r: [rows.at(-1)] }, officer);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", rows: [{ code: "CONFLICT" }] });

    const w = (await run.gql<{ riskOverview: any }>(WEEKLY, { r: "RL-01", d: "INFLUENZA" }, decision)).data!.riskOverview;
    expect(w).toMatchObject({ disease: "INFLUENZA", period: "WEEK", seriesMethod: "FARRINGTON" });
    expect(JSON.parse(w.seriesParameters)).toMatchObject({ b: 5, w: 3, noPeriods: 10, thresholdMethod: "nbPlugin" });
    expect(w.farrington.length).toBe(104);
    const filedCounts = new Map(rows.map((r) => [r.date, r.newConfirmed]));
    for (const p of w.farrington) expect(p.count).toBe(filedCounts.get(p.date));
    for (const p of w.farrington) {
      expect(p.expected).not.toBeNull();
      expect(p.upperBound).toBeGreaterThanOrEqual(p.expected);
      expect(p.alarm).toBe(p.count > p.upperBound && p.alarm);
    }
    expect(w.farrington.some((p: any) => p.alarm)).toBe(true);
    // A correction of the last week is in the next answer (the verdicts are cached by their inputs, never stale).
    const last = w.farrington.at(-1);
    const report = await run.vigil.db.prisma.caseReport.findFirstOrThrow({
      where: { regionCode: "RL-01-02", disease: "INFLUENZA", date: new Date(`${last.date}T00:00:00Z`), current: true },
    });
    const bigger = Math.ceil(last.upperBound) * 3 + 50;
    const amended = await run.gql(
      `mutation($i: AmendCaseReportInput!) { amendCaseReport(input: $i) { id } }`,
      { i: { amends: report.id, newConfirmed: bigger, suspected: 0, deaths: 0, tests: bigger, reason: "late laboratory batch" } },
      officer,
    );
    expect(amended.errors).toBeUndefined();
    const w2 = (await run.gql<{ riskOverview: any }>(WEEKLY, { r: "RL-01", d: "INFLUENZA" }, decision)).data!.riskOverview;
    expect(w2.farrington.at(-1)).toMatchObject({ date: last.date, count: bigger, alarm: true });
    expect(w2.farrington.slice(0, -1)).toEqual(w.farrington.slice(0, -1));
    // The daily COVID-19 series did not move: influenza counts are their own disease.
    const covidAfter = (await run.gql<{ riskOverview: any }>(DAILY, { r: "RL-01-02" }, decision)).data!.riskOverview;
    expect(covidAfter.series).toEqual(covidBefore.series);
    expect(covidAfter.disease).toBe("COVID-19");
  });

  it("estimates R_t from local transmission: EpiEstim's local/imported split of the stored reports", async () => {
    const o = (await run.gql<{ riskOverview: any }>(DAILY, { r: "RL-01-02" }, decision)).data!.riskOverview;
    const from = addDays(o.from, -35);
    const rows = await run.vigil.db.prisma.caseReport.findMany({
      where: { regionCode: "RL-01-02", disease: "COVID-19", current: true, date: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${o.to}T00:00:00Z`) } },
      orderBy: { date: "asc" },
    });
    expect(rows.some((r) => r.imported > 0)).toBe(true);
    const local = rows.map((r) => r.newConfirmed - r.imported);
    const imported = rows.map((r) => r.imported);
    const expected = reproductionNumber({ local, imported }, SERIAL_INTERVAL, { window: 7 }).at(-1)!;
    const plain = reproductionNumber(
      rows.map((r) => r.newConfirmed),
      SERIAL_INTERVAL,
      { window: 7 },
    ).at(-1)!;
    expect(o.rt.at(-1).mean).toBeCloseTo(expected.mean, 9);
    expect(Math.abs(o.rt.at(-1).mean - plain.mean)).toBeGreaterThan(1e-6);
  });

  it("nowcasts the last days from the reports' receipt delays, with intervals that hold what was reported", async () => {
    const q = `query($r: String!) { nowcast(regionCode: $r) { asOf maxDelay delayCdf points { date observed final median lower upper } } }`;
    const n = (await run.gql<{ nowcast: any }>(q, { r: "RL-01" }, decision)).data!.nowcast;
    expect(n.points.length).toBe(21);
    expect(n.points.at(-1).date).toBe(n.asOf);
    expect(n.delayCdf.length).toBe(n.maxDelay + 1);
    for (let d = 1; d < n.delayCdf.length; d++) expect(n.delayCdf[d]).toBeGreaterThanOrEqual(n.delayCdf[d - 1]);
    const open = n.points.filter((p: any) => !p.final);
    expect(open.length).toBe(n.maxDelay);
    for (const p of n.points.filter((p: any) => p.final)) expect([p.median, p.lower, p.upper]).toEqual([p.observed, p.observed, p.observed]);
    for (const p of open) {
      expect(p.lower).toBeGreaterThanOrEqual(p.observed);
      expect(p.upper).toBeGreaterThanOrEqual(p.median);
    }
    // As of the latest day, its reports are the least complete: counted by receipt, the last day is short of its final count.
    const last = n.points.at(-1);
    const stored = await run.vigil.db.prisma.caseReport.aggregate({
      where: { regionCode: { startsWith: "RL-01-" }, disease: "COVID-19", current: true, date: new Date(`${last.date}T00:00:00Z`) },
      _sum: { newConfirmed: true },
    });
    expect(last.observed).toBeLessThanOrEqual(stored._sum.newConfirmed ?? 0);
    expect(last.median).toBeGreaterThan(last.observed);
    const bad = await run.gql(q, { r: "XX-99" }, decision);
    expect(bad.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|BAD_USER_INPUT|FORBIDDEN/);
  });
});
