import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY, ruleSetHash } from "@vigil/rules";
import { formatDay, today } from "@vigil/calendar";
import { BACKENDS, startVigil, type Running } from "../../../test/harness.ts";
import { hashPassword } from "../../access/password.ts";
import { auditLog } from "../../log/audit.ts";

/**
 * Issue 12, acceptance 4: every alert (and the response level it carries) names the policy in force — key,
 * version and content hash — on its entry and its row, and a policy approved through the lifecycle takes over
 * the alerts of its jurisdiction from its effective date.
 */
const ALERTS = `{ alerts(limit: 100) { entryIndex level region { code } policy { key version hash } } }`;
const RISK_MAP = `{ riskMap { region { code } policy { key version hash } } }`;

describe.each(BACKENDS)("enforcement records on %s", (backend) => {
  let run: Running;
  let decision: string;
  beforeAll(async () => {
    run = await startVigil(backend);
    decision = await run.login("decision@vigil.example");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("has every seeded alert name the default response policy approved at seeding, on its row and its entry", async () => {
    const seeded = await run.gql<{ ruleSets: { key: string; version: string; hash: string; approver: string }[] }>(
      `{ ruleSets(kind: POLICY) { key version hash approver } }`,
      {},
      decision,
    );
    const policy = seeded.data!.ruleSets.find((r) => r.key === DEFAULT_POLICY.key)!;
    expect(policy.approver).toBe("policy.approver@vigil.example");
    const r = await run.gql<{ alerts: { entryIndex: number; policy: { key: string; version: string; hash: string } | null }[] }>(ALERTS, {}, decision);
    expect(r.errors).toBeUndefined();
    expect(r.data!.alerts.length).toBeGreaterThan(0);
    const ref = { key: policy.key, version: policy.version, hash: policy.hash };
    // Every row (the API pages at 100), then every listed alert's entry too.
    const rows = await run.vigil.db.prisma.alert.findMany({ select: { policyKey: true, policyVersion: true, policyHash: true } });
    expect(new Set(rows.map((a) => `${a.policyKey} ${a.policyVersion} ${a.policyHash}`))).toEqual(new Set([`${ref.key} ${ref.version} ${ref.hash}`]));
    for (const a of r.data!.alerts) {
      expect(a.policy).toEqual(ref);
      const body = JSON.parse(new TextDecoder().decode((await run.vigil.services.log.entry(a.entryIndex))!.payload)).body;
      expect(body.policy).toEqual(ref);
    }
    // The hash is the rule set's own: recomputable from the document on its draft entry.
    const doc = await run.gql<{ ruleSet: { document: unknown; entry: { payload: string } } }>(
      `query($k: String!, $v: String!) { ruleSet(key: $k, version: $v) { document entry { payload } } }`,
      { k: policy.key, v: policy.version },
      decision,
    );
    expect(ruleSetHash(doc.data!.ruleSet.document as never)).toBe(policy.hash);
    expect(JSON.parse(doc.data!.ruleSet.entry.payload).body.hash).toBe(policy.hash);
  });

  it("raises a district's next alerts under a city policy approved through the lifecycle, and names it", async () => {
    const p = run.vigil.db.prisma;
    // The district with the most cases on the latest reported day: a THRESHOLD 0 policy alarms there.
    const latest = (await p.caseReport.findFirstOrThrow({ where: { current: true }, orderBy: { date: "desc" } })).date;
    const busiest = await p.caseReport.findFirstOrThrow({ where: { current: true, date: latest, newConfirmed: { gt: 0 } }, orderBy: { newConfirmed: "desc" } });
    const city = busiest.regionCode.slice(0, busiest.regionCode.lastIndexOf("-"));
    const day = formatDay(latest);
    expect(day <= today()).toBe(true);
    const first = await p.user.findUniqueOrThrow({ where: { email: "policy@vigil.example" } });
    await p.user.create({
      data: {
        email: "policy.review@vigil.example",
        name: "Second Officer",
        role: "POLICY_OFFICER",
        passwordHash: await hashPassword(run.password),
        departmentId: first.departmentId,
      },
    });
    const [author, reviewer] = await Promise.all([run.login("policy@vigil.example"), run.login("policy.review@vigil.example")]);
    // Effective on the latest reported day (the scenario ends today), so not back-dated.
    run.vigil.services.ruleSets.clock = () => day;
    try {
      const doc = {
        ...DEFAULT_POLICY,
        key: "city-surge",
        title: "City surge response",
        jurisdiction: city,
        effective: { from: day, until: null },
        body: { ...DEFAULT_POLICY.body, phase: "EMERGENCY", alert: { method: "THRESHOLD", alpha: 0.001, threshold: 0 } },
      };
      const d = await run.gql<{ draftRuleSet: { hash: string } }>(`mutation($r: JSON!) { draftRuleSet(ruleSet: $r) { hash } }`, { r: doc }, author);
      expect(d.errors).toBeUndefined();
      const a = await run.gql(`mutation { approveRuleSet(key: "city-surge", version: "1.0.0") { state } }`, {}, reviewer);
      expect(a.errors).toBeUndefined();
      const raised = await run.vigil.services.analysis.evaluate(busiest.regionCode, day, day);
      expect(raised.length).toBe(1);
      const ref = { key: "city-surge", version: "1.0.0", hash: d.data!.draftRuleSet.hash };
      expect(raised[0]).toMatchObject({ method: "THRESHOLD", policyKey: ref.key, policyVersion: ref.version, policyHash: ref.hash });
      const body = JSON.parse(new TextDecoder().decode((await run.vigil.services.log.entry(Number(raised[0]!.entryIndex)))!.payload)).body;
      expect(body).toMatchObject({ method: "THRESHOLD", policy: ref });
      // Levels follow the same rule: the city's regions under the new policy, the rest under the default.
      const map = await run.gql<{ riskMap: { region: { code: string }; policy: { key: string } | null }[] }>(RISK_MAP, {}, decision);
      for (const r of map.data!.riskMap) expect(r.policy?.key, r.region.code).toBe(r.region.code.startsWith(city) ? "city-surge" : DEFAULT_POLICY.key);
    } finally {
      run.vigil.services.ruleSets.clock = today;
    }
    // The audit re-derives the alert row, policy included, from its entry.
    await run.vigil.services.log.publishCheckpoint();
    const audit = await auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic });
    expect(audit.problem ?? null).toBeNull();
  });
});
