/**
 * Sends fuzz cases (fuzz-gen.ts) to a running API on 127.0.0.1 and checks the invariants of issue 8:
 * no response ≥ 500, no INTERNAL_SERVER_ERROR, server memory within +50 MB, and every rejected request that
 * could write left the log and every table unchanged (a snapshot before and after it).
 */
import { gzipSync } from "node:zlib";
import v8 from "node:v8";
import vm from "node:vm";
import type { Database } from "@vigil/db";
import { createFuzzer, type FuzzCase, type FuzzHints } from "./fuzz-gen.ts";

export interface FuzzOptions {
  /** http://127.0.0.1:<port>/graphql: nothing else is accepted. */
  url: string;
  sdl: string;
  db: Database;
  /** A token per role (the keys are the roles the cases pick from). */
  tokens: Record<string, string>;
  hints: Omit<FuzzHints, "roles">;
  count: number;
  seed?: number;
  /** Requests sent before the "before" memory reading (lazy compilation and bounded caches fill first). Default: 10 %, at most 500. */
  warmup?: number;
  /** Stop early after this many milliseconds (the count is a maximum). */
  timeLimitMs?: number;
  /** Server memory (RSS, bytes), e.g. process.memoryUsage().rss when the server runs in this process. */
  memory: () => number;
  onProgress?: (done: number, total: number) => void;
}

export interface FuzzReport {
  requests: number;
  seconds: number;
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  internalErrors: number;
  status5xx: number;
  /** Rejected requests that could write, each checked with a snapshot before and after. */
  rejectedWritesChecked: number;
  acceptedWrites: number;
  /** Rejected requests after which the log or a table had changed (must be 0). */
  changedByRejected: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** Examples of violations, for the report. */
  failures: string[];
}

/** Which tables differ between two snapshots. */
const changedTables = (a: string, b: string) => {
  const x = JSON.parse(a) as Record<string, string>;
  const y = JSON.parse(b) as Record<string, string>;
  return Object.keys({ ...x, ...y }).filter((k) => x[k] !== y[k]);
};

