import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal } from "./portal.ts";

/** The two layers whose pages change through forms: each change is signed onto the log and the page re-renders on the server. */
describe("business and policy layers", () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("lets the decision-maker assign a task and the owning department start it", async () => {
    const officer = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(officer, portal, "officer@vigil.example");
    await officer.waitForURL(/\/data/);
    const department = (await officer.locator(".user-dept").textContent())!.trim();

    const dm = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(dm, portal, "decision@vigil.example");
    await dm.waitForURL(/\/analysis/);
    await dm.goto(`${portal.url}/business`);
    expect(await dm.getByRole("heading", { level: 1 }).textContent()).toBe("Business — coordination");
    const form = dm.locator('[data-testid="assign-task-form"]');
    const title = `Trace contacts ${Date.now()}`;
    await form.locator("#task-title").fill(title);
    await form.locator("#task-owner").selectOption(department);
    await form.getByRole("button", { name: /assign task/i }).click();
    // The board is server-rendered: the new card appears once the page re-renders.
    await dm.locator('[data-testid="column-OPEN"] [data-testid="task-card"]', { hasText: title }).waitFor();
    await dm.close();

    await officer.goto(`${portal.url}/business`);
    const card = officer.locator('[data-testid="task-card"]', { hasText: title });
    await card.getByRole("button", { name: "Start" }).click();
    await officer.locator('[data-testid="column-IN_PROGRESS"] [data-testid="task-card"]', { hasText: title }).waitFor();
    await officer.screenshot({ path: path.join(OUTPUT_DIR, "business-task-started.png"), fullPage: true });
    await officer.close();
  });

  it("lets the policy officer publish a new version, marked in the server-rendered list", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    await signIn(page, portal, "policy@vigil.example");
    await page.waitForURL(/\/policy/);
    const form = page.locator('[data-testid="publish-policy-form"]');
    await form.locator("#policy-levelIII").fill("12");
    await form.getByRole("button", { name: /publish policy/i }).click();
    const version = await form.locator('[data-testid="policy-version"]');
    await version.waitFor();
    expect(await version.textContent()).toMatch(/^version \d+$/);
    await page.waitForURL(/published=\d+/);
    await page.locator('[data-testid="policy-table"] tr.highlight').waitFor();
    await page.close();
  });
});
