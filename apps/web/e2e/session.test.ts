import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Cookie } from "playwright-core";
import { launchBrowser, signIn, startPortal, type Portal } from "./portal.ts";

/** Sessions live on the server: an httpOnly cookie, nothing in browser storage, and pages rendered with their data. */
describe("server-side sessions", () => {
  let portal: Portal;
  let browser: Browser;
  let context: BrowserContext;
  let session: Cookie;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, portal, "decision@vigil.example");
    await page.waitForURL(/\/analysis/);
    await page.locator('[data-testid="risk-table"]').waitFor();
    session = (await context.cookies()).find((c) => c.name === "vigil_session")!;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("signs in with an httpOnly, SameSite=Strict cookie", () => {
    expect(session).toBeDefined();
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe("Strict");
    expect(session.path).toBe("/");
    // Plain HTTP here: Secure is set only behind TLS.
    expect(session.secure).toBe(false);
  });

  it("keeps no token in sessionStorage or localStorage", async () => {
    const page = context.pages()[0]!;
    for (const path of ["/analysis", "/business", "/log"]) {
      await page.goto(`${portal.url}${path}`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      const stored = await page.evaluate(() =>
        [window.sessionStorage, window.localStorage]
          .flatMap((s) =>
            Array.from({ length: s.length }, (_, i) => {
              const key = s.key(i)!;
              return [key, s.getItem(key) ?? ""];
            }),
          )
          .flat(),
      );
      for (const text of stored) {
        expect(text).not.toContain(session.value);
        expect(text).not.toContain("eyJ");
      }
    }
  });

  it("renders /analysis with its region risk table and first data on the server (no scripts run)", async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    await noJs.addCookies([{ name: session.name, value: session.value, url: portal.url, httpOnly: true, sameSite: "Strict" }]);
    const page = await noJs.newPage();
    await page.goto(`${portal.url}/analysis`);
    const rows = page.locator('[data-testid="risk-table"] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    expect(await page.locator('[data-testid="risk-table"] tr[data-region="RL-01-02"]').getAttribute("data-level")).toMatch(/^(I|II|III|IV)$/);
    expect(await page.locator('[data-testid="kpi-level"]').getAttribute("data-level")).toMatch(/^(I|II|III|IV)$/);
    await noJs.close();

    // The same with a plain HTTP client: the HTML itself carries the data.
    const html = await (await fetch(`${portal.url}/analysis`, { headers: { cookie: `${session.name}=${session.value}` } })).text();
    expect(html).toContain('data-testid="risk-table"');
    expect(html).toMatch(/data-region="RL-01-02" data-level="(I|II|III|IV)"/);
  });

  it("leaves the proof verdict to the browser: the server's HTML of an entry carries none", async () => {
    const html = await (await fetch(`${portal.url}/log?entry=5`, { headers: { cookie: `${session.name}=${session.value}` } })).text();
    expect(html).toContain('data-testid="proof-checking"');
    expect(html).not.toContain('data-testid="proof-status"');
  });

  it("gates portal routes without a cookie: /login?next=…", async () => {
    const res = await fetch(`${portal.url}/analysis?region=RL-01`, { redirect: "manual" });
    expect(res.status).toBe(307);
    const to = new URL(res.headers.get("location")!, portal.url);
    expect(to.pathname).toBe("/login");
    expect(to.searchParams.get("next")).toBe("/analysis?region=RL-01");
  });

  it("returns to the page asked for after signing in", async () => {
    const fresh = await browser.newContext();
    const page = await fresh.newPage();
    await page.goto(`${portal.url}/policy`);
    await page.waitForURL(/\/login\?next=%2Fpolicy/);
    await page.fill('input[name="email"]', "decision@vigil.example");
    await page.fill('input[name="password"]', portal.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/policy$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Policy");
    await fresh.close();
  });

  it("sends / to the role's home page from the server", async () => {
    const res = await fetch(`${portal.url}/`, { headers: { cookie: `${session.name}=${session.value}` }, redirect: "manual" });
    expect([303, 307, 308]).toContain(res.status);
    expect(new URL(res.headers.get("location")!, portal.url).pathname).toBe("/analysis");
  });

  it("refuses a cookie-authenticated GraphQL request without the CSRF header, and serves it with one", async () => {
    const body = JSON.stringify({ query: "{ me { role } }" });
    const headers = { "content-type": "application/json", cookie: `${session.name}=${session.value}` };
    const refused = await (await fetch(`${portal.url}/graphql`, { method: "POST", headers, body })).json();
    expect(refused.data?.me).toBeFalsy();
    const served = await (await fetch(`${portal.url}/graphql`, { method: "POST", headers: { ...headers, "apollo-require-preflight": "true" }, body })).json();
    expect(served.data.me.role).toBe("DECISION_MAKER");
  });

  it("shows a live alert over the socket (cookie-authenticated) and re-renders the analysis page", async () => {
    const page = await context.newPage();
    const socket = page.waitForEvent("websocket");
    await page.goto(`${portal.url}/analysis?region=RL-01-02`);
    const newCases = page.locator('[data-testid="kpi-new-cases"] .kpi-value');
    const before = (await newCases.textContent())!;
    // The subscription opens after hydration; its first frame from the server is graphql-ws's connection_ack.
    const ack = await (await socket).waitForEvent("framereceived");
    expect(String(ack.payload)).toContain("connection_ack");

    // An officer's program files a surge for today with the same cookie session the portal uses.
    const login = await fetch(`${portal.url}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "officer@vigil.example", password: portal.password }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const today = new Date().toISOString().slice(0, 10);
    const filed = await fetch(`${portal.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "apollo-require-preflight": "true" },
      body: JSON.stringify({
        query: `mutation { submitCaseReport(input: { regionCode: "RL-01-02", date: "${today}", newConfirmed: 900, suspected: 0, deaths: 0, tests: 2000 }) { id } }`,
      }),
    });
    expect((await filed.json()).data.submitCaseReport.id).toBeGreaterThan(0);

    await page.locator('[data-testid="alert-toast"]', { hasText: "RL-01-02" }).first().waitFor();
    await expect.poll(async () => newCases.textContent(), { timeout: 20_000 }).not.toBe(before);
    await page.close();
  });

  it("signs out: the cookie is cleared and portal pages go to /login", async () => {
    const page = await context.newPage();
    await page.goto(`${portal.url}/analysis`);
    await page.getByRole("button", { name: /sign out/i }).click();
    await page.waitForURL(/\/login/);
    expect((await context.cookies()).find((c) => c.name === "vigil_session")).toBeUndefined();
    await page.goto(`${portal.url}/policy`);
    await page.waitForURL(/\/login\?next=%2Fpolicy/);
  });
});
