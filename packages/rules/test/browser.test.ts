import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { CASE_REPORT_CONTRACT, type CompiledContract, compileRuleSet, DEFAULT_POLICY, ruleSetHash } from "../src/index.ts";

// The browser replays logged decisions with this package: bundle it for the browser, run the bundle
// in a bare V8 context with only web-platform globals, and require the same hashes and decisions as Node.
const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const payloads = [
  { regionCode: "420102", date: "2020-02-10", newConfirmed: 3, suspected: 2, deaths: 1, tests: 10 },
  { regionCode: "420102", date: "2020-02-10", newConfirmed: 30, suspected: 2, deaths: 99, tests: 10 },
  { regionCode: "420102", date: "2020-02-10", newConfirmed: -1, suspected: 2, deaths: 0, tests: 10 },
];
const context = { regionName: "Jiang'an", population: 1000, cumulativeConfirmedBefore: 7 };

describe("browser", () => {
  it("bundles for the browser and gives the same hashes and decisions as Node", async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "rules",
      write: false,
      logLevel: "silent",
    });
    const bundle = result.outputFiles[0]!.text;
    const smoke = `
      const c = rules.compileRuleSet(rules.CASE_REPORT_CONTRACT);
      JSON.stringify({
        contract: rules.ruleSetHash(rules.CASE_REPORT_CONTRACT),
        policy: rules.ruleSetHash(rules.DEFAULT_POLICY),
        decisions: ${JSON.stringify(payloads)}.map((p) => c.decide(p, ${JSON.stringify(context)})),
        hasBuffer: typeof Buffer !== "undefined",
        hasProcess: typeof process !== "undefined",
      })`;
    const out = JSON.parse(runInNewContext(`${bundle}\n${smoke}`, { TextEncoder, TextDecoder }));
    const node = compileRuleSet(CASE_REPORT_CONTRACT) as CompiledContract;
    expect(out).toEqual({
      contract: ruleSetHash(CASE_REPORT_CONTRACT),
      policy: ruleSetHash(DEFAULT_POLICY),
      decisions: payloads.map((p) => node.decide(p, context)),
      hasBuffer: false,
      hasProcess: false,
    });
    expect(out.decisions.map((d: { accepted: boolean }) => d.accepted)).toEqual([true, false, false]);
  });
});
