// A person's track (cells over time, from @vigil/contacts) laid out in an SVG box: a local equirectangular projection
// (a city spans a few kilometres, where it is exact to well under a pixel), scaled to fit with the aspect kept.
import { formatDay } from "@vigil/calendar";
import type { LatLng, Track } from "@vigil/contacts";

export interface Box {
  width: number;
  height: number;
  padding: number;
}

export interface DrawnCell {
  cell: string;
  /** The SVG `points` attribute of the outline. */
  points: string;
  x: number;
  y: number;
  first: number;
  last: number;
  visits: number;
  minutes: number;
  /** 0 for the earliest first visit, 1 for the latest: the colour ramp's position. */
  time: number;
}

export interface DrawnTrack {
  cells: DrawnCell[];
  /** The SVG `points` of the polyline through the stops in time order. */
  path: string;
  stops: { x: number; y: number; at: number; cell: string }[];
  /** UTC days from the first visit to the last, for the legend. */
  firstDay: string | null;
  lastDay: string | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function drawTrack(track: Track, box: Box): DrawnTrack {
  const all = track.cells.flatMap((c) => c.outline);
  if (!all.length) return { cells: [], path: "", stops: [], firstDay: null, lastDay: null };
  const lat0 = (Math.min(...all.map((p) => p[0])) + Math.max(...all.map((p) => p[0]))) / 2;
  const k = Math.cos((lat0 * Math.PI) / 180);
  // x east, y south (SVG's y grows downwards).
  const flat = ([lat, lng]: LatLng): [number, number] => [lng * k, -lat];
  const xs = all.map((p) => flat(p)[0]);
  const ys = all.map((p) => flat(p)[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const innerW = box.width - 2 * box.padding;
  const innerH = box.height - 2 * box.padding;
  const scale = Math.min(innerW / Math.max(maxX - minX, 1e-9), innerH / Math.max(maxY - minY, 1e-9));
  // Centred in the box.
  const ox = box.padding + (innerW - (maxX - minX) * scale) / 2;
  const oy = box.padding + (innerH - (maxY - minY) * scale) / 2;
  const at = (p: LatLng): [number, number] => {
    const [x, y] = flat(p);
    return [round(ox + (x - minX) * scale), round(oy + (y - minY) * scale)];
  };
  const t0 = Math.min(...track.cells.map((c) => c.first));
  const t1 = Math.max(...track.cells.map((c) => c.first));
  const cells = track.cells.map((c) => {
    const [x, y] = at(c.centre);
    return {
      cell: c.cell,
      points: c.outline.map((p) => at(p).join(",")).join(" "),
      x,
      y,
      first: c.first,
      last: c.last,
      visits: c.visits,
      minutes: c.minutes,
      time: t1 > t0 ? (c.first - t0) / (t1 - t0) : 0,
    };
  });
  const stops = track.stops.map((s) => {
    const [x, y] = at(s.centre);
    return { x, y, at: s.at, cell: s.cell };
  });
  const last = Math.max(...track.cells.map((c) => c.last));
  return {
    cells,
    path: stops.map((s) => `${s.x},${s.y}`).join(" "),
    stops,
    firstDay: formatDay(new Date(t0)),
    lastDay: formatDay(new Date(last)),
  };
}

/** The colour of a position on the time ramp: early blue to late red, one lightness so no step hides another. */
export function timeColour(time: number): string {
  const t = Math.min(1, Math.max(0, time));
  return `hsl(${Math.round(215 - t * 205)} 70% 48%)`;
}
