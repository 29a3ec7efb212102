// Exports of the dashboards' charts and tables: one column list per dataset, so the CSV, the JSON and the
// table alternative under each chart show the same numbers. CSV quoting is RFC 4180's three rules, written
// here rather than pulled in as a dependency because the values are our own numbers, days and names.
import type { Filters } from "./filters";
import { filterQuery } from "./filters";
import type { RegionRisk, RiskOverview } from "./shapes";

export type Cell = string | number | boolean | null | undefined;
export interface Dataset {
  columns: string[];
  rows: Cell[][];
}

export const DATASETS = ["risk-series", "risk-map"] as const;
export type DatasetName = (typeof DATASETS)[number];

export function riskSeriesDataset(o: Pick<RiskOverview, "series">): Dataset {
  return {
    columns: ["date", "count", "upperBound", "alarm"],
    rows: o.series.map((p) => [p.date, p.count, p.upperBound ?? null, p.alarm]),
  };
}

export function riskMapDataset(risks: RegionRisk[]): Dataset {
  return {
    columns: ["regionCode", "regionName", "level", "newCases7d", "incidencePer100k", "rt", "growthRate"],
    rows: risks.map((r) => [r.region.code, r.region.name, r.level, r.newCases7d, r.incidencePer100k, r.rt ?? null, r.growthRate ?? null]),
  };
}

function csvCell(v: Cell): string {
  if (v == null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(d: Dataset): string {
  return [d.columns, ...d.rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Rows as objects keyed by column, for JSON. */
export function toRecords(d: Dataset): Record<string, Cell>[] {
  return d.rows.map((r) => Object.fromEntries(d.columns.map((c, i) => [c, r[i] ?? null])));
}

/** The stable URL of a dataset under the same filters as the page showing it. */
export function exportHref(dataset: DatasetName, format: "csv" | "json", filters: Filters): string {
  const q = filterQuery(filters).toString();
  return `/export/${dataset}.${format}${q ? `?${q}` : ""}`;
}
