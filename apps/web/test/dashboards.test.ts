// The dashboards' pure parts: URL filter state, the default region, and the export formats.
import { describe, expect, it } from "vitest";
import { toCsv, toRecords } from "../lib/export";
import { filterQuery, mostAtRisk, parseFilters, periodRange } from "../lib/filters";
import type { RegionRisk } from "../lib/shapes";

const risk = (code: string, level: RegionRisk["level"], incidencePer100k: number, regionLevel = "DISTRICT"): RegionRisk =>
  ({
    level,
    incidencePer100k,
    levelReasons: [],
    newCases7d: 0,
    rt: null,
    growthRate: null,
    region: { code, name: code, level: regionLevel, parentCode: null, population: 1 },
  }) as unknown as RegionRisk;

describe("filters in the query string", () => {
  it("round-trips region, absolute period and method", () => {
    const f = parseFilters(new URLSearchParams("region=RL-02&from=2026-07-01&to=2026-09-30&method=EWMA"));
    expect(f).toEqual({ region: "RL-02", period: { kind: "absolute", from: "2026-07-01", to: "2026-09-30" }, method: "EWMA" });
    expect(parseFilters(filterQuery(f))).toEqual(f);
  });
  it("reads relative periods against the latest report day, and falls back on bad values", () => {
    const f = parseFilters({ period: "last-30d" });
    expect(periodRange(f.period, "2026-11-30")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(parseFilters({ period: "last-0d" }).period).toEqual({ kind: "relative", days: 90 });
    expect(parseFilters({ from: "2026-09-30", to: "2026-07-01" }).period).toEqual({ kind: "relative", days: 90 });
    expect(parseFilters({ from: "2026-02-30", to: "2026-03-01" }).period.kind).toBe("relative");
    expect(filterQuery(parseFilters({})).toString()).toBe("");
  });
});

describe("the region a dashboard opens on", () => {
  it("is the district with the highest level, then the highest incidence", () => {
    const risks = [risk("RL", "I", 900, "PROVINCE"), risk("A", "III", 50), risk("B", "II", 20), risk("C", "II", 40)];
    expect(mostAtRisk(risks)?.region.code).toBe("C");
    expect(mostAtRisk([risk("RL-01", "III", 1, "CITY")])?.region.code).toBe("RL-01");
    expect(mostAtRisk([])).toBeUndefined();
  });
});

describe("exports", () => {
  it("quotes CSV cells per RFC 4180 and keys JSON records by column", () => {
    const d = {
      columns: ["name", "n"],
      rows: [
        ['Quay "Old", East', 3],
        ["x", null],
      ],
    };
    expect(toCsv(d)).toBe('name,n\r\n"Quay ""Old"", East",3\r\nx,\r\n');
    expect(toRecords(d)).toEqual([
      { name: 'Quay "Old", East', n: 3 },
      { name: "x", n: null },
    ]);
  });
});

describe("the demo map geometry", () => {
  it("is what scripts/demo-geometry.ts generates from packages/scenario's geography (run npm run map:geometry -w @vigil/web)", async () => {
    const { readFileSync } = await import("node:fs");
    const { GEOMETRY_FILE, geometryJson } = await import("../scripts/demo-geometry");
    // Compared as data: biome owns the file's formatting.
    expect(JSON.parse(readFileSync(GEOMETRY_FILE, "utf8"))).toEqual(JSON.parse(geometryJson()));
    const shapes = JSON.parse(geometryJson()).shapes as { code: string }[];
    expect(shapes.map((s) => s.code)).toContain("RL-01-02");
    expect(new Set(shapes.map((s) => s.code)).size).toBe(11);
  });
});
