import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { today } from "@vigil/calendar";
import { buildDemoScenario } from "@vigil/scenario";
import { DEFAULT_PLAYBOOK, type Playbook } from "@vigil/rules";
import { auditLog } from "../src/log/audit.ts";
import { BACKENDS, snapshot, startVigil, type Running } from "./harness.ts";

/**
 * Acceptance 1–3 of the coordination issue: a level II alert opens the playbook's orders at every level at
 * once; one left unacknowledged escalates after its SLA (seconds here), across a server restart; an illegal
 * move is BAD_USER_INPUT and changes nothing; the timeline is rebuilt from entries and the audit agrees.
 */
const SLA = 2;
const PLAYBOOK: Playbook = {
  ...DEFAULT_PLAYBOOK,
  orders: DEFAULT_PLAYBOOK.orders.map((o) => ({ ...o, slaSeconds: o.step === "district-hospital" ? SLA : 3600 })),
  escalationSlaSeconds: SLA,
};
const DISTRICT = "RL-01-02";
const SUBMIT = `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id entryIndex } }`;
const ALERTS = `query($r: String) { alerts(regionCode: $r, limit: 5) { id date level entryIndex } }`;
const ORDERS = `query($a: Int) { workOrders(alertId: $a, limit: 50) { id step depth status slaSeconds openedAt dueAt acknowledgedAt startedAt escalatedFromId entryIndex
  ownerDepartment { code } region { code level } alert { id } entry { index kind } } }`;
const ACK = `mutation($id: Int!) { acknowledgeWorkOrder(id: $id) { id status acknowledgedAt } }`;
const MOVE = `mutation($id: Int!, $s: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $s) { id status startedAt } }`;
const TIMELINE = `query($a: Int!) { alertTimeline(alertId: $a) { alert { id } steps { kind at entryIndex departmentCode regionLevel workOrderId step secondsSinceAlert
  entry { index proof { treeSize hashes } } } } }`;
const EFFECT = `query($a: Int, $r: String, $f: LocalDate, $w: Int) { interventionEffect(alertId: $a, regionCode: $r, from: $f, window: $w) { label day daysBefore daysAfter df
  before { slope } after { slope } levelChange { estimate lower upper } slopeChange { estimate standardError lower upper } rtBefore { mean lower upper } rtAfter { mean lower upper } series { date count } } }`;
const LATENCY = `query($r: String) { reportingLatency(regionCode: $r) { level step orders unacknowledged escalated toAcknowledge { count median p90 } toAct { count median } } }`;

