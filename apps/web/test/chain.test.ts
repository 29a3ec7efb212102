import { describe, expect, it } from "vitest";
import { compactChain, dotSize, fitToBox, packColumns } from "../lib/chain";

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

describe("the chain as the browser draws it", () => {
  it("indexes people once and links by index, dropping links to people the answer did not place", () => {
    const v = compactChain({
      casePseudonym: "b",
      nodes: [
        { pseudonym: "a", isCase: true, x: 0, y: 0 },
        { pseudonym: "b", isCase: true, x: 120, y: 0 },
        { pseudonym: "c", isCase: false, x: 240, y: 24 },
      ],
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
});
