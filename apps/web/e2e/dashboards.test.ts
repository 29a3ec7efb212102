// Issue 17: dashboards decision-makers act on. One portal for the whole file; every page is visited once for
// its accessibility audit and screenshot, and the dashboard behaviours (URL state, drill-down, export, live
// updates, the map) are checked on as few visits as possible.
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, signIn, startPortal, type Portal } from "./portal.ts";
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
          const res = await page.goto(portal.url + pathname, { waitUntil: "networkidle" });
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
  });
});
