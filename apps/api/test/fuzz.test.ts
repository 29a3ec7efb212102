import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type Running } from "./harness.ts";
import { formatReport, runFuzz } from "../scripts/fuzz-run.ts";

/**
 * Issue 8, acceptance 2 (shortened): 1,000 schema-driven fuzz requests against the real API on PostgreSQL
 * (`npm run fuzz` sends 10,000). No internal error, no response ≥ 500, memory within +50 MB, and every
 * rejected request that could write left the log and every table unchanged.
 */
describe("fuzzing the GraphQL API (PostgreSQL)", () => {
  let run: Running;
  beforeAll(async () => {
    run = await startVigil("postgres");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("survives 1,000 hostile requests: 0 internal errors, 0 responses ≥ 500, rejected writes change nothing", async () => {
    const v = run.vigil;
    const logins = v.demoLogins!;
    const tokens: Record<string, string> = {};
    for (const u of logins.users) tokens[u.role] ??= await run.login(u.email);
    const departments = await v.db.prisma.department.findMany({ select: { code: true } });
    const report = await runFuzz({
      url: run.url,
      sdl: readFileSync(path.resolve(import.meta.dirname, "../../../schema.graphql"), "utf8"),
      db: v.db,
      tokens,
      hints: {
        regionCodes: v.services.regions.all().map((r) => r.code),
        departmentCodes: departments.map((d) => d.code),
        emails: logins.users.map((u) => u.email),
        latestDay: (await v.services.reports.latestDay())!,
      },
      count: 1_000,
      seed: Number(process.env.VIGIL_FUZZ_SEED ?? 8),
      timeLimitMs: 75_000,
      memory: () => process.memoryUsage().rss,
    });
    console.log(formatReport(report));
    expect(report.failures).toEqual([]);
    expect(report.requests).toBeGreaterThanOrEqual(500);
    expect(report.internalErrors).toBe(0);
    expect(report.status5xx).toBe(0);
    expect(report.changedByRejected).toBe(0);
    expect(report.rejectedWritesChecked).toBeGreaterThan(50);
    expect(report.rssAfterMb - report.rssBeforeMb).toBeLessThanOrEqual(50);
  });
});
