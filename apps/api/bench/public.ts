// npm run bench:public — receipt lookups (donationTrace, anonymous) on PostgreSQL at a fixed arrival rate, beside the
// `{ __typename }` yardstick at the same rate, measured in the same run. Prints a table; not a test.
//
// Load: open loop. A separate process sends requests at PUBLIC_BENCH_RATE per second (default 1,000) for
// PUBLIC_BENCH_SECONDS (default 10) over 64 keep-alive connections; each latency is counted from the moment the
// request was due, so a stalled server cannot hide queueing (no coordinated omission). Receipt codes are drawn
// uniformly from the 500 seeded donations; X-Forwarded-For cycles through 256 client addresses (the API trusts
// one proxy hop here), so the per-address limit (50/s) is exercised but not hit. Server and load share 2 cores.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fork } from "node:child_process";
import pg from "pg";

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
async function generate({ url, bodies, rate, seconds }: { url: string; bodies: string[]; rate: number; seconds: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const one = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const body = bodies[i % bodies.length]!;
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-forwarded-for": `198.51.100.${i % 256}` },
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
  const [{ createVigil }, { configFromEnv }] = await Promise.all([import("../src/app.ts"), import("../src/config.ts")]);
  say("bench:public: seeding the demo on a fresh PostgreSQL database…");
  const vigil = await createVigil(
    { ...configFromEnv({}), port: 0, dataDir: mkdtempSync(path.join(tmpdir(), "vigil-bench-")), databaseUrl: u.toString(), trustProxy: 1 },
    () => {},
  );
  const server = http.createServer(vigil.app);
  await vigil.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const codes = (await vigil.db.prisma.charityStep.findMany({ where: { kind: "DONATION" }, select: { code: true } })).map((c) => c.code);
  const trace = (code: string) =>
    JSON.stringify({
      query: `query($r: String!) { donationTrace(receiptCode: $r) { receiptCode steps { step { kind code quantity } entry { index leafHash proof { treeSize hashes checkpoint { note } } } } } }`,
      variables: { r: code },
    });
  const run = (bodies: string[]) =>
    new Promise<LoadResult>((resolve, reject) => {
      const child = fork(import.meta.filename, ["--load"], { execArgv: ["--import", "tsx"] });
      child.on("message", (m) => (m === "ready" ? child.send({ url, bodies, rate: RATE, seconds: SECONDS }) : resolve(m as LoadResult)));
      child.once("error", reject);
    });
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  };
  // Warm both paths (JIT, connections, the public cache) before measuring.
  // Warm-up: every receipt once (16 at a time), which fills the public cache as a day of lookups would; its time is
  // the cold path (database reads and proofs), reported below.
  say("bench:public: warming up (every receipt once)…");
  const coldStart = performance.now();
  for (let i = 0; i < codes.length; i += 16)
    await Promise.all(
      codes
        .slice(i, i + 16)
        .map((c, j) =>
          fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${j}` }, body: trace(c) }).catch(() => {}),
        ),
    );
  const coldPerSecond = Math.round(codes.length / ((performance.now() - coldStart) / 1000));
  say(`bench:public: ${RATE} req/s for ${SECONDS} s, yardstick then receipts…`);
  const yard = await run([JSON.stringify({ query: "{ __typename }" })]);
  const receipts = await run(codes.map(trace));
  const row = (label: string, r: LoadResult) => [
    label,
    `${RATE}`,
    `${Math.round(r.ok / r.seconds)}`,
    pct(r.latencies, 50).toFixed(1),
    pct(r.latencies, 95).toFixed(1),
    pct(r.latencies, 99).toFixed(1),
    `${r.errors}`,
  ];
  const rows = [row("{ __typename } (yardstick)", yard), row("donationTrace(receiptCode) — 500 codes", receipts)];
  const head = ["request", "target/s", "answered/s", "p50 ms", "p95 ms", "p99 ms", "errors"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(
    `\nbench:public on PostgreSQL, open loop, 64 connections, load generator on the same machine (${(await import("node:os")).cpus().length} cores), load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`,
  );
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  console.log(`cold lookups (first of each receipt, 16 concurrent): ${coldPerSecond}/s`);
  console.log(`p99 ratio receipts / yardstick: ${(pct(receipts.latencies, 99) / pct(yard.latencies, 99)).toFixed(2)}; target p99 < 50 ms at 1,000 req/s`);
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  await vigil.close();
  const drop = new pg.Client({ connectionString: ADMIN });
  await drop.connect();
  await drop.query(`DROP DATABASE "${name}" WITH (FORCE)`);
  await drop.end();
  process.exit(0);
}
