import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal } from "./portal.ts";

/**
 * Issue 12 in the portal: the policy page lists the seeded contract and policy with their lifecycle, the editor's
 * test panel decides a payload in the browser (@vigil/rules), one officer drafts the next version, the second
 * approves it, the first version shows as superseded with a diff and a timeline; alerts name their policy.
 */
describe("rule sets on the policy page", () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("tests a payload live, drafts a version, has the second officer approve it, and diffs the versions", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    await signIn(page, portal, "policy@vigil.example");
    await page.waitForURL(/\/policy/);
    const row = (key: string, version: string) => page.locator(`[data-testid="rule-set-row"][data-key="${key}"][data-version="${version}"]`);
    expect(await row("case-report", "1.1.0").locator('[data-testid="rule-set-status"]').textContent()).toBe("in force");
    expect(await row("default-response", "1.0.0").locator('[data-testid="rule-set-status"]').textContent()).toBe("in force");

    // The test panel decides in the browser as the payload changes.
    const decision = page.locator('[data-testid="test-decision"]');
    await decision.waitFor();
    expect(await decision.getAttribute("data-accepted")).toBe("true");
    await page
      .locator("#rule-set-payload")
      .fill(JSON.stringify({ regionCode: "RL-01-02", date: "2026-01-01", newConfirmed: 500, suspected: 0, deaths: 0, tests: 300 }));
    await page.locator('[data-testid="test-decision"][data-accepted="false"]').waitFor();
    expect(await page.locator('[data-testid="test-rule"][data-passed="false"]').first().textContent()).toContain("confirmed-within-tests");
    // Unsupported CEL is refused before anything is sent.
    const doc = await page.locator("#rule-set-document").inputValue();
    await page
      .locator("#rule-set-document")
      .fill(doc.replace("input.tests == 0 ||", "timestamp('2026-01-01T00:00:00Z') < timestamp('2027-01-01T00:00:00Z') ||"));
    await page.locator('[data-testid="rule-set-problems"]', { hasText: "outside Vigil's CEL subset" }).waitFor();
    await page.locator("#rule-set-document").fill(doc);

    await page.locator('[data-testid="draft-rule-set"]').click();
    await row("case-report", "1.2.0").waitFor();
    expect(await row("case-report", "1.2.0").locator('[data-testid="rule-set-status"]').textContent()).toBe("draft");
    expect(await row("case-report", "1.2.0").textContent()).toContain("awaits a second officer");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "policy-rule-set-drafted.png"), fullPage: true });
    await page.close();

    const second = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    await signIn(second, portal, "policy.approver@vigil.example");
    await second.waitForURL(/\/policy/);
    const row2 = (version: string) => second.locator(`[data-testid="rule-set-row"][data-key="case-report"][data-version="${version}"]`);
    await row2("1.2.0").locator('[data-testid="approve-rule-set"]').click();
    await second
      .locator('[data-testid="rule-set-row"][data-key="case-report"][data-version="1.2.0"] [data-testid="rule-set-status"]', { hasText: "in force" })
      .waitFor();
    expect(await row2("1.1.0").locator('[data-testid="rule-set-status"]').textContent()).toBe("superseded");
    await row2("1.2.0").locator('[data-testid="diff-against"]').selectOption("1.1.0");
    const diff = second.locator('[data-testid="rule-set-diff"]');
    await diff.waitFor();
    expect(await diff.textContent()).toContain("$.version");
    const timeline = await second.locator('[data-testid="rule-set-timeline"]').textContent();
    expect(timeline).toContain("superseded");
    await second.screenshot({ path: path.join(OUTPUT_DIR, "policy-rule-set-approved.png"), fullPage: true });
    await second.close();
  });

  it("shows on every alert the policy in force when it was raised", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    await signIn(page, portal, "decision@vigil.example");
    await page.waitForURL(/\/analysis/);
    await page.goto(`${portal.url}/analysis?region=RL-01-02`);
    const cells = page.locator('[data-testid="region-alerts"] [data-testid="alert-policy"]');
    await cells.first().waitFor();
    for (const text of await cells.allTextContents()) expect(text).toMatch(/^default-response 1\.0\.0 [0-9a-f]{8}$/);
    await page.close();
  });
});
