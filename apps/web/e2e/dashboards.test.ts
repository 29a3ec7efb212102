// Issue 17: dashboards decision-makers act on. One portal for the whole file; every page is visited once for
// its accessibility audit and screenshot, and the dashboard behaviours (URL state, drill-down, export, live
// updates, the map) are checked on as few visits as possible.
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal, graphqlClient } from "./portal.ts";
import { appRoutes, matchesPattern, type Route } from "./routes.ts";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// Who opens which page first; a page nobody listed here (added later) is tried with each user in turn until
// one of them may see it.
const USERS = {
  decision: "decision@vigil.example",
  officer: "officer@vigil.example",
  policy: "policy@vigil.example",
  auditor: "auditor@vigil.example",
  admin: "admin@vigil.example",
} as const;
type UserKey = keyof typeof USERS;
const PREFERRED: Record<string, UserKey> = {
  "/analysis": "decision",
  "/business": "decision",
  "/data": "officer",
  "/policy": "policy",
  "/infrastructure": "auditor",
  "/log": "auditor",
};

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function axe(page: Page): Promise<AxeViolation[]> {
  // Injected from node_modules: no network, the same axe-core version the lock file pins.
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return r.violations as AxeViolation[];
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

function slug(pathname: string): string {
  return pathname === "/" ? "root" : pathname.slice(1).replace(/[^a-z0-9]+/gi, "-");
}

describe("dashboards", () => {
  let portal: Portal;
  let browser: Browser;
  const contexts = new Map<UserKey | "anonymous", BrowserContext>();

  async function contextFor(user: UserKey | "anonymous"): Promise<BrowserContext> {
    let ctx = contexts.get(user);
    if (!ctx) {
      ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
      if (user !== "anonymous") {
        const page = await ctx.newPage();
        await signIn(page, portal, USERS[user]);
        await page.waitForURL((u) => !u.pathname.startsWith("/login"));
        await page.close();
      }
      contexts.set(user, ctx);
    }
    return ctx;
  }

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it("finds the portal's pages by walking apps/web/app, dynamic routes included", () => {
    const patterns = appRoutes().map((r) => r.pattern);
    for (const p of ["/analysis", "/business", "/data", "/infrastructure", "/log", "/policy", "/verify", "/charity", "/login"]) {
      expect(patterns).toContain(p);
    }
    expect(matchesPattern("/verify/certificate/[index]", "/verify/certificate/12")).toBe(true);
    expect(matchesPattern("/verify/certificate/[index]", "/verify/certificate")).toBe(false);
  });

  it("every page: 0 serious or critical axe-core violations, a screenshot each", async () => {
    const routes = appRoutes();
    const found = new Set<string>(); // links seen on visited pages, for the dynamic routes
    const report: { route: string; url: string; user: string; violations: AxeViolation[] }[] = [];

    async function visit(route: Route, pathname: string) {
      const candidates: (UserKey | "anonymous")[] =
        route.group === "public" || route.pattern === "/login"
          ? ["anonymous"]
          : [...new Set<UserKey>([PREFERRED[`/${route.pattern.split("/")[1]}`] ?? "decision", "decision", "admin", "officer", "policy", "auditor"])];
      for (const user of candidates) {
        const page = await (await contextFor(user)).newPage();
        try {
          const res = await page.goto(portal.url + pathname, { waitUntil: "load" });
          const landed = new URL(page.url());
          const forbidden = await page.locator('[role="alert"][data-code="FORBIDDEN"]').count();
          if (user !== candidates.at(-1) && (forbidden > 0 || landed.pathname.startsWith("/login") !== (route.pattern === "/login"))) continue;
          expect(res?.status(), `${pathname} as ${user}`).toBeLessThan(400);
          for (const href of await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href))) {
            const u = new URL(href);
            if (u.origin === portal.url) found.add(u.pathname);
          }
          report.push({ route: route.pattern, url: pathname, user, violations: await axe(page) });
          await page.screenshot({ path: path.join(OUTPUT_DIR, `page-${slug(pathname)}.png`), fullPage: true });
          return;
        } finally {
          await page.close();
        }
      }
    }

    for (const route of routes.filter((r) => !r.dynamic)) await visit(route, route.pattern);
    for (const route of routes.filter((r) => r.dynamic)) {
      const pathname = [...found].find((p) => matchesPattern(route.pattern, p));
      expect(pathname, `no page links to ${route.pattern}: link to it from a page, so the audit can reach it`).toBeDefined();
      await visit(route, pathname!);
    }

    const visited = new Set(report.map((r) => r.route));
    expect(routes.filter((r) => !visited.has(r.pattern)).map((r) => r.pattern)).toEqual([]);
    const failures = report
      .filter((r) => r.violations.length)
      .map((r) => ({
        url: r.url,
        user: r.user,
        violations: r.violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      }));
    expect(failures).toEqual([]);
    // 14 pages with full-page screenshots: 100–180 s on the shared 2 cores, over the file's default 180 s at peak load.
  }, 300_000);

  async function tableRows(page: Page, testId: string): Promise<string[][]> {
    return page.$$eval(`[data-testid="${testId}"] tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
  }

  it("a URL with region, period and method reproduces the view after a reload; drill up, Back and Forward", async () => {
    const page = await (await contextFor("decision")).newPage();
    await page.goto(`${portal.url}/analysis?region=RL-02-01&period=last-30d&method=EWMA`);
    const check = async (region: string) => {
      // The URL changes first; the server's render of it follows in a transition.
      await expect.poll(() => page.locator("#filter-region").inputValue(), { timeout: 10_000 }).toBe(region);
      await expect.poll(() => page.locator('[data-testid="filter-bar"]').getAttribute("aria-busy"), { timeout: 10_000 }).not.toBe("true");
      expect(await page.locator("#filter-period").inputValue()).toBe("30");
      expect(await page.locator('[data-testid="risk-method"]').textContent()).toBe("Method: EWMA");
      expect((await tableRows(page, "risk-series-table")).length).toBe(30);
      expect(await page.locator('[data-testid="risk-series-sources-method"]').textContent()).toMatch(/^EWMA /);
    };
    await check("RL-02-01");
    await page.reload();
    await check("RL-02-01");
    await page.locator("#filter-region:not([disabled])").waitFor();
    await page.locator('[data-testid="drill-up"]').click();
    await page.waitForURL(/region=RL-02(&|$)/);
    await check("RL-02");
    expect(await page.locator('[data-testid="drill-down"]').count()).toBe(3);
    await page.goBack();
    await page.waitForURL(/region=RL-02-01/);
    await check("RL-02-01");
    await page.goForward();
    await page.waitForURL(/region=RL-02(&|$)/);
    await check("RL-02");
    await page.close();
  });

  it("opens on the most at-risk region in scope; the CSV download matches the chart's data; JSON too", async () => {
    const page = await (await contextFor("decision")).newPage();
    await page.goto(`${portal.url}/analysis`);
    const map = await page.request.get(`${portal.url}/export/risk-map.json`);
    expect(map.status()).toBe(200);
    const rank: Record<string, number> = { I: 4, II: 3, III: 2, IV: 1 };
    const districts = ((await map.json()).rows as { regionCode: string; level: string; incidencePer100k: number }[])
      .filter((r) => r.regionCode.split("-").length === 3)
      .sort((a, b) => rank[b.level]! - rank[a.level]! || b.incidencePer100k - a.incidencePer100k);
    expect(await page.locator("#filter-region").inputValue()).toBe(districts[0]!.regionCode);

    // The map: every district shaded by incidence per 100k and by level, with a legend and a no-data class.
    for (const mode of ["incidence", "level"]) {
      expect(await page.locator(`[data-testid="map-${mode}"] .map-shape`).count()).toBe(11);
      expect(await page.locator(`[data-testid="map-${mode}-legend"] [data-testid="map-no-data-class"]`).count()).toBe(1);
    }
    await page.locator("#risk-maps").screenshot({ path: path.join(OUTPUT_DIR, "analysis-map.png") });

    await page.goto(`${portal.url}/analysis?region=RL-01-03&period=last-60d`);
    await page.locator("#filter-region:not([disabled])").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="export-risk-series-csv"]').click()]);
    const { readFile } = await import("node:fs/promises");
    const csv = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
    expect(csv[0]).toBe("date,count,upperBound,alarm");
    const table = await tableRows(page, "risk-series-table");
    expect(table.length).toBe(60);
    expect(csv.slice(1)).toEqual(table.map((r) => r.join(",")));
    // The same URL without a session is refused, not served.
    const anonymous = await fetch(`${portal.url}/export/risk-series.csv?region=RL-01-03`);
    expect(anonymous.status).toBe(401);

    // PNG of the chart as drawn: a real PNG at twice the drawn size, with the chart's ink on it (not a blank canvas).
    const drawn = await page.locator('[data-testid="risk-chart"] svg.recharts-surface').first().boundingBox();
    const [png] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="export-risk-series-png"]').click()]);
    expect(png.suggestedFilename()).toBe("risk-series.png");
    const bytes = await readFile((await png.path())!);
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(bytes.readUInt32BE(16)).toBe(Math.round(drawn!.width * 2));
    expect(bytes.readUInt32BE(20)).toBe(Math.round(drawn!.height * 2));
    const ink = await page.evaluate(async (b64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${b64}`;
      await image.decode();
      const canvas = Object.assign(document.createElement("canvas"), { width: image.width, height: image.height });
      const ctx = canvas.getContext("2d")!;
      ctx.drawImage(image, 0, 0);
      const { data } = ctx.getImageData(0, 0, image.width, image.height);
      let coloured = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) coloured++;
        colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      }
      return { share: coloured / (data.length / 4), colours: colours.size };
    }, bytes.toString("base64"));
    expect(ink.share).toBeGreaterThan(0.01);
    expect(ink.colours).toBeGreaterThan(10);
    await page.close();
  });

  it("drills down from an alert to its series, logged inputs and the line list of reports with their entries", async () => {
    const page = await (await contextFor("decision")).newPage();
    await page.goto(`${portal.url}/analysis?region=RL-01-03`);
    const link = page.locator('[data-testid="alert-drill"]').first();
    await link.click();
    await page.waitForURL(/\/analysis\/alert\/\d+$/);
    await page.locator('[data-testid="line-list"]').waitFor();
    const rows = await tableRows(page, "line-list");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /^#\d+$/.test(r.at(-1)!))).toBe(true);
    expect(await page.locator('[data-testid="alert-inputs"]').textContent()).toMatch(/ over \d{4}-\d{2}-\d{2} to /);
    expect((await tableRows(page, "alert-inputs-table")).length).toBeGreaterThan(0);
    await page.locator('[data-testid="risk-chart"] svg').first().waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, "alert-drill-down.png"), fullPage: true });
    await page.close();
  });

  it("a report filed through GraphQL appears on an open dashboard within 2 s, without a reload", async () => {
    const gql = graphqlClient(portal);
    const login = await gql(`mutation { login(email: "${USERS.officer}", password: "${portal.password}") { token } }`);
    const token = login.data!.login.token as string;
    const district = (await gql("{ me { department { regionCode } } }", token)).data!.me.department.regionCode as string;
    const page = await (await contextFor("decision")).newPage();
    // The page subscribes once hydrated; on a loaded machine that can be seconds after the form is usable, and a
    // report filed before the subscription exists is never announced. Wait for the subscribe frame itself.
    let subscribed = false;
    page.on("websocket", (ws) =>
      ws.on("framesent", (f) => {
        if (typeof f.payload === "string" && f.payload.includes('"type":"subscribe"') && f.payload.includes("reportsChanged")) subscribed = true;
      }),
    );
    await page.goto(`${portal.url}/analysis?region=${district}&period=last-30d`);
    await page.locator("#filter-region:not([disabled])").waitFor();
    await expect.poll(() => subscribed, { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(300); // the server registers it just after the frame (viewer, then the pub/sub topic)
    // A full reload would drop this marker; router.refresh re-renders in place and keeps it.
    await page.evaluate(() => Object.assign(window, { __noReload: true }));
    const today = new Date().toISOString().slice(0, 10);
    const filed = await gql(
      `mutation { submitCaseReport(input: { regionCode: "${district}", date: "${today}", newConfirmed: 777, suspected: 0, deaths: 0, tests: 2000 }) { id } }`,
      token,
    );
    expect(filed.errors).toBeUndefined();
    const t0 = Date.now();
    await page.locator('[data-testid="live-updated"][data-updated="yes"]').waitFor({ timeout: 2_000 });
    await expect
      .poll(async () => (await tableRows(page, "risk-series-table")).at(-1)?.slice(0, 2), { timeout: Math.max(1, 2_000 - (Date.now() - t0)), interval: 50 })
      .toEqual([today, "777"]);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await page.close();
  });
});
