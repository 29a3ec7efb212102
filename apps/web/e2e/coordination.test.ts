import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, recordExternalRequests, signIn, startPortal, type Portal } from "./portal.ts";

/** The business layer's coordination views: the seeded reporting story's work orders, latency per level, and the proven timeline. */
describe("coordination: work orders, latency and the reporting timeline", () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("shows the board by alert and level, the latency chart, and lets the health commission acknowledge its order", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    const external = recordExternalRequests(page);
    await signIn(page, portal, "decision@vigil.example");
    await page.waitForURL(/\/analysis/);
    await page.goto(`${portal.url}/business`);
    const board = page.locator('[data-testid="work-order-board"]');
    await board.waitFor();
    // The seeded story: one alert, orders for the district, the city and the province at once.
    const group = board.locator('[data-testid="work-order-group"]').first();
    const levels = await group.locator('[data-testid="work-order"] td:first-child').allTextContents();
    expect(levels.map((l) => l.split(" ")[0])).toEqual(["district", "city", "province", "province"]);
    // The latency chart is drawn (an SVG with bars) from the logged acknowledgements.
    const chart = page.locator('[data-testid="latency-chart"]');
    await chart.locator("svg .recharts-bar-rectangle").first().waitFor();
    expect(Number(await chart.getAttribute("data-rows"))).toBeGreaterThanOrEqual(4);
    // The story's supply requests: 20,000 respirators asked, 12,000 allocated, 8,000 short.
    const shortage = page.locator('[data-testid="resource-shortages"] tr', { hasText: "N95 respirators" });
    expect(await shortage.locator("td.num").textContent()).toMatch(/^8,000 of 20,000/);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "business-work-orders.png"), fullPage: true });

    // The commission's own order is still open: acknowledging it is a signed entry, and the row says so.
    const mine = group.locator('[data-testid="work-order"][data-status="OPEN"]', { has: page.getByRole("button", { name: "Acknowledge" }) });
    await mine.getByRole("button", { name: "Acknowledge" }).click();
    await group.locator('[data-testid="work-order"][data-status="ACKNOWLEDGED"]', { hasText: "Health Commission" }).waitFor();
    expect(external).toEqual([]);
    await page.close();
  });

  it("renders an alert's timeline from the log, each step linked to its entry's proof", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    await signIn(page, portal, "decision@vigil.example");
    await page.waitForURL(/\/analysis/);
    await page.goto(`${portal.url}/business`);
    await page
      .locator('[data-testid="work-order-group"]')
      .first()
      .getByRole("link", { name: /reporting timeline/i })
      .click();
    await page.waitForURL(/\/business\/timeline\?alert=\d+/);
    const steps = page.locator('[data-testid="timeline-step"]');
    await steps.first().waitFor();
    const kinds = await steps.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")));
    expect(kinds.slice(0, 2)).toEqual(["FIRST_REPORT", "ALERT"]);
    expect(kinds.filter((k) => k === "OPENED")).toHaveLength(4);
    expect(kinds).toContain("ACKNOWLEDGED");
    expect(kinds).toContain("IN_PROGRESS");
    const chart = page.locator('[data-testid="timeline-chart"]');
    await chart.locator("svg .recharts-scatter-symbol").first().waitFor();
    expect(Number(await chart.getAttribute("data-points"))).toBe(kinds.length);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "business-timeline.png"), fullPage: true });
    // A step's entry link opens the log explorer on that entry.
    const link = steps.nth(1).locator("a.entry-link");
    const index = (await link.textContent())!.replace("#", "");
    await link.click();
    await page.waitForURL(new RegExp(`/log\\?entry=${index}$`));
    await page.close();
  });
});
