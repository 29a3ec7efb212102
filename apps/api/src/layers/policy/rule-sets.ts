import type { Database, Prisma, RuleSet as RuleSetRow, RuleSetKind } from "@vigil/db";
import { formatDay, parseDay, today as utcToday } from "@vigil/calendar";
import {
  compareVersions,
  compileRuleSet,
  type CompiledContract,
  type CompiledPolicy,
  diffRuleSets,
  inForce,
  type RuleSet,
  RuleSetError,
  type RuleSetRef,
} from "@vigil/rules";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";
import { RuleRows, type RuleSetWithPeople } from "./rule-rows.ts";

export type { RuleSetWithPeople };

/** What a rule set is on a day, from its stored state and the effective windows of its approved siblings. */
export const RULE_SET_STATUSES = ["DRAFT", "SCHEDULED", "IN_FORCE", "SUPERSEDED", "EXPIRED", "REVOKED"] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

const people = { author: true, approver: true, revoker: true } as const satisfies Prisma.RuleSetInclude;
const KIND = { contract: "CONTRACT", policy: "POLICY" } as const satisfies Record<RuleSet["kind"], RuleSetKind>;
const REASON_MAX = 500;

/** A stored version as @vigil/rules' in-force rule sees it: a revocation ends its window on the day it took effect. */
interface Eligible {
  key: string;
  version: string;
  kind: RuleSet["kind"];
  effective: { from: string; until: string | null };
  row: RuleSetWithPeople;
}

const minDay = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

function eligible(row: RuleSetWithPeople): Eligible | null {
  if (row.approvedEntry === null) return null;
  const until = minDay(row.effectiveUntil ? formatDay(row.effectiveUntil) : null, row.revokedOn ? formatDay(row.revokedOn) : null);
  const from = formatDay(row.effectiveFrom);
  if (until !== null && until <= from) return null; // revoked before it took effect: never applied
  return { key: row.key, version: row.version, kind: row.kind === "CONTRACT" ? "contract" : "policy", effective: { from, until }, row };
}

/**
 * The lifecycle of contracts and policies (issue 12), every step an entry of kind `rule-set` naming key, version
 * and hash: a policy officer drafts (the whole document goes on the log, checked and compiled by @vigil/rules so
 * an unsupported CEL construct is refused now, not at the first submission); a *second* policy officer approves
 * it, which activates it from its effective date — never back-dated; the next approved version supersedes it on
 * its own effective date; a revocation ends it (a draft never applies, an approved version stops on the day of
 * the revocation). What was in force on a day follows from the approved windows alone (@vigil/rules' inForce).
 */
export class RuleSetService {
  constructor(
    private readonly db: Database,
    private readonly regions: RegionDirectory,
    private readonly log: LogStore,
    /** The current day (UTC); tests move it to check activation and supersession. */
    public clock: () => string = utcToday,
    /** The stored rule sets, kept while no rule-set entry is appended (shared with the policy service). */
    private readonly rules: RuleRows = new RuleRows(db),
  ) {}

  /** Check and compile a rule-set document: BAD_USER_INPUT listing every problem @vigil/rules found. */
  compile(document: unknown) {
    try {
      return compileRuleSet(document);
    } catch (e) {
      if (e instanceof RuleSetError)
        throw fail("BAD_USER_INPUT", e.message, { problems: e.problems.map((p) => ({ path: p.path, message: p.message, construct: p.construct ?? null })) });
      throw e;
    }
  }

