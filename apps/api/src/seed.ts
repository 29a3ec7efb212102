import { seedMedical } from "./layers/data-support/medical/demo.ts";
import type { MedicalService } from "./layers/data-support/medical/service.ts";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildDemoScenario, buildWeeklyHistory, reportArrivals, type DemoScenario } from "@vigil/scenario";
import { createProgress } from "@vigil/progress";
import type { Database } from "@vigil/db";
import { hashPassword } from "./access/password.ts";
import { addDays, parseDay } from "@vigil/calendar";
import type { KeyRing } from "./keys.ts";
import type { Viewer } from "./access/viewer.ts";
import type { AnalysisService } from "./layers/analysis/service.ts";
import type { InfrastructureService } from "./layers/infrastructure/service.ts";
import type { ResourceService, WorkOrderService } from "./layers/business/service.ts";
import type { ReportService } from "./layers/data-support/service.ts";
import { DEFAULT_RULE } from "./layers/policy/service.ts";
import type { LogStore } from "./log/store.ts";
import { PUBLIC_TRUST_USERS, seedPublicTrust } from "./layers/data-support/public-trust/demo.ts";
import type { PublicTrustService } from "./layers/data-support/public-trust/service.ts";
import { seedTrajectories, type MobilitySize } from "./layers/data-support/trajectories/demo.ts";
import type { TrajectoryService } from "./layers/data-support/trajectories/service.ts";
import type { RegionDirectory } from "./regions.ts";
import type { RuleSetService } from "./layers/policy/rule-sets.ts";
import { CASE_REPORT_CONTRACT, DEFAULT_POLICY, type RuleSet } from "@vigil/rules";

export interface DemoLogins {
  password: string;
  users: { email: string; role: string }[];
}

const LOGINS_FILE = "demo-logins.json";

/** The demo password is made per installation (or taken from VIGIL_DEMO_PASSWORD), never committed. */
export function readDemoLogins(dir: string): DemoLogins | null {
  const file = path.join(dir, LOGINS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DemoLogins) : null;
}

export interface SeedDeps {
  db: Database;
  keys: KeyRing;
  log: LogStore;
  regions: RegionDirectory;
  analysis: AnalysisService;
  infrastructure: InfrastructureService;
  ruleSets: RuleSetService;
  reports: ReportService;
  workOrders: WorkOrderService;
  resources: ResourceService;
  dataDir: string;
  progress?: (line: string) => void;
  /** Weekly notifiable-disease series to seed (VIGIL_DEMO_WEEKLY_SERIES; default all). */
  weeklySeries?: number;
  /** Seeds the charity books and public statements when given. */
  publicTrust?: PublicTrustService;
  /** Seeds synthetic mobility with a planted outbreak chain when given. */
  trajectories?: TrajectoryService;
  mobility?: MobilitySize;
  pseudonyms?: import("./layers/data-support/pseudonyms.ts").PseudonymService;
  /** Seeds patients, sealed records and consents when given (issue 14). */
  medical?: { service: MedicalService; patients: number };
}

/**
 * First start with an empty database: a province's worth of departments, people and five months of
 * reports from a stochastic SEIR model, all through the same log the API uses. Returns false if seeded already.
 */
