import { describe, expect, it } from "vitest";
import { CsvError, parseCaseReportCsv } from "./csv.ts";

describe("case-report CSV: optional imported and disease columns", () => {
  it("reads them when present, leaves them out (the service's defaults) when absent or empty", () => {
    const { rows, problems } = parseCaseReportCsv(
      "regionCode,date,newConfirmed,suspected,deaths,tests,imported,disease\nRL-01-02,2026-11-02,5,1,0,20,2,\nRL-01-02,2026-11-02,40,50,0,0,,INFLUENZA\n",
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { regionCode: "RL-01-02", date: "2026-11-02", newConfirmed: 5, suspected: 1, deaths: 0, tests: 20, imported: 2 },
      { regionCode: "RL-01-02", date: "2026-11-02", newConfirmed: 40, suspected: 50, deaths: 0, tests: 0, disease: "INFLUENZA" },
    ]);
    const old = parseCaseReportCsv("regionCode,date,newConfirmed,suspected,deaths,tests\nRL-01-02,2026-11-02,5,1,0,20\n");
    expect(old.rows[0]).not.toHaveProperty("imported");
    expect(old.rows[0]).not.toHaveProperty("disease");
  });

  it("refuses a non-numeric imported cell naming the row and field, and still refuses unknown columns", () => {
    const { problems } = parseCaseReportCsv("regionCode,date,newConfirmed,suspected,deaths,tests,imported\nRL-01-02,2026-11-02,5,1,0,20,1e3\n");
    expect(problems).toMatchObject([{ row: 0, field: "imported", code: "BAD_USER_INPUT" }]);
    expect(() => parseCaseReportCsv("regionCode,date,newConfirmed,suspected,deaths,tests,travel\n")).toThrow(CsvError);
  });
});
