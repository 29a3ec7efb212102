import { describe, expect, it } from "vitest";
import { cellToParent, getResolution, gridDisk, latLngToCell } from "h3-js";
import {
  chainOf,
  clusters,
  DAY_MS,
  findContacts,
  generateMobility,
  infectiousWindow,
  isEncounter,
  MINUTE_MS,
  narrowWindow,
  overlapMinutes,
  placeKey,
  timeHierarchicalLayout,
  traceContacts,
  type Visit,
  visitsCommitment,
} from "../src/index.ts";

const T0 = Date.UTC(2026, 10, 1);
const m = (minutes: number) => T0 + minutes * MINUTE_MS;
const v = (person: string, place: string, from: number, to: number): Visit => ({ person, place, start: m(from), end: m(to) });
const cell9 = latLngToCell(30.25, 120.15, 9);
const q = { from: m(-10_000), to: m(10_000), minOverlapMinutes: 15 };

describe("overlap rule at the time boundaries", () => {
  it("counts exactly the threshold, not one minute less, and never touching windows", () => {
    expect(overlapMinutes({ start: m(0), end: m(30) }, { start: m(15), end: m(60) })).toBe(15);
    expect(isEncounter(v("a", "p", 0, 30), v("b", "p", 15, 60), 15)).toBe(true);
    expect(isEncounter(v("a", "p", 0, 30), v("b", "p", 16, 60), 15)).toBe(false);
    expect(overlapMinutes({ start: m(0), end: m(30) }, { start: m(30), end: m(60) })).toBe(0);
    expect(isEncounter(v("a", "p", 0, 30), v("b", "p", 30, 60), 0)).toBe(false);
    // 14 min 59 s is not 15 minutes.
    expect(overlapMinutes({ start: m(0), end: m(30) }, { start: m(15) + 1000, end: m(60) })).toBe(14);
  });

  it("does not sum short encounters into a contact", () => {
    const own = [v("case", "p", 0, 10), v("case", "p", 100, 110)];
    expect(findContacts("case", own, [v("b", "p", 0, 10), v("b", "p", 100, 110)], q)).toEqual([]);
  });

  it("clips the case's visits to the window: overlap outside it does not count", () => {
    const own = [v("case", "p", 0, 60)];
    const other = [v("b", "p", 0, 60)];
    expect(findContacts("case", own, other, { ...q, from: m(50) })).toEqual([]);
    expect(findContacts("case", own, other, { ...q, from: m(45) })[0]?.totalMinutes).toBe(15);
    expect(findContacts("case", own, other, { ...q, to: m(14) })).toEqual([]);
  });

  it("merges the case's own overlapping visits at one place (a scan and a check-in count once)", () => {
    const own = [v("case", "p", 0, 60), v("case", "p", 30, 90)];
    const [e] = findContacts("case", own, [v("b", "p", 0, 120)], q);
    expect(e).toMatchObject({ person: "b", totalMinutes: 90, encounters: 1 });
  });
});

describe("overlap rule at the cell boundaries", () => {
  it("matches a resolution-10 scan with the resolution-9 cell that contains it, never a neighbour", () => {
    const child = latLngToCell(30.25, 120.15, 10);
    expect(placeKey({ cell: child })).toBe(`h3:${cellToParent(child, 9)}`);
    expect(placeKey({ cell: cellToParent(child, 9) })).toBe(placeKey({ cell: child }));
    const neighbour = gridDisk(cell9, 1).find((c) => c !== cell9)!;
    expect(placeKey({ cell: neighbour })).not.toBe(placeKey({ cell: cell9 }));
    const a = { person: "case", place: placeKey({ cell: cell9 }), start: m(0), end: m(60) };
    const b = { person: "b", place: placeKey({ cell: neighbour }), start: m(0), end: m(60) };
    expect(findContacts("case", [a], [b], q)).toEqual([]);
    expect(findContacts("case", [a], [{ ...b, place: placeKey({ cell: cellToParent(child, 9) === cell9 ? child : cell9 }) }], q)).toHaveLength(1);
  });

  it("refuses other resolutions, non-cells and a cell with a venue", () => {
    expect(() => placeKey({ cell: latLngToCell(30.25, 120.15, 8) })).toThrow(/resolution 8/);
    expect(() => placeKey({ cell: latLngToCell(30.25, 120.15, 11) })).toThrow(/resolution 11/);
    expect(() => placeKey({ cell: "not-a-cell" })).toThrow(/not an H3 cell/);
    expect(() => placeKey({ cell: cell9, venue: "x" })).toThrow(/not both/);
    expect(placeKey({ venue: "RL-01/teahouse" })).toBe("venue:RL-01/teahouse");
    expect(getResolution(cell9)).toBe(9);
  });

  it("a venue and a cell never match each other", () => {
    const own = [{ person: "case", place: "venue:x", start: m(0), end: m(60) }];
    expect(findContacts("case", own, [{ person: "b", place: placeKey({ cell: cell9 }), start: m(0), end: m(60) }], q)).toEqual([]);
  });
});

