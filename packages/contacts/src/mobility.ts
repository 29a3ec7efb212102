/**
 * Synthetic mobility with a planted outbreak chain: ticket scans (transport), checkpoint scans at workplaces
 * (public security) and venue check-ins, for `people` pseudonymous people over `days` days across districts.
 * Seeded (xoshiro128** from @vigil/analytics), so a seed always gives the same visits. The planted index case has
 * no background visits: its only visits are the planted meetings at venues nobody else uses, so its close
 * contacts under the default rule are exactly the planted ones, and the near misses (too short, outside the
 * infectious window, touching windows) test the rule's boundaries on the demo itself.
 */
import { createRng } from "@vigil/analytics";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { cellToParent, gridDisk, latLngToCell } from "h3-js";
import type { Certainty, ExposureType } from "./chain.ts";
import { DAY_MS, MATCH_RESOLUTION, MINUTE_MS } from "./overlap.ts";
import { DEFAULT_INFECTIOUS_PERIOD } from "./window.ts";

export type VisitSourceKind = "transport" | "public-security" | "venue";

export interface GeneratedVisit {
  person: string;
  cell: string | null;
  venue: string | null;
  /** Matching key (see placeKey). */
  place: string;
  start: number;
  end: number;
  source: VisitSourceKind;
  district: string;
}

export interface PlantedLink {
  source: string;
  target: string;
  contactDate: number;
  exposureType: ExposureType;
  certainty: Certainty;
  durationMinutes: number;
}

export interface PlantedChain {
  index: string;
  onset: number;
  isolation: number;
  /** First generation: met the index case under the rule inside its infectious window. */
  contacts: string[];
  /** Met the first planted contact after their exposure (contacts of contacts). */
  secondGeneration: string[];
  /** Met the index case but not under the rule: 10 minutes, before the window, touching windows. */
  nearMisses: string[];
  links: PlantedLink[];
}

export interface Mobility {
  people: string[];
  visits: GeneratedVisit[];
  plant: PlantedChain;
}

export interface MobilityOptions {
  people: number;
  days: number;
  /** Midnight UTC of the first day (ms). */
  start: number;
  districts: readonly string[];
  seed?: number;
  /** Called every 10 % of people. */
  progress?: (done: number, total: number) => void;
}

/** An opaque pseudonym per person of a seeded population (stands in for the pseudonym service's output). */
export function syntheticPseudonym(seed: number, i: number): string {
  return `ps-${bytesToHex(sha256(utf8ToBytes(`vigil-mobility/1/${seed}/${i}`))).slice(0, 20)}`;
}

// Riverland is fictional; its districts are laid on a grid around this point so cells are real H3 cells.
const ORIGIN = { lat: 30.25, lng: 120.15 };

function districtCells(k: number): { stations: string[]; work: string[] } {
  const lat = ORIGIN.lat + Math.floor(k / 4) * 0.06;
  const lng = ORIGIN.lng + (k % 4) * 0.07;
  const centre = latLngToCell(lat, lng, MATCH_RESOLUTION);
  const disk = gridDisk(centre, 6);
  // Workplaces are scanned at resolution 10 (a building's gate); stations at 9.
  const work = disk.map((c, i) => latLngToCell(lat + ((i % 13) - 6) * 0.0021, lng + (Math.floor(i / 13) - 6) * 0.0024, 10));
  return { stations: disk.slice(0, 24), work };
}

