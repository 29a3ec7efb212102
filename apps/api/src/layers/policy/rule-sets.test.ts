import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, formatDay, today } from "@vigil/calendar";
import { ruleSetHash } from "@vigil/rules";
import { BACKENDS, snapshot, startVigil, type GqlResult, type Running } from "../../../test/harness.ts";
import { hashPassword } from "../../access/password.ts";
import { auditLog } from "../../log/audit.ts";

/**
 * Issue 12, acceptance 2 and 3 through GraphQL: the four-eyes lifecycle (an officer cannot activate their own
 * draft, no back-dated activation, a superseded version stops applying on the next one's effective date) and a
 * contract published through it deciding `submitRecord` at once, with `recheckDecision` confirming a logged
 * decision and refuting it once the logged payload is altered in the database.
 */
const RULE_SET = `key version state hash effectiveFrom author approver entryIndex approvedEntryIndex status`;
const DRAFT = `mutation($r: JSON!) { draftRuleSet(ruleSet: $r) { ${RULE_SET} } }`;
const APPROVE = `mutation($k: String!, $v: String!) { approveRuleSet(key: $k, version: $v) { ${RULE_SET} } }`;
const REVOKE = `mutation($k: String!, $v: String!, $why: String!) { revokeRuleSet(key: $k, version: $v, reason: $why) { ${RULE_SET} revokedOn } }`;
const IN_FORCE = `query($at: LocalDate) { ruleSets(kind: CONTRACT, at: $at) { key version } }`;
const ONE = `query($k: String!, $v: String!, $at: LocalDate, $against: String!) { ruleSet(key: $k, version: $v) { version status(at: $at) diff(against: $against) { path kind after } } }`;
const SUBMIT = `mutation($k: String!, $p: JSON!) { submitRecord(contractKey: $k, payload: $p) { entryIndex contractKey version hash decision { accepted results { rule passed message } routes } } }`;
const RECHECK = `query($i: Int!) { recheckDecision(entryIndex: $i) { entryIndex contractKey version hash confirmed problems recomputed { accepted } } }`;

const KEY = "fever-clinic-visits";
/** A contract a department files daily: visits to a district's fever clinic and how many were referred on. */
const contract = (version: string, from: string, extra: { name: string; expression: string; message: string }[] = []) => ({
  key: KEY,
  version,
  kind: "contract",
  title: "Fever clinic visits",
  effective: { from, until: null },
  jurisdiction: "RL",
  body: {
    input: {
      type: "object",
      properties: {
        regionCode: { type: "string", minLength: 1, maxLength: 32 },
        visits: { type: "integer", minimum: 0, maximum: 1000000 },
        referred: { type: "integer", minimum: 0, maximum: 1000000 },
      },
      required: ["regionCode", "visits", "referred"],
      additionalProperties: false,
    },
    validations: [
      { name: "referred-within-visits", expression: "input.referred <= input.visits", message: "referrals cannot exceed the clinic's visits" },
      ...extra,
    ],
    routing: [{ name: "many-referrals", when: "input.referred > 10", route: "city-cdc", message: "many referrals go to the city CDC" }],
    fieldClasses: { regionCode: "public", visits: "aggregate", referred: "aggregate" },
    triggers: [],
  },
});
const CAP = { name: "visits-plausible", expression: "input.visits <= 5000", message: "a fever clinic sees at most 5,000 visits a day" };

