// npm run bench:public — receipt lookups (anonymous) on PostgreSQL at a fixed arrival rate, through GraphQL
// (`donationTrace`) and through `GET /public/receipts/<code>`, beside the `{ __typename }` yardstick at the same rate,
// measured in the same run. Prints a table; not a test.
//
// Load: open loop. A separate process sends requests at PUBLIC_BENCH_RATE per second (default 1,000) for
// PUBLIC_BENCH_SECONDS (default 10) over 64 keep-alive connections; each latency is counted from the moment the
// request was due, so a stalled server cannot hide queueing (no coordinated omission). Receipt codes are taken in
// turn from the 500 seeded donations; X-Forwarded-For cycles through 256 client addresses (the API trusts one proxy
// hop here), so the per-address limit (50/s) is exercised but not hit. The API runs as its own process; API, load
// and PostgreSQL share the machine's cores.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fork, spawn } from "node:child_process";
import pg from "pg";
import { RECEIPT_TRACE_DOCUMENT } from "../src/layers/data-support/public-trust/receipt-route.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

const RATE = Number(process.env.PUBLIC_BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.PUBLIC_BENCH_SECONDS ?? 10);
const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  latencies: number[];
  seconds: number;
}

/** The load generator (a child process): fixed arrival rate, latency from the due time. */
/** One request of a run: a POST of `body` to `path`, or a GET of `path` when there is no body. */
interface Shot {
  path: string;
  body?: string;
}

async function generate({ origin, shots, rate, seconds }: { origin: string; shots: Shot[]; rate: number; seconds: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(origin);
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const one = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const { path, body } = shots[i % shots.length]!;
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path,
          method: body === undefined ? "GET" : "POST",
          agent,
          headers: {
            "x-forwarded-for": `198.51.100.${i % 256}`,
            ...(body !== undefined && { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c) => (text += c));
          res.on("end", () => {
            latencies.push(performance.now() - due);
            if (res.statusCode === 200 && !text.includes('"errors"')) ok++;
            else errors++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const pending: Promise<void>[] = [];
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) / 1000) * rate));
      for (; sent < due; sent++) pending.push(one(sent, start + (sent / rate) * 1000));
      if (sent >= total) return done();
      setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  return { sent, ok, errors, latencies, seconds: (performance.now() - start) / 1000 };
}

