import type { Database, Prisma } from "@vigil/db";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import { readableRegion } from "../../access/scope.ts";
import { addDays, parseDay, formatDay, today } from "@vigil/calendar";
import type { Page } from "../../graphql/pagination.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";

export interface CaseReportFields {
  regionCode: string;
  date: string;
  newConfirmed: number;
  suspected: number;
  deaths: number;
  tests: number;
}

/**
 * Data-support layer: daily case reports. A report is accepted only if it is plausible and within the
 * submitting department's region; the row and its log entry commit together or not at all.
 */
export type AcceptedListener = (report: { regionCode: string; date: string }) => Promise<unknown>;

export class ReportService {
  private listeners: AcceptedListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly regions: RegionDirectory,
    private readonly log: LogStore,
  ) {}

  /** Run after every accepted report (the analysis layer re-runs detection); a failing listener never fails the report. */
  onAccepted(listener: AcceptedListener): void {
    this.listeners.push(listener);
  }

  /** Semantic checks the input types cannot express. Throws BAD_USER_INPUT / FORBIDDEN before any write. */
  check(viewer: Viewer, input: CaseReportFields): void {
    const region = this.regions.get(input.regionCode);
    if (!region) throw fail("BAD_USER_INPUT", `Unknown region ${input.regionCode}.`, { field: "regionCode" });
    if (region.level !== "DISTRICT")
      throw fail("BAD_USER_INPUT", `Reports are filed per district; ${region.code} is a ${region.level.toLowerCase()}.`, { field: "regionCode" });
    let day: Date;
    try {
      day = parseDay(input.date);
    } catch (e) {
      throw fail("BAD_USER_INPUT", (e as Error).message, { field: "date" });
    }
    if (formatDay(day) > addDays(today(), 1)) throw fail("BAD_USER_INPUT", `${input.date} is in the future.`, { field: "date" });
    if (input.deaths > input.newConfirmed + input.suspected + 1000) {
      throw fail("BAD_USER_INPUT", "Deaths are implausibly high for the reported cases; check the figures.", { field: "deaths" });
    }
    if (!viewer.departmentCode || !viewer.regionCode || !this.regions.contains(viewer.regionCode, region.code)) {
      throw fail("FORBIDDEN", `Your department may report only for regions under ${viewer.regionCode ?? "its own region"}; ${region.code} is outside.`);
    }
  }

  async submit(viewer: Viewer, input: CaseReportFields) {
    this.check(viewer, input);
    const report = await this.log.write(async ({ tx, append }) => {
      const existing = await tx.caseReport.findUnique({
        where: { regionCode_date_departmentId: { regionCode: input.regionCode, date: parseDay(input.date), departmentId: viewer.departmentId! } },
        select: { id: true },
      });
      if (existing) throw fail("CONFLICT", `Your department already reported ${input.regionCode} for ${input.date} (report ${existing.id}).`);
      const [entry] = await append([{ kind: "case-report", departmentCode: viewer.departmentCode!, departmentId: viewer.departmentId!, body: { ...input } }]);
      return tx.caseReport.create({
        data: { ...input, date: parseDay(input.date), departmentId: viewer.departmentId!, entryIndex: entry!.index },
        include: { department: true, region: true },
      });
    });
    // The report is durable on the log already: what runs after it must not make it fail.
    for (const l of this.listeners) await l({ regionCode: input.regionCode, date: input.date }).catch((e) => console.error("after-report step failed", e));
    return report;
  }

  async list(viewer: Viewer, filter: { regionCode?: string; from?: string; to?: string } & Page) {
    const where: Prisma.CaseReportWhereInput = {};
    const region = readableRegion(viewer, this.regions, filter.regionCode);
    if (region) where.regionCode = { in: this.regions.subtree(region) };
    if (filter.from || filter.to) where.date = { ...(filter.from && { gte: parseDay(filter.from) }), ...(filter.to && { lte: parseDay(filter.to) }) };
    return this.db.prisma.caseReport.findMany({
      where,
      orderBy: [{ date: "desc" }, { regionCode: "asc" }],
      take: filter.limit,
      skip: filter.offset,
      include: { department: true, region: true },
    });
  }

  /** The latest day any case report is for: the natural "today" of the dashboards. */
  async latestDay(): Promise<string | null> {
    const r = await this.db.prisma.caseReport.findFirst({ orderBy: { date: "desc" }, select: { date: true } });
    return r ? formatDay(r.date) : null;
  }

  /** Confirmed cases per day over the whole jurisdiction (or one subtree), for the data-support chart. */
  async perDay(viewer: Viewer, from: string, to: string, requested?: string) {
    const regionCode = readableRegion(viewer, this.regions, requested);
    const codes = regionCode ? this.regions.districtsUnder(regionCode) : undefined;
    const rows = await this.db.prisma.caseReport.groupBy({
      by: ["date"],
      where: { date: { gte: parseDay(from), lte: parseDay(to) }, ...(codes && { regionCode: { in: codes } }) },
      _sum: { newConfirmed: true, suspected: true, tests: true },
      _count: { _all: true },
      orderBy: { date: "asc" },
    });
    return rows.map((r) => ({
      date: formatDay(r.date),
      reports: r._count._all,
      confirmed: r._sum.newConfirmed ?? 0,
      suspected: r._sum.suspected ?? 0,
      tests: r._sum.tests ?? 0,
    }));
  }
}
