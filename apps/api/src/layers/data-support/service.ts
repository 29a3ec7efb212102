import type { Database, Prisma } from "@vigil/db";
import type { Viewer } from "../auth/context.ts";
import { fail } from "../errors.ts";
import { readableRegion } from "../auth/scope.ts";
import { addDays, fromDay, toDay, today } from "../dates.ts";
import type { Ledger } from "../ledger/ledger.ts";
import type { RegionDirectory } from "./regions.ts";

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
export class ReportService {
  constructor(private readonly db: Database, private readonly regions: RegionDirectory, private readonly ledger: Ledger) {}

  /** Semantic checks the input types cannot express. Throws BAD_USER_INPUT / FORBIDDEN before any write. */
  check(viewer: Viewer, input: CaseReportFields): void {
    const region = this.regions.get(input.regionCode);
    if (!region) throw fail("BAD_USER_INPUT", `Unknown region ${input.regionCode}.`, { field: "regionCode" });
    if (region.level !== "DISTRICT") throw fail("BAD_USER_INPUT", `Reports are filed per district; ${region.code} is a ${region.level.toLowerCase()}.`, { field: "regionCode" });
    let day: Date;
    try { day = fromDay(input.date); } catch (e) { throw fail("BAD_USER_INPUT", (e as Error).message, { field: "date" }); }
    if (toDay(day) > addDays(today(), 1)) throw fail("BAD_USER_INPUT", `${input.date} is in the future.`, { field: "date" });
    if (input.deaths > input.newConfirmed + input.suspected + 1000) {
      throw fail("BAD_USER_INPUT", "Deaths are implausibly high for the reported cases; check the figures.", { field: "deaths" });
    }
    if (!viewer.departmentCode || !viewer.regionCode || !this.regions.contains(viewer.regionCode, region.code)) {
      throw fail("FORBIDDEN", `Your department may report only for regions under ${viewer.regionCode ?? "its own region"}; ${region.code} is outside.`);
    }
  }

  async submit(viewer: Viewer, input: CaseReportFields) {
    this.check(viewer, input);
    return this.db.prisma.$transaction(async (tx) => {
      const existing = await tx.caseReport.findUnique({
        where: { regionCode_date_departmentId: { regionCode: input.regionCode, date: fromDay(input.date), departmentId: viewer.departmentId! } },
        select: { id: true },
      });
      if (existing) throw fail("CONFLICT", `Your department already reported ${input.regionCode} for ${input.date} (report ${existing.id}).`);
      const [entry] = await this.ledger.append(tx, [{ kind: "case-report", departmentCode: viewer.departmentCode!, departmentId: viewer.departmentId!, body: { ...input } }]);
      return tx.caseReport.create({
        data: { ...input, date: fromDay(input.date), departmentId: viewer.departmentId!, entryIndex: entry.index },
        include: { department: true, region: true },
      });
    });
  }

  async list(viewer: Viewer, filter: { regionCode?: string; from?: string; to?: string; limit: number }) {
    const where: Prisma.CaseReportWhereInput = {};
    const region = readableRegion(viewer, this.regions, filter.regionCode);
    if (region) where.regionCode = { in: this.regions.subtree(region) };
    if (filter.from || filter.to) where.date = { ...(filter.from && { gte: fromDay(filter.from) }), ...(filter.to && { lte: fromDay(filter.to) }) };
    return this.db.prisma.caseReport.findMany({ where, orderBy: [{ date: "desc" }, { regionCode: "asc" }], take: filter.limit, include: { department: true, region: true } });
  }

  /** Confirmed cases per day over the whole jurisdiction (or one subtree), for the data-support chart. */
  async perDay(viewer: Viewer, from: string, to: string, requested?: string) {
    const regionCode = readableRegion(viewer, this.regions, requested);
    const codes = regionCode ? this.regions.districtsUnder(regionCode) : undefined;
    const rows = await this.db.prisma.caseReport.groupBy({
      by: ["date"],
      where: { date: { gte: fromDay(from), lte: fromDay(to) }, ...(codes && { regionCode: { in: codes } }) },
      _sum: { newConfirmed: true, suspected: true, tests: true },
      _count: { _all: true },
      orderBy: { date: "asc" },
    });
    return rows.map((r) => ({ date: toDay(r.date), reports: r._count._all, confirmed: r._sum.newConfirmed ?? 0, suspected: r._sum.suspected ?? 0, tests: r._sum.tests ?? 0 }));
  }
}
