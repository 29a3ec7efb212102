import type { Database, Prisma } from "@vigil/db";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { canReadRegion, readableRegion } from "../../access/scope.ts";
import { parseDay, formatDay } from "@vigil/calendar";
import { checkReportDate } from "../../graphql/dates.ts";
import type { Page } from "../../graphql/pagination.ts";
import type { AppendItem, LogStore, PreparedAppend, RawStatement, SequencedWrite } from "../../log/store.ts";
import { GroupCommit, type GroupCommitStats, type Outcome, type Turn } from "../../log/group-commit.ts";
import type { RegionDirectory } from "../../regions.ts";
import { CASE_REPORT_CONTRACT, DEFAULT_DISEASE, DISEASE_CODES, compileRuleSet, type CompiledContract, type Decision, type RuleSetRef } from "@vigil/rules";
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
  "imported-within-confirmed": "imported",
};

export interface CaseReportFields {
  regionCode: string;
  date: string;
  newConfirmed: number;
  suspected: number;
  deaths: number;
  tests: number;
  /** Of newConfirmed, cases acquired elsewhere; 0 when omitted (at most newConfirmed: rule imported-within-confirmed). */
  imported?: number;
  /** A code of the published disease list (@vigil/rules DISEASES); COVID-19 when omitted. */
  disease?: string;
}

/** A report with its defaults filled in: what is checked, logged and stored. */
export type FullCaseReport = Required<CaseReportFields>;

/** Fill the optional fields' defaults (imported 0, disease COVID-19) so reports filed without them keep their meaning. */
export const withDefaults = (input: CaseReportFields): FullCaseReport => ({
  regionCode: input.regionCode,
  date: input.date,
  newConfirmed: input.newConfirmed,
  suspected: input.suspected,
  deaths: input.deaths,
  tests: input.tests,
  imported: input.imported ?? 0,
  disease: input.disease ?? DEFAULT_DISEASE,
});

/** Largest count a report may carry per field (the GraphQL inputs and the CSV import share them). */
export const COUNT_MAX = { newConfirmed: 1_000_000, suspected: 1_000_000, deaths: 100_000, tests: 10_000_000, imported: 1_000_000 } as const;

/** The figures an amendment corrects; the district and day are those of the report it amends. */
export type CaseReportCounts = Pick<CaseReportFields, "newConfirmed" | "suspected" | "deaths" | "tests" | "imported">;

/** Plausibility rules every report and amendment must pass; a refusal names the rule in `extensions.rule`. */
export const PLAUSIBILITY_RULES = {
  "confirmed-within-population": "newConfirmed ≤ the district's population",
  "confirmed-within-tests": "newConfirmed ≤ tests, when tests are reported (tests > 0)",
  "deaths-within-cumulative-confirmed": "deaths ≤ the district's cumulative confirmed cases up to and including this report's day (current values)",
  "imported-within-confirmed": "imported ≤ newConfirmed: imported cases are the part of the confirmed cases acquired elsewhere",
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
export type AcceptedListener = (changes: ReportChange[]) => Promise<unknown>;

/** A district whose values changed from `date` to `to` (default: that day alone), for these diseases (default: any). */
export interface ReportChange {
  regionCode: string;
  date: string;
  to?: string;
  diseases?: string[];
}

/** Most rows one bulk submission may carry (GraphQL, CSV upload); the import CLI splits larger files. */
export const BULK_MAX_ROWS = 10_000;
/**
 * Rows per statement of a bulk submission. Small enough that a 10,000-row submission is a pipeline of four (the
 * next chunk prepared while one is stored); large enough that a statement's fixed cost is spread thin.
 */
const IMPORT_CHUNK_ROWS = 2_500;

/** Why one row of a bulk submission was refused: its 0-based index in the submission, the field, the code. */
export interface RowProblem {
  row: number;
  field: string | null;
  code: string;
  rule: string | null;
  message: string;
}

export interface BulkResult {
  count: number;
  firstIndex: number | null;
  lastIndex: number | null;
}

/** Days (and diseases) of one district that a detection run must cover. */
interface DetectionSpan {
  from: string;
  to: string;
  diseases: Set<string>;
}

/** A single submission waiting for its batch: checked already (`check`), defaults filled. */
interface SubmitJob {
  viewer: Viewer;
  input: FullCaseReport;
}

type StoredReport = Prisma.CaseReportGetPayload<{ include: typeof includeRefs }>;

/**
 * A case report row as an insert returns it, in text where drivers differ (node-postgres reads a date at local
 * midnight and an int8 as a string; Prisma as UTC and a bigint): `reportRow` makes it Prisma's shape.
 */
const CASE_REPORT_RETURNING = `"id", "regionCode", to_char("date", 'YYYY-MM-DD') AS "date", "newConfirmed", "suspected", "deaths", "tests", "imported", "disease",
  "departmentId", to_char("receivedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "receivedAt", "entryIndex"::text AS "entryIndex", "amendsId", "reason", "current"`;
type ReturnedReport = Omit<Prisma.CaseReportGetPayload<object>, "date" | "receivedAt" | "entryIndex"> & {
  date: string;
  receivedAt: string;
  entryIndex: string;
};
const reportRow = (r: ReturnedReport): Prisma.CaseReportGetPayload<object> => ({
  ...r,
  date: parseDay(r.date),
  receivedAt: new Date(r.receivedAt),
  entryIndex: BigInt(r.entryIndex),
});

/** A committed report and its batch's detection run, which its caller waits for before answering. */
interface SubmitDone {
  report: StoredReport;
  detected: Promise<void>;
}

/** A district's confirmed cases of one disease on one day: what cumulative counts add up. */
type DayCount = Pick<FullCaseReport, "regionCode" | "disease" | "date" | "newConfirmed">;

/**
 * For a batch: the confirmed cases of the rows that count (`counted`) of the same district and disease on days
 * before a given report's day. Sorted once per district and disease, then a binary search per question: a batch
 * of n rows costs n log n, not n².
 */
function cumulativeBefore(inputs: DayCount[], counted: (i: number) => boolean): (input: Omit<DayCount, "newConfirmed">) => number {
  const byKey = new Map<string, { date: string; n: number }[]>();
  for (const [k, r] of inputs.entries()) {
    if (!counted(k)) continue;
    const key = `${r.regionCode} ${r.disease}`;
    const list = byKey.get(key);
    if (list) list.push({ date: r.date, n: r.newConfirmed });
    else byKey.set(key, [{ date: r.date, n: r.newConfirmed }]);
  }
  const prefix = new Map<string, { dates: string[]; sums: number[] }>();
  for (const [key, list] of byKey) {
    // ISO days sort as strings; sums[j] = the cases of the first j rows.
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const sums = [0];
    for (const x of list) sums.push(sums.at(-1)! + x.n);
    prefix.set(key, { dates: list.map((x) => x.date), sums });
  }
  return (input) => {
    const p = prefix.get(`${input.regionCode} ${input.disease}`);
    if (!p) return 0;
    // The number of rows on days strictly before input.date.
    let lo = 0;
    let hi = p.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p.dates[mid]! < input.date) lo = mid + 1;
      else hi = mid;
    }
    return p.sums[lo]!;
  };
}

