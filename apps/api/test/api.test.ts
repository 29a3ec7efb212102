import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, today } from "@vigil/calendar";
import { BACKENDS, snapshot, startVigil, type Running } from "./harness.ts";

const SUBMIT = `mutation($input: CaseReportInput!) { submitCaseReport(input: $input) { id entryIndex region { code } date newConfirmed } }`;
const HEAD = `{ logHead { size rootHash pending } }`;
const OVERVIEW = `query($r: String!, $from: LocalDate, $to: LocalDate) { riskOverview(regionCode: $r, from: $from, to: $to) { to level series { date count upperBound alarm } alerts { date } } }`;

describe.each(BACKENDS)("GraphQL API on %s", (backend) => {
  let run: Running;
  let officer: string, decision: string, policy: string;
  let latest: string;

  beforeAll(async () => {
    run = await startVigil(backend);
    [officer, decision, policy] = await Promise.all(["officer@vigil.example", "decision@vigil.example", "policy@vigil.example"].map((e) => run.login(e)));
    latest = (await run.vigil.services.reports.latestDay())!;
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("seeds a realistic scenario once: 3-level regions, every role, 120+ days of reports, alerts", async () => {
    const p = run.vigil.db.prisma;
    const levels = await p.region.groupBy({ by: ["level"], _count: { _all: true } });
    expect(Object.fromEntries(levels.map((l) => [l.level, l._count._all]))).toMatchObject({
      PROVINCE: 1,
      CITY: expect.any(Number),
      DISTRICT: expect.any(Number),
    });
    expect(await p.region.count()).toBeGreaterThanOrEqual(12);
    expect(new Set((await p.user.findMany()).map((u) => u.role))).toEqual(
      new Set(["DECISION_MAKER", "DEPARTMENT_OFFICER", "POLICY_OFFICER", "AUDITOR", "ADMIN", "PATIENT"]),
    );
    const days = await p.caseReport.groupBy({ by: ["date"] });
    expect(days.length).toBeGreaterThanOrEqual(120);
    expect(await p.alert.count()).toBeGreaterThan(0);
    // Every report is on the log.
    expect(await p.logEntry.count({ where: { kind: "case-report" } })).toBe(await p.caseReport.count());
  });

  it("refuses anonymous requests with UNAUTHENTICATED", async () => {
    const r = await run.gql(HEAD);
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a wrong password without saying whether the user exists", async () => {
    const a = await run.gql(`mutation { login(email: "decision@vigil.example", password: "nope") { token } }`);
    const b = await run.gql(`mutation { login(email: "nobody@vigil.example", password: "nope") { token } }`);
    expect(a.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(b.errors?.[0]?.message).toBe(a.errors?.[0]?.message);
  });

  it("refuses inputs that break their validation rules with BAD_USER_INPUT, without echoing the value", async () => {
    const r = await run.gql(`mutation { login(email: "not-an-email", password: "secret-value") { token } }`);
    expect(r.errors?.[0]).toMatchObject({ message: "Argument Validation Error", extensions: { code: "BAD_USER_INPUT" } });
    expect(JSON.stringify(r.errors)).not.toContain("secret-value");
    // Lists are validated item by item: the second visit's person is over 64 characters.
    const token = await run.login("security@vigil.example");
    const before = await snapshot(run.vigil);
    const visit = (person: string) => ({ person, venue: "RL-01-02/venue-01", start: "2026-09-01T10:00:00.000Z", end: "2026-09-01T10:30:00.000Z" });
    const bulk = await run.gql(
      `mutation($i: [VisitInput!]!) { submitVisits(inputs: $i) { count } }`,
      { i: [visit("ps-valid-1"), visit("p".repeat(65))] },
      token,
    );
    expect(bulk.errors?.[0]).toMatchObject({ message: "Argument Validation Error", extensions: { code: "BAD_USER_INPUT" } });
    expect(await snapshot(run.vigil)).toEqual(before);
  });

  it("a department officer's report lands in the analysis series and advances the chain head", async () => {
    const before = await run.gql<{ logHead: { size: number; rootHash: string } }>(HEAD, {}, decision);
    const day = addDays(latest, 1);
    const r = await run.gql<{ submitCaseReport: { entryIndex: number; date: string } }>(
      SUBMIT,
      {
        input: { regionCode: "RL-01-02", date: day, newConfirmed: 4321, suspected: 50, deaths: 1, tests: 9000 },
      },
      officer,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.submitCaseReport.date).toBe(day);
    expect(r.data!.submitCaseReport.entryIndex).toBe(before.data!.logHead.size);
    const after = await run.gql<{ logHead: { size: number; rootHash: string } }>(HEAD, {}, decision);
    expect(after.data!.logHead.size).toBeGreaterThan(before.data!.logHead.size);
    expect(after.data!.logHead.rootHash).not.toBe(before.data!.logHead.rootHash);
    const o = await run.gql<{ riskOverview: { series: { date: string; count: number; alarm: boolean }[]; alerts: { date: string }[] } }>(
      OVERVIEW,
      { r: "RL-01-02", from: addDays(day, -30), to: day },
      decision,
    );
    const point = o.data!.riskOverview.series.find((s) => s.date === day);
    expect(point?.count).toBe(4321);
    // 4321 cases against a baseline of tens is an alarm, raised as an alert on the log.
    expect(point?.alarm).toBe(true);
    expect(o.data!.riskOverview.alerts.map((a) => a.date)).toContain(day);
    // The city and province series roll the district up.
    const city = await run.gql<{ riskOverview: { series: { date: string; count: number }[] } }>(OVERVIEW, { r: "RL-01", from: day, to: day }, decision);
    expect(city.data!.riskOverview.series[0]!.count).toBeGreaterThanOrEqual(4321);
  });

  const rejected: [string, () => string, Record<string, unknown>, string][] = [
    ["a decision-maker (wrong role)", () => decision, { regionCode: "RL-01-02", newConfirmed: 1 }, "FORBIDDEN"],
    ["an officer outside their region", () => officer, { regionCode: "RL-03-01", newConfirmed: 1 }, "FORBIDDEN"],
    ["a negative count", () => officer, { regionCode: "RL-01-02", newConfirmed: -1 }, "BAD_USER_INPUT"],
    ["a city instead of a district", () => officer, { regionCode: "RL-01", newConfirmed: 1 }, "BAD_USER_INPUT"],
    ["a malformed region code", () => officer, { regionCode: "drop table", newConfirmed: 1 }, "BAD_USER_INPUT"],
    ["a date in the future", () => officer, { regionCode: "RL-01-02", newConfirmed: 1, date: "2999-01-01" }, "BAD_USER_INPUT"],
    ["an impossible date", () => officer, { regionCode: "RL-01-02", newConfirmed: 1, date: "2026-02-30" }, "BAD_USER_INPUT"],
    ["a duplicate of an accepted report", () => officer, { regionCode: "RL-01-02", newConfirmed: 1, date: "DUP" }, "CONFLICT"],
  ];
  it.each(rejected)("rejects a report from %s and changes nothing", async (_name, token, fields, code) => {
    const before = await snapshot(run.vigil);
    // A free day that is not in the future (reports after today are refused), so each case fails for its own reason.
    const date = fields.date === "DUP" ? latest : (fields.date ?? addDays(latest, -400));
    const r = await run.gql(SUBMIT, { input: { suspected: 0, deaths: 0, tests: 10, ...fields, date } }, token());
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    expect(r.errors?.[0]?.message.length).toBeGreaterThan(10);
    expect(await snapshot(run.vigil)).toEqual(before);
  });

  it("lets a policy officer publish a new version that the analysis layer then enforces", async () => {
    const publish = `mutation($i: PublishPolicyInput!) { publishPolicy(input: $i) { version status rule { method threshold } entryIndex } }`;
    const input = { title: "Outbreak early warning", phase: "EMERGENCY", method: "THRESHOLD", threshold: 1000000, alpha: 0.001, effectiveFrom: today() };
    const denied = await run.gql(publish, { i: input }, decision);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const level = (minIncidencePer100k: number) => ({ minIncidencePer100k, minRt: 1, minGrowthRate: 0.02, minActiveAlarms: 1 });
    // Level II laxer than level III: incoherent thresholds are refused with the reason.
    const bad = await run.gql(publish, { i: { ...input, levels: { III: level(10), II: level(5), I: level(100) } } }, policy);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const negative = await run.gql(publish, { i: { ...input, levels: { III: level(-1), II: level(5), I: level(100) } } }, policy);
    expect(negative.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const before = await snapshot(run.vigil);
    const r = await run.gql<{ publishPolicy: { version: number; status: string; entryIndex: number } }>(publish, { i: input }, policy);
    expect(r.errors).toBeUndefined();
    expect(r.data!.publishPolicy).toMatchObject({ version: 2, status: "PUBLISHED", entryIndex: before.size });
    const list = await run.gql<{ policies: { version: number; status: string }[] }>(`{ policies { version status } }`, {}, decision);
    expect(list.data!.policies.map((p) => `${p.version}:${p.status}`).sort()).toEqual(["1:SUPERSEDED", "2:PUBLISHED"]);
    // With a threshold nobody reaches, the detector in force raises no alarm on the big day any more. The series is
    // judged by the rule in force on its last day: v2's first day (the clock's today, the day after the demo's
    // last report, or later when the run has crossed midnight since the demo was seeded).
    const o = await run.gql<{ riskOverview: { series: { alarm: boolean }[] } }>(
      OVERVIEW,
      { r: "RL-01-02", from: addDays(latest, -10), to: input.effectiveFrom },
      decision,
    );
    expect(o.data!.riskOverview.series.some((s) => s.alarm)).toBe(false);
  });

  it("lets a decision-maker assign a task to a department, logged, and its owner move it", async () => {
    const assign = `mutation($i: AssignTaskInput!) { assignTask(input: $i) { id status ownerDepartment { code } entryIndex } }`;
    const denied = await run.gql(assign, { i: { title: "Trace contacts", ownerDepartmentCode: "HOSP-RL-01-02" } }, officer);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const r = await run.gql<{ assignTask: { id: number; status: string; entryIndex: number } }>(
      assign,
      { i: { title: "Trace contacts", description: "Cluster at the market", ownerDepartmentCode: "HOSP-RL-01-02", due: addDays(latest, 5) } },
      decision,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.assignTask.status).toBe("OPEN");
    const moved = await run.gql<{ updateTaskStatus: { status: string } }>(
      `mutation($id: Int!) { updateTaskStatus(id: $id, status: IN_PROGRESS) { status } }`,
      { id: r.data!.assignTask.id },
      officer,
    );
    expect(moved.data?.updateTaskStatus.status).toBe("IN_PROGRESS");
    const mine = await run.gql<{ tasks: { ownerDepartment: { code: string } }[] }>(`{ tasks { ownerDepartment { code } } }`, {}, officer);
    expect(new Set(mine.data!.tasks.map((t) => t.ownerDepartment.code))).toEqual(new Set(["HOSP-RL-01-02"]));
  });

  it("serves a risk map with a level for every region", async () => {
    const r = await run.gql<{ riskMap: { region: { code: string }; level: string }[] }>(`{ riskMap { region { code } level } }`, {}, decision);
    expect(r.data!.riskMap.length).toBe(await run.vigil.db.prisma.region.count());
    for (const row of r.data!.riskMap) expect(["I", "II", "III", "IV"]).toContain(row.level);
  });

  it("refuses queries nested deeper than the limit", async () => {
    const deep = `{ tasks { alert { region { code } } ownerDepartment { code } } caseReports { region { code } } me { department { code } } }`;
    expect((await run.gql(deep, {}, decision)).errors).toBeUndefined();
    const nested = `{ tasks { alert { region { code } } } me { department { code } } __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } }`;
    const r = await run.gql(nested, {}, decision);
    // Checked with the other size limits before graphql's validation (graphql/limits.ts checkDocument): one error.
    expect(r.errors).toHaveLength(1);
    expect(r.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
    expect(r.errors?.[0]?.message).toMatch(/depth \d+ exceeds the limit of 8/);
  });
});
