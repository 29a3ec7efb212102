import { parse } from "csv-parse/sync";
import type { CaseReportFields, RowProblem } from "./service.ts";

/** The CSV columns of a case-report import, in any order, with this header row (the GraphQL input's field names). */
export const CSV_COLUMNS = ["regionCode", "date", "newConfirmed", "suspected", "deaths", "tests"] as const;
/** Optional columns: `imported` (default 0) and `disease` (a code of the published list, default COVID-19); an empty cell means the default. */
export const CSV_OPTIONAL_COLUMNS = ["imported", "disease"] as const;
const COUNTS = ["newConfirmed", "suspected", "deaths", "tests"] as const;

export interface ParsedCsv {
  rows: CaseReportFields[];
  /** Rows whose cells are not what the columns need (row = 0-based data row, after the header). */
  problems: RowProblem[];
  /** The file line each row ends on (1 is the header), for messages: quoted cells may span lines. */
  lines: number[];
}

/**
 * Parse an import file with csv-parse (RFC 4180 quoting, BOM, CRLF) into report fields. Only the shape is
 * checked here (header, whole numbers); every rule on the values is the service's, as for GraphQL rows.
 */
export function parseCaseReportCsv(text: string): ParsedCsv {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: false, info: true }) as unknown as typeof parsed;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new CsvError(`The file is not valid CSV${err.lines ? ` (line ${err.lines})` : ""}: ${err.message}`);
  }
  const records = parsed.map((p) => p.record);
  const lines = parsed.slice(1).map((p) => p.info.lines);
  const [header, ...data] = records;
  if (!header) throw new CsvError(`The file is empty: expected a header row ${CSV_COLUMNS.join(",")}.`);
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  const known: readonly string[] = [...CSV_COLUMNS, ...CSV_OPTIONAL_COLUMNS];
  const unknown = header.filter((c) => !known.includes(c));
  if (missing.length || unknown.length || new Set(header).size !== header.length)
    throw new CsvError(
      `The header must name each of ${CSV_COLUMNS.join(", ")} once` +
        (missing.length ? `; missing: ${missing.join(", ")}` : "") +
        (unknown.length ? `; unknown: ${unknown.join(", ")}` : "") +
        ".",
    );
  const at = Object.fromEntries(known.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof CSV_COLUMNS)[number] | (typeof CSV_OPTIONAL_COLUMNS)[number],
    number
  >;
  const rows: CaseReportFields[] = [];
  const problems: RowProblem[] = [];
  for (const [row, cells] of data.entries()) {
    const fields = { regionCode: cells[at.regionCode]!, date: cells[at.date]! } as CaseReportFields;
    for (const c of COUNTS) {
      const cell = cells[at[c]]!;
      // Digits only: Number("1e3"), Number("0x10") and Number(" ") would all pass as counts.
      if (!/^\d{1,9}$/.test(cell))
        problems.push({ row, field: c, code: "BAD_USER_INPUT", rule: null, message: `${c} must be a whole number; got "${cell.slice(0, 20)}".` });
      fields[c] = Number(cell);
    }
    const imported = at.imported >= 0 ? cells[at.imported]! : "";
    if (imported !== "") {
      if (!/^\d{1,9}$/.test(imported))
        problems.push({
          row,
          field: "imported",
          code: "BAD_USER_INPUT",
          rule: null,
          message: `imported must be a whole number; got "${imported.slice(0, 20)}".`,
        });
      fields.imported = Number(imported);
    }
    // The code itself is checked by the service against the published list, as for GraphQL rows.
    const disease = at.disease >= 0 ? cells[at.disease]! : "";
    if (disease !== "") fields.disease = disease;
    rows.push(fields);
  }
  return { rows, problems, lines };
}

export class CsvError extends Error {}
