import { describe, expect, it } from "vitest";
import { gridDisk, latLngToCell } from "h3-js";
import { trackOf } from "@vigil/contacts";
import { drawTrack, timeColour } from "../lib/trajectory.ts";

const T0 = Date.UTC(2026, 10, 1, 8);
const HOUR = 3_600_000;
const cells = gridDisk(latLngToCell(30.25, 120.15, 9), 2);
const box = { width: 760, height: 520, padding: 24 };

const numbers = (points: string) => points.split(" ").map((p) => p.split(",").map(Number) as [number, number]);

describe("drawing a track", () => {
  const track = trackOf(cells.map((cell, i) => ({ place: `h3:${cell}`, cell, start: T0 + i * HOUR, end: T0 + i * HOUR + 1800_000 })));
  const drawn = drawTrack(track, box);

  it("fits every outline inside the padded box and centres the drawing", () => {
    const all = drawn.cells.flatMap((c) => numbers(c.points));
    for (const [x, y] of all) {
      expect(x).toBeGreaterThanOrEqual(box.padding - 0.1);
      expect(x).toBeLessThanOrEqual(box.width - box.padding + 0.1);
      expect(y).toBeGreaterThanOrEqual(box.padding - 0.1);
      expect(y).toBeLessThanOrEqual(box.height - box.padding + 0.1);
    }
    const xs = all.map((p) => p[0]);
    const ys = all.map((p) => p[1]);
    // One side touches the padding; the other axis is centred.
    const [left, right, top, bottom] = [
      Math.min(...xs) - box.padding,
      box.width - box.padding - Math.max(...xs),
      Math.min(...ys) - box.padding,
      box.height - box.padding - Math.max(...ys),
    ];
    expect(Math.min(left, top)).toBeLessThan(1);
    expect(Math.abs(left - right)).toBeLessThan(1);
    expect(Math.abs(top - bottom)).toBeLessThan(1);
  });

  it("keeps hexagons regular (the projection does not stretch one axis) and north up", () => {
    const hex = numbers(drawn.cells[0]!.points);
    const w = Math.max(...hex.map((p) => p[0])) - Math.min(...hex.map((p) => p[0]));
    const h = Math.max(...hex.map((p) => p[1])) - Math.min(...hex.map((p) => p[1]));
    // A regular hexagon's extents are √3 : 2 or 2 : √3, whichever way it points.
    expect([Math.sqrt(3) / 2, 2 / Math.sqrt(3)].some((r) => Math.abs(w / h - r) < 0.08)).toBe(true);
    const north = trackOf([
      { place: "n", cell: latLngToCell(30.3, 120.15, 9), start: T0, end: T0 + HOUR },
      { place: "s", cell: latLngToCell(30.2, 120.15, 9), start: T0 + 2 * HOUR, end: T0 + 3 * HOUR },
    ]);
    const d = drawTrack(north, box);
    expect(d.stops[0]!.y).toBeLessThan(d.stops[1]!.y);
  });

  it("runs the path through the stops in time order, colours by first visit, and names the days", () => {
    expect(drawn.stops).toHaveLength(cells.length);
    expect(numbers(drawn.path)).toEqual(drawn.stops.map((s) => [s.x, s.y]));
    expect(drawn.cells[0]!.time).toBe(0);
    expect(drawn.cells.at(-1)!.time).toBe(1);
    expect(drawn.firstDay).toBe("2026-11-01");
    expect(drawn.lastDay).toBe("2026-11-02");
    expect(timeColour(0)).not.toBe(timeColour(1));
    expect(drawTrack(trackOf([]), box)).toEqual({ cells: [], path: "", stops: [], firstDay: null, lastDay: null });
  });
});