export class ReportService {
  private listeners: AcceptedListener[] = [];
  /** Single submissions of this process, coalesced: one transaction (and one lock) per batch, not per report. */
  private readonly group = new GroupCommit<SubmitJob, SubmitDone>((jobs, turn) => this.commitReports(jobs, turn), {
    maxBatch: 1000,
    inFlight: 2,
  });
  /** Detection runs after those batches, coalesced the same way (see `detect`). */
  private readonly detection = new GroupCommit<Map<string, DetectionSpan>, undefined>((batches) => this.detect(batches), { maxBatch: 100_000 });

  constructor(
    private readonly db: Database,
    private readonly regions: RegionDirectory,
    private readonly log: LogStore,
    /** The case-report contract in force comes from here; without it (or before one is approved), @vigil/rules' CASE_REPORT_CONTRACT decides. */
    private readonly ruleSets?: RuleSetService,
  ) {}

  /** The case-report contract in force today, compiled once per document (every batch of reports asks). */
  async contract(): Promise<CompiledContract> {
    const inForce = this.ruleSets && (await this.ruleSets.inForceOn(this.ruleSets.clock(), "CONTRACT")).find((r) => r.key === CASE_REPORT_CONTRACT.key);
    const document = inForce ? inForce.document : null;
    if (this.compiled?.document !== document)
      this.compiled = {
        document,
        contract: (document === null ? compileRuleSet(CASE_REPORT_CONTRACT) : this.ruleSets!.compile(JSON.parse(document))) as CompiledContract,
      };
    return this.compiled.contract;
  }
  private compiled: { document: string | null; contract: CompiledContract } | undefined;

  /**
   * The plausibility rules, as the case-report contract in force states them in CEL, with the facts they need
   * from the database as the contract's context (read inside the write, so they are those the entry commits
   * with). A refusal is BAD_USER_INPUT naming the first failed rule; an acceptance is recorded on the entry.
   */
  private async decide(tx: Prisma.TransactionClient, contract: CompiledContract, input: FullCaseReport): Promise<ContractDecision> {
    // The cumulative count as every submission reads it (the current value of this day, being amended, is not in it).
    const read = storedFactsRead([input]);
    const { stored } = parseStoredFacts(await tx.$queryRawUnsafe<StoredFactRow[]>(read.sql, ...read.values));
    const d = this.decideWith(contract, input, stored.get(0) ?? 0);
    if ("refusal" in d) throw d.refusal;
    return d.decided;
  }

