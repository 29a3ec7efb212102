import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditLog } from "../src/log/audit.ts";
import type { Viewer } from "../src/access/viewer.ts";
import { BACKENDS, freshPostgres, startVigil, type Backend, type Running } from "./harness.ts";
import { TEST_DEMO_ENV } from "./seed-config.ts";

const SUBMIT = `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id entryIndex } }`;
/** Days long before the demo's history: free district-days, and nothing before them to count. */
const day = (n: number) => new Date(Date.UTC(1970, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const report = (regionCode: string, date: string, over: Record<string, number> = {}) => ({
  regionCode,
  date,
  newConfirmed: 3,
  suspected: 1,
  deaths: 0,
  tests: 10,
  ...over,
});

interface Officer {
  email: string;
  district: string;
  viewer: Viewer;
}

/** Department officers of different departments, each with a district it may report for. */
async function officers(run: Running): Promise<Officer[]> {
  const users = await run.vigil.db.prisma.user.findMany({
    where: { role: "DEPARTMENT_OFFICER", email: { in: ["officer@vigil.example", "cdc.eastmere@vigil.example", "cdc.highfold@vigil.example"] } },
    include: { department: true },
    orderBy: { email: "asc" },
  });
  const taken = new Set<string>();
  return users.map((u) => {
    const district = run.vigil.services.regions.districtsUnder(u.department!.regionCode).find((d) => !taken.has(d))!;
    taken.add(district);
    const viewer: Viewer = {
      id: u.id,
      email: u.email,
      role: u.role,
      departmentId: u.departmentId,
      departmentCode: u.department!.code,
      regionCode: u.department!.regionCode,
    };
    return { email: u.email, district, viewer };
  });
}

/** Entries sharing one `receivedAt` were appended in one call: one batch, one commit. */
async function commitsOf(run: Running, indices: bigint[]) {
  const rows = await run.vigil.db.prisma.logEntry.findMany({ where: { index: { in: indices } }, select: { index: true, receivedAt: true } });
  return new Set(rows.map((r) => r.receivedAt.toISOString())).size;
}

describe.each(BACKENDS)("group commit of submitCaseReport (%s)", (backend) => {
  let run: Running;
  let who: Officer[];
  let tokens: string[];
  beforeAll(async () => {
    run = await startVigil(backend);
    who = await officers(run);
    tokens = await Promise.all(who.map((o) => run.login(o.email)));
  });
  afterAll(() => run?.stop());

  it("coalesces submissions made together into one transaction, keeps their order, and refuses only the bad ones", async () => {
    const reports = run.vigil.services.reports;
    const [a, b] = who;
    const before = reports.groupCommitStats();
    const sizeBefore = await run.vigil.services.log.size();
    // All queued in one tick: one batch. Refusals inside it: a district-day twice, an implausible report, and a
    // report that is plausible only if the refused one's cases counted (strict: it does not).
    const jobs = [
      { o: a!, input: report(a!.district, day(100)) },
      { o: b!, input: report(b!.district, day(100)) },
      { o: a!, input: report(a!.district, day(101)) },
      { o: a!, input: report(a!.district, day(101), { newConfirmed: 4 }) }, // the same district-day again: CONFLICT
      { o: b!, input: report(b!.district, day(101), { newConfirmed: 50, tests: 10 }) }, // more confirmed than tests
      { o: b!, input: report(b!.district, day(102), { newConfirmed: 0, deaths: 6 }) }, // 6 deaths need day 101's 50 cases
      { o: a!, input: report(a!.district, day(102), { newConfirmed: 0, deaths: 6 }) }, // 3 + 3 earlier in the batch: plausible
      ...Array.from({ length: 13 }, (_, i) => ({ o: i % 2 ? a! : b!, input: report((i % 2 ? a! : b!).district, day(110 + i)) })),
    ];
    const settled = await Promise.allSettled(jobs.map((j) => reports.submit(j.o.viewer, j.input)));
    const after = reports.groupCommitStats();
    expect(after.batches - before.batches).toBe(1);
    expect(after.jobs - before.jobs).toBe(jobs.length);
    const code = (i: number) => {
      const s = settled[i]!;
      return s.status === "rejected" ? (s.reason as { extensions?: { code?: string } }).extensions?.code : "OK";
    };
    expect([3, 4, 5].map(code)).toEqual(["CONFLICT", "BAD_USER_INPUT", "BAD_USER_INPUT"]);
    expect(((settled[5] as PromiseRejectedResult).reason as { extensions: { rule: string } }).extensions.rule).toBe("deaths-within-cumulative-confirmed");
    const ok = settled.flatMap((s, i) => (s.status === "fulfilled" ? [{ i, r: s.value }] : []));
    expect(ok.map((x) => x.i)).toEqual(jobs.map((_, i) => i).filter((i) => ![3, 4, 5].includes(i)));
    // The accepted ones are consecutive entries in the order they were made, all of one commit, and nothing else was written.
    const indices = ok.map((x) => x.r.entryIndex);
    expect(indices.map(Number)).toEqual(ok.map((_, n) => sizeBefore + n));
    expect(await run.vigil.services.log.size()).toBe(sizeBefore + ok.length);
    expect(await commitsOf(run, indices)).toBe(1);
    for (const { i, r } of ok)
      expect({ regionCode: r.regionCode, date: r.date.toISOString().slice(0, 10) }).toEqual({
        regionCode: jobs[i]!.input.regionCode,
        date: jobs[i]!.input.date,
      });
    expect(
      await run.vigil.db.prisma.caseReport.count({
        where: { regionCode: b!.district, date: { in: [new Date(`${day(101)}T00:00:00Z`), new Date(`${day(102)}T00:00:00Z`)] } },
      }),
    ).toBe(0);
  });

  it("over HTTP, concurrent submitters share commits and each submitter's reports keep its order", async () => {
    const reports = run.vigil.services.reports;
    const before = reports.groupCommitStats();
    const PER = 10;
    // Each submitter sends its reports one after another (each waits for the previous answer), all at once.
    const streams = await Promise.all(
      who.flatMap((o, k) =>
        [0, 1].map(async (lane) => {
          const got: bigint[] = [];
          for (let i = 0; i < PER; i++) {
            const r = await run.gql<{ submitCaseReport: { entryIndex: number } }>(SUBMIT, { i: report(o.district, day(1000 + lane * 100 + i)) }, tokens[k]);
            expect(r.errors).toBeUndefined();
            got.push(BigInt(r.data!.submitCaseReport.entryIndex));
          }
          return got;
        }),
      ),
    );
    const after = reports.groupCommitStats();
    const requests = who.length * 2 * PER;
    expect(after.jobs - before.jobs).toBe(requests);
    // Fewer transactions than requests, observed on the server and on the log (entries sharing a commit).
    expect(after.batches - before.batches).toBeLessThan(requests);
    const all = streams.flat();
    expect(await commitsOf(run, all)).toBeLessThan(requests);
    for (const s of streams) expect(s).toEqual([...s].sort((x, y) => (x < y ? -1 : 1)));
    expect(new Set(all.map(String)).size).toBe(requests);
  });
});

/** A free loopback port for a child process (the child binds it; the race window is tiny on loopback). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const API_MAIN = path.resolve(import.meta.dirname, "../src/main.ts");

/** The API as its own process (`npm start -w @vigil/api`), on the template's copy; resolves once it listens. */
async function spawnApi(backend: Backend, dataDir: string, databaseUrl: string | undefined, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", API_MAIN], {
    env: {
      ...process.env,
      ...TEST_DEMO_ENV,
      PORT: String(port),
      HOST: "127.0.0.1",
      VIGIL_DATA_DIR: dataDir,
      ...(backend === "postgres" ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: "" }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      output += d;
      if (output.includes("Vigil API on")) resolve();
    });
    child.stderr!.on("data", (d) => (output += d));
    child.once("exit", (code) => reject(new Error(`the API process exited (${code}) before listening:\n${output}`)));
  });
  return child;
}