export async function seedDemo(deps: SeedDeps, scenario: DemoScenario = buildDemoScenario()): Promise<boolean> {
  const { db, log, regions, analysis, ruleSets } = deps;
  const say = deps.progress ?? (() => {});
  if ((await db.prisma.user.count()) > 0) return false;

  const password = process.env.VIGIL_DEMO_PASSWORD || randomBytes(9).toString("base64url");
  say(`seeding: ${scenario.regions.length} regions, ${scenario.departments.length} departments, ${scenario.users.length} users`);
  const byLevel = { PROVINCE: 0, CITY: 1, DISTRICT: 2 } as const;
  await db.prisma.region.createMany({ data: [...scenario.regions].sort((a, b) => byLevel[a.level] - byLevel[b.level]) });
  // Departments come to be through the log: each key is registered by a department-key entry the audit replays.
  await deps.infrastructure.registerDepartments(scenario.departments);
  const departments = new Map((await db.prisma.department.findMany()).map((d) => [d.code, d]));
  const passwordHash = await hashPassword(password);
  await db.prisma.user.createMany({
    data: scenario.users.map((u) => ({
      email: u.email,
      name: u.name,
      role: u.role,
      passwordHash,
      departmentId: u.departmentCode ? departments.get(u.departmentCode)!.id : null,
    })),
  });
  await regions.reload();

  const policyOfficer = await db.prisma.user.findFirstOrThrow({ where: { role: "POLICY_OFFICER" }, include: { department: true } });
  await log.write(async ({ tx, append }) => {
    const body = {
      key: "outbreak-early-warning@*",
      version: 1,
      title: "Outbreak early warning",
      phase: "PREVENTION",
      regionCode: null,
      rule: DEFAULT_RULE,
      effectiveFrom: scenario.startDate,
      author: policyOfficer.email,
    };
    const [entry] = await append([{ kind: "policy", departmentCode: policyOfficer.department?.code ?? null, departmentId: policyOfficer.departmentId, body }]);
    await tx.policy.create({
      data: {
        key: body.key,
        title: body.title,
        phase: "PREVENTION",
        version: 1,
        status: "PUBLISHED",
        rule: JSON.stringify(DEFAULT_RULE),
        authorId: policyOfficer.id,
        effectiveFrom: parseDay(scenario.startDate),
        entryIndex: entry!.index,
      },
    });
  });

  // Imported cases among the confirmed ones, and each report's receipt: `delayDays` after its day (the nowcast's
  // reporting delays). The history is written now, so receivedAt is set from the model, not the clock.
  const arrivals = reportArrivals(scenario.reports, scenario.seed + 1);
  const reports = scenario.reports.map((r, i) => ({ ...r, imported: arrivals[i]!.imported }));
  // A report "due" after the seeding moment arrives now: nothing is received in the future.
  const now = Date.now();
  const receivedAt = (date: string, i: number) =>
    new Date(Math.min(now, parseDay(date).getTime() + arrivals[i]!.delayDays * 86_400_000 + arrivals[i]!.hour * 3_600_000));
  const batch = 500;
  const bar = deps.progress ? createProgress("seeding case reports", reports.length, { unit: "reports" }) : undefined;
  for (let at = 0; at < reports.length; at += batch) {
    const chunk = reports.slice(at, at + batch);
    // 500 reports in one transaction: on a loaded machine that outlasts Prisma's 5 s default.
    await log.write(
      async ({ tx, append }) => {
        const entries = await append(
          chunk.map((r) => {
            const { departmentCode, ...body } = r;
            return { kind: "case-report", departmentCode, departmentId: departments.get(departmentCode)!.id, body };
          }),
        );
        await tx.caseReport.createMany({
          data: chunk.map((r, i) => ({
            regionCode: r.regionCode,
            date: parseDay(r.date),
            newConfirmed: r.newConfirmed,
            suspected: r.suspected,
            deaths: r.deaths,
            tests: r.tests,
            imported: r.imported,
            departmentId: departments.get(r.departmentCode)!.id,
            receivedAt: receivedAt(r.date, at + i),
            entryIndex: entries[i]!.index,
          })),
        });
      },
      { timeout: 120_000 },
    );
    bar?.update(Math.min(at + batch, reports.length));
  }
  bar?.finish();
  await seedWeeklyHistory(deps, scenario, say);

  // The demo's rules go through the lifecycle as they would have when its history began: drafted by one policy
  // officer, approved by the second, in force from the first day of the scenario. Logged after the bulk of reports
  // (which the seed writes directly, as history) and before detection, which enforces the policy.
  const officers = await db.prisma.user.findMany({ where: { role: "POLICY_OFFICER" }, include: { department: true }, orderBy: { id: "asc" }, take: 2 });
  if (officers.length === 2) {
    const [drafter, approver] = officers.map(
      (u): Viewer => ({
        id: u.id,
        email: u.email,
        role: u.role,
        departmentId: u.departmentId,
        departmentCode: u.department?.code ?? null,
        regionCode: u.department?.regionCode ?? null,
      }),
    ) as [Viewer, Viewer];
    const from = { from: scenario.startDate, until: null };
    for (const rs of [CASE_REPORT_CONTRACT, DEFAULT_POLICY] as RuleSet[]) {
      const published = await ruleSets.draft(drafter, { ...rs, effective: from }, { on: scenario.startDate });
      await ruleSets.approve(approver, published.key, published.version, { on: scenario.startDate });
    }
    say("seeding: case-report contract and default response policy drafted and approved by two policy officers");
  }

  const districts = scenario.regions.filter((r) => r.level === "DISTRICT");
  let alerts = 0;
  for (const d of districts) alerts += (await analysis.evaluate(d.code, scenario.startDate, scenario.endDate)).length;
  say(`seeding: ${alerts} alerts raised by the published rule`);

  // The decision-maker's response to the main outbreak: tasks for the departments on the ground.
  const main = scenario.outbreaks[0];
  const firstAlert = main && (await db.prisma.alert.findFirst({ where: { regionCode: main.regionCode }, orderBy: { date: "asc" } }));
  const decider = await db.prisma.user.findFirstOrThrow({ where: { role: "DECISION_MAKER" }, include: { department: true } });
  const owners = scenario.departments
    .filter((d) => (main && d.regionCode.startsWith(main.regionCode.slice(0, 5))) || d.kind === "TRANSPORT" || d.kind === "CHARITY")
    .slice(0, 4);
  const taskSpecs = [
    { title: "Trace close contacts of confirmed cases", status: "IN_PROGRESS" as const },
    { title: "Open a fever clinic and extend testing hours", status: "OPEN" as const },
    { title: "Screen passengers at the district bus terminal", status: "DONE" as const },
    { title: "Publish the donation ledger for protective equipment", status: "OPEN" as const },
  ];
  for (const [i, owner] of owners.entries()) {
    const spec = taskSpecs[i % taskSpecs.length]!;
    await log.write(async ({ tx, append }) => {
      const due = addDays(scenario.endDate, 3 + i * 2);
      const body = {
        action: "assign",
        title: spec.title,
        description: `Response to the alert in ${main?.regionCode ?? "the province"}.`,
        owner: owner.code,
        due,
        alertId: firstAlert?.id ?? null,
        by: decider.email,
      };
      const [entry] = await append([{ kind: "task", departmentCode: decider.department?.code ?? null, departmentId: decider.departmentId, body }]);
      const task = await tx.task.create({
        data: {
          title: body.title,
          description: body.description,
          ownerDepartmentId: departments.get(owner.code)!.id,
          due: parseDay(due),
          alertId: body.alertId,
          createdById: decider.id,
          entryIndex: entry!.index,
        },
      });
      // Progress is a decision of the owning department, logged like any other.
      const steps = spec.status === "DONE" ? (["IN_PROGRESS", "DONE"] as const) : spec.status === "IN_PROGRESS" ? (["IN_PROGRESS"] as const) : [];
      let from: string = "OPEN";
      const officer = await tx.user.findFirst({ where: { departmentId: departments.get(owner.code)!.id } });
      for (const to of steps) {
        await append([
          {
            kind: "task",
            departmentCode: owner.code,
            departmentId: departments.get(owner.code)!.id,
            body: { action: "status", taskId: task.id, from, to, by: officer?.email ?? owner.code },
          },
        ]);
        from = to;
      }
      if (steps.length) await tx.task.update({ where: { id: task.id }, data: { status: spec.status } });
    });
  }
  // One correction, as a hospital files it: late laboratory results for a recent day of the main outbreak.
  // An amendment entry names the entry it corrects; the corrected row stays as history, no longer counted.
  const correctedDay = addDays(scenario.endDate, -3);
  const corrected = await db.prisma.caseReport.findFirst({
    where: { regionCode: main?.regionCode ?? districts[0]!.code, date: parseDay(correctedDay), current: true },
    include: { department: true },
  });
  if (corrected) {
    await log.write(async ({ tx, append }) => {
      const body = {
        regionCode: corrected.regionCode,
        date: correctedDay,
        newConfirmed: corrected.newConfirmed + 2,
        suspected: Math.max(0, corrected.suspected - 2),
        deaths: corrected.deaths,
        tests: Math.max(corrected.tests, corrected.newConfirmed + 2),
        amends: Number(corrected.entryIndex),
        reason: "Late laboratory results: two more confirmed cases",
      };
      const [entry] = await append([{ kind: "case-report", departmentCode: corrected.department.code, departmentId: corrected.departmentId, body }]);
      await tx.caseReport.update({ where: { id: corrected.id }, data: { current: null } });
      const { amends: _amends, ...fields } = body;
      await tx.caseReport.create({
        data: {
          ...fields,
          date: parseDay(correctedDay),
          departmentId: corrected.departmentId,
          entryIndex: entry!.index,
          amendsId: corrected.id,
          current: true,
        },
      });
    });
  }
  await seedReportingStory(deps, scenario, say);
  const users = scenario.users.map((u) => ({ email: u.email, role: u.role as string }));
  if (deps.publicTrust) {
    const started = Date.now();
    await seedPublicTrust(db, (d) => deps.infrastructure.registerDepartments(d), deps.publicTrust);
    const byCode = new Map((await db.prisma.department.findMany()).map((d) => [d.code, d.id]));
    await db.prisma.user.createMany({
      data: PUBLIC_TRUST_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role, passwordHash, departmentId: byCode.get(u.departmentCode)! })),
    });
    users.push(...PUBLIC_TRUST_USERS.map((u) => ({ email: u.email, role: u.role })));
    say(`seeding: charity books and public statements in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (deps.trajectories) {
    const started = Date.now();
    users.push(
      ...(await seedTrajectories(
        db,
        deps.trajectories,
        deps.mobility ?? { people: 20_000, days: 30 },
        scenario.endDate,
        passwordHash,
        say,
        !!deps.progress,
        deps.pseudonyms,
      )),
    );
    say(`seeding: trajectories in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (deps.medical) users.push(await seedMedical(db, deps.medical.service, deps.medical.patients, passwordHash, say));
  await log.publishCheckpoint();
  const logins: DemoLogins = { password, users };
  writeFileSync(path.join(deps.dataDir, LOGINS_FILE), JSON.stringify(logins, null, 2), { mode: 0o600 });
  say(`seeding: done, log size ${await log.size()}`);
  return true;
}

