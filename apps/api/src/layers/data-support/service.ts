import type { Database, Prisma } from "@vigil/db";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { canReadRegion, readableRegion } from "../../access/scope.ts";
import { parseDay, formatDay } from "@vigil/calendar";
import { checkReportDate } from "../../graphql/dates.ts";
import type { Page } from "../../graphql/pagination.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";
import { CASE_REPORT_CONTRACT, compileRuleSet, type CompiledContract, type Decision, type RuleSetRef } from "@vigil/rules";
import type { RuleSetService } from "../policy/rule-sets.ts";

/** What a case-report entry records of the contract that decided it: anyone can replay the decision (recheckDecision). */
export interface ContractDecision {
  contract: RuleSetRef;
  context: { regionName: string; population: number; cumulativeConfirmedBefore: number };
  decision: Pick<Decision, "accepted" | "results" | "routes" | "triggers">;
}

/** The field a plausibility rule is about, for `extensions.field`. */
const RULE_FIELD: Record<string, string> = {
  "confirmed-within-population": "newConfirmed",
  "confirmed-within-tests": "newConfirmed",
  "deaths-within-cumulative-confirmed": "deaths",
};

export interface CaseReportFields {
  regionCode: string;
  date: string;
  newConfirmed: number;
  suspected: number;
  deaths: number;
  tests: number;
}

/** The figures an amendment corrects; the district and day are those of the report it amends. */
export type CaseReportCounts = Pick<CaseReportFields, "newConfirmed" | "suspected" | "deaths" | "tests">;

/** Plausibility rules every report and amendment must pass; a refusal names the rule in `extensions.rule`. */
export const PLAUSIBILITY_RULES = {
  "confirmed-within-population": "newConfirmed ≤ the district's population",
  "confirmed-within-tests": "newConfirmed ≤ tests, when tests are reported (tests > 0)",
  "deaths-within-cumulative-confirmed": "deaths ≤ the district's cumulative confirmed cases up to and including this report's day (current values)",
} as const;
export type PlausibilityRule = keyof typeof PLAUSIBILITY_RULES;

/**
 * Who may correct a district's current value when another department filed it, until published rules name
 * reporters (the rules issue): the district's designated reporters — a HOSPITAL located in the district, and
 * the CDC of the district's city (its parent region). This is the demo scenario's assignment too
 * (`reportingDepartmentFor`): a sentinel hospital files, its city CDC supervises.
 */
export const DESIGNATED_REPORTER_RULE = "a HOSPITAL in the district, or the CDC of the district's city";

const REASON_MAX = 500;

const includeRefs = {
  department: true,
  region: true,
  amendedBy: { select: { id: true } },
} as const satisfies Prisma.CaseReportInclude;

/** The unique index on (regionCode, date, current) refused a second current value: another request won. */
const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

/**
 * Data-support layer: daily case reports, keyed as DHIS2 keys data values: one current value per district
 * and day. The first accepted report creates it; a correction is an amendment (its own log entry naming the
 * entry it corrects, with a reason), filed by the department that reported the value or by a designated
 * reporter of the district — anyone else gets CONFLICT. Every series sums current values only. A report is
 * accepted only if it is plausible and within the submitting department's region; the row and its log
 * entry commit together or not at all.
 */
export type AcceptedListener = (report: { regionCode: string; date: string }) => Promise<unknown>;

