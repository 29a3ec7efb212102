import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { gridDisk, latLngToCell } from "h3-js";
import { addDays, parseDay, today } from "@vigil/calendar";
import { BASIS, CASES, CONTACTS_PER_CASE, LINKS, openFormOnly, openLargeChain, PEOPLE, plantLargeChain, ROOT } from "./large-chain.ts";
import { graphqlClient, launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal } from "./portal.ts";

/**
 * Issue 15, acceptance 4: the chain graph of a large case (SORMAS's never displayed at 4,746 cases and 18,943
 * contacts) drawn in under 3 s from asking for the page, in headless Chromium. The chain is planted through the
 * public GraphQL bulk mutation as an outbreak team would import a line list: 5,000 cases in a tree (each infected
 * by an earlier case, "became case") and 4 followed-up contacts each, 25,000 people and 24,999 links.
 */
describe("transmission chain page", () => {
  let portal: Portal;
  let browser: Browser;
  let gql: ReturnType<typeof graphqlClient>;
  let token: string;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    gql = graphqlClient(portal);
    token = (await gql(`mutation { login(email: "cdc@vigil.example", password: "${portal.password}") { token } }`)).data!.login.token as string;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("draws a chain of 5,000 cases and 20,000 contacts (timed, screenshot), with its contacts on click, its link table and its access entry", async () => {
    await plantLargeChain(gql, token);

    // Yardstick: the API's answer alone, over HTTP, with the page's fields (also a logged access).
    const q0 = performance.now();
    const direct = await gql(
      `query($c: String!, $b: String!) { transmissionChain(casePseudonym: $c, legalBasis: $b) { clusters nodes { pseudonym isCase x y } links { source target version contactDate exposureType certainty followUp entryIndex } } }`,
      token,
      { c: ROOT, b: BASIS },
    );
    const apiMs = Math.round(performance.now() - q0);
    expect(direct.data!.transmissionChain.nodes).toHaveLength(PEOPLE);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    await signIn(page, portal, "cdc@vigil.example");
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    const formMs = await openFormOnly(page, portal);
    const times = await openLargeChain(page, portal);
    // Measured and shown here; the < 3 s target is judged by `npm run bench:chain` (repeated, beside its yardstick).
    console.log(`chain of ${PEOPLE} people drawn ${times.drawn} ms after navigation (form-only page: ${formMs} ms, API query alone: ${apiMs} ms)`, times);
    await page.screenshot({ path: path.join(OUTPUT_DIR, "chain-large.png"), fullPage: true });
    expect(times.firstByte).toBeGreaterThan(0);
    expect(times.drawn).toBeGreaterThanOrEqual(times.built);
    expect(times.built).toBeGreaterThanOrEqual(times.hydrated);

    const graph = page.locator('[data-testid="chain-graph"]');
    expect(await graph.getAttribute("data-people")).toBe(String(PEOPLE));
    expect(await graph.getAttribute("data-links")).toBe(String(LINKS));
    expect(await page.locator('[data-testid="chain-summary"]').textContent()).toContain("25,000 people (5,000 cases), 24,999 links, 1 cluster");
    // Level of detail: the 5,000 cases are drawn, their 20,000 contacts counted on them (and all in the table).
    expect(await graph.getAttribute("data-drawn-people")).toBe(String(CASES));
    // The canvas has ink: cytoscape drew the dots, not an empty box.
    const inked = await page.evaluate(() => {
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>('[data-testid="chain-graph"] canvas')];
      return canvases.some((c) => {
        const d = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data;
        if (!d) return false;
        let ink = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) ink++;
        return ink > (c.width * c.height) / 100;
      });
    });
    expect(inked).toBe(true);

    // Clicking the queried case names it, its infector (none) and its contacts' follow-up, and draws its contacts.
    const box = (await graph.boundingBox())!;
    await page.mouse.click(box.x + Number(await graph.getAttribute("data-root-x")), box.y + Number(await graph.getAttribute("data-root-y")));
    const picked = page.locator('[data-testid="chain-picked"]');
    await picked.waitFor();
    expect(await picked.textContent()).toContain(
      "E2E-C-0 — case; infected by nobody recorded; 7 onward links, follow-up: 3 became case, 1 missed, 1 pending, 1 seen not ok, 1 seen ok.",
    );
    await page.locator(`[data-testid="chain-graph"][data-drawn-people="${CASES + CONTACTS_PER_CASE}"]`).waitFor();

    // The follow-up list pages in the browser, without another (logged) query.
    const pageLabel = page.locator('[data-testid="chain-page"]');
    expect(await pageLabel.textContent()).toBe("Links 1–100 of 24,999");
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator('[data-testid="chain-page"]', { hasText: "Links 101–200 of 24,999" }).waitFor();

    // The view is on the log: its access entry names the operation and the legal basis.
    const entryIndex = Number((await page.locator('[data-testid="chain-summary"] a').textContent())!.replace("#", ""));
    const entry = await gql(`{ entry(index: ${entryIndex}) { kind payload } }`, token);
    expect(entry.data!.entry.kind).toBe("trajectory-access");
    const payload = JSON.parse(entry.data!.entry.payload as string);
    expect(payload.body).toMatchObject({ operation: "transmissionChain", legalBasis: BASIS });
    await page.close();
  });

  it("maps a person's cells over time from submitted visits (screenshot), lists every visit, and logs the view", async () => {
    const security = (await gql(`mutation { login(email: "security@vigil.example", password: "${portal.password}") { token } }`)).data!.login.token as string;
    // Hand-built: three cells of one district on two days, the first visited twice, and one venue check-in.
    const [a, b, c] = gridDisk(latLngToCell(30.25, 120.15, 9), 1);
    // Three and two days ago: inside the retention period whatever day the test runs.
    const first = addDays(today(), -3);
    const t = (day: number, hour: number) => new Date(parseDay(addDays(first, day)).getTime() + hour * 3_600_000).toISOString();
    const visits = [
      { person: "E2E-T-1", cell: a, start: t(0, 8), end: t(0, 9) },
      { person: "E2E-T-1", cell: b, start: t(0, 12), end: t(0, 13) },
      { person: "E2E-T-1", venue: "venue-market-7", start: t(0, 15), end: t(0, 16) },
      { person: "E2E-T-1", cell: c, start: t(1, 9), end: t(1, 11) },
      { person: "E2E-T-1", cell: a, start: t(1, 18), end: t(1, 19) },
    ];
    const submitted = await gql(`mutation($v: [VisitInput!]!) { submitVisits(inputs: $v) { count } }`, security, { v: visits });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.submitVisits.count).toBe(5);

    const page = await browser.newPage({ viewport: { width: 1300, height: 1400 } });
    await signIn(page, portal, "cdc@vigil.example");
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.goto(`${portal.url}/data/trajectory?pseudonym=E2E-T-1&basis=${encodeURIComponent(BASIS)}&from=${first}&to=${addDays(first, 1)}`);
    const map = page.locator('[data-testid="trajectory-map"]');
    await map.waitFor();
    expect(await map.getAttribute("data-cells")).toBe("3");
    expect(await map.getAttribute("data-stops")).toBe("4");
    expect(await page.locator('[data-testid="trajectory-cell"]').evaluateAll((xs) => xs.map((x) => x.getAttribute("data-cell")))).toEqual([a, b, c]);
    expect(await page.locator('[data-testid="trajectory-visits"] tbody tr').count()).toBe(5);
    expect(await page.locator('[data-testid="trajectory-summary"]').textContent()).toContain("5 visits in 3 cells and 1 at venues");
    await page.screenshot({ path: path.join(OUTPUT_DIR, "trajectory.png"), fullPage: true });
    const entryIndex = Number((await page.locator('[data-testid="trajectory-summary"] a').textContent())!.replace("#", ""));
    const entry = await gql(`{ entry(index: ${entryIndex}) { kind payload } }`, token);
    expect(entry.data!.entry.kind).toBe("trajectory-access");
    expect(JSON.parse(entry.data!.entry.payload as string).body).toMatchObject({ operation: "trajectory", legalBasis: BASIS });
    await page.close();
  });

  it("refuses a chain view without a legal basis, and draws nothing", async () => {
    const page = await browser.newPage();
    await signIn(page, portal, "cdc@vigil.example");
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.goto(`${portal.url}/data/chain?case=E2E-C-0&basis=${encodeURIComponent("   ")}`);
    // The browser's own check (required) is bypassed by the URL; the API's rule answers.
    await page.locator('[role="alert"][data-code="BAD_USER_INPUT"]').waitFor();
    expect(await page.locator('[data-testid="chain-graph"]').count()).toBe(0);
    await page.close();
  });
});