/** The district of the demo's reporting story: an infectious-disease hospital in the capital's city, away from the main outbreak. */
const STORY_DISTRICT = "RL-01-03";

/**
 * The seed's central story, told through the real services: a front-line hospital's late laboratory results
 * (a cluster among medical staff) correct yesterday's report; detection raises a level II/I alert; the
 * playbook opens orders for every level at once; the hospital, the city CDC and the provincial CDC
 * acknowledge and act within moments, each a signed entry. The health commission's order is left for the
 * decision-maker (it escalates nowhere: the province is the top), so the board and the latency dashboard
 * show an open clock. Orders for other recent alerts of the backfill are opened by the same playbook.
 */
async function seedReportingStory(deps: SeedDeps, scenario: DemoScenario, say: (line: string) => void): Promise<void> {
  const { db, reports, workOrders } = deps;
  const backfill = await workOrders.sweepAlerts();
  const district = scenario.regions.find((r) => r.code === STORY_DISTRICT);
  const day = scenario.endDate;
  const yesterday = district && (await db.prisma.caseReport.findFirst({ where: { regionCode: STORY_DISTRICT, date: parseDay(day), current: true } }));
  if (!district || !yesterday) return;
  // A department acts through one of its people where the demo has one; otherwise as the department itself.
  const actor = async (code: string): Promise<Viewer> => {
    const d = await db.prisma.department.findUniqueOrThrow({ where: { code } });
    const u = await db.prisma.user.findFirst({ where: { departmentId: d.id }, orderBy: { id: "asc" } });
    return {
      id: u?.id ?? 0,
      email: u?.email ?? code,
      role: u?.role ?? "DEPARTMENT_OFFICER",
      departmentId: d.id,
      departmentCode: d.code,
      regionCode: d.regionCode,
    };
  };
  const hospital = await actor(`HOSP-${STORY_DISTRICT}`);
  // 45 confirmed cases per 100,000 in one day: past level II's 7-day incidence of 30/100k on its own.
  const cluster = Math.round((district.population * 45) / 100_000);
  await reports.amend(
    hospital,
    yesterday.id,
    {
      newConfirmed: yesterday.newConfirmed + cluster,
      suspected: yesterday.suspected + Math.round(cluster / 2),
      deaths: yesterday.deaths,
      tests: Math.max(yesterday.tests, yesterday.newConfirmed + cluster) + cluster,
    },
    "Late laboratory results: a cluster of pneumonia of unknown cause, including medical staff",
  );
  const alert = await db.prisma.alert.findFirst({ where: { regionCode: STORY_DISTRICT, date: parseDay(day) }, orderBy: { id: "desc" } });
  const orders = alert ? await db.prisma.workOrder.findMany({ where: { alertId: alert.id }, include: { ownerDepartment: true }, orderBy: { id: "asc" } }) : [];
  for (const o of orders) {
    if (o.ownerDepartment.kind === "HEALTH_COMMISSION") continue;
    const who = await actor(o.ownerDepartment.code);
    await workOrders.acknowledge(who, o.id);
    if (o.ownerDepartment.kind !== "CDC" || o.regionCode !== "RL") await workOrders.setStatus(who, o.id, "IN_PROGRESS");
  }
  // The hospital asks for supplies; the provincial CDC and the Red Cross send part; the first delivery arrives.
  const { resources } = deps;
  const masks = await resources.request(hospital, { item: "N95 respirators", quantity: 20_000, neededBy: addDays(day, 2) });
  const kits = await resources.request(hospital, { item: "PCR test kits", quantity: 5_000, neededBy: addDays(day, 1) });
  const provinceCdc = await actor("CDC-RL");
  const redCross = await actor("RC-RL");
  const sent = await resources.allocate(provinceCdc, masks.id, 8_000);
  await resources.allocate(redCross, masks.id, 4_000);
  await resources.allocate(provinceCdc, kits.id, 3_000);
  await resources.confirm(hospital, sent.allocations[0]!.id);
  say(
    `seeding: reporting story in ${STORY_DISTRICT}: alert ${alert?.id ?? "none"} (level ${alert?.level ?? "-"}), ${orders.length} work orders; ${backfill} opened for recent alerts`,
  );
}