type Order = {
  id: number;
  step: string;
  depth: number;
  status: string;
  openedAt: string;
  dueAt: string;
  acknowledgedAt: string | null;
  escalatedFromId: number | null;
  entryIndex: number;
  ownerDepartment: { code: string };
  region: { code: string; level: string };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(BACKENDS)("work orders on %s", (backend) => {
  let run: Running;
  let hospital: string, cityCdc: string, provinceCdc: string, decision: string;
  let alertId: number;
  // The first instance's scheduler runs once, at start (before the alert): only the restarted one can escalate.
  const firstConfig = { playbook: PLAYBOOK, schedulerIntervalMs: 3_600_000 };
  const config = { playbook: PLAYBOOK, schedulerIntervalMs: 200 };
  const orders = async (token = decision) => {
    const r = await run.gql<{ workOrders: Order[] }>(ORDERS, { a: alertId }, token);
    expect(r.errors).toBeUndefined();
    return r.data!.workOrders;
  };
  const login = async () => {
    [hospital, cityCdc, provinceCdc, decision] = await Promise.all(["officer", "cdc.eastmere", "cdc", "decision"].map((u) => run.login(`${u}@vigil.example`)));
  };

  beforeAll(async () => {
    run = await startVigil(backend, { config: firstConfig });
    await login();
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("opens the playbook's orders for every level at once when a level II alert is logged", async () => {
    // A front-line spike: the district hospital reports today's cases.
    const filed = await run.gql(SUBMIT, { i: { regionCode: DISTRICT, date: today(), newConfirmed: 400, suspected: 120, deaths: 0, tests: 2000 } }, hospital);
    expect(filed.errors).toBeUndefined();
    const alerts = (await run.gql<{ alerts: { id: number; date: string; level: string }[] }>(ALERTS, { r: DISTRICT }, decision)).data!.alerts;
    const alert = alerts.find((a) => a.date === today());
    expect(alert, "the spike raises an alert").toBeDefined();
    expect(["II", "I"]).toContain(alert!.level);
    alertId = alert!.id;
    const opened = await orders();
    expect(opened.map((o) => [o.step, o.ownerDepartment.code, o.region.level, o.status, o.depth])).toEqual([
      ["district-hospital", "HOSP-RL-01-02", "DISTRICT", "OPEN", 0],
      ["city-cdc", "CDC-RL-01", "CITY", "OPEN", 0],
      ["province-cdc", "CDC-RL", "PROVINCE", "OPEN", 0],
      ["province-commission", "HC-RL", "PROVINCE", "OPEN", 0],
    ]);
    // Visible at once: every order is opened in one transaction, one receipt time, no relay.
    expect(new Set(opened.map((o) => o.openedAt)).size).toBe(1);
    for (const o of opened) expect(Date.parse(o.dueAt) - Date.parse(o.openedAt)).toBe(1000 * (o.step === "district-hospital" ? SLA : 3600));
    // Officers see their own department's orders only.
    expect((await orders(cityCdc)).map((o) => o.ownerDepartment.code)).toEqual(["CDC-RL-01"]);
    // Opening again (the scheduler's sweep, a second instance) opens nothing new.
    expect(await run.vigil.services.workOrders.openFor(alertId)).toEqual([]);
  });

  it("refuses an illegal move with BAD_USER_INPUT and a stranger's move with FORBIDDEN, changing nothing", async () => {
    const city = (await orders()).find((o) => o.step === "city-cdc")!;
    const before = await snapshot(run.vigil);
    const skip = await run.gql(MOVE, { id: city.id, s: "IN_PROGRESS" }, cityCdc);
    expect(skip.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", from: "OPEN", to: "IN_PROGRESS" });
    const back = await run.gql(MOVE, { id: city.id, s: "OPEN" }, cityCdc);
    expect(back.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const stranger = await run.gql(ACK, { id: city.id }, provinceCdc);
    expect(stranger.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const missing = await run.gql(ACK, { id: 999_999 }, cityCdc);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await snapshot(run.vigil)).toEqual(before);

    // Forward moves go through, each a signed entry; after DONE, nothing moves it back.
    expect((await run.gql(ACK, { id: city.id }, cityCdc)).errors).toBeUndefined();
    expect((await run.gql(MOVE, { id: city.id, s: "IN_PROGRESS" }, cityCdc)).errors).toBeUndefined();
    expect((await run.gql(MOVE, { id: city.id, s: "DONE" }, cityCdc)).errors).toBeUndefined();
    const after = await snapshot(run.vigil);
    expect(after.entries).toBe(before.entries + 3);
    const reopen = await run.gql(MOVE, { id: city.id, s: "CANCELLED" }, cityCdc);
    expect(reopen.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await snapshot(run.vigil)).toEqual(after);
  });

  it("escalates an order left unacknowledged past its SLA, level by level, across a restart, exactly once", async () => {
    const province = (await orders()).find((o) => o.step === "province-cdc")!;
    expect((await run.gql(ACK, { id: province.id }, provinceCdc)).errors).toBeUndefined();
    const { dataDir, databaseUrl } = run;
    await sleep(SLA * 1000 + 300);
    // Overdue, but this instance's scheduler is not due to run: stop it, with nothing escalated.
    expect((await orders()).filter((o) => o.depth > 0)).toEqual([]);
    await run.stop();
    run = await startVigil(backend, { dataDir, databaseUrl, config });
    await login();
    // The restarted instance's first round escalates the hospital's order to the city's authority (its CDC)…
    let now = await orders();
    for (let i = 0; i < 50 && !now.some((o) => o.depth === 1); i++) {
      await sleep(100);
      now = await orders();
    }
    const hospitalOrder = now.find((o) => o.step === "district-hospital" && o.depth === 0)!;
    const first = now.find((o) => o.depth === 1)!;
    expect(first).toMatchObject({ step: "district-hospital", escalatedFromId: hospitalOrder.id, ownerDepartment: { code: "CDC-RL-01" }, status: "OPEN" });
    expect(Date.parse(first.openedAt)).toBeGreaterThanOrEqual(Date.parse(hospitalOrder.dueAt));
    // …and, unacknowledged again, to the province's health commission; the top answers to no one.
    for (let i = 0; i < 60 && !now.some((o) => o.depth === 2); i++) {
      await sleep(100);
      now = await orders();
    }
    const second = now.find((o) => o.depth === 2)!;
    expect(second).toMatchObject({ escalatedFromId: first.id, ownerDepartment: { code: "HC-RL" }, region: { level: "PROVINCE" } });
    await sleep(SLA * 1000 + 300);
    // Concurrent rounds (two instances) find nothing more to do: each order escalated once.
    const again = await Promise.all([run.vigil.services.workOrders.escalateDue(), run.vigil.services.workOrders.escalateDue()]);
    expect(again.flat()).toEqual([]);
    expect((await orders()).filter((o) => o.depth > 0)).toHaveLength(2);
    // The hospital can still acknowledge its own order late; the escalation stands on the log.
    expect((await run.gql(ACK, { id: hospitalOrder.id }, hospital)).errors).toBeUndefined();
  });

  it("rebuilds the alert's timeline from its entries, with proofs, and the audit finds the tables agree", async () => {
    const r = await run.gql<{
      alertTimeline: {
        steps: {
          kind: string;
          at: string;
          entryIndex: number;
          departmentCode: string | null;
          regionLevel: string;
          workOrderId: number | null;
          secondsSinceAlert: number;
          entry: { proof: { treeSize: number } } | null;
        }[];
      };
    }>(TIMELINE, { a: alertId }, decision);
    expect(r.errors).toBeUndefined();
    const steps = r.data!.alertTimeline.steps;
    expect(steps.map((s) => s.kind).slice(0, 2)).toEqual(["FIRST_REPORT", "ALERT"]);
    expect(steps.filter((s) => s.kind === "OPENED")).toHaveLength(4);
    expect(steps.filter((s) => s.kind === "ESCALATED").map((s) => s.departmentCode)).toEqual(["CDC-RL-01", "HC-RL"]);
    // Log order and time order agree; every step carries its entry and an inclusion proof.
    const indices = steps.map((s) => s.entryIndex);
    expect([...indices].sort((a, b) => a - b)).toEqual(indices);
    for (let i = 1; i < steps.length; i++) expect(Date.parse(steps[i]!.at)).toBeGreaterThanOrEqual(Date.parse(steps[i - 1]!.at));
    await run.vigil.services.log.publishCheckpoint();
    // The timeline matches the tables: each acknowledgement step is the row's acknowledgedAt.
    const rows = await orders();
    for (const o of rows.filter((x) => x.acknowledgedAt)) {
      const ack = steps.find((s) => s.kind === "ACKNOWLEDGED" && s.workOrderId === o.id);
      expect(ack?.at, `order ${o.id}`).toBe(o.acknowledgedAt);
    }
    const proved = await run.gql<{ alertTimeline: { steps: { entry: { proof: { treeSize: number } | null } | null }[] } }>(TIMELINE, { a: alertId }, decision);
    for (const s of proved.data!.alertTimeline.steps) expect(s.entry?.proof?.treeSize).toBeGreaterThan(0);
    const audit = await auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic, signatures: false });
    expect(audit.problem).toBeNull();

    // A row edited behind the log's back is caught.
    const city = rows.find((o) => o.step === "city-cdc")!;
    await run.vigil.db.prisma.workOrder.update({ where: { id: city.id }, data: { status: "CANCELLED" } });
    const tampered = await auditLog(run.vigil.db, {
      origin: run.vigil.services.log.origin,
      logPublicKey: run.vigil.services.keys.logPublic,
      signatures: false,
    });
    expect(tampered.problem).toMatchObject({ kind: "domain-mismatch", table: "WorkOrder" });
    await run.vigil.db.prisma.workOrder.update({ where: { id: city.id }, data: { status: "DONE" } });
  });

  it("measures each level's time to see and to act", async () => {
    const r = await run.gql<{
      reportingLatency: {
        level: string;
        step: string;
        orders: number;
        unacknowledged: number;
        escalated: number;
        toAcknowledge: { count: number; median: number | null };
        toAct: { count: number };
      }[];
    }>(LATENCY, { r: DISTRICT }, decision);
    expect(r.errors).toBeUndefined();
    const by = new Map(r.data!.reportingLatency.map((l) => [l.step, l]));
    expect(r.data!.reportingLatency.map((l) => l.level)).toEqual(["DISTRICT", "CITY", "PROVINCE", "PROVINCE"]);
    expect(by.get("city-cdc")).toMatchObject({ orders: 1, unacknowledged: 0, toAcknowledge: { count: 1 }, toAct: { count: 1 } });
    expect(by.get("district-hospital")).toMatchObject({ escalated: 1, toAcknowledge: { count: 1 } });
    // The hospital acknowledged after its SLA and a restart: its latency is at least the SLA.
    expect(by.get("district-hospital")!.toAcknowledge.median!).toBeGreaterThanOrEqual(SLA);
    expect(by.get("province-commission")).toMatchObject({ unacknowledged: 1, toAcknowledge: { count: 0, median: null } });
    const unknown = await run.gql(LATENCY, { r: "NOPE" }, decision);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("evaluates the seeded outbreak's control: the trend bends down at the peak, with an interval that excludes no change", async () => {
    const main = buildDemoScenario().outbreaks[0]!;
    const r = await run.gql<{
      interventionEffect: {
        day: string;
        daysBefore: number;
        daysAfter: number;
        df: number;
        before: { slope: number };
        after: { slope: number };
        slopeChange: { estimate: number; standardError: number; lower: number; upper: number };
        rtBefore: { mean: number } | null;
        rtAfter: { mean: number } | null;
        series: { date: string; count: number }[];
      };
    }>(EFFECT, { r: main.regionCode, f: main.peakDate, w: 21 }, decision);
    expect(r.errors).toBeUndefined();
    const e = r.data!.interventionEffect;
    expect(e).toMatchObject({ day: main.peakDate, daysBefore: 21, daysAfter: 21, df: 38 });
    expect(e.series).toHaveLength(42);
    expect(e.before.slope).toBeGreaterThan(0);
    expect(e.after.slope).toBeLessThan(0);
    expect(e.slopeChange.estimate).toBeCloseTo(e.after.slope - e.before.slope, 9);
    expect(e.slopeChange.upper).toBeLessThan(0);
    expect(e.slopeChange.lower).toBeLessThan(e.slopeChange.estimate);
    expect(e.rtAfter!.mean).toBeLessThan(e.rtBefore!.mean);
  });

  it("refuses to evaluate work orders that started today (no days after yet) or an unknown alert, changing nothing", async () => {
    const before = await snapshot(run.vigil);
    const tooSoon = await run.gql(EFFECT, { a: alertId }, decision);
    expect(tooSoon.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(tooSoon.errors?.[0]?.message).toMatch(/at least 2/);
    const unknown = await run.gql(EFFECT, { a: 999_999 }, decision);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const nothing = await run.gql(EFFECT, {}, decision);
    expect(nothing.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await snapshot(run.vigil)).toEqual(before);
  });

  it("takes resource requests, allocations up to what is outstanding, and the receiver's confirmation, each on the log", async () => {
    const REQUEST = `mutation($i: ResourceRequestInput!) { requestResource(input: $i) { id quantity outstanding regionCode requesterDepartment { code } } }`;
    const ALLOCATE = `mutation($r: Int!, $q: Int!) { allocateResource(requestId: $r, quantity: $q) { id allocated outstanding allocations { id quantity confirmedAt fromDepartment { code } } } }`;
    const CONFIRM = `mutation($a: Int!) { confirmResourceAllocation(allocationId: $a) { allocations { id confirmedAt } } }`;
    const SHORTAGES = `{ resourceShortages { regionCode item requested allocated confirmed shortage } }`;
    const asked = await run.gql<{ requestResource: { id: number; outstanding: number; regionCode: string } }>(
      REQUEST,
      { i: { item: "N95 respirators", quantity: 1000, neededBy: today() } },
      hospital,
    );
    expect(asked.errors).toBeUndefined();
    expect(asked.data!.requestResource).toMatchObject({ outstanding: 1000, regionCode: DISTRICT });
    const id = asked.data!.requestResource.id;
    const given = await run.gql<{ allocateResource: { outstanding: number; allocations: { id: number; fromDepartment: { code: string } }[] } }>(
      ALLOCATE,
      { r: id, q: 600 },
      provinceCdc,
    );
    expect(given.errors).toBeUndefined();
    expect(given.data!.allocateResource).toMatchObject({ outstanding: 400, allocations: [{ fromDepartment: { code: "CDC-RL" } }] });
    const before = await snapshot(run.vigil);
    const over = await run.gql(ALLOCATE, { r: id, q: 401 }, provinceCdc);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", outstanding: 400 });
    const own = await run.gql(ALLOCATE, { r: id, q: 1 }, hospital);
    expect(own.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const allocation = given.data!.allocateResource.allocations[0]!.id;
    const stranger = await run.gql(CONFIRM, { a: allocation }, cityCdc);
    expect(stranger.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await snapshot(run.vigil)).toEqual(before);
    const confirmed = await run.gql<{ confirmResourceAllocation: { allocations: { confirmedAt: string | null }[] } }>(CONFIRM, { a: allocation }, hospital);
    expect(confirmed.data!.confirmResourceAllocation.allocations[0]!.confirmedAt).not.toBeNull();
    const twice = await run.gql(CONFIRM, { a: allocation }, hospital);
    expect(twice.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const shortages = (
      await run.gql<{ resourceShortages: { regionCode: string; item: string; shortage: number; confirmed: number }[] }>(SHORTAGES, {}, decision)
    ).data!.resourceShortages;
    expect(shortages.find((x) => x.regionCode === DISTRICT && x.item === "N95 respirators")).toMatchObject({ shortage: 400, confirmed: 600 });
    await run.vigil.services.log.publishCheckpoint();
    const audit = await auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic, signatures: false });
    expect(audit.problem).toBeNull();
    // Fulfilment marked in the table without the receiver's entry is caught.
    await run.vigil.db.prisma.resourceAllocation.update({ where: { id: allocation }, data: { confirmedAt: new Date(0) } });
    const tampered = await auditLog(run.vigil.db, {
      origin: run.vigil.services.log.origin,
      logPublicKey: run.vigil.services.keys.logPublic,
      signatures: false,
    });
    expect(tampered.problem).toMatchObject({ kind: "domain-mismatch", table: "ResourceAllocation" });
  });
});
