// npm run bench:api — the paths users take, against real API processes (`apps/api/src/main.ts`), one run, one table:
// `{ __typename }` (the yardstick: HTTP + GraphQL and nothing else), `me`, `submitCaseReport`, `riskOverview`,
// `riskMap` on PostgreSQL with one instance; `submitCaseReport` on two instances over the same PostgreSQL; and
// `{ __typename }` + `submitCaseReport` on PGlite. Every rate is also given as a share of the PostgreSQL yardstick
// measured in the same run (the mean of its two rows, cold and warm): on a shared machine only ratios mean anything. Not a test.
//
// Load: closed loop, API_BENCH_CLIENTS (64) keep-alive connections, each sending its next request when the previous
// one is answered, for API_BENCH_SECONDS (8) after a 2 s warm-up, from a separate process (as an outside client
// would). Submissions: every client files for its own department's district, on its own range of days before the
// demo's history, so none is refused (any error is counted and shown). The load generator reports its own CPU
// time: a share near 100 % of one core would mean it, not the server, set the rate. The CPU the API processes and the
// PostgreSQL server spent per answered request over the same window (from /proc) is shown beside it: on a shared
// machine it moves far less between runs than a rate does, so it is what to compare when a change is small.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { TEST_DEMO_ENV } from "../test/seed-config.ts";

const CLIENTS = Number(process.env.API_BENCH_CLIENTS ?? 64);
const SECONDS = Number(process.env.API_BENCH_SECONDS ?? 8);
const WARMUP = 2;
const ADMIN = process.env.VIGIL_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

interface Client {
  url: string;
  token?: string;
  /** The request body template; `$DAY` is replaced by the client's next free day when present. */
  body: string;
  firstDay?: number;
  /** Days between this client's submissions (the clients of one district interleave). */
  dayStep?: number;
}
interface LoadResult {
  ok: number;
  errors: number;
  firstError: string | null;
  latencies: number[];
  seconds: number;
  /** The generator's CPU time over the measured window, as a share of one core. */
  cpu: number;
}
interface Row {
  label: string;
  r: LoadResult;
  /** CPU ms per answered request over the measured window: the API processes', and PostgreSQL's (null on PGlite). */
  apiMs: number;
  dbMs: number | null;
}

