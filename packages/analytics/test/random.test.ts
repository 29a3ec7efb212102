import { describe, expect, it } from "vitest";
import { createRng } from "../src/index.ts";

// The samplers' statistics are tested in packages/scenario/test/random.test.ts (the default stream);
// here: the two stream variants stay what they were when the scenario's and the projection's copies
// were merged (values recorded then, after checking both old copies gave the same), and options are checked.
describe("createRng streams", () => {
  it("default stream (the demo scenario's)", () => {
    const r = createRng(20200123);
    expect([r.uint32(), r.uint32(), r.next(), r.normal(), r.poisson(3.5), r.poisson(250), r.gamma(0.7, 2)]).toEqual([
      1108050303, 1480410797, 0.05232152859069139, -0.574016344808717, 1, 249, 0.26239103092006355,
    ]);
  });

  it("splitmix32 seeding with polar normals (the projection's)", () => {
    const r = createRng(42, { seeding: "splitmix32", normal: "polar" });
    expect([r.uint32(), r.uint32(), r.next(), r.normal(), r.normal(), r.poisson(3.5), r.poisson(250), r.gamma(0.7, 2)]).toEqual([
      2837322924, 544945897, 0.1117019639532224, 0.15178267621950975, -0.12624145471928355, 5, 226, 0.042904596476553175,
    ]);
  });

  it("polar normals come in pairs and are standard normal", () => {
    const r = createRng(7, { normal: "polar" });
    let sum = 0;
    let sumSq = 0;
    const n = 40_000;
    for (let k = 0; k < n; k++) {
      const z = r.normal(10, 2);
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(sumSq / n - mean * mean)).toBeCloseTo(2, 1);
  });

  it("rejects unknown options", () => {
    expect(() => createRng(1, { seeding: "other" as "mixed" })).toThrow(/seeding/);
    expect(() => createRng(1, { normal: "ziggurat" as "polar" })).toThrow(/normal/);
  });
});