  /** `on`: the day of drafting; only the seed sets it (it publishes the demo's rules as of the day its history begins). */
  async draft(viewer: Viewer, document: unknown, opts: { on?: string } = {}): Promise<RuleSetWithPeople> {
    const compiled = this.compile(document);
    const rs = compiled.ruleSet;
    const on = opts.on ?? this.clock();
    if (!this.regions.get(rs.jurisdiction))
      throw fail("BAD_USER_INPUT", `Unknown jurisdiction ${rs.jurisdiction}: name a region code of this deployment.`, { field: "jurisdiction" });
    if (rs.effective.from < on)
      throw fail("BAD_USER_INPUT", `effective.from ${rs.effective.from} is before today (${on}, UTC): a rule set cannot be back-dated.`, {
        field: "effective.from",
      });
    if (rs.kind === "contract") {
      const personal = Object.entries(rs.body.fieldClasses).filter(([, c]) => c === "personal");
      // Payloads go on the log, which never holds personal data: such a contract needs commitments the log does not keep yet.
      if (personal.length)
        throw fail(
          "BAD_USER_INPUT",
          `Field ${personal.map(([f]) => f).join(", ")} is classed personal: personal data never goes on the log, so such contracts are not accepted yet.`,
          { field: "body.fieldClasses" },
        );
    }
    const phase = rs.kind === "policy" ? rs.body.phase : null;
    return this.log.write(async ({ tx, append }) => {
      const siblings = await tx.ruleSet.findMany({ where: { key: rs.key }, select: { version: true, kind: true } });
      const other = siblings.find((s) => s.kind !== KIND[rs.kind]);
      if (other) throw fail("CONFLICT", `${rs.key} is a ${other.kind.toLowerCase()}; a new version must be one too.`, { field: "kind" });
      const highest = siblings
        .map((s) => s.version)
        .sort(compareVersions)
        .at(-1);
      if (highest && compareVersions(rs.version, highest) <= 0)
        throw fail("CONFLICT", `${rs.key} has version ${highest} already: a new draft needs a higher version than ${highest}.`, { field: "version" });
      const [entry] = await append([
        {
          kind: "rule-set",
          departmentCode: viewer.departmentCode,
          departmentId: viewer.departmentId,
          body: { action: "draft", key: rs.key, version: rs.version, hash: compiled.ref.hash, ruleSet: rs, by: viewer.email },
        },
      ]);
      return tx.ruleSet.create({
        data: {
          key: rs.key,
          kind: KIND[rs.kind],
          phase,
          version: rs.version,
          title: rs.title,
          jurisdiction: rs.jurisdiction,
          document: JSON.stringify(rs),
          hash: compiled.ref.hash,
          state: "DRAFT",
          effectiveFrom: parseDay(rs.effective.from),
          effectiveUntil: rs.effective.until ? parseDay(rs.effective.until) : null,
          authorId: viewer.id,
          entryIndex: entry!.index,
        },
        include: people,
      });
    });
  }

  private async find(tx: Prisma.TransactionClient, key: string, version: string) {
    const row = await tx.ruleSet.findUnique({ where: { key_version: { key, version } }, include: people });
    if (!row) throw fail("NOT_FOUND", `No rule set ${key} version ${version}.`);
    return row;
  }

  /** A second policy officer activates a draft from its effective date, which must not have passed. */
  async approve(viewer: Viewer, key: string, version: string, opts: { on?: string } = {}): Promise<RuleSetWithPeople> {
    const on = opts.on ?? this.clock();
    return this.log.write(async ({ tx, append }) => {
      const row = await this.find(tx, key, version);
      if (row.authorId === viewer.id)
        throw fail("FORBIDDEN", `You drafted ${key} ${version}: a second policy officer must approve it (four-eyes rule).`, { rule: "second-officer" });
      if (row.state !== "DRAFT") throw fail("CONFLICT", `${key} ${version} is ${row.state.toLowerCase()}, not a draft: only a draft can be approved.`);
      const from = formatDay(row.effectiveFrom);
      if (from < on)
        throw fail(
          "BAD_USER_INPUT",
          `${key} ${version} takes effect on ${from}, before today (${on}, UTC): a back-dated activation is refused; draft a new version with a later effective date.`,
          { field: "effective.from", rule: "no-back-dating" },
        );
      const [entry] = await append([
        {
          kind: "rule-set",
          departmentCode: viewer.departmentCode,
          departmentId: viewer.departmentId,
          body: { action: "approve", key, version, hash: row.hash, by: viewer.email },
        },
      ]);
      return tx.ruleSet.update({ where: { id: row.id }, data: { state: "APPROVED", approverId: viewer.id, approvedEntry: entry!.index }, include: people });
    });
  }

  /** Withdraw a draft, or end an approved version from today (the days it applied stay on record). */
  async revoke(viewer: Viewer, key: string, version: string, reasonInput: string): Promise<RuleSetWithPeople> {
    const reason = reasonInput.trim();
    if (reason.length < 3 || reason.length > REASON_MAX) throw fail("BAD_USER_INPUT", `Give the reason: 3 to ${REASON_MAX} characters.`, { field: "reason" });
    const on = this.clock();
    return this.log.write(async ({ tx, append }) => {
      const row = await this.find(tx, key, version);
      if (row.state === "REVOKED") throw fail("CONFLICT", `${key} ${version} is revoked already.`);
      const [entry] = await append([
        {
          kind: "rule-set",
          departmentCode: viewer.departmentCode,
          departmentId: viewer.departmentId,
          body: { action: "revoke", key, version, hash: row.hash, from: on, reason, by: viewer.email },
        },
      ]);
      return tx.ruleSet.update({
        where: { id: row.id },
        data: { state: "REVOKED", revokerId: viewer.id, revokedOn: parseDay(on), revokedEntry: entry!.index },
        include: people,
      });
    });
  }