describe.each(BACKENDS)("group commit durability (%s, a real API process killed with -9)", (backend) => {
  it("every acknowledged report is on the log after kill -9 and a restart, and the log verifies", async () => {
    const template = inject("seedTemplates")[backend];
    const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-gc-"));
    cpSync(template.dataDir, dataDir, { recursive: true, filter: (src) => path.basename(src) !== "vigil.lock" });
    const databaseUrl = backend === "postgres" ? await freshPostgres(template.database) : undefined;
    const port = await freePort();
    const child = await spawnApi(backend, dataDir, databaseUrl, port);
    const url = `http://127.0.0.1:${port}/graphql`;
    const post = (body: unknown, token?: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ data?: Record<string, any>; errors?: unknown[] }>);
    let restarted: Running | undefined;
    try {
      const { password } = JSON.parse(readFileSync(path.join(dataDir, "demo-logins.json"), "utf8")) as { password: string };
      const login = await post({
        query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
        variables: { e: "officer@vigil.example", p: password },
      });
      const token = login.data!.login.token as string;
      const district = "RL-01-02"; // officer@vigil.example's hospital's district
      const acked: { id: number; entryIndex: number; date: string }[] = [];
      const FIRST = 40;
      // Wave 1; the instant its last answer arrives the process is killed, while wave 2 is still in flight.
      let killed!: () => void;
      const dead = new Promise<void>((resolve) => (killed = resolve));
      child.once("exit", () => killed());
      const send = (n: number) =>
        post({ query: SUBMIT, variables: { i: report(district, day(5000 + n)) } }, token)
          .then((r) => {
            if (r.data?.submitCaseReport) acked.push({ ...r.data.submitCaseReport, date: day(5000 + n) });
            return r;
          })
          .catch(() => null);
      const wave1 = Promise.all(Array.from({ length: FIRST }, (_, n) => send(n)));
      const wave2 = Array.from({ length: FIRST }, (_, n) => send(FIRST + n));
      const first = await wave1;
      child.kill("SIGKILL");
      await dead;
      await Promise.all(wave2);
      expect(first.every((r) => r && !r.errors)).toBe(true);
      expect(acked.length).toBeGreaterThanOrEqual(FIRST);

      restarted = await startVigil(backend, { dataDir, databaseUrl });
      const db = restarted.vigil.db;
      const rows = await db.prisma.caseReport.findMany({ where: { id: { in: acked.map((a) => a.id) } }, select: { id: true, entryIndex: true, date: true } });
      expect(rows.length).toBe(acked.length);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const a of acked)
        expect({ entryIndex: String(byId.get(a.id)!.entryIndex), date: byId.get(a.id)!.date.toISOString().slice(0, 10) }).toEqual({
          entryIndex: String(a.entryIndex),
          date: a.date,
        });
      const log = restarted.vigil.services.log;
      // The restart signs a checkpoint over what the dead process committed; then the whole log verifies.
      await log.publishCheckpoint();
      const audit = await auditLog(db, { origin: log.origin, logPublicKey: restarted.vigil.services.keys.logPublic });
      expect(audit.problem).toBeNull();
      expect(audit.size).toBeGreaterThan(Math.max(...acked.map((a) => Number(a.entryIndex))));
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await restarted?.stop();
    }
  });
});
