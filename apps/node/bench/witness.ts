// npm run bench:nodes — add-checkpoint requests/s one witness process sustains (PGlite, then PostgreSQL),
// beside the raw Ed25519 verify + sign rate of this machine measured in the same run: a witness does one
// verify (the log's signature) and one sign (its cosignature) per request, so that rate is its ceiling on
// one core. Prints a table; not a test. WITNESS_BENCH_SECONDS (default 8) sets each load phase's length.
// The checkpoint → final latency and mirror sync rows of issue 9 come with those roles.
import { generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { ed25519 } from "@noble/curves/ed25519.js";
import {
  CompactRange,
  type NodeLookup,
  consistencyProofNodes,
  encodeAddCheckpointRequest,
  encodeCheckpoint,
  encodeVerifierKey,
  generateLogKey,
  hashFromSubtrees,
  hashLeaf,
  perfectSubtrees,
  signCheckpoint,
} from "@vigil/log";
import pg from "pg";
import { type NodeProcess, startWitness } from "../test/process.ts";

const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECONDS = Number(process.env.WITNESS_BENCH_SECONDS ?? 8);
/** Logs witnessed at once: requests for one origin are serialised, so the load spreads over several. */
const ORIGINS = 8;
const say = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function ed25519Rate(): number {
  const key = generateLogKey();
  const message = randomBytes(120);
  const sig = ed25519.sign(message, key.privateKey);
  const n = 2_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    ed25519.verify(sig, message, key.publicKey, { zip215: false });
    ed25519.sign(message, key.privateKey);
  }
  return (n / (performance.now() - t)) * 1000;
}

/** For context only: node:crypto's Ed25519 (OpenSSL), which @vigil/log does not use because it also runs in the browser. */
function nodeEd25519Rate(): number {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const message = randomBytes(120);
  const sig = sign(null, message, privateKey);
  const n = 5_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    verify(null, message, publicKey, sig);
    sign(null, message, privateKey);
  }
  return (n / (performance.now() - t)) * 1000;
}

/** Per origin, the request bodies that extend its tree by one leaf each: old i → i + 1 with a real proof. */
function requestsFor(origin: string, count: number): string[] {
  const key = generateLogKey();
  const store = new Map<string, Uint8Array>();
  const lookup: NodeLookup = (level, index) => store.get(`${level}/${index}`);
  const range = new CompactRange();
  const bodies: string[] = [];
  const roots: Uint8Array[] = [range.root()];
  for (let size = 1; size <= count; size++) {
    for (const n of range.append([hashLeaf(new TextEncoder().encode(`${origin} ${size}`))])) store.set(`${n.level}/${n.index}`, n.hash);
    roots.push(hashFromSubtrees(perfectSubtrees(0, size), lookup));
    const old = size - 1;
    const proof = old === 0 ? [] : consistencyProofNodes(old, size).map((nodes) => hashFromSubtrees(nodes, lookup));
    const note = signCheckpoint(encodeCheckpoint({ origin, size, root: roots[size] }), { name: origin, privateKey: key.privateKey });
    bodies.push(encodeAddCheckpointRequest({ oldSize: old, proof, note }));
  }
  bodies.unshift(encodeVerifierKey(origin, key.publicKey)); // the first element is the log's vkey
  return bodies;
}

async function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function load(w: NodeProcess, logs: string[][]): Promise<{ requests: number; seconds: number; p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: ORIGINS });
  const url = new URL(`${w.url}/add-checkpoint`);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const stopAt = start + SECONDS * 1000;
  await Promise.all(
    logs.map(async (bodies) => {
      for (let i = 1; i < bodies.length && performance.now() < stopAt; i++) {
        const t = performance.now();
        const status = await post(agent, url, bodies[i]);
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { requests: latencies.length, seconds, p50: q(0.5), p99: q(0.99), errors };
}

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const name = `vigil_bench_witness_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

say("yardstick: Ed25519 verify + sign, @noble/curves, this process…");
ed25519Rate(); // warm-up: the JIT and noble's precomputed base-point tables
const yard = ed25519Rate();
const nodeRate = nodeEd25519Rate();
// Enough bodies that no origin runs out during the phase, at a generous upper bound on the rate.
const perOrigin = Math.ceil((yard * SECONDS * 1.5) / ORIGINS) + 10;
say(`preparing ${ORIGINS} logs × ${perOrigin} signed checkpoints with consistency proofs…`);
const rows: [string, string, string, string, string, string][] = [];
for (const backend of ["pglite", "postgres"] as const) {
  const logs = Array.from({ length: ORIGINS }, (_, i) => requestsFor(`bench.vigil.test/log-${i}`, perOrigin));
  const pgdb = backend === "postgres" ? await freshPostgres() : null;
  if (backend === "postgres" && pgdb === null) {
    say(`PostgreSQL at ${ADMIN} is not reachable: skipping that row`);
    continue;
  }
  const data = mkdtempSync(path.join(tmpdir(), "vigil-bench-witness-"));
  const w = await startWitness(["--data", data, ...logs.flatMap((l) => ["--log-vkey", l[0]]), "--name", "bench.witness"], { DATABASE_URL: pgdb?.url });
  try {
    say(`${backend}: ${SECONDS} s of add-checkpoint from ${ORIGINS} logs…`);
    const r = await load(w, logs);
    const rps = r.requests / r.seconds;
    rows.push([
      `add-checkpoint, one witness, ${backend}`,
      `${fmt(rps)}/s`,
      `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms`,
      `${(rps / yard).toFixed(2)}`,
      String(r.errors),
      `${fmt(r.requests)} requests, ${ORIGINS} logs in parallel`,
    ]);
  } finally {
    await w.kill9();
    await pgdb?.drop();
  }
}

const table: string[][] = [
  ["measure", "rate", "p50 / p99", "ratio to yardstick", "non-200", "note"],
  ["Ed25519 verify + sign, @noble/curves (1 core): yardstick", `${fmt(yard)}/s`, "", "1.00", "", "the witness's crypto per request"],
  ...rows,
  [
    "Ed25519 verify + sign, node:crypto (1 core), for context",
    `${fmt(nodeRate)}/s`,
    "",
    (nodeRate / yard).toFixed(2),
    "",
    "not used by @vigil/log (browser too)",
  ],
];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
console.log(line(table[0]));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of table.slice(1)) console.log(line(r));
