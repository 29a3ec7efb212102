import { describe, expect, it } from "vitest";
import { cellToBoundary, getHexagonAreaAvg, gridDisk, latLngToCell } from "h3-js";
import { MINUTE_MS, trackOf } from "../src/index.ts";

const T0 = Date.UTC(2026, 10, 1, 8);
const at = (minutes: number) => T0 + minutes * MINUTE_MS;
const [a, b, c] = gridDisk(latLngToCell(30.25, 120.15, 9), 1);

describe("a person's track", () => {
  it("orders visits in time, keeps one outline per cell with first and last visit, and counts minutes per cell", () => {
    const t = trackOf([
      { place: `h3:${b}`, cell: b!, start: at(120), end: at(180) },
      { place: `h3:${a}`, cell: a!, start: at(0), end: at(30) },
      { place: `h3:${a}`, cell: a!, start: at(300), end: at(345) },
      { place: "venue:market-7", cell: null, start: at(200), end: at(230) },
    ]);
    expect(t.cells.map((x) => x.cell)).toEqual([a, b]);
    expect(t.cells[0]).toMatchObject({ first: at(0), last: at(345), visits: 2, minutes: 75 });
    expect(t.cells[1]).toMatchObject({ first: at(120), last: at(180), visits: 1, minutes: 60 });
    expect(t.cells[0]!.outline).toEqual(cellToBoundary(a!));
    expect(t.stops.map((s) => [s.cell, s.at])).toEqual([
      [a, at(0)],
      [b, at(120)],
      [a, at(300)],
    ]);
    expect(t.unplaced.map((v) => v.place)).toEqual(["venue:market-7"]);
  });

  it("places a cell at its centre, inside its own outline's bounds, and keeps an invalid cell apart", () => {
    const t = trackOf([
      { place: `h3:${c}`, cell: c!, start: at(0), end: at(10) },
      { place: "h3:not-a-cell", cell: "zz-not-h3", start: at(5), end: at(9) },
    ]);
    const [lat, lng] = t.cells[0]!.centre;
    const lats = t.cells[0]!.outline.map((p) => p[0]);
    const lngs = t.cells[0]!.outline.map((p) => p[1]);
    expect(lat).toBeGreaterThan(Math.min(...lats));
    expect(lat).toBeLessThan(Math.max(...lats));
    expect(lng).toBeGreaterThan(Math.min(...lngs));
    expect(lng).toBeLessThan(Math.max(...lngs));
    // A resolution-9 cell is about 0.1 km²: its outline spans a few hundred metres (≈ 0.003° of latitude).
    expect(getHexagonAreaAvg(9, "km2")).toBeLessThan(0.2);
    expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(0.01);
    expect(t.unplaced).toHaveLength(1);
    expect(trackOf([])).toEqual({ cells: [], stops: [], unplaced: [] });
  });
});
