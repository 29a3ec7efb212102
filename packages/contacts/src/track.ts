// A person's visits as places over time, for a map: each H3 cell's outline and centre (degrees), when it was first
// and last visited, and the track through the cells in time order. Venue visits have no position and are kept apart.
import { cellToBoundary, cellToLatLng, isValidCell } from "h3-js";
import { MINUTE_MS } from "./overlap.ts";

export interface TrackVisit {
  place: string;
  cell: string | null;
  start: number;
  end: number;
}

/** A point as [latitude, longitude] in degrees. */
export type LatLng = [number, number];

export interface TrackCell {
  cell: string;
  /** The cell's outline, closed implicitly (last point joins the first). */
  outline: LatLng[];
  centre: LatLng;
  /** Start of the first visit and end of the last one (ms since the epoch). */
  first: number;
  last: number;
  visits: number;
  /** Minutes spent in the cell, overlapping visits counted once each (as recorded). */
  minutes: number;
}

export interface Track {
  /** Cells in the order they were first visited. */
  cells: TrackCell[];
  /** One stop per located visit, in time order: the cell's centre and when the visit began. */
  stops: { cell: string; at: number; centre: LatLng }[];
  /** Visits with no cell (a venue id): listed, not placed. */
  unplaced: TrackVisit[];
}

/** The track of `visits` (any order; a cell that is not a valid H3 index counts as unplaced). */
export function trackOf(visits: readonly TrackVisit[]): Track {
  const ordered = [...visits].sort((a, b) => a.start - b.start || a.end - b.end || a.place.localeCompare(b.place));
  const cells = new Map<string, TrackCell>();
  const stops: Track["stops"] = [];
  const unplaced: TrackVisit[] = [];
  for (const v of ordered) {
    if (!v.cell || !isValidCell(v.cell)) {
      unplaced.push(v);
      continue;
    }
    let c = cells.get(v.cell);
    if (!c) {
      const [lat, lng] = cellToLatLng(v.cell);
      c = { cell: v.cell, outline: cellToBoundary(v.cell) as LatLng[], centre: [lat, lng], first: v.start, last: v.end, visits: 0, minutes: 0 };
      cells.set(v.cell, c);
    }
    c.visits++;
    c.last = Math.max(c.last, v.end);
    c.minutes += Math.round((v.end - v.start) / MINUTE_MS);
    stops.push({ cell: v.cell, at: v.start, centre: c.centre });
  }
  return { cells: [...cells.values()], stops, unplaced };
}
