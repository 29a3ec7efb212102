// npm run bench:chain — issue 15, acceptance 4: the chain graph of the large case (5,000 cases, 20,000
// contacts) from asking for the page to its first frame in headless Chromium, repeated, beside a yardstick from
// the same run: the same page with the form only. Starts a real portal (fresh embedded database, the demo at
// test size), plants the chain through the public bulk mutation, prints a markdown table; not a test.
import { cpus, loadavg } from "node:os";
import { graphqlClient, launchBrowser, signIn, startPortal } from "../e2e/portal.ts";
import { LINKS, openFormOnly, openLargeChain, PEOPLE, plantLargeChain, type ChainTimes } from "../e2e/large-chain.ts";

const RUNS = Number(process.env.CHAIN_BENCH_RUNS ?? 7);
const TARGET_MS = 3_000;
const say = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

say("bench:chain: starting a portal (first start seeds the demo)…");
const [portal, browser] = await Promise.all([startPortal({}, { fresh: true }), launchBrowser()]);
try {
  const gql = graphqlClient(portal);
  const token = (await gql(`mutation { login(email: "cdc@vigil.example", password: "${portal.password}") { token } }`)).data!.login.token as string;
  say(`planting ${PEOPLE.toLocaleString("en-US")} people, ${LINKS.toLocaleString("en-US")} links…`);
  const p0 = performance.now();
  await plantLargeChain(gql, token);
  const plantS = (performance.now() - p0) / 1000;
  const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
  await signIn(page, portal, "cdc@vigil.example");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  const form: number[] = [];
  const runs: ChainTimes[] = [];
  for (let i = 0; i < RUNS; i++) {
    form.push(await openFormOnly(page, portal));
    runs.push(await openLargeChain(page, portal));
    say(`run ${i + 1}/${RUNS}: drawn at ${runs.at(-1)!.drawn} ms (form-only page ${form.at(-1)} ms)`);
  }
  const col = (k: keyof ChainTimes) => runs.map((r) => r[k]);
  const row = (label: string, xs: number[]) => `| ${label} | ${median(xs).toLocaleString("en-US")} | ${Math.max(...xs).toLocaleString("en-US")} |`;
  console.log(
    `\nbench:chain: ${PEOPLE.toLocaleString("en-US")} people, ${LINKS.toLocaleString("en-US")} links, ${RUNS} views; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log("| ms since navigation | median | max |");
  console.log("|---|---|---|");
  console.log(row("first byte of the page (API query in-process, logged)", col("firstByte")));
  console.log(row("hydrated (graph effect starts)", col("hydrated")));
  console.log(row("graph built (cytoscape, 5,000 cases drawn, contacts folded)", col("built")));
  console.log(row("**first frame drawn**", col("drawn")));
  console.log(row("yardstick: the form-only page, load event", form));
  console.log(`\nratio drawn / yardstick (medians): ${(median(col("drawn")) / median(form)).toFixed(1)}×`);
  console.log(
    `page size ${Math.round(median(col("htmlBytes")) / 1024)} KiB; planting ${LINKS.toLocaleString("en-US")} links took ${plantS.toFixed(1)} s (${Math.round(LINKS / plantS).toLocaleString("en-US")} links/s, each its own entry)`,
  );
  console.log(`target: first frame < ${TARGET_MS.toLocaleString("en-US")} ms — ${median(col("drawn")) < TARGET_MS ? "met" : "NOT met"} at the median`);
} finally {
  await browser.close();
  await portal.stop();
}
process.exit(0);
