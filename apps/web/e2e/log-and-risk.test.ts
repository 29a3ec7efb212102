import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal } from "./portal.ts";

describe("verifiability in the browser", () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // With `npm start`'s five local delegate nodes: the infrastructure page shows real finality.
    [portal, browser] = await Promise.all([startPortal({ VIGIL_NODES: "1" }), launchBrowser()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    await signIn(page, portal, "auditor@vigil.example");
    await page.waitForURL(/\/infrastructure/);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("verifies an entry's inclusion proof and checkpoint signature in the page, and shows a tampered proof as failed", async () => {
    await page.goto(`${portal.url}/log?entry=1200`);
    const status = page.locator('[data-testid="proof-status"]');
    await expectText(status, "Verified");
    expect(await status.getAttribute("data-state")).toBe("verified");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "log-verified.png"), fullPage: true });
    await page.locator('[data-testid="tamper-proof"]').click();
    await expectText(status, "Failed");
    expect(await status.getAttribute("data-state")).toBe("failed");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "log-tampered.png"), fullPage: true });
  });

  it("shows the delegates, each checkpoint's cosignatures, and finality on the infrastructure page", async () => {
    // The delegates start with the portal; the API offers them the latest checkpoint until they cosign it.
    const deadline = Date.now() + 120_000;
    let summary = "";
    for (;;) {
      await page.goto(`${portal.url}/infrastructure`);
      summary = (await page.locator('[data-testid="finality-summary"]').textContent()) ?? "";
      if (/ is final: cosigned by /.test(summary) || Date.now() > deadline) break;
      await page.waitForTimeout(1_000);
    }
    expect(summary).toMatch(/^Checkpoint [\d,]+ is final: cosigned by (d\d, ){3,4}d\d\.$/);
    expect(await page.locator('[data-testid="delegates-table"] tbody tr').count()).toBe(5);
    expect(await page.locator('[data-testid="checkpoint-finality"] tbody tr').first().textContent()).toMatch(/final$/);
    await page.locator("#finality").screenshot({ path: path.join(OUTPUT_DIR, "infrastructure-finality.png") });
  });

  it("keeps /chain links working: a permanent redirect to /log, query included", async () => {
    const res = await fetch(`${portal.url}/chain?entry=7`, { redirect: "manual" });
    expect(res.status).toBe(308);
    expect(new URL(res.headers.get("location")!, portal.url).pathname + new URL(res.headers.get("location")!, portal.url).search).toBe("/log?entry=7");
  });

  it("checks two checkpoints for consistency in the page", async () => {
    // A new report makes a second checkpoint, so there are two to compare.
    const officer = await browser.newPage();
    await signIn(officer, portal, "officer@vigil.example");
    await officer.waitForURL(/\/data/);
    const form = officer.locator('[data-testid="case-report-form"]');
    await form.waitFor();
    await form.locator('input[name="date"]').fill(new Date().toISOString().slice(0, 10));
    await form.locator('input[name="newConfirmed"]').fill("3");
    await form.getByRole("button", { name: /submit case report/i }).click();
    await officer.locator('[data-testid="report-entry-index"]').waitFor();
    await officer.close();
    await new Promise((r) => setTimeout(r, 1000)); // checkpoints are published within 250 ms of a write
    await page.goto(`${portal.url}/log`);
    const status = page.locator('[data-testid="consistency-status"]');
    await expectText(status, "Consistent");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "log-consistency.png"), fullPage: true });
  });

  it("shows the decision-maker bands, alarms, Rt with its interval and the projection, and rechecks an alert against the log", async () => {
    const dm = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
    await signIn(dm, portal, "decision@vigil.example");
    await dm.waitForURL(/\/analysis/);
    await dm.locator('[data-testid="risk-chart"] .alert-marker').first().waitFor({ state: "attached" });
    await dm.locator('[data-testid="rt-chart"] svg').first().waitFor();
    expect(await dm.locator('[data-testid="rt-chart"] .recharts-area, [data-testid="rt-chart"] .recharts-line').count()).toBeGreaterThan(0);
    await dm.locator('[data-testid="projection-summary"]').waitFor();
    expect(await dm.locator('[data-testid="projection-summary"]').textContent()).toMatch(/14/);
    await dm.locator('[data-testid="recheck-button"]').first().click();
    const result = dm.locator('[data-testid="recheck-result"]').first();
    await expectText(result, "Confirmed");
    await dm.screenshot({ path: path.join(OUTPUT_DIR, "analysis-rt-projection-recheck.png"), fullPage: true });
    await dm.close();
  });
});

async function expectText(locator: ReturnType<Page["locator"]>, prefix: string) {
  await locator.waitFor();
  await expect.poll(async () => (await locator.textContent())?.trim() ?? "", { timeout: 20_000 }).toMatch(new RegExp(`^${prefix}`));
}