export function generateMobility(opts: MobilityOptions): Mobility {
  const seed = opts.seed ?? 15;
  const rng = createRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)]!;
  const people = Array.from({ length: opts.people }, (_, i) => syntheticPseudonym(seed, i));
  const pools = opts.districts.map((d, k) => {
    const { stations, work } = districtCells(k);
    return {
      code: d,
      stations: stations.map((c) => ({ cell: c, place: `h3:${c}` })),
      work: work.map((c) => ({ cell: c, place: `h3:${cellToParent(c, MATCH_RESOLUTION)}` })),
      venues: Array.from({ length: 30 }, (_, i) => `${d}/venue-${String(i + 1).padStart(2, "0")}`),
    };
  });
  const visits: GeneratedVisit[] = [];
  const at = (day: number, minute: number) => opts.start + day * DAY_MS + minute * MINUTE_MS;
  const step = Math.max(1, Math.floor(opts.people / 10));
  // Person 0 is the index case: no background visits (see the module comment).
  for (let i = 1; i < opts.people; i++) {
    const home = pools[i % pools.length]!;
    const workPool = rng.next() < 0.7 ? home : pick(pools);
    const work = pick(workPool.work);
    const person = people[i]!;
    for (let day = 0; day < opts.days; day++) {
      const weekday = (day + 3) % 7 < 5;
      if (rng.next() < 0.6) {
        const s = pick(home.stations);
        const t = int(6 * 60, 21 * 60);
        visits.push({
          person,
          cell: s.cell,
          venue: null,
          place: s.place,
          start: at(day, t),
          end: at(day, t + int(5, 25)),
          source: "transport",
          district: home.code,
        });
      }
      if (weekday && rng.next() < 0.5) {
        const t = int(7 * 60, 10 * 60);
        visits.push({
          person,
          cell: work.cell,
          venue: null,
          place: work.place,
          start: at(day, t),
          end: at(day, t + int(240, 540)),
          source: "public-security",
          district: workPool.code,
        });
      }
      if (rng.next() < 0.35) {
        const v = pick(home.venues);
        const t = int(17 * 60, 22 * 60);
        visits.push({
          person,
          cell: null,
          venue: v,
          place: `venue:${v}`,
          start: at(day, t),
          end: at(day, t + int(30, 120)),
          source: "venue",
          district: home.code,
        });
      }
    }
    if (opts.progress && i % step === 0) opts.progress(i, opts.people);
  }
  const plant = plantChain(opts, people, visits, pools[0]!.code);
  opts.progress?.(opts.people, opts.people);
  return { people, visits, plant };
}

function plantChain(opts: MobilityOptions, people: string[], visits: GeneratedVisit[], district: string): PlantedChain {
  const n = people.length;
  const index = people[0]!;
  const onsetDay = Math.max(3, opts.days - 10);
  const onset = opts.start + onsetDay * DAY_MS + 8 * 3_600_000;
  const isolation = onset + 3 * DAY_MS;
  const windowStart = onset - DEFAULT_INFECTIOUS_PERIOD.daysBeforeOnset * DAY_MS;
  // Planted people are spread through the population (they keep their own background visits).
  const who = (k: number) => people[1 + ((k * 7919) % (n - 1))]!;
  const venue = (name: string) => `${district}/${name}`;
  const meet = (person: string, place: string, start: number, minutes: number, source: VisitSourceKind = "venue") =>
    visits.push({ person, cell: null, venue: place, place: `venue:${place}`, start, end: start + minutes * MINUTE_MS, source, district });
  const contacts: string[] = [];
  const links: PlantedLink[] = [];
  const spots = ["teahouse", "gym", "choir-hall", "night-market", "clinic-waiting-room"];
  for (let k = 0; k < 5; k++) {
    const p = who(k + 1);
    const start = windowStart + (k + 1) * 18 * 3_600_000; // spread over the window
    const minutes = 15 + k * 20; // 15 (exactly the threshold), 35, 55, 75, 95
    meet(index, venue(spots[k]!), start, minutes + 5);
    meet(p, venue(spots[k]!), start + 5 * MINUTE_MS, minutes + 30);
    contacts.push(p);
    links.push({
      source: index,
      target: p,
      contactDate: start,
      exposureType: k === 4 ? "HEALTHCARE" : "SHARED_SPACE",
      certainty: k < 2 ? "MEDIUM" : "HIGH",
      durationMinutes: minutes,
    });
  }
  const nearMisses: string[] = [];
  {
    // 1: ten minutes together (below 15). 2: the meeting ends exactly when the window opens. 3: arrives as the index leaves.
    const p1 = who(11);
    meet(index, venue("bakery"), windowStart + 30 * 3_600_000, 10);
    meet(p1, venue("bakery"), windowStart + 30 * 3_600_000, 10);
    const p2 = who(12);
    meet(index, venue("karaoke"), windowStart - 60 * MINUTE_MS, 60);
    meet(p2, venue("karaoke"), windowStart - 60 * MINUTE_MS, 60);
    const p3 = who(13);
    const leave = windowStart + 40 * 3_600_000;
    meet(index, venue("barber"), leave - 45 * MINUTE_MS, 45);
    meet(p3, venue("barber"), leave, 45);
    nearMisses.push(p1, p2, p3);
  }
  const a = contacts[2]!;
  const aExposed = links[2]!.contactDate;
  const secondGeneration: string[] = [];
  for (let k = 0; k < 3; k++) {
    const p = who(21 + k);
    const start = aExposed + (k + 1) * DAY_MS;
    meet(a, venue(`household-${k + 1}`), start, 120);
    meet(p, venue(`household-${k + 1}`), start, 120);
    secondGeneration.push(p);
    links.push({ source: a, target: p, contactDate: start, exposureType: "HOUSEHOLD", certainty: "HIGH", durationMinutes: 120 });
  }
  return { index, onset, isolation, contacts, secondGeneration, nearMisses, links };
}
