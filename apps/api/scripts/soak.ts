// npm run soak [-- --seconds 120 --kill-after 40 --clients 8 --backend postgres|pglite]
//
// kill -9 under load: API processes (apps/api/src/main.ts, as deployed) on one database, clients filing
// case reports at full speed against each (distinct district-days, three departments' officers). One process
// is killed with SIGKILL mid-run and restarted. Afterwards: every acknowledged report is present exactly once,
// the log has no gap, the full audit (log + domain rows) passes, and the survivor answered every request.
// On PostgreSQL two processes run (a fresh database is created and dropped unless --database-url is given);
// on PGlite one (it allows one owner), killed and restarted. Prints a table; exit 1 if any check fails.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { addDays, today } from "@vigil/calendar";
import { dataDir as resolveDataDir, openDatabase } from "@vigil/db";
import type { AuditProblem } from "@vigil/log";
import { loadKeyRing } from "../src/keys.ts";
import { auditLog } from "../src/log/audit.ts";
import { TEST_DEMO_ENV } from "../test/seed-config.ts";

const API_DIR = path.resolve(import.meta.dirname, "..");
const LOG_ORIGIN = "vigil.soak/log";
const SUBMIT = `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id entryIndex } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
/** A request that gets no answer within this long counts as unanswered. */
const REQUEST_TIMEOUT_MS = 15_000;
const MIN_LOAD_AFTER_RESTART_MS = 4_000;

/** Who files for which districts: a hospital (its own district), a city CDC (its city), the province CDC (the rest). */
const REPORTERS = [
  { email: "officer@vigil.example", department: "HOSP-RL-01-02", districts: (code: string) => code === "RL-01-02" },
  { email: "cdc.highfold@vigil.example", department: "CDC-RL-02", districts: (code: string) => code.startsWith("RL-02-") },
  { email: "cdc@vigil.example", department: "CDC-RL", districts: () => true },
] as const;

export interface SoakOptions {
  backend: "postgres" | "pglite";
  /** PostgreSQL only: an empty database to use; default a fresh one on the server of `adminUrl`, dropped afterwards. */
  databaseUrl?: string;
  adminUrl?: string;
  seconds: number;
  /** When the victim is killed, in seconds from the start of the load. */
  killAfter: number;
  clientsPerInstance: number;
  log?: (line: string) => void;
}

export interface InstanceStats {
  name: string;
  killed: boolean;
  /** Requests sent, answered (any HTTP response with a GraphQL body), acknowledged (report accepted). */
  requests: number;
  answered: number;
  acknowledged: number;
  /** Of those, acknowledged after the restart (the killed instance serves again). */
  acknowledgedAfterRestart: number;
  /** Retries of unanswered requests answered CONFLICT: the first attempt had been stored (just before the kill). */
  alreadyStored: number;
  /** Answered with a GraphQL error (retries that found their report already stored are not counted). */
  errors: Record<string, number>;
  /** No response: refused connection, reset, or timeout. */
  unanswered: number;
  maxLatencyMs: number;
  ratePerSecond: number;
}

export interface SoakResult {
  backend: string;
  seconds: number;
  instances: InstanceStats[];
  restartMs: number | null;
  acknowledged: number;
  /** Unacknowledged requests that were stored anyway (committed just before the kill): found by their retry's CONFLICT. */
  storedUnacknowledged: number;
  presentOnce: number;
  lost: number;
  duplicates: number;
  logSize: number;
  gapFree: boolean;
  audit: AuditProblem | null;
  auditSeconds: number;
}

interface Ack {
  key: string;
  id: number;
  entryIndex: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** One API process (`node --import tsx src/main.ts`), restartable on the same port. */
class ApiProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = "";
  up = false;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  /** Spawn and wait until /healthz answers; resolves with the milliseconds that took. */
  async start(timeoutMs = 180_000): Promise<number> {
    const started = performance.now();
    this.output = "";
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: API_DIR,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-4000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    let gone = false;
    this.exited = new Promise((resolve) =>
      child.once("exit", () => {
        gone = true;
        this.up = false;
        resolve();
      }),
    );
    while (performance.now() - started < timeoutMs) {
      if (gone) throw new Error(`${this.name} exited during start:\n${this.output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) {
          this.up = true;
          return performance.now() - started;
        }
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`${this.name} did not become healthy in ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGKILL, and wait until the OS has reaped it (PGlite's directory lock must see its owner dead). */
  async kill9(): Promise<void> {
    this.up = false;
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM: main.ts closes Apollo, publishes a checkpoint and closes the database. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const t = setTimeout(() => this.child?.kill("SIGKILL"), 30_000);
    await this.exited;
    clearTimeout(t);
  }
}

/** Distinct district-days before the seeded window, newest first; each goes to the department that files it. */
function* keys(districts: string[], before: string): Generator<{ regionCode: string; date: string; reporter: number }> {
  for (let back = 1; ; back++) {
    const date = addDays(before, -back);
    for (const regionCode of districts) yield { regionCode, date, reporter: REPORTERS.findIndex((r) => r.districts(regionCode)) };
  }
}

type Outcome = { kind: "ack"; id: number; entryIndex: number } | { kind: "error"; code: string } | { kind: "unanswered" };

interface Answer<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

async function post<T>(url: string, body: unknown, token?: string): Promise<Answer<T>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return (await res.json()) as Answer<T>;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const say = options.log ?? (() => {});
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-soak-"));
  let databaseUrl = options.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (options.backend === "postgres" && !databaseUrl) {
    const admin = new URL(options.adminUrl ?? process.env.VIGIL_SOAK_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
    const name = `vigil_soak_${process.pid}_${Date.now()}`;
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const d = new pg.Client({ connectionString: admin.toString() });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    };
  }
  const password = randomBytes(12).toString("base64url");
  const env = {
    DATABASE_URL: databaseUrl ?? "",
    VIGIL_DATA_DIR: dataDir,
    VIGIL_DEMO_PASSWORD: password,
    VIGIL_LOG_ORIGIN: LOG_ORIGIN,
    VIGIL_SEED_DEMO: "1",
    // The demo at test size: the soak is about reports, not mobility, patients or weekly history.
    ...TEST_DEMO_ENV,
    REDIS_URL: "",
  };
  const names = options.backend === "postgres" ? ["A", "B"] : ["A"];
  const procs: ApiProcess[] = [];
  try {
    for (const name of names) procs.push(new ApiProcess(name, await freePort(), env));
    // One at a time: the first migrates and seeds, the next finds the database ready.
    for (const p of procs) say(`instance ${p.name} up in ${((await p.start()) / 1000).toFixed(1)} s on :${p.port}`);
    const victim = procs.at(-1)!;

    const tokens: string[] = [];
    for (const r of REPORTERS) {
      const res = await post<{ login: { token: string } }>(procs[0]!.url, { query: LOGIN, variables: { e: r.email, p: password } });
      if (!res.data?.login) throw new Error(`login ${r.email} failed: ${JSON.stringify(res.errors)}`);
      tokens.push(res.data.login.token);
    }
    // The districts and the first seeded day, from the API itself (PGlite belongs to the API process).
    const now = today();
    const info = await post<{ regions: { code: string; level: string }[]; reportsPerDay: { date: string }[] }>(
      procs[0]!.url,
      {
        query: `query($f: LocalDate!, $t: LocalDate!) { regions { code level } reportsPerDay(from: $f, to: $t) { date } }`,
        variables: { f: addDays(now, -1000), t: now },
      },
      tokens[2],
    );
    if (!info.data) throw new Error(`cannot read the seeded days: ${JSON.stringify(info.errors)}`);
    const districts = info.data.regions.filter((r) => r.level === "DISTRICT").map((r) => r.code);
    const firstDay = info.data.reportsPerDay[0]?.date ?? now;
    const next = keys(districts, firstDay);

    const stats = new Map<ApiProcess, InstanceStats>(
      procs.map((p) => [
        p,
        {
          name: p.name,
          killed: p === victim,
          requests: 0,
          answered: 0,
          acknowledged: 0,
          acknowledgedAfterRestart: 0,
          alreadyStored: 0,
          errors: {},
          unanswered: 0,
          maxLatencyMs: 0,
          ratePerSecond: 0,
        },
      ]),
    );
    const acks: Ack[] = [];
    const retry: { regionCode: string; date: string; reporter: number }[] = [];
    const retried = new Set<string>();
    let storedUnacknowledged = 0;
    let stopping = false;
    let restartMs: number | null = null;
    let restartedAt = 0;

    const attempt = async (p: ApiProcess, k: { regionCode: string; date: string; reporter: number }): Promise<Outcome> => {
      const s = stats.get(p)!;
      const newConfirmed = (k.date.charCodeAt(9) * 7 + k.regionCode.charCodeAt(7)) % 40;
      const input = { regionCode: k.regionCode, date: k.date, newConfirmed, suspected: newConfirmed + 2, deaths: 0, tests: newConfirmed * 10 + 10 };
      s.requests++;
      const t = performance.now();
      try {
        const res = await post<{ submitCaseReport: { id: number; entryIndex: number } }>(p.url, { query: SUBMIT, variables: { i: input } }, tokens[k.reporter]);
        s.answered++;
        s.maxLatencyMs = Math.max(s.maxLatencyMs, performance.now() - t);
        const r = res.data?.submitCaseReport;
        if (r) return { kind: "ack", id: r.id, entryIndex: r.entryIndex };
        return { kind: "error", code: res.errors?.[0]?.extensions?.code ?? "NO_DATA" };
      } catch {
        s.unanswered++;
        return { kind: "unanswered" };
      }
    };

    const worker = async (p: ApiProcess) => {
      while (!stopping) {
        if (!p.up) {
          await sleep(20);
          continue;
        }
        const fromRetry = retry.shift();
        const k = fromRetry ?? next.next().value!;
        const key = `${k.regionCode} ${k.date}`;
        const out = await attempt(p, k);
        if (out.kind === "ack") {
          acks.push({ key, id: out.id, entryIndex: out.entryIndex });
          stats.get(p)!.acknowledged++;
          if (restartMs !== null) stats.get(p)!.acknowledgedAfterRestart++;
        } else if (out.kind === "unanswered") {
          // Maybe stored, maybe not: file it again later; a CONFLICT then proves it was stored.
          retry.push(k);
          retried.add(key);
          await sleep(20);
        } else if (out.code === "CONFLICT" && retried.has(key)) {
          storedUnacknowledged++;
          stats.get(p)!.alreadyStored++;
        } else stats.get(p)!.errors[out.code] = (stats.get(p)!.errors[out.code] ?? 0) + 1;
      }
    };

    say(`load: ${options.clientsPerInstance} clients per instance for ${options.seconds} s; SIGKILL ${victim.name} at ${options.killAfter} s`);
    const started = performance.now();
    const workers = procs.flatMap((p) => Array.from({ length: options.clientsPerInstance }, () => worker(p)));
    const chaos = (async () => {
      await sleep(options.killAfter * 1000);
      const killedAt = performance.now();
      await victim.kill9();
      say(`SIGKILL ${victim.name} at ${((killedAt - started) / 1000).toFixed(1)} s (${acks.length} acknowledged so far); restarting`);
      await victim.start();
      restartedAt = performance.now();
      restartMs = restartedAt - killedAt;
      say(`${victim.name} back after ${(restartMs / 1000).toFixed(1)} s`);
    })();
    await sleep(options.seconds * 1000);
    await chaos; // a slow restart extends the run rather than being skipped…
    const after = performance.now() - restartedAt;
    // …and the restarted instance gets a few seconds of load too.
    if (after < MIN_LOAD_AFTER_RESTART_MS) await sleep(MIN_LOAD_AFTER_RESTART_MS - after);
    stopping = true;
    await Promise.all(workers);
    // Requests left without an answer at the kill: file them once more, so each is settled (stored or not).
    while (retry.length) {
      const k = retry.shift()!;
      const out = await attempt(procs[0]!, k);
      if (out.kind === "ack") {
        acks.push({ key: `${k.regionCode} ${k.date}`, id: out.id, entryIndex: out.entryIndex });
        stats.get(procs[0]!)!.acknowledged++;
      } else if (out.kind === "error" && out.code === "CONFLICT") {
        storedUnacknowledged++;
        stats.get(procs[0]!)!.alreadyStored++;
      }
    }
    const elapsed = (performance.now() - started) / 1000;
    for (const s of stats.values()) s.ratePerSecond = s.acknowledged / elapsed;
    for (const p of procs) await p.stop();

    // Verify against the database itself, with every API process stopped.
    const db = await openDatabase({ url: databaseUrl, dataDir: resolveDataDir(dataDir), migrate: false });
    try {
      const rows = await db.raw.query<{ id: number; key: string; entryIndex: string }>(
        `SELECT "id", "regionCode" || ' ' || to_char("date", 'YYYY-MM-DD') AS "key", "entryIndex"::text AS "entryIndex" FROM "CaseReport" WHERE "date" < $1::date AND "disease" = 'COVID-19'`,
        [firstDay],
      );
      const byKey = new Map<string, { id: number; entryIndex: string }[]>();
      for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
      let presentOnce = 0,
        lost = 0;
      for (const a of acks) {
        const found = byKey.get(a.key) ?? [];
        if (found.length === 1 && found[0]!.id === a.id && Number(found[0]!.entryIndex) === a.entryIndex) presentOnce++;
        else lost++;
      }
      const duplicates = [...byKey.values()].filter((v) => v.length > 1).length;
      const [size] = await db.raw.query<{ n: string; top: string | null }>(`SELECT COUNT(*)::text AS "n", MAX("index")::text AS "top" FROM "LogEntry"`);
      const logSize = Number(size!.n);
      const gapFree = Number(size!.top ?? -1) + 1 === logSize;
      const keyRing = loadKeyRing(resolveDataDir(dataDir));
      const audit = await auditLog(db, { origin: LOG_ORIGIN, logPublicKey: keyRing.logPublic });
      return {
        backend: options.backend,
        seconds: elapsed,
        instances: [...stats.values()],
        restartMs,
        acknowledged: acks.length,
        storedUnacknowledged,
        presentOnce,
        lost,
        duplicates,
        logSize,
        gapFree,
        audit: audit.problem,
        auditSeconds: audit.seconds,
      };
    } finally {
      await db.close();
    }
  } finally {
    for (const p of procs) await p.stop().catch(() => {});
    await dropDatabase?.().catch(() => {});
  }
}

/** True when every check of the kill -9 run holds. */
export function soakPassed(r: SoakResult): boolean {
  const survivors = r.instances.filter((i) => !i.killed);
  return (
    r.lost === 0 &&
    r.duplicates === 0 &&
    r.presentOnce === r.acknowledged &&
    r.gapFree &&
    r.audit === null &&
    r.restartMs !== null &&
    r.instances.some((i) => i.killed && i.acknowledgedAfterRestart > 0) &&
    survivors.every((s) => s.unanswered === 0 && Object.keys(s.errors).length === 0)
  );
}

export function formatSoak(r: SoakResult): string {
  const rows = [
    ["instance", "requests", "answered", "acknowledged", "after restart", "errors", "unanswered", "rate/s", "max latency ms"],
    ...r.instances.map((i) => [
      `${i.name}${i.killed ? " (killed, restarted)" : " (survivor)"}`,
      String(i.requests),
      String(i.answered),
      String(i.acknowledged),
      i.killed ? String(i.acknowledgedAfterRestart) : "",
      Object.entries(i.errors)
        .map(([c, n]) => `${c}:${n}`)
        .join(" ") || "0",
      String(i.unanswered),
      i.ratePerSecond.toFixed(1),
      i.maxLatencyMs.toFixed(0),
    ]),
  ];
  const total = r.instances.reduce(
    (t, i) => ({ requests: t.requests + i.requests, acknowledged: t.acknowledged + i.acknowledged, rate: t.rate + i.ratePerSecond }),
    { requests: 0, acknowledged: 0, rate: 0 },
  );
  rows.push(["total", String(total.requests), "", String(total.acknowledged), "", "", "", total.rate.toFixed(1), ""]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const table = rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
  return [
    `kill -9 under load on ${r.backend}: ${r.seconds.toFixed(1)} s`,
    table,
    `restart time        ${r.restartMs === null ? "-" : `${(r.restartMs / 1000).toFixed(1)} s (SIGKILL to healthy)`}`,
    `acknowledged        ${r.acknowledged}, present exactly once ${r.presentOnce}`,
    `lost                ${r.lost}`,
    `duplicates          ${r.duplicates}`,
    `stored, unacked     ${r.storedUnacknowledged} (committed just before the kill; their retry got CONFLICT)`,
    `log                 ${r.logSize} entries, ${r.gapFree ? "no gap" : "GAP"}`,
    `audit               ${r.audit ? `FAILED at ${r.audit.index}: ${r.audit.message}` : `passed (${r.auditSeconds.toFixed(1)} s: leaves, subtrees, checkpoints, signatures, domain rows)`}`,
    `result              ${soakPassed(r) ? "PASS" : "FAIL"}`,
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    strict: true,
    options: {
      backend: { type: "string", default: "postgres" },
      seconds: { type: "string", default: "120" },
      "kill-after": { type: "string" },
      clients: { type: "string", default: "8" },
      "database-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || (values.backend !== "postgres" && values.backend !== "pglite")) {
    console.log("usage: npm run soak -- [--backend postgres|pglite] [--seconds 120] [--kill-after <s>] [--clients 8] [--database-url postgresql://…]");
    process.exit(values.help ? 0 : 2);
  }
  const seconds = Number(values.seconds);
  const result = await runSoak({
    backend: values.backend as "postgres" | "pglite",
    databaseUrl: values["database-url"],
    seconds,
    killAfter: values["kill-after"] ? Number(values["kill-after"]) : seconds / 3,
    clientsPerInstance: Number(values.clients),
    log: (l) => console.log(l),
  });
  console.log(`\n${formatSoak(result)}`);
  process.exit(soakPassed(result) ? 0 : 1);
}
