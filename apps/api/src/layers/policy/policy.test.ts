import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, today } from "@vigil/calendar";
import { openDatabase, type Database, type Policy } from "@vigil/db";
import { snapshot, startVigil, type Running } from "../../../test/harness.ts";
import type { RegionDirectory } from "../../regions.ts";
import type { LogStore } from "../../log/store.ts";
import { DEFAULT_RULE, PolicyService } from "./service.ts";
import type { PolicyWithEntry } from "./rule-rows.ts";

const PUBLISH = `mutation($i: PublishPolicyInput!) { publishPolicy(input: $i) { id version regionCode effectiveFrom rule { threshold } } }`;
const input = (title: string, effectiveFrom: string, threshold = 1000) => ({
  title,
  phase: "EMERGENCY",
  method: "THRESHOLD",
  threshold,
  regionCode: "RL-01-02",
  effectiveFrom,
});

describe("policies cannot be back-dated; ties in one scope are deterministic", () => {
  let run: Running;
  let policy: string;
  beforeAll(async () => {
    run = await startVigil("pglite");
    policy = await run.login("policy@vigil.example");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("refuses effectiveFrom before the day of publication (UTC) with BAD_USER_INPUT, changing nothing", async () => {
    const before = await snapshot(run.vigil);
    for (const day of ["2000-01-01", addDays(today(), -1)]) {
      const r = await run.gql(PUBLISH, { i: input("Back-dated rule", day) }, policy);
      expect(r.errors?.[0]?.extensions?.code, day).toBe("BAD_USER_INPUT");
      expect(r.errors?.[0]?.extensions?.field).toBe("effectiveFrom");
      expect(r.errors?.[0]?.message).toMatch(/back-dated/);
    }
    expect(await snapshot(run.vigil)).toEqual(before);
    // The seeded history (written straight to the log at seeding) is untouched and still in force in the past.
    expect((await run.vigil.db.prisma.policy.findMany()).length).toBe(before.policies);
    const seeded = await run.vigil.services.policies.ruleFor("RL-01-02", addDays(today(), -30));
    expect(seeded.policy).not.toBeNull();
    // Today and later are fine.
    const ok = await run.gql(PUBLISH, { i: input("Rule from today", today()) }, policy);
    expect(ok.errors).toBeUndefined();
    const later = await run.gql(PUBLISH, { i: input("Rule from next month", addDays(today(), 30)) }, policy);
    expect(later.errors).toBeUndefined();
  });

  it("resolves two policies in force for the same scope: highest version, then the later publication", async () => {
    const day = addDays(today(), 60);
    const a = await run.gql<{ publishPolicy: { id: number } }>(PUBLISH, { i: input("Tie A", day, 111) }, policy);
    const b = await run.gql<{ publishPolicy: { id: number } }>(PUBLISH, { i: input("Tie B", day, 222) }, policy);
    expect(a.errors ?? b.errors).toBeUndefined();
    // Both v1, same scope, same day: the later publication wins.
    expect((await run.vigil.services.policies.ruleFor("RL-01-02", day)).policyId).toBe(b.data!.publishPolicy.id);
    // A second version of A outranks B's first.
    const a2 = await run.gql<{ publishPolicy: { id: number; version: number } }>(PUBLISH, { i: input("Tie A", day, 333) }, policy);
    expect(a2.data!.publishPolicy.version).toBe(2);
    const inForce = await run.vigil.services.policies.ruleFor("RL-01-02", day);
    expect(inForce).toMatchObject({ policyId: a2.data!.publishPolicy.id, rule: { threshold: 333 } });
  });
});

describe("PolicyService.rulesOn", () => {
  const row = (id: number, key: string, version: number, effectiveFrom: string, regionCode: string | null): Policy =>
    ({
      id,
      key,
      version,
      regionCode,
      effectiveFrom: new Date(`${effectiveFrom}T00:00:00Z`),
      rule: JSON.stringify({ ...DEFAULT_RULE, threshold: id }),
    }) as Policy;
  const regions = {
    get: (code: string) => ({ code, parentCode: code.includes("-") ? code.slice(0, code.lastIndexOf("-")) : null }),
    contains: (root: string, code: string) => code === root || code.startsWith(`${root}-`),
  } as unknown as RegionDirectory;
  const serviceOver = (rows: Policy[]) =>
    new PolicyService({} as Database, regions, {} as LogStore, () => "2026-01-01", undefined, {
      current: async () => ({ policies: rows as PolicyWithEntry[], ruleSets: [] }),
    });

  it("gives the same answer whatever order the database returns the rows in", async () => {
    const rows = [
      row(1, "a@RL-01", 1, "2026-01-01", "RL-01"),
      row(2, "b@RL-01", 3, "2026-01-01", "RL-01"),
      row(3, "c@RL-01", 3, "2026-01-02", "RL-01"),
      row(4, "c@RL-01", 2, "2026-01-03", "RL-01"),
      row(5, "d@*", 9, "2026-01-01", null),
    ];
    const answers = new Set<number | null>();
    for (let k = 0; k < 20; k++) {
      const shuffled = [...rows].sort(() => Math.random() - 0.5);
      answers.add((await serviceOver(shuffled).ruleFor("RL-01-02", "2026-01-05")).policyId);
    }
    // Region scope beats global; within it, version 3 of c (later effectiveFrom than b's v3) wins.
    expect([...answers]).toEqual([3]);
  });
});

describe("the rules kept by another process follow what is published (PostgreSQL)", () => {
  let run: Running;
  let other: Database;
  beforeAll(async () => {
    run = await startVigil("postgres");
    // A second process's view of the same database: its own connections, its own kept copy of the rules.
    other = await openDatabase({ url: run.databaseUrl!, migrate: false });
  });
  afterAll(async () => {
    await other?.close();
    await run?.stop();
  });

  it("a policy published through one instance is in force for the other's next decision, without a restart", async () => {
    const elsewhere = new PolicyService(other, run.vigil.services.regions, {} as LogStore, today);
    const day = addDays(today(), 90);
    const before = await elsewhere.ruleFor("RL-01-02", day);
    // Asked again with nothing published: the same rows (kept, not read again).
    expect(await elsewhere.ruleFor("RL-01-02", day)).toEqual(before);
    const policy = await run.login("policy@vigil.example");
    const published = await run.gql<{ publishPolicy: { id: number } }>(PUBLISH, { i: input("Published elsewhere", day, 4242) }, policy);
    expect(published.errors).toBeUndefined();
    const after = await elsewhere.ruleFor("RL-01-02", day);
    expect(after).toMatchObject({ policyId: published.data!.publishPolicy.id, rule: { threshold: 4242 } });
    expect(after.policyId).not.toBe(before.policyId);
  });
});