if (process.argv.includes("--load")) {
  // The load generator: its own process, as an outside client would be.
  process.once("message", async (job) => {
    process.send!(await generate(job as Parameters<typeof generate>[0]), () => process.exit(0));
  });
  // Only now can a job arrive without being dropped: say so.
  process.send!("ready");
} else {
  const say = (s: string) => process.stderr.write(`${s}\n`);
  const name = `vigil_bench_public_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  const databaseUrl = u.toString();
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-bench-"));
  const [{ createVigil }, { configFromEnv }] = await Promise.all([import("../src/app.ts"), import("../src/config.ts")]);
  say("bench:public: seeding the demo on a fresh PostgreSQL database…");
  // Seeded here, then served by its own process (as in production after a restart), so the seed's heap and
  // the load generator's work are not the server's.
  const seeding = await createVigil({ ...configFromEnv({}), port: 0, dataDir, databaseUrl }, () => {});
  const codes = (await seeding.db.prisma.charityStep.findMany({ where: { kind: "DONATION" }, select: { code: true } })).map((c) => c.code);
  await seeding.close();
  const port = await new Promise<number>((resolve) => {
    const probe = http.createServer().listen(0, "127.0.0.1", () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const api = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "apps/api/src/main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: path.join(ROOT, "tsconfig.json"),
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_TRUST_PROXY: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    api.stdout!.on("data", (d: Buffer) => d.toString().includes("Vigil API on") && resolve());
    api.once("exit", (code) => reject(new Error(`the API exited (${code}) before listening`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const trace = (code: string): Shot => ({ path: "/graphql", body: JSON.stringify({ query: RECEIPT_TRACE_DOCUMENT, variables: { receiptCode: code } }) });
  const receipt = (code: string): Shot => ({ path: `/public/receipts/${code}` });
  const run = (shots: Shot[]) =>
    new Promise<LoadResult>((resolve, reject) => {
      const child = fork(import.meta.filename, ["--load"], { execArgv: ["--import", "tsx"] });
      child.on("message", (m) => (m === "ready" ? child.send({ origin, shots, rate: RATE, seconds: SECONDS }) : resolve(m as LoadResult)));
      child.once("error", reject);
    });
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  };
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const logSize = async () => Number((await db.query(`SELECT count(*) AS n FROM "LogEntry"`)).rows[0].n);
  /** The server process's CPU time so far (user + system), in ms. */
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${api.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  };
  // Warm-up: every receipt once on each path (16 at a time), which fills the caches as a day of lookups would; the
  // first pass's time is the cold path (database reads and proofs), reported below.
  say("bench:public: warming up (every receipt once on each path)…");
  const once = async (shots: Shot[]) => {
    const start = performance.now();
    for (let i = 0; i < shots.length; i += 16)
      await Promise.all(
        shots.slice(i, i + 16).map(({ path: p, body }, j) =>
          fetch(`${origin}${p}`, {
            method: body === undefined ? "GET" : "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${j}` },
            body,
          }).then((r) => r.arrayBuffer()),
        ),
      );
    return Math.round(shots.length / ((performance.now() - start) / 1000));
  };
  const coldPerSecond = await once(codes.map(trace));
  await once(codes.map(receipt));
  say(`bench:public: ${RATE} req/s for ${SECONDS} s on each path…`);
  // The log's growth during a run matters: any append re-keys the cached answers.
  const measured = async (shots: Shot[]) => {
    const [size, cpu] = [await logSize(), cpuMs()];
    const r = await run(shots);
    return { ...r, cpuPerRequest: (cpuMs() - cpu) / r.sent, grew: (await logSize()) - size };
  };
  const yard = await measured([{ path: "/graphql", body: JSON.stringify({ query: "{ __typename }" }) }]);
  const traces = await measured(codes.map(trace));
  const receipts = await measured(codes.map(receipt));
  const row = (label: string, r: LoadResult & { cpuPerRequest: number; grew: number }) => [
    label,
    `${RATE}`,
    `${Math.round(r.ok / r.seconds)}`,
    pct(r.latencies, 50).toFixed(1),
    pct(r.latencies, 95).toFixed(1),
    pct(r.latencies, 99).toFixed(1),
    `${r.errors}`,
    r.cpuPerRequest.toFixed(2),
    `${r.grew}`,
  ];
  const rows = [
    row("POST /graphql { __typename } (yardstick)", yard),
    row("POST /graphql donationTrace — 500 codes", traces),
    row("GET /public/receipts/<code> — 500 codes", receipts),
  ];
  const head = ["request", "target/s", "answered/s", "p50 ms", "p95 ms", "p99 ms", "errors", "server CPU ms/req", "log grew"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(
    `\nbench:public on PostgreSQL, open loop, 64 connections, API and load generator as separate processes on this machine (${cpus().length} cores), load average ${loadavg()[0]!.toFixed(1)}`,
  );
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  console.log(`cold lookups (first of each receipt, 16 concurrent, POST /graphql): ${coldPerSecond}/s`);
  const ratio = (r: LoadResult) => (pct(r.latencies, 99) / pct(yard.latencies, 99)).toFixed(2);
  console.log(`p99 ratio to the yardstick: donationTrace ${ratio(traces)}, GET receipts ${ratio(receipts)}; target p99 < 50 ms at 1,000 req/s`);
  await db.end();
  api.kill("SIGTERM");
  await new Promise((resolve) => api.once("exit", resolve));
  const drop = new pg.Client({ connectionString: ADMIN });
  await drop.connect();
  await drop.query(`DROP DATABASE "${name}" WITH (FORCE)`);
  await drop.end();
  process.exit(0);
}
