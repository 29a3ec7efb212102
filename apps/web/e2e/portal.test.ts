import path from "node:path";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, recordExternalRequests, signIn, startPortal, type Portal } from "./portal.ts";

describe("portal in headless Chromium", () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("prints the demo logins on start", () => {
    expect(portal.log()).toContain("decision@vigil.example");
    expect(portal.log()).toContain(portal.password);
  });

  it("shows the decision-maker the risk chart with alert markers, from loopback only", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const external = recordExternalRequests(page);
    await signIn(page, portal, "decision@vigil.example");
    await page.waitForURL(/\/analysis/);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const chart = page.locator('[data-testid="risk-chart"]');
    await chart.locator(".alert-marker").first().waitFor({ state: "attached" });
    expect(await chart.locator(".alert-marker").count()).toBeGreaterThanOrEqual(1);
    expect(await chart.locator("svg .recharts-bar-rectangle, svg .recharts-rectangle").count()).toBeGreaterThan(30);
    expect(await page.locator('[data-testid="risk-table"] tr').count()).toBeGreaterThanOrEqual(12);
    const shot = path.join(OUTPUT_DIR, "analysis-decision-maker.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(external).toEqual([]);
    // Drill down from the table (a click anywhere on the row) and switch detectors: both go through the URL.
    await page.locator('[data-testid="risk-table"] tr[data-region="RL-02"]').click();
    await page.waitForURL(/region=RL-02/);
    await expect.poll(() => page.locator("#risk-series-title").textContent()).toContain("Highfold City");
    await page.selectOption("#risk-detector", "EWMA");
    await page.waitForURL(/method=EWMA/);
    await expect.poll(() => page.locator('[data-testid="risk-method"]').textContent()).toBe("Method: EWMA");
    expect(external).toEqual([]);
    await page.close();
  });

  it("lets a department officer file a report through the form, and shows the server's refusal of a duplicate", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, portal, "officer@vigil.example");
    await page.waitForURL(/\/data/);
    const form = page.locator('[data-testid="case-report-form"]');
    await form.waitFor();
    // The officer's own district's daily chart renders, with no scope error on the page.
    await page.locator('[data-testid="reports-chart"] svg .recharts-bar-rectangle').first().waitFor();
    expect(await page.locator(".message.error").count()).toBe(0);
    await form.locator('select[name="regionCode"]').selectOption("RL-01-02");
    // The seeded history ends yesterday: today is a district-day nobody has reported yet.
    const today = new Date().toISOString().slice(0, 10);
    await form.locator('input[name="date"]').fill(today);
    await form.locator('input[name="newConfirmed"]').fill("17");
    await form.locator('input[name="tests"]').fill("300");
    await form.getByRole("button", { name: /submit case report/i }).click();
    const entry = page.locator('[data-testid="report-entry-index"]');
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/^#\d+$/);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "data-officer-submitted.png"), fullPage: true });
    // The same district-day again: the API refuses with CONFLICT and the form says why.
    await form.getByRole("button", { name: /submit case report/i }).click();
    const error = form.locator('.message.error[data-code="CONFLICT"]');
    await error.waitFor();
    // The API names the district and day it already holds (its wording may change; those two may not).
    expect(await error.textContent()).toMatch(new RegExp(`RL-01-02 .*${today}`));
    await page.close();
  });
});