/**
 * Six years of weekly notifiable-disease counts (buildWeeklyHistory: one sentinel district per city, three
 * diseases, an outbreak per city in the last weeks), written as the daily history is: one bulk store, an entry
 * per weekly report. Detection does not run on them at seeding: the daily rule watches COVID-19, and the
 * weekly rule (Farrington) runs when the dashboard asks for a weekly series.
 */
async function seedWeeklyHistory(deps: SeedDeps, scenario: DemoScenario, say: (line: string) => void): Promise<void> {
  const { db, log } = deps;
  const started = performance.now();
  const weekly = buildWeeklyHistory(scenario.regions, scenario.departments, { endDate: scenario.endDate, seed: scenario.seed, series: deps.weeklySeries });
  if (!weekly.reports.length) return;
  const ids = new Map((await db.prisma.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
  await log.write(
    async ({ tx, append }) => {
      const entries = await append(
        weekly.reports.map((r) => {
          const { departmentCode, ...body } = r;
          return { kind: "case-report", departmentCode, departmentId: ids.get(departmentCode)!, body: { ...body, imported: 0 } };
        }),
      );
      await tx.caseReport.createMany({
        data: weekly.reports.map((r, i) => ({
          regionCode: r.regionCode,
          date: parseDay(r.date),
          disease: r.disease,
          newConfirmed: r.newConfirmed,
          suspected: r.suspected,
          deaths: r.deaths,
          tests: r.tests,
          departmentId: ids.get(r.departmentCode)!,
          // Weekly reports are filed the Monday after their week.
          receivedAt: new Date(Math.min(Date.now(), parseDay(r.date).getTime() + 7 * 86_400_000)),
          entryIndex: entries[i]!.index,
        })),
      });
    },
    { timeout: 120_000 },
  );
  say(`seeding: ${weekly.reports.length} weekly reports of notifiable diseases in ${((performance.now() - started) / 1000).toFixed(2)} s`);
}
