import { describe, expect, it } from "vitest";
import { findR } from "../bench/peers-r.ts";
import { formatReport, runPeers, same } from "../bench/peers-harness.ts";

// The small peer run (bench/peers.ts has the full one): R surveillance and EpiEstim when installed
// (.ci/run installs them), otherwise the harness must say so and how to install them.
const status = findR();

describe("R peer harness", () => {
  it("compares with a relative tolerance; NA only matches NA, infinities only themselves", () => {
    expect(same(1, 1 + 1e-7, 1e-6)).toBe(true);
    expect(same(1, 1 + 1e-5, 1e-6)).toBe(false);
    expect(same(null, Number.NaN, 1e-6)).toBe(true);
    expect(same(null, 0, 1e-6)).toBe(false);
    expect(same(Infinity, Infinity, 1e-6)).toBe(true);
    expect(same(Infinity, 1e300, 1e-6)).toBe(false);
  });

  it("reports a missing Rscript cleanly, with the install command", () => {
    const report = runPeers({ rscript: "/nonexistent/Rscript" });
    expect(report.ok).toBe(false);
    const text = formatReport(report);
    expect(text).toMatch(/^R not found/);
    expect(text).toContain("apt-get install -y r-cran-surveillance r-cran-epiestim");
  });

  it(`matches R on a small seeded sample (${status.ok ? `surveillance ${status.surveillance}, EpiEstim ${status.epiestim}` : status.reason})`, () => {
    const report = runPeers({ dailySeries: 8, days: 150, weeklySeries: 4, evaluatedWeeks: 6, nowcastSeries: 4 });
    if (!status.ok) {
      // No R on this machine: the harness must give the reason instead of rows.
      expect(report.ok).toBe(false);
      expect(formatReport(report)).toContain("apt-get install");
      return;
    }
    if (!report.ok) throw new Error(formatReport(report));
    const byMethod = new Map(report.rows.map((row) => [row.method, row]));
    for (const [method, row] of byMethod) {
      expect(row.compared, method).toBeGreaterThan(0);
      expect({ method, mismatches: row.mismatches, examples: row.examples }).toEqual({
        method,
        mismatches: 0,
        examples: row.examples.filter((e) => e.startsWith("(")),
      });
    }
  }, 180_000); // R starts once per method; on 2 busy cores this takes over a minute
});