  /** The contract's decision on one report given its district's confirmed cases before its day (no I/O). */
  private decideWith(
    contract: CompiledContract,
    input: FullCaseReport,
    cumulativeConfirmedBefore: number,
  ): { decided: ContractDecision } | { refusal: ReturnType<typeof fail> } {
    const region = this.regions.get(input.regionCode)!;
    const context = { regionName: region.name, population: region.population, cumulativeConfirmedBefore };
    const fields = {
      regionCode: input.regionCode,
      date: input.date,
      newConfirmed: input.newConfirmed,
      suspected: input.suspected,
      deaths: input.deaths,
      tests: input.tests,
      imported: input.imported,
      disease: input.disease,
    };
    const d = contract.decide(fields, context);
    const failed = d.results.find((r) => !r.passed);
    if (failed)
      return { refusal: fail("BAD_USER_INPUT", failed.message, { field: RULE_FIELD[failed.rule] ?? failed.rule, rule: failed.rule, contract: contract.ref }) };
    return { decided: { contract: contract.ref, context, decision: { accepted: d.accepted, results: d.results, routes: d.routes, triggers: d.triggers } } };
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
    this.checkRanges(input);
    if (input.disease != null && !DISEASE_CODES.includes(input.disease))
      throw fail("BAD_USER_INPUT", `Unknown disease ${String(input.disease).slice(0, 40)}; the published code list has ${DISEASE_CODES.join(", ")}.`, {
        field: "disease",
      });
  }