  /** Every version, newest key first then newest version (the portal's list). */
  async all(kind?: RuleSetKind | null): Promise<RuleSetWithPeople[]> {
    const rows = await this.db.prisma.ruleSet.findMany({ where: kind ? { kind } : {}, include: people, orderBy: [{ key: "asc" }, { id: "desc" }] });
    return rows;
  }

  async get(key: string, version: string): Promise<RuleSetWithPeople | null> {
    return this.db.prisma.ruleSet.findUnique({ where: { key_version: { key, version } }, include: people });
  }

  /** What was in force on `day`: per key, the approved version whose window holds the day and took effect last. */
  async inForceOn(day: string, kind?: RuleSetKind | null): Promise<RuleSetWithPeople[]> {
    const until = parseDay(day).getTime();
    const rows = (await this.rules.current()).ruleSets.filter(
      (r) => r.approvedEntry !== null && r.effectiveFrom.getTime() <= until && (!kind || r.kind === kind),
    );
    return inForce(rows.map(eligible).filter((e): e is Eligible => e !== null) as unknown as RuleSet[], day).map((e) => (e as unknown as Eligible).row);
  }

  /** Where a version stands on `day` (default today). */
  async statusOf(row: RuleSetRow, day = this.clock()): Promise<RuleSetStatus> {
    if (row.state === "DRAFT") return "DRAFT";
    const e = eligible(row as RuleSetWithPeople);
    if (row.state === "REVOKED" && (!e || (e.effective.until !== null && e.effective.until <= day))) return "REVOKED";
    if (!e) return "REVOKED";
    if (day < e.effective.from) return "SCHEDULED";
    if (e.effective.until !== null && day >= e.effective.until) return "EXPIRED";
    const current = (await this.inForceOn(day, row.kind)).find((r) => r.key === row.key);
    return current?.id === row.id ? "IN_FORCE" : "SUPERSEDED";
  }

  /** The changes from version `against` of the same key to this one (@vigil/rules' structural diff). */
  async diff(row: RuleSetRow, against: string) {
    const other = await this.get(row.key, against);
    if (!other) throw fail("NOT_FOUND", `No rule set ${row.key} version ${against}.`);
    return diffRuleSets(JSON.parse(other.document), JSON.parse(row.document));
  }

  /** The contract `key` in force on `day`, compiled (cached by hash), or NOT_FOUND. */
  async contractInForce(key: string, day = this.clock()): Promise<{ row: RuleSetWithPeople; compiled: CompiledContract }> {
    const row = (await this.inForceOn(day, "CONTRACT")).find((r) => r.key === key);
    if (!row) throw fail("NOT_FOUND", `No contract ${key} is in force on ${day}.`, { field: "contractKey" });
    return { row, compiled: this.compile(JSON.parse(row.document)) as CompiledContract };
  }

  /**
   * The response policy for `regionCode` on `day`: of the policies in force whose jurisdiction holds the region,
   * the one with the narrowest jurisdiction (ties: the later effective date, then the key), or null.
   */
  async policyFor(regionCode: string, day: string): Promise<{ row: RuleSetWithPeople; compiled: CompiledPolicy; ref: RuleSetRef } | null> {
    return (await this.policiesOn(day))(regionCode);
  }

  /** The same for many regions on one day (the risk map): one read, then per-region lookups. */
  async policiesOn(day: string): Promise<(regionCode: string) => { row: RuleSetWithPeople; compiled: CompiledPolicy; ref: RuleSetRef } | null> {
    const rows = await this.inForceOn(day, "POLICY");
    const depth = (code: string) => {
      let d = 0;
      for (let r = this.regions.get(code); r?.parentCode; r = this.regions.get(r.parentCode)) d++;
      return d;
    };
    const ranked = rows
      .map((row) => ({ row, depth: depth(row.jurisdiction) }))
      .sort((a, b) => b.depth - a.depth || b.row.effectiveFrom.getTime() - a.row.effectiveFrom.getTime() || (a.row.key < b.row.key ? -1 : 1));
    return (regionCode) => {
      const hit = ranked.find((r) => this.regions.contains(r.row.jurisdiction, regionCode));
      if (!hit) return null;
      const compiled = this.compile(JSON.parse(hit.row.document)) as CompiledPolicy;
      return { row: hit.row, compiled, ref: compiled.ref };
    };
  }
}
