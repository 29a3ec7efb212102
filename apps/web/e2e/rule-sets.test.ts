import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal, graphqlClient } from "./portal.ts";

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

  it("rechecks a filed report's decision in the browser from its log entry and the contract it names", async () => {
    const gql = graphqlClient(portal);
    const token = (await gql(`mutation { login(email: "officer@vigil.example", password: "${portal.password}") { token } }`)).data!.login.token as string;
    const district = (await gql("{ me { department { regionCode } } }", token)).data!.me.department.regionCode as string;
    const today = new Date().toISOString().slice(0, 10);
    const filed = await gql(
      `mutation { submitCaseReport(input: { regionCode: "${district}", date: "${today}", newConfirmed: 12, suspected: 3, deaths: 0, tests: 400 }) { entryIndex } }`,
      token,
    );
    expect(filed.errors).toBeUndefined();
    const index = filed.data!.submitCaseReport.entryIndex as number;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    await signIn(page, portal, "officer@vigil.example");
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`${portal.url}/log?entry=${index}`);
    const status = page.locator('[data-testid="decision-status"]');
    await status.waitFor();
    expect(await status.getAttribute("data-state")).toBe("confirmed");
    const checks = page.locator('[data-testid="decision-checks"] [data-check]');
    expect(await checks.evaluateAll((els) => els.map((e) => [e.getAttribute("data-check"), e.getAttribute("data-ok")]))).toEqual([
      ["contract-hash", "true"],
      ["decision", "true"],
    ]);
    // Every rule of the contract in force (1.2.0, approved by the first test, or 1.1.0) passed, as logged.
    const rules = page.locator('[data-testid="decision-recheck"] tbody tr');
    expect(await rules.count()).toBeGreaterThanOrEqual(4);
    for (const row of await rules.all()) expect((await row.locator("td").allTextContents()).slice(1)).toEqual(["passed", "passed"]);
    expect(await page.locator('[data-testid="decision-recheck"]').textContent()).toMatch(/case-report\s*1\.[12]\.0/);
    await page.locator('[data-testid="decision-recheck"]').screenshot({ path: path.join(OUTPUT_DIR, "log-decision-recheck.png") });
    await page.close();
  });
});
