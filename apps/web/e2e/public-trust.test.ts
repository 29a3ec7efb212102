import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, recordExternalRequests, startPortal, type Portal } from "./portal.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");

/** GraphQL over HTTP as a program would call it (Bearer token), to make a fresh donation path for the page to trace. */
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

describe("public trust pages, signed out", () => {
  let portal: Portal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let external: string[];

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    // A fresh context: no session cookie at all.
    context = await browser.newContext({ viewport: { width: 1440, height: 1200 }, acceptDownloads: true });
    page = await context.newPage();
    external = recordExternalRequests(page);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("/verify checks a pasted statement in the browser, shows its publisher and FALSE rating, and lists the rumour board", async () => {
    await page.goto(`${portal.url}/verify`);
    expect(new URL(page.url()).pathname).toBe("/verify");
    const rows = page.locator('[data-testid="rumour-board"] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(30);
    expect(await page.locator('[data-testid="rumour-board"] tr[data-verdict="FALSE"]').count()).toBeGreaterThanOrEqual(5);
    await page.fill("#verify-text", "Posts claim children are immune to the disease.");
    await page.getByRole("button", { name: "Verify text" }).click();
    const status = page.locator('[data-testid="verify-status"]');
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 20_000 }).toBe("Verified");
    expect(await page.locator('[data-testid="verify-publisher"]').textContent()).toBe("Riverland Broadcasting Group");
    expect((await page.locator('[data-testid="verify-verdict"]').textContent())?.trim()).toBe("False");
    expect(await page.locator('[data-testid="verify-checks"] li[data-ok="true"]').count()).toBe(7);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "public-verify-text.png"), fullPage: true });

    await page.fill("#verify-text", "Posts claim children are immune to the disease!");
    await page.getByRole("button", { name: "Verify text" }).click();
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 20_000 }).toBe("Not deposited");
  });

  it("a downloaded certificate verifies offline (CLI) and in the browser; one altered character fails both", async () => {
    await page.goto(`${portal.url}/verify`);
    await page.fill("#verify-text", "Posts claim children are immune to the disease.");
    await page.getByRole("button", { name: "Verify text" }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="certificate-download"]').click()]);
    const good = path.join(portal.dataDir, "certificate.json");
    await download.saveAs(good);
    const json = readFileSync(good, "utf8");
    const bad = path.join(portal.dataDir, "certificate-altered.json");
    writeFileSync(bad, json.replace("children are immune", "children are imune "));
    // Offline: no database, no network.
    const cli = (f: string) =>
      run("npx", ["tsx", "apps/api/scripts/ledger.ts", "check", f], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" },
      });
    expect((await cli(good)).stdout).toMatch(/^OK: deposit certificate/m);
    await expect(cli(bad)).rejects.toMatchObject({ code: 1 });

    const status = page.locator('[data-testid="verify-status"]');
    await page.locator('[data-testid="verify-file"]').setInputFiles(good);
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 20_000 }).toBe("Verified");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "public-verify-certificate.png"), fullPage: true });
    await page.locator('[data-testid="verify-file"]').setInputFiles(bad);
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 20_000 }).toBe("Failed");
    expect(await page.locator('[data-testid="verify-checks"] li[data-ok="false"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "public-verify-altered.png"), fullPage: true });
  });

  it("/charity traces a receipt code through its countersigned delivery with every proof verified, beside the flows and anomalies", async () => {
    const [redcross, officer] = [await login(portal, "redcross@vigil.example"), await login(portal, "officer@vigil.example")];
    const hospital = (await gql(portal, `{ me { department { code } } }`, {}, officer)).me.department.code as string;
    const d = await gql(
      portal,
      `mutation { recordDonation(input: {item: "N95 respirator", unit: "pieces", quantity: "2000", standard: "GB 19083-2010", donorReference: "A. Donor"}) { receiptCode } }`,
      {},
      redcross,
    );
    const receipt = d.recordDonation.receiptCode as string;
    const a = await gql(
      portal,
      `mutation($r: String!, $h: String!) { allocateDonation(input: {receiptCode: $r, recipientCode: $h, quantity: "2000"}) { code } }`,
      { r: receipt, h: hospital },
      redcross,
    );
    const s = await gql(
      portal,
      `mutation($a: String!) { shipDonation(input: {allocationCode: $a, quantity: "2000"}) { code } }`,
      { a: a.allocateDonation.code },
      redcross,
    );
    await gql(portal, `mutation($s: String!) { confirmDelivery(input: {shipmentCode: $s, quantity: "2000"}) { code } }`, { s: s.shipDonation.code }, officer);
    await new Promise((ok) => setTimeout(ok, 2500)); // the checkpoint (250 ms) and the public cache (2 s)

    await page.goto(`${portal.url}/charity`);
    await page.locator('[data-testid="sankey"] svg').first().waitFor();
    expect(await page.locator('[data-testid="sankey"] .recharts-sankey-link, [data-testid="sankey"] path').count()).toBeGreaterThan(3);
    const kinds = await page.locator('[data-testid="anomalies"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")));
    expect(kinds).toEqual(expect.arrayContaining(["diversion", "unconfirmed-delivery"]));
    await page.fill("#receipt-code", receipt);
    await page.getByRole("button", { name: "Trace" }).click();
    const status = page.locator('[data-testid="trace-status"]');
    await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 20_000 }).toBe("Verified");
    const steps = page.locator('[data-testid="trace-step"]');
    expect(await steps.evaluateAll((xs) => xs.map((x) => x.getAttribute("data-kind")))).toEqual(["DONATION", "ALLOCATION", "SHIPMENT", "DELIVERY"]);
    expect(await page.locator('[data-testid="step-proof"][data-state="verified"]').count()).toBe(4);
    expect(await page.locator('[data-testid="trace"]').textContent()).not.toContain("A. Donor");
    // The page's JSON link is the API's public GET of the same trace, on the portal's own origin.
    const href = await page.locator('[data-testid="trace-json"]').getAttribute("href");
    const json = await page.evaluate(async (h) => (await fetch(h!)).json(), href);
    expect(json.receiptCode).toBe(receipt);
    expect(json.steps.map((s: { step: { kind: string } }) => s.step.kind)).toEqual(["DONATION", "ALLOCATION", "SHIPMENT", "DELIVERY"]);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "public-charity-trace.png"), fullPage: true });
    expect(external).toEqual([]);
  });
});
