/**
 * Decisions per second for the case-report contract on one core, compiled rules cached.
 *
 *   npm run bench:rules            (from the repository root)
 *
 * Workload: 10,000 seeded case reports (createRng), about one in ten implausible on some rule, so
 * failing rules also build their messageExpression. Every row runs the same payloads: one untimed
 * warm-up pass, then RUNS timed passes of at least MIN_MS each; the median is reported. Yardsticks
 * measured in the same run: a plain JS function performing the same schema and plausibility checks
 * by hand, and ajv's compiled schema validator alone. Target: ≥ 100,000 decisions/s.
 * @module
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { createRng } from "@vigil/analytics";
import { isDay } from "@vigil/calendar";
import Ajv2020 from "ajv/dist/2020.js";
import { CASE_REPORT_CONTRACT, type CompiledContract, compileRuleSet } from "../src/index.ts";

const N = 10_000;
const RUNS = 5;
const MIN_MS = 400;
const TARGET = 100_000;

const rng = createRng(2026);
const int = (n: number) => Math.floor(rng.next() * n);
const ctx = { regionName: "Jiang'an", population: 800_000, cumulativeConfirmedBefore: 0 };
const cases = Array.from({ length: N }, (_, i) => {
  const tests = int(500);
  const newConfirmed = rng.next() < 0.05 ? tests + 1 + int(10) : int(tests + 1);
  const deaths = rng.next() < 0.05 ? newConfirmed + 50 + int(10) : int(Math.min(newConfirmed, 5) + 1);
  return {
    payload: { regionCode: "420102", date: `2020-02-${String((i % 28) + 1).padStart(2, "0")}`, newConfirmed, suspected: int(50), deaths, tests },
    context: { ...ctx, cumulativeConfirmedBefore: int(40) },
  };
});

// Yardstick 1: the same checks written by hand, as the data-support service does them today.
type Payload = (typeof cases)[number]["payload"];
function byHand(p: Payload, c: typeof ctx): boolean {
  const keys = Object.keys(p);
  if (keys.length !== 6) return false;
  for (const k of ["newConfirmed", "suspected", "deaths", "tests"] as const) {
    const v = p[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 1e9) return false;
  }
  if (typeof p.regionCode !== "string" || !/^[0-9A-Za-z_-]+$/.test(p.regionCode) || !isDay(p.date)) return false;
  let ok = true;
  if (p.newConfirmed > c.population) ok = false;
  if (p.tests > 0 && p.newConfirmed > p.tests) ok = false;
  if (p.deaths > c.cumulativeConfirmedBefore + p.newConfirmed) ok = false;
  return ok;
}

// Yardstick 2: ajv alone on the contract's input schema.
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(CASE_REPORT_CONTRACT.body.input);

const t0 = performance.now();
const contract = compileRuleSet(CASE_REPORT_CONTRACT) as CompiledContract;
const compileMs = performance.now() - t0;

// CPU time of this process as well as wall time: the machine is shared, and "on one core" means
// decisions per second of CPU this single-threaded loop gets (GC helper threads count against it).
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function measure(fn: (i: number) => boolean): { rate: number; cpuRate: number; accepted: number } {
  let accepted = 0;
  for (let i = 0; i < N; i++) fn(i);
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let done = 0;
    accepted = 0;
    const start = performance.now();
    const cpu0 = cpuSeconds();
    let elapsed = 0;
    do {
      for (let i = 0; i < N; i++) if (fn(i)) accepted++;
      done += N;
      elapsed = performance.now() - start;
    } while (elapsed < MIN_MS);
    cpuRates.push(done / (cpuSeconds() - cpu0));
    rates.push(done / (elapsed / 1000));
    accepted = (accepted * N) / done;
  }
  const med = (x: number[]) => x.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  return { rate: med(rates), cpuRate: med(cpuRates), accepted };
}

const rows = [
  { name: "plain JS function, same checks (yardstick)", ...measure((i) => byHand(cases[i]!.payload, cases[i]!.context)) },
  { name: "ajv 2020 input schema alone", ...measure((i) => validate(cases[i]!.payload) as boolean) },
  { name: "contract.decide (ajv + 3 CEL rules + routing)", ...measure((i) => contract.decide(cases[i]!.payload, cases[i]!.context).accepted) },
];

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `case-report contract ${contract.ref.version} (${contract.ref.hash.slice(0, 12)}…), ${N.toLocaleString("en-US")} seeded payloads, median of ${RUNS} runs`,
);
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? "cpu"} (one core), load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores; first compile ${compileMs.toFixed(1)} ms, cached after`,
);
console.log("");
const cpuYard = rows[0]!.cpuRate;
console.log("| workload | decisions/s (wall) | decisions per CPU-second | ratio to yardstick (CPU) | accepted per 10k |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.rate)} | ${fmt(r.cpuRate)} | ${(r.cpuRate / cpuYard).toFixed(3)} | ${fmt(r.accepted)} |`);
const decide = rows[2]!;
console.log("");
console.log(
  `target ≥ ${fmt(TARGET)} decisions/s on one core: ${decide.cpuRate >= TARGET ? "met" : "NOT met"} per CPU-second (${fmt(decide.cpuRate)}); wall clock ${fmt(decide.rate)} (wall/CPU ${(decide.rate / decide.cpuRate).toFixed(2)}: the share of a core this process got)`,
);
// The hand-written checks and the contract must agree on every payload, or the bench compares different work.
const disagree = cases.filter((c) => byHand(c.payload, c.context) !== contract.decide(c.payload, c.context).accepted).length;
if (disagree) {
  console.error(`the contract and the hand-written checks disagree on ${disagree} payloads`);
  process.exit(1);
}
