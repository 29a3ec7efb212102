import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * One copy of each shared fact. Copies drift — the repository once had two AS 241 tables differing
 * in one coefficient and three sets of default response levels with different numbers — so this
 * test fails when a fact below is defined anywhere but its home, naming every offending line.
 *
 * Scope: source files (.ts/.tsx) under ROOTS, without node_modules, build output, generated code
 * and tests (a test may restate a fact as the value it expects).
 */
const ROOTS = ["packages", "apps"];

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SKIP_DIRS = new Set(["node_modules", ".next", ".turbo", "dist", "generated", "gql", "test", "tests", "e2e", "test-output"]);

interface Fact {
  name: string;
  /** Where it lives: a file, or a folder ending in "/". */
  home: string;
  /** How to use it instead of copying it. */
  use: string;
  /** Lines that define (a copy of) the fact. */
  pattern: RegExp;
}

const defines = (names: string) => new RegExp(`\\b(?:function\\s*\\*?\\s*(?:${names})\\b|(?:const|let|var)\\s+(?:${names})\\s*[:=])`);

const FACTS: Fact[] = [
  {
    name: "the normal CDF Φ",
    home: "packages/analytics/src/normal.ts",
    use: 'import { normalCdf } from "@vigil/analytics"',
    // By name, or by Cody's (1969) first coefficient, which any port of pnorm carries.
    pattern: new RegExp(`${defines("normalCdf|normCdf|pnorm|standardNormalCdf").source}|2\\.2352520354606839287`),
  },
  {
    name: "the normal quantile Φ⁻¹",
    home: "packages/analytics/src/normal.ts",
    use: 'import { normalQuantile } from "@vigil/analytics" (mean + sd · normalQuantile(p) for other scales)',
    // By name, or by AS 241's a7 (2509.08…), which every PPND16 table contains.
    pattern: new RegExp(
      `${defines("normalQuantile\\w*|normQuantile|qnorm|ppnd\\w*|probit|inverseNormalCdf").source}|2509\\.0809287301226727|2\\.5090809287301226727e\\+?0*3`,
      "i",
    ),
  },
  {
    name: "the default response-level thresholds",
    home: "packages/analytics/src/risk-level.ts",
    use: 'import { DEFAULT_RISK_THRESHOLDS, DEFAULT_ALERT_RULE } from "@vigil/analytics"',
    pattern: /\bminIncidencePer100k\s*:\s*[-+.\d]/,
  },
  {
    name: "YYYY-MM-DD day parsing and day arithmetic",
    home: "packages/calendar/src/",
    use: 'import { parseDay, formatDay, addDays, … } from "@vigil/calendar"',
    pattern: new RegExp(
      `${defines("fromDay|toDay|parseDay|formatDay|isDay|parseIsoDate|parseIsoDay|formatIsoDate|parseDate|addDays|addYears|daysBetween|dayDiff|todayUtc").source}` +
        // The shape check every hand-written parser starts with.
        String.raw`|\\d\{4\}-\\d\{2\}-\\d\{2\}`,
    ),
  },
];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) sourceFiles(join(dir, entry.name), out);
    } else if (/\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      out.push(join(dir, entry.name));
    }
  }
  return out;
}

const files = ROOTS.flatMap((root) => sourceFiles(join(REPO, root))).map((path) => ({
  path: relative(REPO, path).split(sep).join("/"),
  lines: readFileSync(path, "utf8").split("\n"),
}));

const isHome = (fact: Fact, path: string) => (fact.home.endsWith("/") ? path.startsWith(fact.home) : path === fact.home);

function places(fact: Fact, inHome: boolean): string[] {
  const found: string[] = [];
  for (const { path, lines } of files) {
    if (isHome(fact, path) !== inHome) continue;
    lines.forEach((line, i) => {
      if (fact.pattern.test(line)) found.push(`${path}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  return found;
}

describe("one copy of each fact", () => {
  it("scans the source tree", () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(FACTS.map((f) => [f.name, f] as const))("%s is defined only in its home", (_, fact) => {
    // Guard against a vacuous pass: the patterns must still recognise the real definition.
    expect(places(fact, true), `${fact.name}: nothing in ${fact.home} matches the pattern any more`).not.toEqual([]);
    const copies = places(fact, false);
    const advice = `${fact.name} lives in ${fact.home}; ${fact.use}. Copies found:\n  ${copies.join("\n  ")}`;
    expect(copies, advice).toEqual([]);
  });
});
