// The portal's pages, found by walking the App Router's folders rather than listed by hand: a page added
// later (by anyone) is visited by the accessibility test without anyone remembering to add it.
import { readdirSync } from "node:fs";
import path from "node:path";
import { WEB_DIR } from "./portal.ts";

export interface Route {
  /** The URL pattern, route groups removed: `/log`, `/verify/certificate/[index]`. */
  pattern: string;
  /** The route group it sits in (`portal`, `public`) or null; it decides whether a sign-in is needed. */
  group: string | null;
  /** Dynamic segments (`[index]`): a concrete URL must be found for them. */
  dynamic: boolean;
}

const APP_DIR = path.join(WEB_DIR, "app");

export function appRoutes(dir = APP_DIR, segments: string[] = [], group: string | null = null): Route[] {
  const out: Route[] = [];
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && /^page\.(tsx|ts|jsx|js|mdx)$/.test(e.name))) {
    const visible = segments.filter((s) => !(s.startsWith("(") && s.endsWith(")")));
    out.push({ pattern: `/${visible.join("/")}`, group, dynamic: visible.some((s) => s.startsWith("[")) });
  }
  for (const e of entries) {
    // Private folders (_x) and parallel-route slots (@x) are not URL segments of their own pages.
    if (!e.isDirectory() || e.name.startsWith("_") || e.name.startsWith("@")) continue;
    const g = e.name.startsWith("(") && e.name.endsWith(")") ? e.name.slice(1, -1) : group;
    out.push(...appRoutes(path.join(dir, e.name), [...segments, e.name], g));
  }
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Does a concrete path match a pattern with dynamic segments (`[id]`, `[...rest]`, `[[...opt]]`)? */
export function matchesPattern(pattern: string, pathname: string): boolean {
  const source = pattern
    .split("/")
    .map((s) => {
      if (/^\[\[\.\.\..+\]\]$/.test(s)) return "(?:/.*)?";
      if (/^\[\.\.\..+\]$/.test(s)) return "/.+";
      if (/^\[.+\]$/.test(s)) return "/[^/]+";
      return s ? `/${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}` : "";
    })
    .join("");
  return new RegExp(`^${source || "/"}$`).test(pathname);
}
