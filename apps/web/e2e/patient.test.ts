import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal } from "./portal.ts";

async function gql<T = any>(portal: Portal, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${portal.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
const login = async (portal: Portal, email: string) =>
  (await gql(portal, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: portal.password })).login
    .token as string;

describe("the patient portal", () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;
  let pseudonym: string;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    const patient = await login(portal, "patient@vigil.example");
    pseudonym = (await gql(portal, `{ myPseudonym }`, {}, patient)).myPseudonym;
    // A hospital reads in an emergency: the patient must see it, flagged.
    const officer = await login(portal, "officer@vigil.example");
    await gql(
      portal,
      `query($p: String!) { medicalRecords(pseudonym: $p, purpose: "EMERGENCY", reason: "unconscious on arrival, allergies unknown") { entryIndex } }`,
      { p: pseudonym },
      officer,
    );
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1100 }, acceptDownloads: true })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("shows the records, the consents with receipts, and every access, the break-glass one flagged", async () => {
    await signIn(page, portal, "patient@vigil.example");
    // A patient's home is their records page.
    await page.waitForURL(/\/patient$/);
    expect(await page.locator('[data-testid="pseudonym"]').textContent()).toBe(pseudonym);
    const rows = page.locator('[data-testid="access-history"] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const flagged = page.locator('[data-testid="access-history"] tr.flagged');
    expect(await flagged.count()).toBe(1);
    expect(await flagged.textContent()).toContain("BREAK-GLASS");
    expect(await flagged.textContent()).toContain("officer@vigil.example");
    expect(await page.locator("#records tbody tr").count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "patient-portal.png"), fullPage: true });
    // The consent proof downloads as a receipt naming this patient and its log entry.
    const link = page.locator("#grants a", { hasText: "consent receipt" }).first();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const receipt = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(receipt).toMatchObject({ schemaVersion: "ISO/IEC TS 27560:2023", piiPrincipalId: pseudonym, collectionMethod: "signed log entry" });
    // A patient is offered no governance layer.
    expect(await page.locator(".nav-links a").allTextContents()).toEqual(["My records"]);
  });
});