/** CPU time (user + system, ms) of a process so far; 0 once it is gone. */
const cpuMsOf = (pid: number): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
};
/** CPU time so far of each PostgreSQL server process on the machine (postmaster, backends, background workers). */
const postgresCpuMs = (): Map<number, number> => {
  const out = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, "utf8").trim() === "postgres") out.set(Number(d), cpuMsOf(Number(d)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
};
/** CPU spent between two readings: processes started since count whole; those that ended are lost (their last moments). */
const spentSince = (before: Map<number, number>, after: Map<number, number>): number => {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
};

const isoDay = (n: number) => new Date(Date.UTC(1900, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/** The load generator (a child process): closed loop, one request in flight per client. */
async function generate({ clients, seconds, warmup }: { clients: Client[]; seconds: number; warmup: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients.length });
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const measureFrom = start + warmup * 1000;
  const end = measureFrom + seconds * 1000;
  let cpu0: NodeJS.CpuUsage | undefined;
  setTimeout(() => {
    cpu0 = process.cpuUsage();
    // The parent reads the servers' CPU from here to the result: CPU per request is steadier than a rate on a shared machine.
    process.send?.("measuring");
  }, warmup * 1000);
  const request = (c: Client, body: string) =>
    new Promise<{ status: number; text: string }>((resolve) => {
      const u = new URL(c.url);
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: "POST",
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            ...(c.token && { authorization: `Bearer ${c.token}` }),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on("error", (e) => resolve({ status: 0, text: String(e) }));
      req.end(body);
    });
  await Promise.all(
    clients.map(async (c) => {
      let dayN = c.firstDay ?? 0;
      for (;;) {
        const t = performance.now();
        if (t >= end) return;
        const body = c.body.replace("$DAY", isoDay(dayN));
        dayN += c.dayStep ?? 1;
        const r = await request(c, body);
        const done = performance.now();
        if (t < measureFrom) continue;
        latencies.push(done - t);
        if (r.status === 200 && !r.text.includes('"errors"')) ok++;
        else {
          errors++;
          firstError ??= `${r.status} ${r.text.slice(0, 300)}`;
        }
      }
    }),
  );
  const used = process.cpuUsage(cpu0);
  agent.destroy();
  return { ok, errors, firstError, latencies, seconds, cpu: (used.user + used.system) / 1e6 / seconds };
}

if (process.argv.includes("--load")) {
  process.once("message", async (job) => {
    process.send!(await generate(job as Parameters<typeof generate>[0]), () => process.exit(0));
  });
  process.send!("ready");
} else {
  const say = (s: string) => process.stderr.write(`bench:api: ${s}\n`);
  const MAIN = path.resolve(import.meta.dirname, "../src/main.ts");
  const children: ChildProcess[] = [];

  /** One API process; resolves with its /graphql URL once it listens (the first start of a data directory seeds). */
  const api = (env: Record<string, string>) =>
    new Promise<string>((resolve, reject) => {
      // API_BENCH_PROFILE=<dir>: each API process writes a V8 CPU profile there when it stops.
      const profile = process.env.API_BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.API_BENCH_PROFILE}`] : [];
      const child = spawn(process.execPath, [...profile, "--import", "tsx", MAIN], {
        // The demo at test size (15 regions, 150 days of reports, no weekly series): the paths are the same, the seed is quicker.
        // NODE_ENV=production as `npm start` runs it (graphql-js drops its development-mode checks).
        env: { NODE_ENV: "production", ...process.env, ...TEST_DEMO_ENV, HOST: "127.0.0.1", PORT: "0", VIGIL_SCHEDULER_MS: "60000", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        // The port the process bound (PORT=0): no two processes race for a port picked here.
        const bound = /Vigil API on (http:\/\/\S+\/graphql)/.exec(out);
        if (bound) resolve(bound[1]!);
      });
      child.stderr!.on("data", (d) => (out += d));
      child.once("exit", (code) => reject(new Error(`API process exited (${code}):\n${out.slice(-2000)}`)));
    });
  const stopAll = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.removeAllListeners("exit");
            c.once("exit", () => resolve());
            c.kill("SIGTERM");
          }),
      ),
    );
    children.length = 0;
  };

  const gql = async (url: string, query: string, variables?: unknown, token?: string) => {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    return (await r.json()) as { data?: any; errors?: unknown[] };
  };

  /** Sign in every department officer; each gets the districts of its department's region. */
  const officers = async (url: string, dataDir: string) => {
    const { password, users } = JSON.parse(readFileSync(path.join(dataDir, "demo-logins.json"), "utf8")) as {
      password: string;
      users: { email: string; role: string }[];
    };
    const out: { token: string; districts: string[] }[] = [];
    let regions: { code: string; level: string; parentCode: string | null }[] | undefined;
    for (const u of users.filter((x) => x.role === "DEPARTMENT_OFFICER")) {
      const token = (await gql(url, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: u.email, p: password })).data?.login
        ?.token as string | undefined;
      if (!token) continue;
      regions ??= (await gql(url, "{ regions { code level parentCode } }", {}, token)).data?.regions;
      const me = (await gql(url, "{ me { department { regionCode } } }", {}, token)).data?.me?.department?.regionCode as string | undefined;
      if (!me || !regions) continue;
      const under = (code: string): string[] => {
        const r = regions!.find((x) => x.code === code);
        if (!r) return [];
        if (r.level === "DISTRICT") return [code];
        return regions!.filter((x) => x.parentCode === code).flatMap((x) => under(x.code));
      };
      out.push({ token, districts: under(me) });
    }
    return out;
  };

  /** 64 submission clients: each its own (officer, district) and its own block of days, so none collides. */
  const submitters = (urls: string[], offs: { token: string; districts: string[] }[], salt: number): Client[] => {
    // One officer per district (a city CDC's region includes its hospitals' districts): no two clients share a district-day.
    const owner = new Map<string, string>();
    for (const o of offs) for (const d of o.districts) if (!owner.has(d)) owner.set(d, o.token);
    const slots = [...owner].map(([district, token]) => ({ token, district }));
    if (!slots.length) throw new Error("no department officer with a district to report for");
    // The clients of one district interleave on consecutive days (lane, lane + lanes, …), so a batch's days of a
    // district are close together, as real reports cluster around the current day: detection re-reads a span of
    // days, and far-apart days would make every run cost years of series. A run stays within 12,000 days.
    const lanes = Math.ceil(CLIENTS / slots.length);
    return Array.from({ length: CLIENTS }, (_, c) => {
      const s = slots[c % slots.length]!;
      const lane = Math.floor(c / slots.length);
      return {
        url: urls[c % urls.length]!,
        token: s.token,
        firstDay: salt * 12_000 + lane,
        dayStep: lanes,
        body: JSON.stringify({
          query: "mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id entryIndex } }",
          variables: { i: { regionCode: s.district, date: "$DAY", newConfirmed: 3, suspected: 1, deaths: 0, tests: 20 } },
        }),
      };
    });
  };

  const serversCpuMs = () => children.reduce((sum, c) => sum + (c.exitCode === null && c.pid ? cpuMsOf(c.pid) : 0), 0);
  const load = (clients: Client[], onDatabase: boolean) =>
    new Promise<{ r: LoadResult; apiMs: number; dbMs: number | null }>((resolve, reject) => {
      const child = fork(import.meta.filename, ["--load"], { execArgv: ["--import", "tsx"] });
      let from = { api: 0, db: new Map<number, number>() };
      child.on("message", (m) => {
        if (m === "ready") child.send({ clients, seconds: SECONDS, warmup: WARMUP });
        else if (m === "measuring") from = { api: serversCpuMs(), db: onDatabase ? postgresCpuMs() : new Map() };
        else {
          const r = m as LoadResult;
          const n = Math.max(1, r.ok + r.errors);
          resolve({ r, apiMs: (serversCpuMs() - from.api) / n, dbMs: onDatabase ? spentSince(from.db, postgresCpuMs()) / n : null });
        }
      });
      child.once("error", reject);
    });
  const same = (url: string | string[], body: string, token?: string): Client[] =>
    Array.from({ length: CLIENTS }, (_, c) => ({ url: Array.isArray(url) ? url[c % url.length]! : url, token, body }));

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
  };
  const rows: Row[] = [];
  const measure = async (label: string, clients: Client[], onDatabase = true) => {
    say(`${label}…`);
    const { r, apiMs, dbMs } = await load(clients, onDatabase);
    rows.push({ label, r, apiMs, dbMs });
    return r;
  };

  // PostgreSQL: a fresh database, seeded by the first instance's first start.
  const name = `vigil_bench_api_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const dbUrl = new URL(ADMIN);
  dbUrl.pathname = `/${name}`;
  const pgDir = mkdtempSync(path.join(tmpdir(), "vigil-bench-api-"));
  try {
    say("seeding the demo (test size) on PostgreSQL…");
    const a = await api({ DATABASE_URL: dbUrl.toString(), VIGIL_DATA_DIR: pgDir });
    const offs = await officers(a, pgDir);
    const decision = (
      await gql(a, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
        e: "decision@vigil.example",
        p: JSON.parse(readFileSync(path.join(pgDir, "demo-logins.json"), "utf8")).password,
      })
    ).data.login.token as string;
    const yard = await measure("{ __typename } (yardstick)", same(a, JSON.stringify({ query: "{ __typename }" })));
    await measure("{ me { role } }", same(a, JSON.stringify({ query: "{ me { role } }" }), decision));
    const one = await measure("submitCaseReport, 1 instance", submitters([a], offs, 0));
    const city = offs[0]!.districts[0]!;
    await measure(
      `riskOverview(regionCode: ${city})`,
      same(a, JSON.stringify({ query: `{ riskOverview(regionCode: "${city}") { level activeAlarms currentRt series { date count } } }` }), decision),
    );
    await measure("riskMap", same(a, JSON.stringify({ query: "{ riskMap { region { code } level incidencePer100k rt } }" }), decision));
    // The yardstick again, now that the process is warm: the first row runs right after the seed, before the JIT has
    // settled, and alone it moved 4,358–6,299/s between runs of the same code. Ratios use the mean of the two.
    const yardAgain = await measure("{ __typename } (yardstick, again)", same(a, JSON.stringify({ query: "{ __typename }" })));
    const b = await api({ DATABASE_URL: dbUrl.toString(), VIGIL_DATA_DIR: pgDir });
    await measure("{ __typename }, 2 instances", same([a, b], JSON.stringify({ query: "{ __typename }" })));
    const two = await measure("submitCaseReport, 2 instances", submitters([a, b], offs, 1));
    await stopAll();

    // PGlite: its own data directory, seeded by its first start.
    say("seeding the demo (test size) on PGlite…");
    const liteDir = mkdtempSync(path.join(tmpdir(), "vigil-bench-api-lite-"));
    const lite = await api({ DATABASE_URL: "", VIGIL_DATA_DIR: liteDir });
    const liteOffs = await officers(lite, liteDir);
    await measure("PGlite { __typename }", same(lite, JSON.stringify({ query: "{ __typename }" })), false);
    await measure("PGlite submitCaseReport", submitters([lite], liteOffs, 2), false);
    await stopAll();

    const rate = (r: LoadResult) => r.ok / r.seconds;
    const yardstick = (rate(yard) + rate(yardAgain)) / 2;
    const head = ["request", "answered/s", "÷ yardstick", "p50 ms", "p99 ms", "errors", "generator CPU", "API CPU ms/req", "PostgreSQL CPU ms/req"];
    const table = rows.map(({ label, r, apiMs, dbMs }) => [
      label,
      rate(r).toFixed(0),
      (rate(r) / yardstick).toFixed(2),
      pct(r.latencies, 50).toFixed(0),
      pct(r.latencies, 99).toFixed(0),
      String(r.errors),
      `${Math.round(r.cpu * 100)} %`,
      apiMs.toFixed(2),
      dbMs === null ? "(in the API)" : dbMs.toFixed(2),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
    console.log(
      `\nbench:api — yardstick ${yardstick.toFixed(0)}/s (the mean of its two rows); ${CLIENTS} clients, closed loop, ${SECONDS} s per row after ${WARMUP} s warm-up; API processes and load generator share ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)})`,
    );
    for (const t of [head, ...table]) console.log(t.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
    console.log(`two instances ÷ one, submitCaseReport on PostgreSQL: ${(rate(two) / rate(one)).toFixed(2)}`);
    for (const { label, r } of rows) if (r.firstError) console.log(`first error of "${label}": ${r.firstError}`);
  } finally {
    await stopAll();
    const drop = new pg.Client({ connectionString: ADMIN });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await drop.end();
  }
  process.exit(0);
}
