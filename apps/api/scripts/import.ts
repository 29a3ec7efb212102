// npm run import -- <file.csv> --department <CODE>
// Files a CSV of case reports (header regionCode,date,newConfirmed,suspected,deaths,tests) as the department,
// straight into the database this machine's API uses (DATABASE_URL or VIGIL_DATA_DIR), signed with the
// department's key from the key file: for an operator loading history, with no size cap. All or nothing: one
// bad row stores nothing and is named (its data row, and its line in the file).
// Exit codes: 0 stored, 1 refused (bad rows, or the database said no), 2 a usage error.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { CaseReportFields } from "../src/layers/data-support/service.ts";

const USAGE = `usage: npm run import -- <file.csv> --department <CODE>
  file.csv            header regionCode,date,newConfirmed,suspected,deaths,tests; one row per district and day
  --department CODE   the filing department (its region bounds the rows; its key signs the entries)
  --help              print this text`;

const OPTIONS = { department: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: OPTIONS,
    });
  } catch (e) {
    console.error(`${(e as Error).message.split(". ")[0]}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  const code = parsed.values.department;
  if (!file || extra.length || !code) {
    console.error(`${!file ? "no file given" : extra.length ? "one file at a time" : "--department is required"}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const [{ dataDir, openDatabase }, { createProgress }, { configFromEnv }, { loadKeyRing }, { createServices }, { parseCaseReportCsv, CsvError }] =
    await Promise.all([
      import("@vigil/db"),
      import("@vigil/progress"),
      import("../src/config.ts"),
      import("../src/keys.ts"),
      import("../src/services.ts"),
      import("../src/layers/data-support/csv.ts"),
    ]);
  let rows: CaseReportFields[];
  let lines: number[] = [];
  try {
    const parsedCsv = parseCaseReportCsv(text);
    lines = parsedCsv.lines;
    if (parsedCsv.problems.length) return refused(parsedCsv.problems, parsedCsv.rows.length, lines);
    rows = parsedCsv.rows;
  } catch (e) {
    if (e instanceof CsvError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const config = configFromEnv();
  const dir = dataDir(config.dataDir);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: dir, migrate: false });
  const services = await createServices(db, loadKeyRing(dir), config);
  try {
    const department = await db.prisma.department.findUnique({ where: { code } });
    if (!department) {
      console.error(`no department ${code}`);
      return 2;
    }
    // The operator acts as the department (id 0: no user signed in); its region bounds the rows as for its officers.
    const viewer = {
      id: 0,
      email: "import-cli",
      role: "DEPARTMENT_OFFICER" as const,
      departmentId: department.id,
      departmentCode: department.code,
      regionCode: department.regionCode,
    };
    const bar = createProgress("importing", rows.length, { unit: "reports" });
    const result = await services.reports.importMany(viewer, rows, (n) => bar.update(n));
    bar.finish();
    await services.log.publishCheckpoint();
    console.log(`stored ${result.count} reports as entries ${result.firstIndex}..${result.lastIndex}`);
    return 0;
  } catch (e) {
    const ext = (e as { extensions?: { code?: string; rows?: { row: number; field: string | null; message: string }[]; refused?: number } }).extensions;
    if (ext?.rows) return refused(ext.rows, rows.length, lines, ext.refused);
    if (ext?.code) {
      console.error(`refused (${ext.code}): ${(e as Error).message}`);
      return 1;
    }
    throw e;
  } finally {
    services.close();
    await db.close();
  }
}

/** Print the refused rows (data row and file line: line 1 is the header) and return exit code 1. */
function refused(rows: { row: number; field: string | null; message: string }[], total: number, lines: number[], count = rows.length): number {
  console.error(`${count} of ${total} rows refused, nothing was stored:`);
  for (const r of rows.slice(0, 20)) console.error(`  row ${r.row} (line ${lines[r.row] ?? "?"})${r.field ? ` ${r.field}` : ""}: ${r.message}`);
  if (count > 20) console.error(`  … and ${count - 20} more`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
