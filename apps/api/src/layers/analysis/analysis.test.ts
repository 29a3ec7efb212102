import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalBytes, hashLeaf } from "@vigil/log";
import { BACKENDS, startVigil, type Running } from "../../../test/harness.ts";

const OVERVIEW = `query($r: String!, $m: AlertMethod) { riskOverview(regionCode: $r, method: $m) {
  method level levelReasons currentRt activeAlarms incidencePer100k
  series { date count upperBound alarm }
  detectors { method parameters alarms points { date upperBound alarm } }
  rt { date mean lower upper } growth { rate lower upper doublingTime }
  projection { method points { date median lower upper } }
  alerts { id date method entryIndex }
} }`;

describe.each(BACKENDS)("risk early warning on %s", (backend) => {
  let run: Running;
  let token: string;
  beforeAll(async () => {
    run = await startVigil(backend);
    token = await run.login("decision@vigil.example");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("gives the outbreak district bands, alarms, Rt with intervals, growth and a 14-day projection", async () => {
    const r = await run.gql<{ riskOverview: any }>(OVERVIEW, { r: "RL-01-02" }, token);
    expect(r.errors).toBeUndefined();
    const o = r.data!.riskOverview;
    expect(o.method).toBe("EARS_C2");
    expect(o.series.length).toBe(120);
    expect(o.series.filter((p: any) => p.upperBound !== null).length).toBe(120);
    expect(o.series.some((p: any) => p.alarm)).toBe(true);
    expect(o.detectors.map((d: any) => d.method)).toEqual(["EARS_C2", "EARS_C1", "EARS_C3", "CUSUM", "EWMA"]);
    for (const d of o.detectors) expect(d.points.length).toBe(120);
    expect(o.rt.length).toBeGreaterThan(100);
    for (const p of o.rt) {
      expect(p.lower).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.upper);
    }
    // The seeded outbreak grows fast at first: Rt well above 1 somewhere, and below 1 after control.
    expect(Math.max(...o.rt.map((p: any) => p.mean))).toBeGreaterThan(1.5);
    expect(o.projection.points.length).toBe(14);
    for (const p of o.projection.points) expect(p.lower).toBeLessThanOrEqual(p.upper);
    expect(o.growth).not.toBeNull();
    expect(["I", "II", "III", "IV"]).toContain(o.level);
    expect(o.levelReasons.length).toBeGreaterThan(0);
  });

  it("switches the series to another published method on request", async () => {
    const r = await run.gql<{ riskOverview: any }>(OVERVIEW, { r: "RL-01", m: "CUSUM" }, token);
    expect(r.data!.riskOverview.method).toBe("CUSUM");
    expect(r.data!.riskOverview.detectors[0].method).toBe("CUSUM");
    const bad = await run.gql(OVERVIEW, { r: "RL-01", m: "MAGIC" }, token);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("gives every region a level with reasons, Rt and growth", async () => {
    const r = await run.gql<{ riskMap: any[] }>(`{ riskMap { region { code level } level levelReasons rt growthRate incidencePer100k } }`, {}, token);
    expect(r.data!.riskMap.length).toBe(15);
    const outbreak = r.data!.riskMap.find((x) => x.region.code === "RL-01-02");
    expect(outbreak.levelReasons.length).toBeGreaterThan(0);
  });

  it("rechecks an alert from the log: confirmed as logged, refuted when its logged inputs are altered", async () => {
    const alert = await run.vigil.db.prisma.alert.findFirstOrThrow({ where: { regionCode: "RL-01-02" }, orderBy: { date: "asc" } });
    const q = `query($e: Int!) { recheckAlert(entryIndex: $e) { confirmed problems included inputsMatchReports method inputCounts loggedStatistic recomputedStatistic } }`;
    const ok = await run.gql<{ recheckAlert: any }>(q, { e: Number(alert.entryIndex) }, token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.recheckAlert).toMatchObject({ confirmed: true, problems: [], included: true, inputsMatchReports: true, method: "EARS_C2" });
    expect(ok.data!.recheckAlert.recomputedStatistic).toBeCloseTo(ok.data!.recheckAlert.loggedStatistic, 9);

    // Someone with database access rewrites the alert's logged inputs (and even fixes up the leaf hash).
    const p = run.vigil.db.prisma;
    const entry = await p.logEntry.findUniqueOrThrow({ where: { index: alert.entryIndex } });
    const doc = JSON.parse(new TextDecoder().decode(entry.payload));
    doc.body.input.counts = doc.body.input.counts.map((c: number, i: number, a: number[]) => (i === a.length - 1 ? c : c + 50));
    const forged = canonicalBytes(doc);
    await p.logEntry.update({ where: { index: alert.entryIndex }, data: { payload: new Uint8Array(forged), leafHash: new Uint8Array(hashLeaf(forged)) } });
    try {
      const bad = await run.gql<{ recheckAlert: any }>(q, { e: Number(alert.entryIndex) }, token);
      expect(bad.data!.recheckAlert.confirmed).toBe(false);
      expect(bad.data!.recheckAlert.included).toBe(false);
      expect(bad.data!.recheckAlert.inputsMatchReports).toBe(false);
      expect(bad.data!.recheckAlert.problems.join(" ")).toMatch(/not included in checkpoint/);
    } finally {
      await p.logEntry.update({
        where: { index: alert.entryIndex },
        data: { payload: new Uint8Array(entry.payload), leafHash: new Uint8Array(entry.leafHash) },
      });
    }
    const missing = await run.gql(q, { e: 0 }, token);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("keeps confirming an alert after a late amendment inside its window, and says the inputs were revised since", async () => {
    const q = `query($e: Int!) { recheckAlert(entryIndex: $e) {
      confirmed problems inputsMatchReports inputsRevisedSince inputFrom inputTo inputCounts currentInputCounts alarmsOnCurrentInputs } }`;
    // The district's earliest alert with a report before its alarm day inside its window. (The very first one can sit on
    // the first day of the seeded history, where the whole baseline lies before any report: nothing there to amend.)
    const inWindow = (from: string, to: string) => ({
      regionCode: "RL-01-02",
      current: true,
      date: { gte: new Date(`${from}T00:00:00Z`), lt: new Date(`${to}T00:00:00Z`) },
    });
    let found: { alert: { entryIndex: bigint | number }; before: any } | undefined;
    for (const alert of await run.vigil.db.prisma.alert.findMany({ where: { regionCode: "RL-01-02" }, orderBy: { date: "asc" }, take: 20 })) {
      const before = (await run.gql<{ recheckAlert: any }>(q, { e: Number(alert.entryIndex) }, token)).data!.recheckAlert;
      if (await run.vigil.db.prisma.caseReport.count({ where: inWindow(before.inputFrom, before.inputTo) })) {
        found = { alert, before };
        break;
      }
    }
    expect(found).toBeDefined();
    const { alert, before } = found!;
    expect(before).toMatchObject({ confirmed: true, inputsRevisedSince: false, alarmsOnCurrentInputs: true });
    expect(before.currentInputCounts).toEqual(before.inputCounts);

    // The district hospital corrects its latest report before the alarm day: late laboratory results add 3 cases.
    const report = await run.vigil.db.prisma.caseReport.findFirstOrThrow({ where: inWindow(before.inputFrom, before.inputTo), orderBy: { date: "desc" } });
    const k = Math.round((Date.parse(`${before.inputTo}T00:00:00Z`) - report.date.getTime()) / 86_400_000);
    const hospital = await run.login("officer@vigil.example");
    const amend = await run.gql<{ amendCaseReport: { entryIndex: number } }>(
      `mutation($i: AmendCaseReportInput!) { amendCaseReport(input: $i) { entryIndex } }`,
      {
        i: {
          amends: report.id,
          reason: "Late laboratory results",
          newConfirmed: report.newConfirmed + 3,
          suspected: report.suspected,
          deaths: report.deaths,
          tests: report.tests + 3,
        },
      },
      hospital,
    );
    expect(amend.errors).toBeUndefined();
    expect(amend.data!.amendCaseReport.entryIndex).toBeGreaterThan(Number(alert.entryIndex));

    const after = (await run.gql<{ recheckAlert: any }>(q, { e: Number(alert.entryIndex) }, token)).data!.recheckAlert;
    expect(after).toMatchObject({ confirmed: true, problems: [], inputsMatchReports: true, inputsRevisedSince: true });
    expect(after.inputCounts).toEqual(before.inputCounts);
    const changed = after.inputCounts.length - 1 - k;
    expect(after.currentInputCounts[changed]).toBe(after.inputCounts[changed] + 3);
    expect(after.currentInputCounts.filter((c: number, i: number) => c !== after.inputCounts[i]).length).toBe(1);
    expect(typeof after.alarmsOnCurrentInputs).toBe("boolean");
  });

  it("answers a repeated dashboard question from the cache, and a write makes the next one fresh for writer and reader", async () => {
    const q = `query($r: String!, $f: LocalDate, $t: LocalDate) { riskOverview(regionCode: $r, from: $f, to: $t) { series { date count } } }`;
    const v = { r: "RL-01-02", f: "2002-03-01", t: "2002-03-10" };
    const counts = run.vigil.services.reads.counts;
    const computed = () => counts.primary + counts.replica;
    const first = await run.gql<{ riskOverview: { series: { date: string; count: number }[] } }>(q, v, token);
    expect(first.errors).toBeUndefined();
    const [c0, h0] = [computed(), counts.cached];
    const again = await run.gql(q, v, token);
    expect(again.data).toEqual(first.data);
    expect([computed(), counts.cached]).toEqual([c0, h0 + 1]);
    expect(first.data!.riskOverview.series.find((p) => p.date === "2002-03-05")!.count).toBe(0);

    const officer = await run.login("officer@vigil.example");
    const filed = await run.gql(
      `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id } }`,
      { i: { regionCode: "RL-01-02", date: "2002-03-05", newConfirmed: 17, suspected: 0, deaths: 0, tests: 40 } },
      officer,
    );
    expect(filed.errors).toBeUndefined();
    // The log moved: both the writer and someone else get an answer computed for the new state.
    for (const who of [officer, token]) {
      const after = await run.gql<{ riskOverview: { series: { date: string; count: number }[] } }>(q, v, who);
      expect(after.data!.riskOverview.series.find((p) => p.date === "2002-03-05")!.count).toBe(17);
    }
    expect(computed()).toBe(c0 + 1);
    expect(counts.cached).toBe(h0 + 2);
  });
});