export class ReportService {
  private listeners: AcceptedListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly regions: RegionDirectory,
    private readonly log: LogStore,
    /** The case-report contract in force comes from here; without it (or before one is approved), @vigil/rules' CASE_REPORT_CONTRACT decides. */
    private readonly ruleSets?: RuleSetService,
  ) {}

  /** The case-report contract in force today (compiled and cached by hash). */
  async contract(): Promise<CompiledContract> {
    if (this.ruleSets) {
      const inForce = (await this.ruleSets.inForceOn(this.ruleSets.clock(), "CONTRACT")).find((r) => r.key === CASE_REPORT_CONTRACT.key);
      if (inForce) return this.ruleSets.compile(JSON.parse(inForce.document)) as CompiledContract;
    }
    return compileRuleSet(CASE_REPORT_CONTRACT) as CompiledContract;
  }

  /**
   * The plausibility rules, as the case-report contract in force states them in CEL, with the facts they need
   * from the database as the contract's context (read inside the write, so they are those the entry commits
   * with). A refusal is BAD_USER_INPUT naming the first failed rule; an acceptance is recorded on the entry.
   */
  private async decide(tx: Prisma.TransactionClient, contract: CompiledContract, input: CaseReportFields): Promise<ContractDecision> {
    const region = this.regions.get(input.regionCode)!;
    const sum = await tx.caseReport.aggregate({
      where: { regionCode: input.regionCode, date: { lte: parseDay(input.date) }, current: true, NOT: { date: parseDay(input.date) } },
      _sum: { newConfirmed: true },
    });
    const context = { regionName: region.name, population: region.population, cumulativeConfirmedBefore: sum._sum.newConfirmed ?? 0 };
    const fields = {
      regionCode: input.regionCode,
      date: input.date,
      newConfirmed: input.newConfirmed,
      suspected: input.suspected,
      deaths: input.deaths,
      tests: input.tests,
    };
    const d = contract.decide(fields, context);
    const failed = d.results.find((r) => !r.passed);
    if (failed) throw fail("BAD_USER_INPUT", failed.message, { field: RULE_FIELD[failed.rule] ?? failed.rule, rule: failed.rule, contract: contract.ref });
    return { contract: contract.ref, context, decision: { accepted: d.accepted, results: d.results, routes: d.routes, triggers: d.triggers } };
  }

  /** Run after every accepted report or amendment (the analysis layer re-runs detection); a failing listener never fails the report. */
  onAccepted(listener: AcceptedListener): void {
    this.listeners.push(listener);
  }

  /** Semantic checks the input types cannot express. Throws BAD_USER_INPUT / FORBIDDEN before any write. */
  check(viewer: Viewer, input: CaseReportFields): void {
    const region = this.regions.get(input.regionCode);
    if (!region) throw fail("BAD_USER_INPUT", `Unknown region ${input.regionCode}.`, { field: "regionCode" });
    if (region.level !== "DISTRICT")
      throw fail("BAD_USER_INPUT", `Reports are filed per district; ${region.code} is a ${region.level.toLowerCase()}.`, { field: "regionCode" });
    if (!viewer.departmentCode || !viewer.regionCode || !this.regions.contains(viewer.regionCode, region.code)) {
      throw fail("FORBIDDEN", `Your department may report only for regions under ${viewer.regionCode ?? "its own region"}; ${region.code} is outside.`);
    }
    try {
      parseDay(input.date);
    } catch (e) {
      throw fail("BAD_USER_INPUT", (e as Error).message, { field: "date" });
    }
    // HISTORY_START (1900-01-01 or VIGIL_HISTORY_START) .. today (UTC): 0001-01-01 or next week is never stored.
    checkReportDate(input.date);
  }

  /** A district's designated reporters (see DESIGNATED_REPORTER_RULE): may correct a value another department filed. */
  private async isDesignatedReporter(tx: Prisma.TransactionClient, departmentId: number, districtCode: string): Promise<boolean> {
    const district = this.regions.get(districtCode);
    const d = await tx.department.findUnique({ where: { id: departmentId }, select: { kind: true, regionCode: true } });
    if (!d || !district) return false;
    return (
      (d.kind === "HOSPITAL" && d.regionCode === district.code) || (d.kind === "CDC" && district.parentCode != null && d.regionCode === district.parentCode)
    );
  }

  /** The first value of a district and day. A second one is refused with CONFLICT (correct it with `amend`). */
  async submit(viewer: Viewer, input: CaseReportFields) {
    this.check(viewer, input);
    // Read before the write: PGlite has one connection, which the transaction holds.
    const contract = await this.contract();
    const report = await this.log.write(async ({ tx, append }) => {
      const existing = await tx.caseReport.findUnique({
        where: { regionCode_date_current: { regionCode: input.regionCode, date: parseDay(input.date), current: true } },
        select: { id: true, department: { select: { code: true } } },
      });
      // Plausibility first (as before the contract, an implausible duplicate is refused as implausible).
      const decided = await this.decide(tx, contract, input);
      if (existing) throw this.alreadyReported(input, existing);
      const [entry] = await append([
        { kind: "case-report", departmentCode: viewer.departmentCode!, departmentId: viewer.departmentId!, body: { ...input, ...decided } },
      ]);
      try {
        return await tx.caseReport.create({
          data: { ...input, date: parseDay(input.date), departmentId: viewer.departmentId!, entryIndex: entry!.index, current: true },
          include: includeRefs,
        });
      } catch (e) {
        // Two processes raced past the check above: the unique index keeps one current value.
        if (isUniqueViolation(e)) throw fail("CONFLICT", `${input.regionCode} for ${input.date} was reported by another request a moment ago.`);
        throw e;
      }
    });
    await this.accepted(input);
    return report;
  }

  private alreadyReported(input: CaseReportFields, existing: { id: number; department: { code: string } }) {
    return fail(
      "CONFLICT",
      `${input.regionCode} already has a value for ${input.date} (report ${existing.id}, by ${existing.department.code}). ` +
        "One value per district and day: to correct it, file an amendment (amendCaseReport) with a reason.",
      { currentReportId: existing.id },
    );
  }

  /**
   * Correct the current value `amends` with new figures and a reason: a new entry naming the corrected one,
   * a new row that becomes the current value; the old row stays, no longer counted. Only the department that
   * filed the value, or a designated reporter of the district, may amend it (CONFLICT otherwise).
   */
  async amend(viewer: Viewer, amends: number, counts: CaseReportCounts, reasonInput: string) {
    const reason = reasonInput.normalize("NFC").trim();
    if (reason.length < 3 || reason.length > REASON_MAX || /\p{Cc}/u.test(reason))
      throw fail("BAD_USER_INPUT", `Give the reason for the correction: 3 to ${REASON_MAX} characters, no control characters.`, { field: "reason" });
    const target = Number.isSafeInteger(amends) && amends > 0 ? await this.db.prisma.caseReport.findUnique({ where: { id: amends } }) : null;
    if (!target || !canReadRegion(viewer, this.regions, target.regionCode)) throw fail("NOT_FOUND", `No case report ${amends}.`, { field: "amends" });
    const input: CaseReportFields = { regionCode: target.regionCode, date: formatDay(target.date), ...counts };
    this.check(viewer, input);
    if (
      target.newConfirmed === counts.newConfirmed &&
      target.suspected === counts.suspected &&
      target.deaths === counts.deaths &&
      target.tests === counts.tests
    )
      throw fail("BAD_USER_INPUT", `The amendment repeats report ${target.id}'s figures: nothing to correct.`);
    const contract = await this.contract();
    const report = await this.log.write(async ({ tx, append }) => {
      const current = await tx.caseReport.findUnique({
        where: { id: target.id },
        select: { current: true, departmentId: true, entryIndex: true, amendedBy: { select: { id: true } } },
      });
      if (!current?.current)
        throw fail(
          "CONFLICT",
          `Report ${target.id} was corrected already${current?.amendedBy ? ` by report ${current.amendedBy.id}` : ""}: amend the current value.`,
          {
            currentReportId: current?.amendedBy?.id ?? null,
          },
        );
      if (current.departmentId !== viewer.departmentId && !(await this.isDesignatedReporter(tx, viewer.departmentId!, target.regionCode)))
        throw fail(
          "CONFLICT",
          `${target.regionCode} for ${input.date} was reported by another department, and yours is not a designated reporter of the district (${DESIGNATED_REPORTER_RULE}).`,
        );
      // Take the value: a concurrent amendment of the same report (any process) now finds it no longer current.
      const taken = await tx.caseReport.updateMany({ where: { id: target.id, current: true }, data: { current: null } });
      if (taken.count !== 1) throw fail("CONFLICT", `Report ${target.id} was corrected by another request a moment ago: amend the current value.`);
      const decided = await this.decide(tx, contract, input);
      const [entry] = await append([
        {
          kind: "case-report",
          departmentCode: viewer.departmentCode!,
          departmentId: viewer.departmentId!,
          body: { ...input, amends: Number(current.entryIndex), reason, ...decided },
        },
      ]);
      try {
        return await tx.caseReport.create({
          data: {
            ...input,
            date: parseDay(input.date),
            departmentId: viewer.departmentId!,
            entryIndex: entry!.index,
            amendsId: target.id,
            reason,
            current: true,
          },
          include: includeRefs,
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw fail("CONFLICT", `Report ${target.id} was corrected by another request a moment ago: amend the current value.`);
        throw e;
      }
    });
    await this.accepted(input);
    return report;
  }

  /** The report is durable on the log already: what runs after it must not make it fail. */
  private async accepted(input: CaseReportFields): Promise<void> {
    for (const l of this.listeners) await l({ regionCode: input.regionCode, date: input.date }).catch((e) => console.error("after-report step failed", e));
  }

  /** One report (current or not) if the viewer may read its region; null otherwise. */
  async get(viewer: Viewer, id: number) {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const r = await this.db.prisma.caseReport.findUnique({ where: { id }, include: includeRefs });
    return r && canReadRegion(viewer, this.regions, r.regionCode) ? r : null;
  }

  /** Current values by default; `history` adds the values amended since (each shows what corrected it). */
  async list(viewer: Viewer, filter: { regionCode?: string; from?: string; to?: string; history?: boolean } & Page) {
    const where: Prisma.CaseReportWhereInput = filter.history ? {} : { current: true };
    const region = readableRegion(viewer, this.regions, filter.regionCode);
    if (region) where.regionCode = { in: this.regions.subtree(region) };
    if (filter.from || filter.to) where.date = { ...(filter.from && { gte: parseDay(filter.from) }), ...(filter.to && { lte: parseDay(filter.to) }) };
    return this.db.prisma.caseReport.findMany({
      where,
      orderBy: [{ date: "desc" }, { regionCode: "asc" }, { entryIndex: "desc" }],
      take: filter.limit,
      skip: filter.offset,
      include: includeRefs,
    });
  }

  /** The latest day any case report is for: the natural "today" of the dashboards. */
  async latestDay(): Promise<string | null> {
    const r = await this.db.prisma.caseReport.findFirst({ where: { current: true }, orderBy: { date: "desc" }, select: { date: true } });
    return r ? formatDay(r.date) : null;
  }

  /** Current values per day over the whole jurisdiction (or one subtree), for the data-support chart; `amended` counts corrected ones. */
  async perDay(viewer: Viewer, from: string, to: string, requested?: string) {
    const regionCode = readableRegion(viewer, this.regions, requested);
    const codes = regionCode ? this.regions.districtsUnder(regionCode) : undefined;
    const where: Prisma.CaseReportWhereInput = { date: { gte: parseDay(from), lte: parseDay(to) }, current: true, ...(codes && { regionCode: { in: codes } }) };
    const [rows, amended] = await Promise.all([
      this.db.prisma.caseReport.groupBy({
        by: ["date"],
        where,
        _sum: { newConfirmed: true, suspected: true, tests: true },
        _count: { _all: true },
        orderBy: { date: "asc" },
      }),
      this.db.prisma.caseReport.groupBy({ by: ["date"], where: { ...where, amendsId: { not: null } }, _count: { _all: true } }),
    ]);
    const amendedOn = new Map(amended.map((r) => [formatDay(r.date), r._count._all]));
    return rows.map((r) => ({
      date: formatDay(r.date),
      reports: r._count._all,
      amended: amendedOn.get(formatDay(r.date)) ?? 0,
      confirmed: r._sum.newConfirmed ?? 0,
      suspected: r._sum.suspected ?? 0,
      tests: r._sum.tests ?? 0,
    }));
  }
}