describe.each(BACKENDS)("rule sets through GraphQL on %s", (backend) => {
  let run: Running;
  let author: string, reviewer: string, hospital: string, auditor: string, otherHospital: string;
  const day = today();

  /** A refused request: the code, and the log and every table (rule sets whole) unchanged. */
  const refused = async (request: () => Promise<GqlResult>, code: string) => {
    const before = await snapshot(run.vigil);
    const r = await request();
    expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe(code);
    expect(await snapshot(run.vigil)).toEqual(before);
    return r.errors![0]!;
  };

  beforeAll(async () => {
    run = await startVigil(backend);
    // The second policy officer the four-eyes rule needs, in the commission like the seeded one.
    const first = await run.vigil.db.prisma.user.findUniqueOrThrow({ where: { email: "policy@vigil.example" } });
    await run.vigil.db.prisma.user.create({
      data: {
        email: "policy.review@vigil.example",
        name: "Second Officer",
        role: "POLICY_OFFICER",
        passwordHash: await hashPassword(run.password),
        departmentId: first.departmentId,
      },
    });
    [author, reviewer, hospital, auditor, otherHospital] = await Promise.all(
      ["policy@vigil.example", "policy.review@vigil.example", "officer@vigil.example", "auditor@vigil.example", "cdc.highfold@vigil.example"].map((e) =>
        run.login(e),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    run.vigil.services.ruleSets.clock = today;
    await run?.stop();
  });

  it("refuses unsupported CEL and back-dated drafts at draft time, naming the problem, changing nothing", async () => {
    const bad = contract("0.9.0", day, [{ name: "timed", expression: "timestamp('2026-01-01T00:00:00Z') < timestamp('2027-01-01T00:00:00Z')", message: "x" }]);
    const e = await refused(() => run.gql(DRAFT, { r: bad }, author), "BAD_USER_INPUT");
    expect(e.extensions?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ construct: "function timestamp" })]));
    expect(e.message).toMatch(/outside Vigil's CEL subset/);
    const past = await refused(() => run.gql(DRAFT, { r: contract("0.9.0", addDays(day, -1)) }, author), "BAD_USER_INPUT");
    expect(past.message).toMatch(/back-dated/);
    // Only policy officers draft.
    await refused(() => run.gql(DRAFT, { r: contract("0.9.0", day) }, hospital), "FORBIDDEN");
  });

  it("lets a second officer, not the author, activate a draft — never back-dated", async () => {
    const d = await run.gql<{ draftRuleSet: { hash: string; state: string; status: string; entryIndex: number } }>(
      DRAFT,
      { r: contract("1.0.0", day) },
      author,
    );
    expect(d.errors).toBeUndefined();
    expect(d.data!.draftRuleSet).toMatchObject({ state: "DRAFT", status: "DRAFT", hash: ruleSetHash(contract("1.0.0", day) as never) });
    // A draft decides nothing.
    await refused(() => run.gql(SUBMIT, { k: KEY, p: { regionCode: "RL-01-02", visits: 10, referred: 1 } }, hospital), "NOT_FOUND");
    const own = await refused(() => run.gql(APPROVE, { k: KEY, v: "1.0.0" }, author), "FORBIDDEN");
    expect(own.message).toMatch(/second policy officer/);
    // The next day the effective date has passed: approving now would back-date the activation.
    run.vigil.services.ruleSets.clock = () => addDays(day, 1);
    const late = await refused(() => run.gql(APPROVE, { k: KEY, v: "1.0.0" }, reviewer), "BAD_USER_INPUT");
    expect(late.message).toMatch(/back-dated activation is refused/);
    run.vigil.services.ruleSets.clock = today;
    const ok = await run.gql<{ approveRuleSet: { state: string; status: string; approver: string; approvedEntryIndex: number } }>(
      APPROVE,
      { k: KEY, v: "1.0.0" },
      reviewer,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.approveRuleSet).toMatchObject({ state: "APPROVED", status: "IN_FORCE", approver: "policy.review@vigil.example" });
    // The approval is its own entry naming key, version and hash.
    const entry = await run.vigil.services.log.entry(ok.data!.approveRuleSet.approvedEntryIndex);
    expect(JSON.parse(new TextDecoder().decode(entry!.payload)).body).toMatchObject({
      action: "approve",
      key: KEY,
      version: "1.0.0",
      hash: d.data!.draftRuleSet.hash,
    });
    await refused(() => run.gql(APPROVE, { k: KEY, v: "1.0.0" }, reviewer), "CONFLICT");
  });

  let accepted: { entryIndex: number; hash: string };
  it("decides submitRecord with the published contract: a violation is refused with the rule's message, a valid payload is logged with the hash", async () => {
    const refusedRule = await refused(() => run.gql(SUBMIT, { k: KEY, p: { regionCode: "RL-01-02", visits: 10, referred: 12 } }, hospital), "BAD_USER_INPUT");
    expect(refusedRule.message).toContain("referrals cannot exceed the clinic's visits");
    expect(refusedRule.extensions?.failed).toEqual([{ rule: "referred-within-visits", message: "referrals cannot exceed the clinic's visits", error: null }]);
    // Schema violations, the scope rule and the contract's submitters: refused before anything is written.
    await refused(() => run.gql(SUBMIT, { k: KEY, p: { regionCode: "RL-01-02", visits: "ten", referred: 1 } }, hospital), "BAD_USER_INPUT");
    await refused(() => run.gql(SUBMIT, { k: KEY, p: { regionCode: "RL-01-02", visits: 10, referred: 1 } }, otherHospital), "FORBIDDEN");
    await refused(() => run.gql(SUBMIT, { k: KEY, p: { regionCode: "RL-01-02", visits: 10, referred: 1 } }, auditor), "FORBIDDEN");
    await refused(() => run.gql(SUBMIT, { k: "no-such-contract", p: {} }, hospital), "NOT_FOUND");

    const before = await snapshot(run.vigil);
    const ok = await run.gql<{
      submitRecord: { entryIndex: number; hash: string; version: string; decision: { accepted: boolean; results: unknown[]; routes: string[] } };
    }>(SUBMIT, { k: KEY, p: { regionCode: "RL-01-02", visits: 40, referred: 12 } }, hospital);
    expect(ok.errors).toBeUndefined();
    const rec = ok.data!.submitRecord;
    expect(rec).toMatchObject({ version: "1.0.0", hash: ruleSetHash(contract("1.0.0", day) as never) });
    expect(rec.decision).toEqual({
      accepted: true,
      results: [{ rule: "referred-within-visits", passed: true, message: "referrals cannot exceed the clinic's visits" }],
      routes: ["city-cdc"],
    });
    const after = await snapshot(run.vigil);
    expect(after.size).toBe(before.size + 1);
    expect(after.records).toBe(before.records + 1);
    const body = JSON.parse(new TextDecoder().decode((await run.vigil.services.log.entry(rec.entryIndex))!.payload)).body;
    expect(body).toMatchObject({
      contract: { key: KEY, version: "1.0.0", hash: rec.hash },
      payload: { visits: 40, referred: 12 },
      decision: { accepted: true },
    });
    accepted = { entryIndex: rec.entryIndex, hash: rec.hash };
  });

  it("files case reports through the case-report contract in force, as submitCaseReport does, and rechecks them", async () => {
    const p = run.vigil.db.prisma;
    const first = formatDay((await p.caseReport.findFirstOrThrow({ orderBy: { date: "asc" } })).date);
    const date = addDays(first, -20); // before the seeded history: no value for that day yet
    const seeded = (await run.vigil.services.ruleSets.inForceOn(day, "CONTRACT")).find((r) => r.key === "case-report")!;
    const implausible = await refused(
      () => run.gql(SUBMIT, { k: "case-report", p: { regionCode: "RL-01-02", date, newConfirmed: 50, suspected: 0, deaths: 0, tests: 10 } }, hospital),
      "BAD_USER_INPUT",
    );
    expect(implausible.extensions).toMatchObject({ rule: "confirmed-within-tests", contract: { key: "case-report", hash: seeded.hash } });
    expect(implausible.message).toBe(
      "Implausible report (rule confirmed-within-tests: newConfirmed ≤ tests, when tests are reported (tests > 0)): 50 confirmed cases from 10 tests.",
    );
    await refused(() => run.gql(SUBMIT, { k: "case-report", p: { regionCode: "RL-01-02", date, newConfirmed: "many" } }, hospital), "BAD_USER_INPUT");
    const before = await snapshot(run.vigil);
    const ok = await run.gql<{ submitRecord: { entryIndex: number; hash: string; version: string; decision: { accepted: boolean } } }>(
      SUBMIT,
      { k: "case-report", p: { regionCode: "RL-01-02", date, newConfirmed: 5, suspected: 1, deaths: 0, tests: 40 } },
      hospital,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.submitRecord).toMatchObject({ version: seeded.version, hash: seeded.hash, decision: { accepted: true } });
    expect((await snapshot(run.vigil)).reports).toBe(before.reports + 1);
    const row = await p.caseReport.findUniqueOrThrow({ where: { entryIndex: BigInt(ok.data!.submitRecord.entryIndex) } });
    expect(row).toMatchObject({ regionCode: "RL-01-02", newConfirmed: 5, current: true });
    // A second value for the same district and day is a CONFLICT, as through submitCaseReport.
    await refused(
      () => run.gql(SUBMIT, { k: "case-report", p: { regionCode: "RL-01-02", date, newConfirmed: 6, suspected: 1, deaths: 0, tests: 40 } }, hospital),
      "CONFLICT",
    );
    await run.vigil.services.log.publishCheckpoint();
    const r = await run.gql<{ recheckDecision: { confirmed: boolean; problems: string[]; hash: string } }>(
      RECHECK,
      { i: ok.data!.submitRecord.entryIndex },
      hospital,
    );
    expect(r.data!.recheckDecision).toMatchObject({ confirmed: true, problems: [], hash: seeded.hash });
  });

  it("supersedes a version on the next version's effective date, and not a day earlier", async () => {
    const from = addDays(day, 10);
    const d = await run.gql(DRAFT, { r: contract("1.1.0", from, [CAP]) }, author);
    expect(d.errors).toBeUndefined();
    expect((await run.gql(APPROVE, { k: KEY, v: "1.1.0" }, reviewer)).errors).toBeUndefined();
    const inForce = async (at: string) =>
      (await run.gql<{ ruleSets: { key: string; version: string }[] }>(IN_FORCE, { at }, hospital)).data!.ruleSets.filter((r) => r.key === KEY);
    expect(await inForce(addDays(from, -1))).toEqual([{ key: KEY, version: "1.0.0" }]);
    expect(await inForce(from)).toEqual([{ key: KEY, version: "1.1.0" }]);
    const old = await run.gql<{ ruleSet: { status: string; diff: { path: string; kind: string }[] } }>(
      ONE,
      { k: KEY, v: "1.0.0", at: from, against: "1.1.0" },
      hospital,
    );
    expect(old.data!.ruleSet.status).toBe("SUPERSEDED");
    const diff = await run.gql<{ ruleSet: { status: string; diff: { path: string; kind: string }[] } }>(
      ONE,
      { k: KEY, v: "1.1.0", at: from, against: "1.0.0" },
      hospital,
    );
    expect(diff.data!.ruleSet.diff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "$.body.validations[visits-plausible]", kind: "added" }),
        expect.objectContaining({ path: "$.version", kind: "changed" }),
      ]),
    );
    // Today 1.0.0 decides (6,000 visits pass); on 1.1.0's first day the new rule refuses them.
    const big = { regionCode: "RL-01-02", visits: 6000, referred: 1 };
    const today1 = await run.gql<{ submitRecord: { version: string } }>(SUBMIT, { k: KEY, p: big }, hospital);
    expect(today1.data?.submitRecord.version).toBe("1.0.0");
    run.vigil.services.ruleSets.clock = () => from;
    try {
      const e = await refused(() => run.gql(SUBMIT, { k: KEY, p: big }, hospital), "BAD_USER_INPUT");
      expect(e.message).toContain("a fever clinic sees at most 5,000 visits a day");
    } finally {
      run.vigil.services.ruleSets.clock = today;
    }
  });

  it("revokes a scheduled version: it never applies, and the version before stays in force", async () => {
    const r = await run.gql<{ revokeRuleSet: { state: string; revokedOn: string } }>(REVOKE, { k: KEY, v: "1.1.0", why: "the cap needs review" }, reviewer);
    expect(r.errors).toBeUndefined();
    expect(r.data!.revokeRuleSet).toMatchObject({ state: "REVOKED", revokedOn: day });
    const at = addDays(day, 20);
    expect((await run.gql<{ ruleSets: { key: string; version: string }[] }>(IN_FORCE, { at }, hospital)).data!.ruleSets.filter((x) => x.key === KEY)).toEqual([
      { key: KEY, version: "1.0.0" },
    ]);
  });

  it("rechecks a logged decision from the log, and refutes it once the logged payload is altered in the database", async () => {
    const recheck = () =>
      run.gql<{ recheckDecision: { confirmed: boolean; problems: string[]; hash: string; recomputed: { accepted: boolean } | null } }>(
        RECHECK,
        { i: accepted.entryIndex },
        hospital,
      );
    // Checkpoints follow writes within a second.
    let r = await recheck();
    for (let i = 0; i < 40 && !r.data?.recheckDecision.confirmed; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      r = await recheck();
    }
    expect(r.data!.recheckDecision).toMatchObject({ confirmed: true, problems: [], hash: accepted.hash, recomputed: { accepted: true } });
    await refused(() => run.gql(RECHECK, { i: 0 }, hospital), "NOT_FOUND");
    await refused(() => run.gql(RECHECK, { i: accepted.entryIndex }, otherHospital), "FORBIDDEN");

    // Tamper: 12 referrals become 41, which the contract would have refused (41 > 40 visits).
    const entry = (await run.vigil.services.log.entry(accepted.entryIndex))!;
    const text = new TextDecoder().decode(entry.payload);
    expect(text).toContain('"referred":12');
    await run.vigil.db.prisma.logEntry.update({
      where: { index: entry.index },
      data: { payload: new TextEncoder().encode(text.replace('"referred":12', '"referred":41')) },
    });
    const tampered = (await recheck()).data!.recheckDecision;
    expect(tampered.confirmed).toBe(false);
    expect(tampered.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/no longer matches its leaf hash/), expect.stringMatching(/gives another decision/)]),
    );
    expect(tampered.recomputed).toEqual({ accepted: false });
    // Put it back: the log is whole again for the audit below.
    await run.vigil.db.prisma.logEntry.update({ where: { index: entry.index }, data: { payload: new Uint8Array(entry.payload) } });
    expect((await recheck()).data!.recheckDecision.confirmed).toBe(true);
  });

  it("lets `ledger verify` catch a rule set edited in its table (the in-force rule reads it) or a state the log does not say", async () => {
    const audit = async () => {
      await run.vigil.services.log.publishCheckpoint();
      return (await auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic })).problem;
    };
    expect(await audit()).toBeNull();
    const p = run.vigil.db.prisma;
    const row = await p.ruleSet.findUniqueOrThrow({ where: { key_version: { key: KEY, version: "1.0.0" } } });
    const laxer = row.document.replace("input.referred <= input.visits", "true");
    await p.ruleSet.update({ where: { id: row.id }, data: { document: laxer } });
    expect(await audit()).toMatchObject({ kind: "domain-mismatch", table: "RuleSet", index: Number(row.entryIndex) });
    await p.ruleSet.update({ where: { id: row.id }, data: { document: row.document, state: "REVOKED" } });
    expect(await audit()).toMatchObject({ kind: "domain-mismatch", table: "RuleSet", message: expect.stringContaining("state") });
    await p.ruleSet.update({ where: { id: row.id }, data: { state: row.state } });
    expect(await audit()).toBeNull();
  });
});
