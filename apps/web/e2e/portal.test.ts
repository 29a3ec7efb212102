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
    await page.close();
  });

  it("lets a department officer submit a report through the form, and refuses nonsense with a message", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, portal, "officer@vigil.example");
    await page.waitForURL(/\/data/);
    const form = page.locator("form", { has: page.getByRole("button", { name: /submit/i }) });
    await form.waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, "data-officer.png"), fullPage: true });
    expect(await form.locator("select").first().locator("option").count()).toBeGreaterThan(0);
    await page.close();
  });
});
