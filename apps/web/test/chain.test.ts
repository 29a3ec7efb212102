import { describe, expect, it } from "vitest";
import { type ChainView, chainDrawing, compactChain, dotSize, fitToBox, LARGE_CHAIN, packColumns } from "../lib/chain";

const link = (source: string, target: string, followUp = "PENDING") => ({
  source,
  target,
  version: 1,
  contactDate: "2026-09-02T10:00:00.000Z",
  exposureType: "HOUSEHOLD",
  certainty: "HIGH",
  followUp,
  entryIndex: 7,
});

/** a infected b (the queried case), b's contact c. */
const THREE = [
  { pseudonym: "a", isCase: true, x: 0, y: 0 },
  { pseudonym: "b", isCase: true, x: 120, y: 0 },
  { pseudonym: "c", isCase: false, x: 240, y: 24 },
];

describe("the chain as the browser draws it", () => {
  it("indexes people once and links by index, dropping links to people the answer did not place", () => {
    const v = compactChain({
      casePseudonym: "b",
      nodes: THREE,
      links: [link("a", "b", "BECAME_CASE"), link("b", "c"), link("b", "ghost")],
    });
    expect(v.root).toBe(1);
    expect(v.people).toEqual(["a", "b", "c"]);
    expect([v.source, v.target]).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(v.followUp).toEqual(["BECAME_CASE", "PENDING"]);
    expect(v.day).toEqual(["2026-09-02", "2026-09-02"]);
  });

  it("stretches the layout to the box, keeping order on both axes, and centres a single column or row", () => {
    const { x, y } = fitToBox([0, 120, 240], [0, 2400, 1200], 1000, 500, 10);
    expect([...x]).toEqual([10, 500, 990]);
    expect([...y]).toEqual([10, 490, 250]);
    const one = fitToBox([5], [5], 100, 50, 0);
    expect([one.x[0], one.y[0]]).toEqual([50, 25]);
  });

  it("re-packs rows per day column, centred, in the API's order", () => {
    // Column 0 has three people (rows 0, 48, 24), column 120 one.
    expect(packColumns([0, 0, 0, 120], [0, 48, 24, 96])).toEqual([-1, 1, 0, 0]);
  });

  it("sizes dots to be clickable when few and a few pixels when thousands share the box", () => {
    expect(dotSize(3, 1000, 560)).toBe(14);
    expect(dotSize(5_000, 1000, 560)).toBeCloseTo(0.45 * Math.sqrt(112), 5);
    expect(dotSize(1_000_000, 1000, 560)).toBe(2);
  });

  it("draws a small chain whole: every person at a box position, every link, root and cases marked", () => {
    const v = compactChain({
      casePseudonym: "b",
      nodes: THREE,
      links: [link("a", "b", "BECAME_CASE"), link("b", "c")],
    });
    const d = chainDrawing(v, 800, 400);
    expect(d.shown).toEqual([0, 1, 2]);
    const nodes = d.elements.filter((e) => e.group === "nodes");
    expect(nodes.map((e) => [e.data.id, e.classes])).toEqual([
      ["n0", "case"],
      ["n1", "root"],
      ["n2", undefined],
    ]);
    for (const e of nodes) {
      expect(e.position!.x).toBeGreaterThanOrEqual(0);
      expect(e.position!.x).toBeLessThanOrEqual(800);
    }
    expect(d.elements.filter((e) => e.group === "edges").map((e) => [e.data.source, e.data.target])).toEqual([
      ["n0", "n1"],
      ["n1", "n2"],
    ]);
    expect(d.contactsOf.size).toBe(0);
  });

  it("draws a chain of thousands as its cases, each case's contacts folded into it for drawing on click", () => {
    const n = LARGE_CHAIN + 100;
    // Person 0 (the queried case) infected case 1; everyone else is a contact, of 0 or of 1.
    const v: ChainView = {
      root: 0,
      people: Array.from({ length: n }, (_, i) => `p${i}`),
      x: Array.from({ length: n }, (_, i) => (i < 2 ? i * 120 : 240)),
      y: Array.from({ length: n }, (_, i) => i * 24),
      isCase: Array.from({ length: n }, (_, i) => i < 2),
      source: Array.from({ length: n - 1 }, (_, j) => (j === 0 ? 0 : j % 3 === 0 ? 1 : 0)),
      target: Array.from({ length: n - 1 }, (_, j) => j + 1),
      day: [],
      exposure: [],
      certainty: [],
      followUp: [],
      version: [],
      entry: [],
    };
    const d = chainDrawing(v, 800, 400);
    expect(d.shown).toEqual([0, 1]);
    expect(d.elements.map((e) => [e.group, e.data.id, e.classes])).toEqual([
      ["nodes", "n0", "root has-contacts"],
      ["nodes", "n1", "case has-contacts"],
      ["edges", "e0", undefined],
    ]);
    const folded = [...d.contactsOf.values()].flat();
    expect(folded).toHaveLength(n - 2);
    expect(new Set(folded.map((j) => v.target[j])).size).toBe(n - 2);
    expect(d.contactsOf.get(1)!.every((j) => v.source[j] === 1)).toBe(true);
  });
});
