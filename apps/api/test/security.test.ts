import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import pg from "pg";
import { freshPostgres, snapshot, startVigil, type Running } from "./harness.ts";

describe("department scope, limits and error hygiene (PostgreSQL)", () => {
  let run: Running;
  let officer: string, decision: string;
  let latest: string;
  beforeAll(async () => {
    run = await startVigil("postgres");
    [officer, decision] = await Promise.all([run.login("officer@vigil.example"), run.login("decision@vigil.example")]);
    latest = (await run.vigil.services.reports.latestDay())!;
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("shows an officer only their department's raw log entries", async () => {
    const me = await run.vigil.db.prisma.user.findUniqueOrThrow({ where: { email: "officer@vigil.example" }, include: { department: true } });
    const r = await run.gql<{ logEntries: { index: number; departmentCode: string | null }[] }>(
      `{ logEntries(limit: 100) { index departmentCode } }`,
      {},
      officer,
    );
    expect(r.data!.logEntries.length).toBeGreaterThan(0);
    expect(new Set(r.data!.logEntries.map((e) => e.departmentCode))).toEqual(new Set([me.department!.code]));
    const other = await run.vigil.db.prisma.logEntry.findFirstOrThrow({ where: { departmentId: { not: me.departmentId } } });
    const denied = await run.gql(`query($i: Int!) { entry(index: $i) { payload } }`, { i: Number(other.index) }, officer);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // A decision-maker reads the whole log.
    const all = await run.gql<{ entry: { index: number } }>(`query($i: Int!) { entry(index: $i) { index } }`, { i: Number(other.index) }, decision);
    expect(all.data!.entry.index).toBe(Number(other.index));
  });

  it("keeps an officer's analysis reads inside their region", async () => {
    const q = (query: string) => run.gql(query, {}, officer);
    for (const query of [
      `{ reportsPerDay(from: "2026-01-01", to: "2026-12-31", regionCode: "RL-03-01") { date } }`,
      `{ riskOverview(regionCode: "RL-03") { level } }`,
      `{ alerts(regionCode: "RL-03-02") { id } }`,
    ])
      expect((await q(query)).errors?.[0]?.extensions?.code, query).toBe("FORBIDDEN");
    const map = await run.gql<{ riskMap: { region: { code: string } }[] }>(`{ riskMap { region { code } } }`, {}, officer);
    expect(map.data!.riskMap.map((r) => r.region.code)).toEqual(["RL-01-02"]);
    const alerts = await run.gql<{ alerts: { region: { code: string } }[] }>(`{ alerts(limit: 500) { region { code } } }`, {}, officer);
    expect(new Set(alerts.data!.alerts.map((a) => a.region.code))).toEqual(new Set(["RL-01-02"]));
    const perDay = await run.gql<{ reportsPerDay: { reports: number }[] }>(
      `query($d: LocalDate!) { reportsPerDay(from: $d, to: $d) { reports } }`,
      { d: latest },
      officer,
    );
    expect(perDay.data!.reportsPerDay[0]!.reports).toBe(1); // one district in scope, one report a day
  });

  it("refuses an officer whose department was removed instead of showing everything", async () => {
    const p = run.vigil.db.prisma;
    const u = await p.user.create({
      data: { email: "orphan@vigil.example", name: "Orphan", role: "DEPARTMENT_OFFICER", passwordHash: (await p.user.findFirstOrThrow()).passwordHash },
    });
    const token = await run.login("orphan@vigil.example");
    const r = await run.gql(`{ caseReports { id } }`, {}, token);
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    await p.user.delete({ where: { id: u.id } });
  });

  it("prices expensive fields: ten risk overviews in one request are refused before running", async () => {
    const many = `{ ${Array.from({ length: 11 }, (_, i) => `r${i}: riskOverview(regionCode: "RL") { level }`).join(" ")} }`;
    const r = await run.gql(many, {}, decision);
    expect(r.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(r.data ?? null).toBeNull();
  });

  it("runs only subscriptions over the WebSocket, and re-reads the user for each operation", async () => {
    const client = createClient({
      url: run.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${officer}` },
    });
    const outcome = (query: string) =>
      new Promise<unknown>((resolve) => {
        client.subscribe({ query }, { next: (m) => resolve(m), error: (e) => resolve(e), complete: () => resolve("complete") });
      });
    const before = await snapshot(run.vigil);
    const mutation = await outcome(
      `mutation { submitCaseReport(input: { regionCode: "RL-01-02", date: "2026-11-27", newConfirmed: 1, suspected: 0, deaths: 0, tests: 1 }) { id } }`,
    );
    expect(JSON.stringify(mutation)).toMatch(/Only subscriptions run over the WebSocket/);
    const costly = await outcome(`subscription { alertRaised { region { code } } } query Q { caseReports(limit: 500) { id } }`);
    expect(JSON.stringify(costly)).toMatch(/operation|subscription/i);
    expect(await snapshot(run.vigil)).toEqual(before);
    await client.dispose();

    // A user removed while connected loses access at the next operation, without reconnecting.
    const p = run.vigil.db.prisma;
    const temp = await p.user.create({
      data: { email: "temp@vigil.example", name: "Temp", role: "AUDITOR", passwordHash: (await p.user.findFirstOrThrow()).passwordHash },
    });
    const token = await run.login("temp@vigil.example");
    const c2 = createClient({
      url: run.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    await new Promise<void>((resolve) => {
      c2.on("connected", () => resolve());
      c2.subscribe({ query: "subscription { alertRaised { date } }" }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    await p.user.delete({ where: { id: temp.id } });
    const gone = await new Promise<unknown>((resolve) => {
      c2.subscribe(
        { query: "subscription { alertRaised { date } }" },
        { next: (m) => resolve(m), error: (e) => resolve(e), complete: () => resolve("complete") },
      );
    });
    expect(JSON.stringify(gone)).toMatch(/UNAUTHENTICATED/);
    await c2.dispose();
  });

  it("turns a lost race between identical reports into CONFLICT, not an internal error with paths", async () => {
    const day = new Date(Date.parse(`${latest}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const submit = () =>
      run.gql(
        `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id } }`,
        { i: { regionCode: "RL-01-02", date: day, newConfirmed: 2, suspected: 0, deaths: 0, tests: 9 } },
        officer,
      );
    const results = await Promise.all(Array.from({ length: 6 }, submit));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    for (const r of results.filter((x) => x.errors)) {
      expect(r.errors![0]!.extensions?.code).toBe("CONFLICT");
      expect(JSON.stringify(r)).not.toMatch(/\/work\/|\.ts:\d+|stacktrace/);
    }
    expect(await run.vigil.db.prisma.caseReport.count({ where: { date: new Date(`${day}T00:00:00Z`), regionCode: "RL-01-02" } })).toBe(1);
  });
});

describe("receivedAt on a PostgreSQL server outside UTC", () => {
  it("stores the same instant as the signed payload", async () => {
    const url = await freshPostgres();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET timezone = 'Asia/Shanghai'`);
    await c.end();
    const run = await startVigil("postgres", { databaseUrl: url });
    try {
      const e = await run.vigil.db.prisma.logEntry.findFirstOrThrow({ orderBy: { index: "desc" } });
      const signed = JSON.parse(new TextDecoder().decode(e.payload)).receivedAt as string;
      expect(e.receivedAt.toISOString()).toBe(signed);
    } finally {
      await run.stop();
    }
  });
});

describe("policy versions", () => {
  it("keeps v1 in force until a future-dated v2 takes effect", async () => {
    const run = await startVigil("pglite");
    try {
      const policy = await run.login("policy@vigil.example");
      const latest = (await run.vigil.services.reports.latestDay())!;
      const r = await run.gql(
        `mutation($i: PublishPolicyInput!) { publishPolicy(input: $i) { version } }`,
        { i: { title: "Outbreak early warning", phase: "EMERGENCY", method: "CUSUM", effectiveFrom: "2099-01-01" } },
        policy,
      );
      expect(r.errors).toBeUndefined();
      expect((await run.vigil.services.policies.ruleFor("RL-01-02", latest)).rule.method).toBe("EARS_C2");
      expect((await run.vigil.services.policies.ruleFor("RL-01-02", "2099-06-01")).rule.method).toBe("CUSUM");
    } finally {
      await run.stop();
    }
  });
});
