import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type Running } from "../../test/harness.ts";

type Entry = { index: number; departmentCode: string | null; payload: string } | null;

/** Nested `entry`, `alert` and `region` fields apply the same department scope as the root fields. */
describe("scope on every path", () => {
  let run: Running;
  let officer: string, cdc: string, decision: string;
  let officerRegion: string, officerDepartment: string;
  beforeAll(async () => {
    run = await startVigil("pglite");
    [officer, cdc, decision] = await Promise.all(["officer", "cdc", "decision"].map((u) => run.login(`${u}@vigil.example`)));
    const me = await run.vigil.db.prisma.user.findUniqueOrThrow({ where: { email: "officer@vigil.example" }, include: { department: true } });
    officerRegion = me.department!.regionCode;
    officerDepartment = me.department!.code;
  });
  afterAll(async () => {
    await run?.stop();
  });

  const rootEntry = async (index: number, token: string) => {
    const r = await run.gql<{ entry: { index: number } }>(`query($i: Int!) { entry(index: $i) { index } }`, { i: index }, token);
    return r.errors ? String(r.errors[0]!.extensions?.code) : "ok";
  };

  it("tasks { alert { region entry } } shows an officer no alert that recheckAlert refuses", async () => {
    const p = run.vigil.db.prisma;
    const outside = await p.alert.findFirstOrThrow({ where: { NOT: { regionCode: { startsWith: officerRegion } } } });
    const inside = await p.alert.findFirstOrThrow({ where: { regionCode: { startsWith: officerRegion } } });
    const assign = `mutation($i: AssignTaskInput!) { assignTask(input: $i) { id alert { id } } }`;
    for (const alert of [outside, inside]) {
      const r = await run.gql(assign, { i: { title: `Respond to alert ${alert.id}`, ownerDepartmentCode: officerDepartment, alertId: alert.id } }, decision);
      expect(r.errors).toBeUndefined();
    }
    expect(
      (await run.gql(`query($e: Int!) { recheckAlert(entryIndex: $e) { confirmed } }`, { e: Number(outside.entryIndex) }, officer)).errors?.[0]?.extensions
        ?.code,
    ).toBe("FORBIDDEN");
    const r = await run.gql<{ tasks: { title: string; alert: { id: number; region: { code: string }; entry: Entry } | null }[] }>(
      `{ tasks(limit: 50) { title alert { id region { code } entry { index payload } } } }`,
      {},
      officer,
    );
    expect(r.errors).toBeUndefined();
    const byTitle = new Map(r.data!.tasks.map((t) => [t.title, t]));
    expect(byTitle.get(`Respond to alert ${outside.id}`)!.alert).toBeNull();
    const shown = byTitle.get(`Respond to alert ${inside.id}`)!.alert!;
    expect(shown.region.code.startsWith(officerRegion)).toBe(true);
    // An alert of the officer's region: its entry opens, at the root too (recheckAlert shows the same inputs).
    expect(shown.entry?.index).toBe(Number(inside.entryIndex));
    expect(await rootEntry(Number(inside.entryIndex), officer)).toBe("ok");
    for (const t of r.data!.tasks) if (t.alert) expect(t.alert.region.code.startsWith(officerRegion), t.title).toBe(true);
    // A coordinator sees both.
    const all = await run.gql<{ tasks: { title: string; alert: { id: number } | null }[] }>(`{ tasks(limit: 50) { title alert { id } } }`, {}, decision);
    expect(all.data!.tasks.find((t) => t.title === `Respond to alert ${outside.id}`)!.alert?.id).toBe(outside.id);
  });

  it("caseReports { entry } returns exactly the entries entry(index) opens, and null for the rest", async () => {
    let hidden = 0;
    for (const [who, token] of [
      ["officer", officer],
      ["cdc", cdc],
    ] as const) {
      const r = await run.gql<{ caseReports: { entryIndex: number; department: { code: string }; entry: Entry }[] }>(
        `{ caseReports(limit: 40) { entryIndex department { code } entry { index departmentCode } } }`,
        {},
        token,
      );
      expect(r.errors, who).toBeUndefined();
      expect(r.data!.caseReports.length).toBeGreaterThan(0);
      for (const c of r.data!.caseReports) {
        const root = await rootEntry(c.entryIndex, token);
        expect(root, `${who} entry ${c.entryIndex}`).toBe(c.entry ? "ok" : "FORBIDDEN");
        if (!c.entry) hidden++;
      }
    }
    // The provincial CDC lists every district's reports, filed by the hospitals: it may not open their entries.
    expect(hidden).toBeGreaterThan(0);
    const d = await run.gql<{ caseReports: { entry: Entry }[] }>(`{ caseReports(limit: 40) { entry { index } } }`, {}, decision);
    expect(d.data!.caseReports.every((c) => c.entry !== null)).toBe(true);
  });

  it("alerts { entry } and policies { entry } follow the same rule for an officer", async () => {
    // Alerts of the officer's region open; policies (another department's entries) are listed but their entries stay closed.
    const r = await run.gql<{ alerts: { entryIndex: number; entry: Entry }[]; policies: { entryIndex: number; entry: Entry }[] }>(
      `{ alerts(limit: 20) { entryIndex entry { index } } policies { entryIndex entry { index } } }`,
      {},
      officer,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.alerts.length).toBeGreaterThan(0);
    for (const row of r.data!.alerts) {
      expect(row.entry?.index).toBe(row.entryIndex);
      expect(await rootEntry(row.entryIndex, officer)).toBe("ok");
    }
    expect(r.data!.policies.length).toBeGreaterThan(0);
    for (const row of r.data!.policies) {
      expect(row.entry).toBeNull();
      expect(await rootEntry(row.entryIndex, officer)).toBe("FORBIDDEN");
    }
  });
});
