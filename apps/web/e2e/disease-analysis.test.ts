import path from "node:path";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal } from "./portal.ts";

// Issue 11: the analysis dashboard's weekly Farrington panel for a notifiable disease and the nowcast band on
// the daily COVID-19 counts. portal.ts seeds one weekly series: the first city's influenza, with its outbreak.
describe("weekly diseases and the nowcast on the analysis dashboard", () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("shows Farrington's weekly bands with alarms for influenza, and a nowcast band on the last days' COVID-19 counts", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, portal, "decision@vigil.example");
    await page.waitForURL(/\/analysis/);
    await page.goto(`${portal.url}/analysis?region=RL-01`);

    const weekly = page.locator('[data-testid="farrington-chart"][data-disease="INFLUENZA"]');
    await weekly.waitFor();
    // Two years of weeks, the band drawn as an area, at least one alarm (the planted outbreak) as a marker.
    expect(Number(await weekly.getAttribute("data-weeks"))).toBeGreaterThan(100);
    expect(Number(await weekly.getAttribute("data-alarms"))).toBeGreaterThan(0);
    // recharts draws after hydration and its measuring pass: wait for the band and the markers, then count them.
    await weekly.locator("svg .recharts-area-area").first().waitFor({ timeout: 30_000 });
    await weekly.locator("svg path.farrington-alarm").first().waitFor({ timeout: 30_000 });
    expect(await weekly.locator("svg .recharts-area-area").count()).toBeGreaterThan(0);
    expect(await weekly.locator("svg path.farrington-alarm").count()).toBe(Number(await weekly.getAttribute("data-alarms")));
    // The table alternative lists the alarms with their bounds: every "yes" row's count exceeds its bound.
    const rows = await weekly
      .locator('[data-testid="farrington-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    const alarms = rows.filter((r) => r[4] === "yes");
    expect(alarms.length).toBeGreaterThan(0);
    for (const r of alarms) expect(Number(r[1])).toBeGreaterThan(Number(r[3]));
    await page.locator("#risk-weekly-influenza").scrollIntoViewIfNeeded();
    const weeklyShot = path.join(OUTPUT_DIR, "analysis-farrington-influenza.png");
    await page.locator("#risk-weekly-influenza").screenshot({ path: weeklyShot });
    expect(existsSync(weeklyShot)).toBe(true);

    // The nowcast: days still expecting late reports get a band whose interval holds what was reported so far.
    const now = page.locator('[data-testid="nowcast-chart"]');
    await now.waitFor();
    expect(Number(await now.getAttribute("data-open-days"))).toBeGreaterThan(0);
    await now.locator("svg .recharts-area-area").first().waitFor({ timeout: 30_000 });
    expect(await now.locator("svg .recharts-area-area").count()).toBeGreaterThan(0);
    const open = await now
      .locator('[data-testid="nowcast-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    expect(open.length).toBe(Number(await now.getAttribute("data-open-days")));
    for (const [, observed, median, interval] of open) {
      const [lower, upper] = interval!.split("–").map(Number);
      expect(Number(median)).toBeGreaterThanOrEqual(Number(observed));
      expect(lower).toBeGreaterThanOrEqual(Number(observed));
      expect(upper).toBeGreaterThanOrEqual(Number(median));
    }
    // The latest day is the least complete: its nowcast adds the most to what was reported.
    const [, obsLast, medLast] = open.at(-1)!;
    expect(Number(medLast)).toBeGreaterThan(Number(obsLast));
    await expect.poll(() => page.locator("#risk-rt-title").textContent()).toContain("from local transmission");
    await page.locator("#risk-nowcast").scrollIntoViewIfNeeded();
    const nowShot = path.join(OUTPUT_DIR, "analysis-nowcast-covid.png");
    await page.locator("#risk-nowcast").screenshot({ path: nowShot });
    expect(existsSync(nowShot)).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "analysis-diseases-full.png"), fullPage: true });
    await page.close();
  });
});
