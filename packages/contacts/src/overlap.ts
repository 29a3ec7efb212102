/**
 * The close-contact rule: two visits are an encounter when they name the same place (an H3 cell normalised to
 * resolution 9, or a venue id) and their time windows overlap for at least `minOverlapMinutes` — one encounter
 * on its own, never summed across encounters, so a string of short passes does not make a contact.
 * Windows are half-open [start, end): windows that only touch (one ends when the other starts) overlap 0 minutes.
 */
import { cellToParent, getResolution, isValidCell } from "h3-js";

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** The longest visit the contract accepts: it bounds the index range an overlap query scans (start ≥ from − this). */
export const MAX_VISIT_MINUTES = 12 * 60;
/** Cells are matched at this resolution (the coarser end of the 9–10 the contract allows): ~0.1 km². */
export const MATCH_RESOLUTION = 9;

export interface Visit {
  person: string;
  /** The matching key: `h3:<res-9 cell>` or `venue:<id>` (see {@link placeKey}). */
  place: string;
  /** ms since the epoch, inclusive. */
  start: number;
  /** ms since the epoch, exclusive. */
  end: number;
}

/** The matching key of a visit's place. Throws RangeError for a cell that is not H3 at resolution 9–10. */
export function placeKey(place: { cell?: string | null; venue?: string | null }): string {
  if (place.cell && place.venue) throw new RangeError("give a cell or a venue, not both");
  if (place.venue) return `venue:${place.venue}`;
  const cell = place.cell;
  if (!cell || !isValidCell(cell)) throw new RangeError(`${cell ?? "(none)"} is not an H3 cell`);
  const res = getResolution(cell);
  if (res < 9 || res > 10) throw new RangeError(`cell ${cell} is at resolution ${res}; visits use 9 or 10`);
  return `h3:${res === MATCH_RESOLUTION ? cell : cellToParent(cell, MATCH_RESOLUTION)}`;
}

/** Whole minutes two half-open windows share (0 when they only touch or are apart). */
export function overlapMinutes(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const ms = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return ms > 0 ? Math.floor(ms / MINUTE_MS) : 0;
}

/** The rule itself: same place, overlap ≥ minOverlapMinutes (at least 1). */
export function isEncounter(a: Visit, b: Visit, minOverlapMinutes: number): boolean {
  return a.place === b.place && a.person !== b.person && overlapMinutes(a, b) >= Math.max(1, minOverlapMinutes);
}

export interface Exposure {
  person: string;
  /** Sum of the qualifying encounters' overlaps: the ranking key. */
  totalMinutes: number;
  encounters: number;
  /** Longest single encounter. */
  longestMinutes: number;
  places: string[];
  firstAt: number;
  lastAt: number;
}

export interface ContactQuery {
  from: number;
  to: number;
  minOverlapMinutes: number;
}

/**
 * Merge a person's own visits per place after clipping them to [from, to): overlapping own visits at one place
 * (a scan and a check-in) then count once, not twice.
 */
export function ownIntervals(visits: readonly Visit[], from: number, to: number): Map<string, { start: number; end: number }[]> {
  const byPlace = new Map<string, { start: number; end: number }[]>();
  for (const v of visits) {
    const start = Math.max(v.start, from);
    const end = Math.min(v.end, to);
    if (end <= start) continue;
    let list = byPlace.get(v.place);
    if (!list) byPlace.set(v.place, (list = []));
    list.push({ start, end });
  }
  for (const [place, list] of byPlace) {
    list.sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const iv of list) {
      const last = merged[merged.length - 1];
      if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
      else merged.push({ ...iv });
    }
    byPlace.set(place, merged);
  }
  return byPlace;
}

/**
 * Everyone who met `person` under the rule, within the query window, ranked by exposure (total minutes, then
 * encounters, then pseudonym, so the order is total and stable). `candidates` may hold anything (the service
 * hands it the visits of the case's places in the window); only rule-satisfying pairs count.
 */
export function findContacts(person: string, own: readonly Visit[], candidates: readonly Visit[], q: ContactQuery): Exposure[] {
  const mine = ownIntervals(
    own.filter((v) => v.person === person),
    q.from,
    q.to,
  );
  const min = Math.max(1, q.minOverlapMinutes);
  const out = new Map<string, Exposure & { placeSet: Set<string> }>();
  for (const v of candidates) {
    if (v.person === person) continue;
    const list = mine.get(v.place);
    if (!list) continue;
    for (const iv of list) {
      const m = overlapMinutes(iv, v);
      if (m < min) continue;
      const at = Math.max(iv.start, v.start);
      let e = out.get(v.person);
      if (!e) {
        e = { person: v.person, totalMinutes: 0, encounters: 0, longestMinutes: 0, places: [], placeSet: new Set(), firstAt: at, lastAt: at };
        out.set(v.person, e);
      }
      e.totalMinutes += m;
      e.encounters++;
      e.longestMinutes = Math.max(e.longestMinutes, m);
      e.placeSet.add(v.place);
      e.firstAt = Math.min(e.firstAt, at);
      e.lastAt = Math.max(e.lastAt, at);
    }
  }
  return [...out.values()].map(({ placeSet, ...e }) => ({ ...e, places: [...placeSet].sort() })).sort(rankExposure);
}

export function rankExposure(a: Exposure, b: Exposure): number {
  return b.totalMinutes - a.totalMinutes || b.encounters - a.encounters || (a.person < b.person ? -1 : a.person > b.person ? 1 : 0);
}

export interface TracedContact extends Exposure {
  depth: number;
  /** The contact (or the case) through whom this person was reached. */
  via: string;
}

/** Where the tracer reads visits: a person's own visits in a window, and everyone else's at those places then. */
export interface VisitSource {
  own(person: string, from: number, to: number): Promise<Visit[]>;
  atPlaces(places: { place: string; from: number; to: number }[]): Promise<Visit[]>;
}

/** A contact may pass it on from first exposure for this many days (an incubation period's upper end). */
export const ONWARD_DAYS = 14;

/**
 * Contacts to `depth` (1 or 2). A contact's own contacts are looked for from its first exposure (when it could
 * have been infected) for `onwardDays` (default {@link ONWARD_DAYS}); each person appears once, at the smallest depth.
 */
export async function traceContacts(person: string, q: ContactQuery & { depth: number; onwardDays?: number }, source: VisitSource): Promise<TracedContact[]> {
  const onward = (q.onwardDays ?? ONWARD_DAYS) * 86_400_000;
  const seen = new Set([person]);
  const result: TracedContact[] = [];
  let frontier: { person: string; from: number; to: number }[] = [{ person, from: q.from, to: q.to }];
  for (let depth = 1; depth <= q.depth && frontier.length; depth++) {
    const next: { person: string; from: number; to: number }[] = [];
    const level: TracedContact[] = [];
    for (const f of frontier) {
      const own = await source.own(f.person, f.from, f.to);
      const places = [...ownIntervals(own, f.from, f.to)].flatMap(([place, ivs]) => ivs.map((iv) => ({ place, from: iv.start, to: iv.end })));
      if (!places.length) continue;
      const found = findContacts(f.person, own, await source.atPlaces(places), { ...q, from: f.from, to: f.to });
      for (const e of found) {
        if (seen.has(e.person)) continue;
        seen.add(e.person);
        level.push({ ...e, depth, via: f.person });
        next.push({ person: e.person, from: e.firstAt, to: e.firstAt + onward });
      }
    }
    result.push(...level.sort(rankExposure));
    frontier = next;
  }
  return result;
}