  /** GraphQL's single-report inputs check these too; bulk rows (GraphQL or CSV) arrive here unchecked. */
  private checkRanges(input: CaseReportFields): void {
    for (const field of Object.keys(COUNT_MAX) as (keyof typeof COUNT_MAX)[]) {
      const v = input[field];
      if (v == null && field === "imported") continue;
      if (v == null) throw fail("BAD_USER_INPUT", `${field} is required.`, { field });
      if (!Number.isSafeInteger(v) || v < 0 || v > COUNT_MAX[field])
        throw fail("BAD_USER_INPUT", `${field} must be a whole number from 0 to ${COUNT_MAX[field].toLocaleString("en")}; got ${String(v)}.`, { field });
    }
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

  /**
   * The first value of a district and day. A second one is refused with CONFLICT (correct it with `amend`).
   * Concurrent submissions are group-committed (see `commitReports`): the answer comes once the report's batch
   * has committed and detection has run over its district.
   */
  async submit(viewer: Viewer, given: CaseReportFields) {
    // Every check that needs no database runs before joining a batch: a bad request never reaches one.
    this.check(viewer, given);
    const { report, detected } = await this.group.submit({ viewer, input: withDefaults(given) });
    await detected;
    return report;
  }

  /** Batches and requests through the group commit of `submit` so far (a test reads coalescing here). */
  groupCommitStats(): Readonly<GroupCommitStats> {
    return { ...this.group.stats };
  }

  /**
   * One batch of single submissions in one log transaction: the sequencer lock first (so the checks see every
   * other instance's commits), then per request the checks `submit` always made — the contract's plausibility
   * rules with the stored cumulative count plus the batch's own accepted earlier days, then one current value per
   * district and day (stored, or earlier in this batch). A refused request fails alone; the accepted ones are one
   * append in arrival order (so each submitter's order holds; one signature per run of one submitter) and one
   * multi-row insert. Detection then runs once per district over the batch's days.
   */
  private async commitReports(jobs: SubmitJob[], turn: Turn): Promise<Outcome<SubmitDone>[]> {
    // Once per batch. On PGlite before the write (its one connection is the transaction's once that begins); on
    // PostgreSQL while the transaction begins, from another connection of the pool.
    const reading = this.contract();
    if (this.db.backend === "pglite") await reading;
    else reading.catch(() => {});
    const outcomes: (Outcome<SubmitDone> | undefined)[] = jobs.map(() => undefined);
    const inputs = jobs.map((j) => j.input);
    const stored = await this.log.sequence(async ({ appendWith, lock }) => {
      const contract = await reading;
      // After the batch before this one holds the lock: so this one is sequenced after it (arrival order).
      await turn.previous;
      // The lock (then the next batch may ask for it), then the checks' facts in the round trip that reads the
      // log's size for the append.
      const facts = await storedFactsUnderLock(lock, inputs, turn.taken);
      const firstOf = new Map<string, number>();
      const duplicate = new Set<number>();
      for (const [i, input] of inputs.entries()) {
        const key = `${input.regionCode} ${input.date} ${input.disease}`;
        if (firstOf.has(key)) duplicate.add(i);
        else firstOf.set(key, i);
      }
      // Rows that will not be stored whatever the rules say do not count towards another row's cumulative.
      const counted = (i: number) => !duplicate.has(i) && !facts.conflict.has(i) && outcomes[i] === undefined;
      const decided: (ContractDecision | undefined)[] = [];
      // A refused row lowers the others' cumulative counts, which may refuse another: decide until nothing changes.
      for (let changed = true; changed; ) {
        changed = false;
        const earlier = cumulativeBefore(inputs, counted);
        for (const [i, input] of inputs.entries()) {
          if (outcomes[i]) continue;
          const d = this.decideWith(contract, input, (facts.stored.get(i) ?? 0) + earlier(input));
          if ("refusal" in d) {
            outcomes[i] = { ok: false, error: d.refusal };
            changed = true;
          } else decided[i] = d.decided;
        }
      }
      for (const [i, input] of inputs.entries()) {
        if (outcomes[i]) continue;
        const t = facts.conflict.get(i);
        if (t) outcomes[i] = { ok: false, error: this.alreadyReported(input, { id: t.id, department: { code: t.code } }) };
        else if (duplicate.has(i))
          outcomes[i] = { ok: false, error: fail("CONFLICT", `${input.regionCode} for ${input.date} was reported by another request a moment ago.`) };
      }
      const accepted = inputs.flatMap((_, i) => (outcomes[i] ? [] : [i]));
      if (!accepted.length) return [];
      const { stored, indices } = await this.storeRows(
        appendWith,
        accepted.map((i) => ({
          input: inputs[i]!,
          decided: decided[i]!,
          departmentCode: jobs[i]!.viewer.departmentCode!,
          departmentId: jobs[i]!.viewer.departmentId!,
        })),
        true,
      );
      const byEntry = new Map(stored.map((r) => [r.entryIndex, r]));
      return accepted.map((i, n) => ({ job: i, row: byEntry.get(indices[n]!)! }));
    });
    const detected = this.detectAfter(stored.map((s) => inputs[s.job]!));
    // Nobody waits on a rejection they never see: a batch's detection failure is logged by `detectAfter` already.
    detected.catch(() => {});
    // Viewers built without a sign-in (tests, the seed) carry no department profile: read those departments once.
    const unknown = [...new Set(stored.filter((s) => !jobs[s.job]!.viewer.profile?.department).map((s) => jobs[s.job]!.viewer.departmentId!))];
    const departments = new Map(unknown.length ? (await this.db.prisma.department.findMany({ where: { id: { in: unknown } } })).map((d) => [d.id, d]) : []);
    for (const s of stored) {
      const viewer = jobs[s.job]!.viewer;
      outcomes[s.job] = { ok: true, value: { report: this.withRefs(s.row, viewer, departments.get(viewer.departmentId!)), detected } };
    }
    return outcomes.map((o) => o ?? { ok: false, error: new Error("group commit: request left undecided") });
  }

  /**
   * A first report as the API answers it, from the row the insert returned: its district from the directory, its
   * department as the submitter's sign-in read it (the department cannot change within the request), and no
   * amendment yet (it was stored just now, under the lock).
   */
  private withRefs(row: Prisma.CaseReportGetPayload<object>, viewer: Viewer, read?: StoredReport["department"]): StoredReport {
    const d = viewer.profile?.department;
    const department = d
      ? { id: viewer.departmentId!, code: d.code, name: d.name, kind: d.kind, regionCode: d.regionCode, publicKeyJwk: d.publicKeyJwk }
      : read!;
    return { ...row, region: this.regions.get(row.regionCode)!, department, amendedBy: null };
  }

  /**
   * Detection once per district over the days of `inputs` (a batch or a bulk submission), not once per row.
   * Resolves once a run that started after these reports committed has covered them.
   */
  private async detectAfter(inputs: FullCaseReport[]): Promise<void> {
    const spans = new Map<string, DetectionSpan>();
    for (const i of inputs) {
      const s = spans.get(i.regionCode);
      if (!s) spans.set(i.regionCode, { from: i.date, to: i.date, diseases: new Set([i.disease]) });
      else {
        if (i.date < s.from) s.from = i.date;
        if (i.date > s.to) s.to = i.date;
        s.diseases.add(i.disease);
      }
    }
    await this.detection.submit(spans);
  }

  /**
   * Detection runs coalesce as commits do: the batches that commit while a run is going share the next run, over
   * the union of each district's days (detection re-reads the district's series, so one run over the union decides
   * what separate runs would), and the listeners see all its districts at once (one read of every series).
   */
  private async detect(batches: Map<string, DetectionSpan>[]): Promise<Outcome<undefined>[]> {
    const union = new Map<string, DetectionSpan>();
    for (const spans of batches)
      for (const [regionCode, s] of spans) {
        const u = union.get(regionCode);
        if (!u) union.set(regionCode, { from: s.from, to: s.to, diseases: new Set(s.diseases) });
        else {
          // ISO days sort as strings.
          if (s.from < u.from) u.from = s.from;
          if (s.to > u.to) u.to = s.to;
          for (const d of s.diseases) u.diseases.add(d);
        }
      }
    const changes = [...union].map(([regionCode, u]) => ({ regionCode, date: u.from, to: u.to, diseases: [...u.diseases] }));
    for (const l of this.listeners) await l(changes).catch((e) => console.error("after-report step failed", e));
    return batches.map(() => ({ ok: true as const, value: undefined }));
  }

  /**
   * Many first values at once, all or nothing: every row is checked as `submit` checks one (plausibility,
   * region, day, no current value yet, deaths within cumulative confirmed counting the batch's own earlier
   * days), and a single refused row refuses the batch, naming every refused row. Accepted rows are one
   * append (one signature run: one submitter) and one multi-row insert in one transaction.
   */
  async submitMany(viewer: Viewer, inputs: CaseReportFields[]): Promise<BulkResult> {
    if (inputs.length > BULK_MAX_ROWS)
      throw fail("BAD_USER_INPUT", `At most ${BULK_MAX_ROWS} reports per submission; this one has ${inputs.length}: split it.`, { field: "inputs" });
    return this.importMany(viewer, inputs);
  }

  /**
   * `submitMany` without the size cap, for the import CLI (a file of history): still one transaction, so a
   * file with one bad row stores nothing; stored in chunks, `onProgress` after each.
   */
  async importMany(viewer: Viewer, given: CaseReportFields[], onProgress?: (stored: number) => void): Promise<BulkResult> {
    this.checkRows(viewer, given);
    const inputs = given.map(withDefaults);
    if (!inputs.length) return { count: 0, firstIndex: null, lastIndex: null };
    // Read before the write: PGlite has one connection, which the transaction holds.
    const contract = await this.contract();
    const result = await this.log.sequence(
      async ({ lock, prepare, appendWith }) => {
        // Every row's stored facts in the round trip that takes the lock. Nothing of this import is stored yet, so its
        // own earlier days count through cumulativeInBatch over all its rows, in the file's order or not.
        const facts = await spanFactsUnderLock(lock, inputs);
        const inBatch = cumulativeInBatch(inputs);
        // A pipeline of two: chunk k + 1 is decided and its entries prepared (the contract, canonical JSON, hashes,
        // signatures: the API's CPU) while chunk k's statement runs (the database's), one statement at a time on
        // the transaction's session. A refused row stops it; the rest are decided too, to name every refused row.
        let first: number | null = null;
        let last: number | null = null;
        let storing: Promise<unknown> | undefined;
        // The transaction ends (rollback) only once no statement of it is running: one statement at a time.
        const settle = async (e: unknown): Promise<never> => {
          await storing?.catch(() => {});
          throw e;
        };
        for (let at = 0; at < inputs.length; at += IMPORT_CHUNK_ROWS) {
          const end = Math.min(at + IMPORT_CHUNK_ROWS, inputs.length);
          const { problems, decided } = this.decideRows(facts, contract, inputs, inBatch, at, end);
          if (problems.length) {
            const rest = end < inputs.length ? this.decideRows(facts, contract, inputs, inBatch, end, inputs.length).problems : [];
            await settle(refused([...problems, ...rest], inputs.length));
          }
          const chunk = inputs.slice(at, end).map((input, i) => ({
            input,
            decided: decided[i]!,
            departmentCode: viewer.departmentCode!,
            departmentId: viewer.departmentId!,
          }));
          let prepared: PreparedAppend;
          try {
            prepared = prepare(chunk.map(caseReportItem));
          } catch (e) {
            return settle(e);
          }
          await storing;
          storing = this.storeRows(appendWith, chunk, false, prepared).then((stored) => {
            first ??= stored.first;
            last = stored.last;
            onProgress?.(end);
          });
          // A failure while the next chunk is prepared is seen at the next await; unobserved meanwhile, it would be
          // reported as unhandled.
          storing.catch(() => {});
          // Let the append run up to its statement (its awaits before it are on settled promises, or a read) before
          // this loop's synchronous work on the next chunk: otherwise the statement would wait for that work.
          await new Promise((resolve) => setImmediate(resolve));
        }
        await storing;
        return { count: inputs.length, firstIndex: first, lastIndex: last };
      },
      { timeout: 600_000 },
    );
    await this.detectAfter(inputs);
    return result;
  }

  /** The checks that need no database, on every row, and no district-day twice; throws naming every refused row. */
  private checkRows(viewer: Viewer, inputs: CaseReportFields[]): void {
    const problems: RowProblem[] = [];
    const seen = new Map<string, number>();
    for (const [row, input] of inputs.entries()) {
      try {
        this.check(viewer, input);
      } catch (e) {
        problems.push(rowProblem(row, e));
        continue;
      }
      const key = `${input.regionCode} ${input.date} ${input.disease ?? DEFAULT_DISEASE}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, row);
      else
        problems.push({
          row,
          field: "date",
          code: "CONFLICT",
          rule: null,
          message: `${input.regionCode} for ${input.date} (${input.disease ?? DEFAULT_DISEASE}) appears twice (rows ${first} and ${row}).`,
        });
    }
    // FORBIDDEN on every row (the wrong department altogether) is answered as FORBIDDEN, not as bad input.
    if (problems.length && problems.length === inputs.length && problems.every((p) => p.code === "FORBIDDEN")) throw fail("FORBIDDEN", problems[0]!.message);
    if (problems.length) throw refused(problems, inputs.length);
  }

  /**
   * Inside the write: days that have a current value already (CONFLICT rows), and the case-report contract's
   * decision on rows [from, to), with the context `decide` gives a single report — cumulative confirmed before the
   * row's day counting stored values and the batch's own earlier days (`inBatch`, from cumulativeInBatch over the
   * whole batch). Row numbers are the batch's.
   */
  private decideRows(
    { conflict, stored }: ReturnType<typeof parseStoredFacts>,
    contract: CompiledContract,
    inputs: FullCaseReport[],
    inBatch: number[],
    from: number,
    to: number,
  ) {
    const problems: RowProblem[] = [];
    const decided: ContractDecision[] = [];
    for (let row = from; row < to; row++) {
      const input = inputs[row]!;
      const region = this.regions.get(input.regionCode)!;
      const context = {
        regionName: region.name,
        population: region.population,
        cumulativeConfirmedBefore: (stored.get(row) ?? 0) + inBatch[row]! - input.newConfirmed,
      };
      const d = contract.decide({ ...input }, context);
      const failed = d.results.find((r) => !r.passed);
      // As for one report: an implausible row is refused as implausible, before being a duplicate.
      if (failed) problems.push({ row, field: RULE_FIELD[failed.rule] ?? failed.rule, code: "BAD_USER_INPUT", rule: failed.rule, message: failed.message });
      else if (conflict.has(row)) {
        const t = conflict.get(row)!;
        const message = this.alreadyReported(input, { id: t.id, department: { code: t.code } }).message;
        problems.push({ row, field: "date", code: "CONFLICT", rule: null, message });
      }
      decided.push({ contract: contract.ref, context, decision: { accepted: d.accepted, results: d.results, routes: d.routes, triggers: d.triggers } });
    }
    return { problems, decided };
  }

  /** One append (in the given order) and one multi-row insert; each row's department signs and owns it. */
  private async storeRows(appendWith: SequencedWrite["appendWith"], rows: StoredRow[], returning = false, prepared: PreparedAppend | undefined = undefined) {
    const inputs = rows.map((r) => r.input);
    // One multi-row statement, folded into the append's: Prisma's createMany costs a round of parameter binding per
    // row. Single submissions take their rows back from it (RETURNING): reading them again would cost a round trip.
    const { entries, rows: returned } = await appendWith<ReturnedReport>(prepared ?? rows.map(caseReportItem), (indices) => ({
      sql: `INSERT INTO "CaseReport" ("regionCode", "date", "newConfirmed", "suspected", "deaths", "tests", "imported", "disease", "departmentId", "entryIndex", "current")
       SELECT r, d, n, s, x, t, i, k, p, e, TRUE
       FROM unnest($1::text[], $2::date[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::bigint[], $9::int[], $10::text[]) AS u(r, d, n, s, x, t, p, e, i, k)
       ${returning ? `RETURNING ${CASE_REPORT_RETURNING}` : ""}`,
      values: [
        inputs.map((i) => i.regionCode),
        inputs.map((i) => i.date),
        inputs.map((i) => i.newConfirmed),
        inputs.map((i) => i.suspected),
        inputs.map((i) => i.deaths),
        inputs.map((i) => i.tests),
        rows.map((r) => r.departmentId),
        indices.map((i) => i.toString()),
        inputs.map((i) => i.imported),
        inputs.map((i) => i.disease),
      ],
    }));
    const indices = entries.map((e) => e.index);
    const stored = returned.map(reportRow);
    return { first: Number(indices[0]!), last: Number(indices.at(-1)!), indices, stored };
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
    const given: CaseReportFields = { regionCode: target.regionCode, date: formatDay(target.date), disease: target.disease, ...counts };
    this.check(viewer, given);
    // An amendment that does not name `imported` keeps the corrected report's imported count.
    const input = withDefaults({ ...given, imported: counts.imported ?? target.imported });
    if (
      target.newConfirmed === counts.newConfirmed &&
      target.suspected === counts.suspected &&
      target.deaths === counts.deaths &&
      target.tests === counts.tests &&
      target.imported === input.imported
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
  private async accepted(input: FullCaseReport): Promise<void> {
    for (const l of this.listeners)
      await l([{ regionCode: input.regionCode, date: input.date, diseases: [input.disease] }]).catch((e) => console.error("after-report step failed", e));
  }

  /** One report (current or not) if the viewer may read its region; null otherwise. */
  async get(viewer: Viewer, id: number) {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const r = await this.db.prisma.caseReport.findUnique({ where: { id }, include: includeRefs });
    return r && canReadRegion(viewer, this.regions, r.regionCode) ? r : null;
  }

  /** Current values by default; `history` adds the values amended since (each shows what corrected it). */
  async list(viewer: Viewer, filter: { regionCode?: string; from?: string; to?: string; history?: boolean; disease?: string } & Page) {
    const where: Prisma.CaseReportWhereInput = filter.history ? {} : { current: true };
    if (filter.disease) where.disease = filter.disease;
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
  async latestDay(disease: string = DEFAULT_DISEASE): Promise<string | null> {
    const r = await this.db.prisma.caseReport.findFirst({ where: { current: true, disease }, orderBy: { date: "desc" }, select: { date: true } });
    return r ? formatDay(r.date) : null;
  }

  /** Current values per day over the whole jurisdiction (or one subtree), for the data-support chart; `amended` counts corrected ones. */
  async perDay(viewer: Viewer, from: string, to: string, requested?: string, disease: string = DEFAULT_DISEASE) {
    const regionCode = readableRegion(viewer, this.regions, requested);
    const codes = regionCode ? this.regions.districtsUnder(regionCode) : undefined;
    const where: Prisma.CaseReportWhereInput = {
      date: { gte: parseDay(from), lte: parseDay(to) },
      current: true,
      disease,
      ...(codes && { regionCode: { in: codes } }),
    };
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

/** A first report to store: its fields, the contract's decision on it, and the department that files it. */
interface StoredRow {
  input: FullCaseReport;
  decided: ContractDecision;
  departmentCode: string;
  departmentId: number;
}

/** Its log entry: the fields and the decision, signed by its department. */
const caseReportItem = (r: StoredRow): AppendItem => ({
  kind: "case-report",
  departmentCode: r.departmentCode,
  departmentId: r.departmentId,
  body: { ...r.input, ...r.decided },
});

/** Per row, the batch's confirmed cases of its district up to and including its day (one row per district-day). */
function cumulativeInBatch(inputs: FullCaseReport[]): number[] {
  const out = new Array<number>(inputs.length);
  const byRegion = new Map<string, number[]>();
  for (const [row, i] of inputs.entries()) {
    // Per district and disease: deaths of one disease are bounded by that disease's confirmed cases.
    const key = `${i.regionCode} ${i.disease}`;
    const rows = byRegion.get(key);
    if (rows) rows.push(row);
    else byRegion.set(key, [row]);
  }
  for (const rows of byRegion.values()) {
    let running = 0;
    for (const row of rows.sort((a, b) => (inputs[a]!.date < inputs[b]!.date ? -1 : 1))) out[row] = running += inputs[row]!.newConfirmed;
  }
  return out;
}

const rowProblem = (row: number, e: unknown): RowProblem => {
  const ext = ((e as { extensions?: Record<string, unknown> }).extensions ?? {}) as { code?: string; field?: string; rule?: string };
  return { row, field: ext.field ?? null, code: ext.code ?? "BAD_USER_INPUT", rule: ext.rule ?? null, message: (e as Error).message };
};

/** The whole batch is refused: every refused row (the first 100) in `extensions.rows`, the count in `refused`. */
const refused = (problems: RowProblem[], total: number) =>
  fail(
    "BAD_USER_INPUT",
    `${problems.length} of ${total} rows refused, nothing was stored. First: row ${problems[0]!.row}${problems[0]!.field ? ` (${problems[0]!.field})` : ""}: ${problems[0]!.message}`,
    { refused: problems.length, rows: problems.slice(0, 100) },
  );

/**
 * One read for any number of rows (it runs under the lock every append waits for): per row, the current value of
 * its district and day if there is one (CONFLICT), and the district's confirmed cases before that day.
 */
function storedFactsRead(inputs: FullCaseReport[]): RawStatement {
  return {
    sql: `SELECT t.o, c.id, d.code, ${confirmedBefore("t.r", "t.s", "t.d")} AS sum
       FROM unnest($1::text[], $2::date[], $3::text[]) WITH ORDINALITY AS t(r, d, s, o)
       LEFT JOIN "CaseReport" c ON c."regionCode" = t.r AND c.date = t.d AND c.disease = t.s AND c.current
       LEFT JOIN "Department" d ON d.id = c."departmentId"`,
    values: [inputs.map((i) => i.regionCode), inputs.map((i) => i.date), inputs.map((i) => i.disease)],
  };
}

/**
 * SQL for a district's current confirmed cases of a disease before a day (columns or expressions): its months before
 * the day's (CaseReportMonth, kept by triggers), then that month's days before it. Two short index reads, whatever
 * the district's age.
 */
const confirmedBefore = (region: string, disease: string, day: string) =>
  `((SELECT COALESCE(SUM(m.confirmed), 0) FROM "CaseReportMonth" m
      WHERE m."regionCode" = ${region} AND m.disease = ${disease} AND m.month < date_trunc('month', ${day}::timestamp)::date)
  + (SELECT COALESCE(SUM(b."newConfirmed"), 0) FROM "CaseReport" b
      WHERE b."regionCode" = ${region} AND b.disease = ${disease} AND b.date >= date_trunc('month', ${day}::timestamp)::date AND b.date < ${day} AND b.current))::bigint`;

/** A row of `storedFactsRead`, as a raw query or as JSON (`SequencedWrite.lock`) returns it. */
interface StoredFactRow {
  o: bigint | number;
  id: number | null;
  code: string | null;
  sum: bigint | number | string | null;
}

/** `storedFactsRead` under the sequencer lock, in the round trip that reads the log's size (see `lock`). */
async function storedFactsUnderLock(lock: SequencedWrite["lock"], inputs: FullCaseReport[], locked?: () => void) {
  return parseStoredFacts(await lock<StoredFactRow>(storedFactsRead(inputs), locked));
}

/**
 * `storedFactsRead`'s answer for a bulk submission, read per district and disease instead of per row: the
 * cumulative count before the span's first day (month totals, then that month's days), and the current values
 * stored within the span (usually none: history goes in where nothing was reported). Two index probes per row were
 * ~110 ms per 10,000 rows, serial before any work could start.
 */
async function spanFactsUnderLock(lock: SequencedWrite["lock"], inputs: FullCaseReport[]): Promise<ReturnType<typeof parseStoredFacts>> {
  const spans = new Map<string, { r: string; s: string; lo: string; hi: string }>();
  for (const i of inputs) {
    const key = `${i.regionCode} ${i.disease}`;
    const span = spans.get(key);
    if (!span) spans.set(key, { r: i.regionCode, s: i.disease, lo: i.date, hi: i.date });
    else {
      // ISO days sort as strings.
      if (i.date < span.lo) span.lo = i.date;
      if (i.date > span.hi) span.hi = i.date;
    }
  }
  const list = [...spans.values()];
  // (Column names differ from "r": the lock read aggregates this statement as a row named r.)
  const rows = await lock<{ region: string; disease: string; d: string | null; n: number | string; id: number | null; code: string | null }>({
    sql: `SELECT t.r AS region, t.s AS disease, NULL::text AS d, ${confirmedBefore("t.r", "t.s", "t.lo")} AS n,
              NULL::int AS id, NULL::text AS code
       FROM unnest($1::text[], $2::text[], $3::date[], $4::date[]) AS t(r, s, lo, hi)
       UNION ALL
       SELECT c."regionCode", c.disease, c.date::text, c."newConfirmed", c.id, d.code
       FROM unnest($1::text[], $2::text[], $3::date[], $4::date[]) AS t(r, s, lo, hi)
       JOIN "CaseReport" c ON c."regionCode" = t.r AND c.disease = t.s AND c.date BETWEEN t.lo AND t.hi AND c.current
       JOIN "Department" d ON d.id = c."departmentId"`,
    values: [list.map((x) => x.r), list.map((x) => x.s), list.map((x) => x.lo), list.map((x) => x.hi)],
  });
  const before = new Map<string, number>();
  const days: DayCount[] = [];
  const taken = new Map<string, { id: number; code: string }>();
  for (const row of rows) {
    const key = `${row.region} ${row.disease}`;
    if (row.d === null) before.set(key, Number(row.n));
    else {
      days.push({ regionCode: row.region, disease: row.disease, date: row.d, newConfirmed: Number(row.n) });
      taken.set(`${key} ${row.d}`, { id: row.id!, code: row.code! });
    }
  }
  // Each row's count: the span's count before its first day, plus the stored days of the span before the row's.
  const storedBefore = cumulativeBefore(days, () => true);
  const conflict = new Map<number, { id: number; code: string }>();
  const stored = new Map<number, number>();
  for (const [row, input] of inputs.entries()) {
    const key = `${input.regionCode} ${input.disease}`;
    stored.set(row, (before.get(key) ?? 0) + storedBefore(input));
    const t = taken.get(`${key} ${input.date}`);
    if (t) conflict.set(row, t);
  }
  return { conflict, stored };
}

/** Its rows, by 0-based row number: the conflicting current value, and the cumulative count before the day. */
function parseStoredFacts(rows: StoredFactRow[]) {
  const conflict = new Map<number, { id: number; code: string }>();
  const stored = new Map<number, number>();
  for (const r of rows) {
    const i = Number(r.o) - 1;
    if (r.id !== null) conflict.set(i, { id: r.id, code: r.code! });
    stored.set(i, Number(r.sum ?? 0));
  }
  return { conflict, stored };
}
