import { describe, expect, it } from "vitest";
import { formatSoak, runSoak, type SoakResult } from "../scripts/soak.ts";
import { freshPostgres } from "./harness.ts";

/**
 * Issue 8, acceptance 3: kill -9 under load, shortened (`npm run soak` is the full run). Real API processes
 * (src/main.ts), clients filing reports at full speed for distinct district-days as three departments.
 */
function expectSurvived(r: SoakResult) {
  console.log(formatSoak(r));
  const killed = r.instances.find((i) => i.killed)!;
  expect(r.acknowledged).toBeGreaterThan(0);
  // Every acknowledged report is in the database exactly once, with the id and entry it was acknowledged with.
  expect(r.presentOnce).toBe(r.acknowledged);
  expect(r.lost).toBe(0);
  expect(r.duplicates).toBe(0);
  // The log: no gap, and the full audit (leaves, subtree hashes, checkpoints, signatures, domain rows) passes.
  expect(r.gapFree).toBe(true);
  expect(r.audit).toBeNull();
  // The killed process came back and served again.
  expect(r.restartMs).not.toBeNull();
  expect(killed.acknowledgedAfterRestart).toBeGreaterThan(0);
  for (const i of r.instances) expect(i.errors, i.name).toEqual({});
  return killed;
}

describe("kill -9 under load", () => {
  it("PostgreSQL, two API processes: SIGKILL one mid-run and restart it; nothing acknowledged is lost or doubled, the survivor answers every request", async () => {
    const r = await runSoak({ backend: "postgres", databaseUrl: await freshPostgres(), seconds: 20, killAfter: 5, clientsPerInstance: 4 });
    const killed = expectSurvived(r);
    const survivor = r.instances.find((i) => !i.killed)!;
    expect(survivor.requests).toBeGreaterThan(0);
    expect(survivor.unanswered).toBe(0);
    expect(survivor.answered).toBe(survivor.requests);
    // Every answer an acknowledgement, or (for a retry of a request cut off by the kill) CONFLICT: it had been stored.
    expect(survivor.acknowledged + survivor.alreadyStored).toBe(survivor.requests);
    // Only the requests in flight at the kill went unanswered (each was filed again afterwards until settled).
    expect(killed.unanswered).toBeLessThanOrEqual(4);
  }, 300_000);

  it("PGlite, the one process: SIGKILL it mid-run and restart it; every acknowledged report is present once and the audit passes", async () => {
    const r = await runSoak({ backend: "pglite", seconds: 15, killAfter: 5, clientsPerInstance: 4 });
    expectSurvived(r);
  }, 300_000);
});