describe("ranking and depth", () => {
  it("ranks by total minutes, then encounters, then pseudonym", () => {
    const own = [v("case", "p", 0, 120), v("case", "r", 200, 260)];
    const others = [v("c", "p", 0, 30), v("b", "p", 0, 60), v("d", "p", 0, 15), v("d", "r", 200, 215), v("a", "p", 0, 30)];
    const r = findContacts("case", own, others, q);
    expect(r.map((e) => [e.person, e.totalMinutes, e.encounters])).toEqual([
      ["b", 60, 1],
      ["d", 30, 2],
      ["a", 30, 1],
      ["c", 30, 1],
    ]);
    expect(r[1]?.places).toEqual(["p", "r"]);
  });

  it("depth 2 finds contacts of contacts after their exposure only, each person once", async () => {
    const all = [
      v("case", "p", 0, 60),
      v("b", "p", 0, 60),
      v("b", "home", 1000, 1100), // after b's exposure
      v("x", "home", 1000, 1100),
      v("b", "gym", -500, -400), // before b's exposure: not onward
      v("y", "gym", -500, -400),
      v("case", "q", 2000, 2100),
      v("x", "q", 2000, 2100), // x is also a direct contact: depth 1 wins
    ];
    const source = {
      own: async (p: string, from: number, to: number) => all.filter((x) => x.person === p && x.end > from && x.start < to),
      atPlaces: async (ps: { place: string; from: number; to: number }[]) =>
        all.filter((x) => ps.some((p) => p.place === x.place && x.end > p.from && x.start < p.to)),
    };
    const d1 = await traceContacts("case", { ...q, depth: 1 }, source);
    expect(d1.map((c) => c.person).sort()).toEqual(["b", "x"]);
    const d2 = await traceContacts("case", { ...q, depth: 2 }, source);
    expect(d2.map((c) => [c.person, c.depth])).toEqual(
      expect.arrayContaining([
        ["b", 1],
        ["x", 1],
      ]),
    );
    expect(d2.some((c) => c.person === "y")).toBe(false);
    const onlyB = [v("case", "p", 0, 60), v("b", "p", 0, 60), v("b", "home", 1000, 1100), v("z", "home", 1000, 1100)];
    const src2 = { own: async (p: string) => onlyB.filter((x) => x.person === p), atPlaces: async () => onlyB };
    expect((await traceContacts("case", { ...q, depth: 2 }, src2)).map((c) => [c.person, c.depth, c.via])).toEqual([
      ["b", 1, "case"],
      ["z", 2, "b"],
    ]);
  });
});

describe("infectious window", () => {
  it("defaults to 2 days before onset until isolation", () => {
    const onset = T0 + 10 * DAY_MS;
    expect(infectiousWindow(onset, onset + DAY_MS)).toEqual({ from: onset - 2 * DAY_MS, to: onset + DAY_MS });
    expect(infectiousWindow(onset, null).to).toBe(onset + 14 * DAY_MS);
    expect(() => infectiousWindow(onset, onset - 3 * DAY_MS)).toThrow(RangeError);
    expect(narrowWindow({ from: 0, to: 100 }, 50, 200)).toEqual({ from: 50, to: 100 });
    expect(narrowWindow({ from: 0, to: 100 }, 100, null)).toBeNull();
  });
});