/** Counts and content digests of every table, in one round trip: what a rejected request must leave as it was. */
export async function tableSnapshot(db: Database): Promise<string> {
  const p = db.prisma;
  const tables = (
    await p.$queryRawUnsafe<{ t: string }[]>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`,
    )
  ).map((r) => r.t);
  // Row count and an order-free sum of row hashes: any insert, update or delete shows, without sorting the table.
  const parts = tables.map((t) => `(SELECT count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text FROM "${t}" x) AS "${t}"`);
  const [row] = await p.$queryRawUnsafe<Record<string, string>[]>(`SELECT ${parts.join(", ")}`);
  return JSON.stringify(row);
}

/** Entries on the log: a read that grew it was a logged (justified) read. */
async function logSize(db: Database): Promise<number> {
  return db.prisma.logEntry.count();
}

/** A full garbage collection before each memory reading (global.gc, or one made available at run time). */
function collector(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return () => {};
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until background work (detection after a report, the checkpoint 250 ms after a write) has settled:
 * two equal snapshots 700 ms apart, well over the checkpoint delay plus the time to sign and store one.
 */
async function settle(db: Database): Promise<string> {
  let last = await tableSnapshot(db);
  for (let i = 0; i < 20; i++) {
    await sleep(700);
    const now = await tableSnapshot(db);
    if (now === last) return now;
    last = now;
  }
  return last;
}

interface Outcome {
  status: number;
  codes: string[];
  /** The operation produced data for its root field(s). */
  accepted: boolean;
  internal: boolean;
}

async function send(url: string, c: FuzzCase, tokens: Record<string, string>): Promise<Outcome> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.role && !headers.authorization && !headers.cookie) headers.authorization = `Bearer ${tokens[c.role]}`;
  if (headers["content-type"] === "") delete headers["content-type"];
  const body = c.body === undefined || c.method === "GET" || c.method === "OPTIONS" ? undefined : c.gzip ? gzipSync(c.body) : c.body;
  const res = await fetch(url + (c.search ?? ""), { method: c.method, headers, body, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let json: { data?: Record<string, unknown> | null; errors?: { message?: string; extensions?: { code?: string } }[] } | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const errors = Array.isArray(json?.errors) ? json.errors : [];
  const codes = json ? errors.map((e) => String(e.extensions?.code ?? "(no code)")) : [`(${res.headers.get("content-type")?.split(";")[0] ?? "no body"})`];
  const data = json?.data;
  const accepted = !!data && typeof data === "object" && Object.values(data).some((v) => v !== null);
  const internal =
    codes.includes("INTERNAL_SERVER_ERROR") || errors.some((e) => e.message === "Internal server error.") || /Internal server error/i.test(json ? "" : text);
  return { status: res.status, codes, accepted, internal };
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const target = new URL(o.url);
  if (target.hostname !== "127.0.0.1") throw new Error(`the fuzzer only talks to 127.0.0.1, not ${target.hostname}`);
  const fuzzer = createFuzzer(o.sdl, { ...o.hints, roles: Object.keys(o.tokens) }, o.seed ?? 1);
  const report: FuzzReport = {
    requests: 0,
    seconds: 0,
    byKind: {},
    byStatus: {},
    byCode: {},
    internalErrors: 0,
    status5xx: 0,
    rejectedWritesChecked: 0,
    acceptedWrites: 0,
    changedByRejected: 0,
    rssBeforeMb: 0,
    rssAfterMb: 0,
    failures: [],
  };
  const bump = (m: Record<string, number>, k: string) => {
    m[k] = (m[k] ?? 0) + 1;
  };
  const started = Date.now();
  const gc = collector();
  const warmup = o.warmup ?? Math.min(500, Math.floor(o.count / 10));
  const measure = () => {
    gc();
    return o.memory() / 2 ** 20;
  };
  if (warmup === 0) report.rssBeforeMb = measure();
  let before = await settle(o.db);
  let knownLogSize = await logSize(o.db);
  let lastWasWrite = true;
  for (let i = 0; i < o.count; i++) {
    if (o.timeLimitMs && Date.now() - started > o.timeLimitMs) break;
    const c = fuzzer.next();
    // Reads can start background work too (a checkpoint): take the "before" right before a request that may write.
    if (c.mayWrite && !lastWasWrite) before = await tableSnapshot(o.db);
    lastWasWrite = c.mayWrite;
    let out: Outcome;
    try {
      out = await send(o.url, c, o.tokens);
    } catch (e) {
      out = { status: 0, codes: [`(transport: ${(e as Error).name})`], accepted: false, internal: false };
    }
    report.requests++;
    bump(report.byKind, c.kind);
    bump(report.byStatus, String(out.status));
    for (const code of new Set(out.codes)) bump(report.byCode, code);
    const describe = () => `${c.kind} ${c.method} ${c.role ?? "anonymous"} ${JSON.stringify(c.headers)} ${(c.body ?? c.search ?? "").slice(0, 300)}`;
    if (out.internal) {
      report.internalErrors++;
      if (report.failures.length < 20) report.failures.push(`internal error: ${describe()}`);
    }
    if (out.status >= 500 || out.status === 0) {
      report.status5xx++;
      if (report.failures.length < 20) report.failures.push(`status ${out.status}: ${describe()}`);
    }
    if (!c.mayWrite && out.accepted && (await logSize(o.db)) !== knownLogSize) {
      // A justified read (closeContacts, transmissionChain, …) appends its access entry, and a checkpoint follows
      // in the background: let it land before the next write is judged, as after an accepted write.
      before = await settle(o.db);
      knownLogSize = await logSize(o.db);
    }
    if (c.mayWrite) {
      if (out.accepted) {
        report.acceptedWrites++;
        before = await settle(o.db);
        knownLogSize = await logSize(o.db);
      } else {
        const after = await tableSnapshot(o.db);
        report.rejectedWritesChecked++;
        if (after !== before) {
          // Background work of an earlier accepted write can still land: only a lasting change counts.
          const settled = await settle(o.db);
          if (settled !== before) {
            report.changedByRejected++;
            if (report.failures.length < 20) report.failures.push(`rejected request changed ${changedTables(before, settled).join(", ")}: ${describe()}`);
          }
          before = settled;
        }
      }
    }
    if (i + 1 === warmup) report.rssBeforeMb = measure();
    o.onProgress?.(i + 1, o.count);
  }
  report.rssAfterMb = measure();
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** The report as a Markdown table (what `npm run fuzz` prints and the note quotes). */
export function formatReport(r: FuzzReport): string {
  const sorted = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
  const rows: [string, string][] = [
    ["requests", `${r.requests} in ${r.seconds.toFixed(1)} s`],
    ["by kind", sorted(r.byKind)],
    ["by status", sorted(r.byStatus)],
    ["by error code", sorted(r.byCode)],
    ["internal errors (must be 0)", String(r.internalErrors)],
    ["responses ≥ 500 (must be 0)", String(r.status5xx)],
    [
      "server RSS after warm-up → at the end (must be ≤ +50 MB)",
      `${r.rssBeforeMb.toFixed(0)} MB → ${r.rssAfterMb.toFixed(0)} MB (${r.rssAfterMb - r.rssBeforeMb >= 0 ? "+" : ""}${(r.rssAfterMb - r.rssBeforeMb).toFixed(0)} MB)`,
    ],
    ["requests that could write: accepted / rejected and checked", `${r.acceptedWrites} / ${r.rejectedWritesChecked}`],
    ["rejected requests that changed the log or a table (must be 0)", String(r.changedByRejected)],
  ];
  return ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}

/** Whether the report meets the invariants. */
export const fuzzPassed = (r: FuzzReport): boolean =>
  r.internalErrors === 0 && r.status5xx === 0 && r.changedByRejected === 0 && r.rssAfterMb - r.rssBeforeMb <= 50;