describe("commitments", () => {
  it("do not depend on row order and change with any field", () => {
    const a = { person: "a", place: "p", start: 1, end: 2, source: "TRANS" };
    const b = { person: "b", place: "p", start: 1, end: 3, source: "TRANS" };
    expect(visitsCommitment("vigil-visit-batch/1", [a, b])).toBe(visitsCommitment("vigil-visit-batch/1", [b, a]));
    expect(visitsCommitment("vigil-visit-batch/1", [a, b])).not.toBe(visitsCommitment("vigil-visit-batch/1", [a, { ...b, end: 4 }]));
    expect(visitsCommitment("vigil-visit-batch/1", [a])).not.toBe(visitsCommitment("vigil-visit-deletion/1", [a]));
  });
});

describe("chains, clusters and layout", () => {
  const links = [
    { source: "a", target: "b" },
    { source: "b", target: "c" },
    { source: "x", target: "y" },
    { source: "a", target: "d" },
  ];
  it("clusters are connected components, largest first", () => {
    expect(clusters(links)).toEqual([
      ["a", "b", "c", "d"],
      ["x", "y"],
    ]);
    expect(chainOf("c", links)).toHaveLength(3);
    expect(chainOf("y", links)).toEqual([{ source: "x", target: "y" }]);
  });
  it("lays out by time and generation, no two nodes on one spot", () => {
    const nodes = [
      { id: "a", time: T0 },
      { id: "b", time: T0 + DAY_MS },
      { id: "c", time: T0 + 2 * DAY_MS },
      { id: "d", time: T0 + DAY_MS },
    ];
    const pos = timeHierarchicalLayout(nodes, links.slice(0, 2).concat(links[3]!));
    expect(pos.get("a")!.x).toBeLessThan(pos.get("b")!.x);
    expect(pos.get("b")!.x).toBeLessThan(pos.get("c")!.x);
    expect(pos.get("b")!.x).toBe(pos.get("d")!.x);
    expect(new Set([...pos.values()].map((p) => `${p.x},${p.y}`)).size).toBe(4);
  });
});

describe("synthetic mobility", () => {
  const bruteForce = (mob: ReturnType<typeof generateMobility>, minOverlap = 15) => {
    const w = infectiousWindow(mob.plant.onset, mob.plant.isolation);
    const own = mob.visits.filter((x) => x.person === mob.plant.index);
    return findContacts(mob.plant.index, own, mob.visits, { ...w, minOverlapMinutes: minOverlap });
  };

  it("at full size (20,000 people × 30 days) the index case's contacts are exactly the planted ones", () => {
    const mob = generateMobility({ people: 20_000, days: 30, start: T0, districts: ["RL-01-01", "RL-01-02", "RL-01-03", "RL-02-01"] });
    expect(mob.people).toHaveLength(20_000);
    expect(new Set(mob.people).size).toBe(20_000);
    expect(mob.visits.length).toBeGreaterThan(500_000);
    expect(mob.visits.every((x) => x.end > x.start && x.end - x.start <= 12 * 60 * MINUTE_MS)).toBe(true);
    const found = bruteForce(mob).map((e) => e.person);
    expect(found.sort()).toEqual([...mob.plant.contacts].sort());
    for (const p of mob.plant.nearMisses) expect(found).not.toContain(p);
    // The near misses are real misses of the rule: with no threshold and no window they would be found.
    const loose = findContacts(
      mob.plant.index,
      mob.visits.filter((x) => x.person === mob.plant.index),
      mob.visits,
      { from: 0, to: Number.MAX_SAFE_INTEGER, minOverlapMinutes: 1 },
    );
    expect(loose.map((e) => e.person)).toEqual(expect.arrayContaining(mob.plant.nearMisses.slice(0, 2)));
  });

  it("is the same for the same seed, and small sizes keep the plant", () => {
    const a = generateMobility({ people: 200, days: 5, start: T0, districts: ["RL-01-03"] });
    const b = generateMobility({ people: 200, days: 5, start: T0, districts: ["RL-01-03"] });
    expect(a.visits).toEqual(b.visits);
    expect(
      bruteForce(a)
        .map((e) => e.person)
        .sort(),
    ).toEqual([...a.plant.contacts].sort());
    expect(a.plant.links).toHaveLength(8);
  });
});
