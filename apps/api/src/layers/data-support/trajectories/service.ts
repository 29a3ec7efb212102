import type { Database, Department, Prisma } from "@vigil/db";
import { canonicalJson } from "@vigil/log";
import {
  DAY_MS,
  DEFAULT_INFECTIOUS_PERIOD,
  infectiousWindow,
  MAX_VISIT_MINUTES,
  MINUTE_MS,
  narrowWindow,
  placeKey,
  resultHash,
  traceContacts,
  type TracedContact,
  type Visit,
  visitsCommitment,
  chainOf,
  clusters,
  timeHierarchicalLayout,
  CHAIN_READERS,
  EPIDEMIOLOGISTS,
  INVESTIGATORS,
  VISIT_SUBMITTERS,
} from "@vigil/contacts";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Viewer } from "../../../access/viewer.ts";
import { fail } from "../../../errors.ts";
import type { LogStore, LogWrite } from "../../../log/store.ts";
import type { PseudonymService } from "../pseudonyms.ts";

/**
 * The trajectory policy in force until published rules carry it (the rules issue): its key, version and content
 * hash go into every justified-access entry, so an auditor knows which window and retention a query ran under.
 */
export const TRAJECTORY_POLICY = {
  key: "contact-tracing@*",
  version: 1,
  infectiousPeriod: DEFAULT_INFECTIOUS_PERIOD,
  minOverlapMinutes: 15,
  retentionDays: 60,
} as const;
export const TRAJECTORY_POLICY_HASH = bytesToHex(sha256(utf8ToBytes(canonicalJson(TRAJECTORY_POLICY))));
const policyRef = { key: TRAJECTORY_POLICY.key, version: TRAJECTORY_POLICY.version, hash: TRAJECTORY_POLICY_HASH };

/** The fixed visit contract until the rules issue publishes one (key, version; checked here row by row). */
export const VISIT_CONTRACT = "trajectory-visit@1";
export const VISIT_BATCH_KIND = "trajectory-visit-batch";
export const ACCESS_KIND = "trajectory-access";
export const LINK_KIND = "transmission-link";
export const CASE_KIND = "trace-case";
export const DELETION_KIND = "trajectory-deletion";
export const REIDENTIFY_KIND = "reidentification";
/** Who may re-identify a pseudonym (with a written reason): the provincial CDC and public security. */
export const REIDENTIFIERS = ["CDC", "PUBLIC_SECURITY"] as const;

// Who may do what, by department kind: defined with the pure logic, shared with the portal.
export { EPIDEMIOLOGISTS, INVESTIGATORS, VISIT_SUBMITTERS };
/** Rows per GraphQL submission; the server-side import (seed, bench) goes through the same path in chunks. */
export const MAX_VISITS_PER_SUBMISSION = 10_000;
/** Relationships per bulk call: each is an entry, so a call is bounded like a batch of report entries. */
export const MAX_LINKS_PER_CALL = 2_000;
const CHUNK = 20_000;
/** First key of the advisory lock that serialises creating a day partition of "Visit" (second key: the day). */
const PARTITION_LOCK = 0x56495354;
/** The partition of "Visit" holding visits that start on this UTC day (days since the epoch): `Visit_YYYYMMDD`. */
const partitionName = (day: number) => `Visit_${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "")}`;
const PSEUDONYM = /^[A-Za-z0-9._:-]{4,64}$/;

export interface VisitFields {
  person: string;
  cell?: string | null;
  venue?: string | null;
  start: Date;
  end: Date;
}

export interface LinkFields {
  source: string;
  target: string;
  contactDate: Date;
  exposureType: string;
  certainty: string;
  durationMinutes: number;
  followUp?: string | null;
  retracted?: boolean | null;
  reason?: string | null;
}

/** A pseudonym on the log only as its SHA-256: an auditor holding the pseudonym can match it, nobody reads it off the log. */
export const subjectDigest = (pseudonym: string) => bytesToHex(sha256(utf8ToBytes(`vigil-subject/1\n${pseudonym}`)));

/** One stored version of a relationship, as the chain's reads keep it. */
type LinkVersion = Pick<
  Prisma.TransmissionLinkGetPayload<object>,
  "id" | "source" | "target" | "version" | "contactDate" | "exposureType" | "certainty" | "durationMinutes" | "followUp" | "reason" | "retracted" | "entryIndex"
>;
/** A relationship in force as the chain functions take it. */
type InForceLink = Omit<LinkVersion, "id" | "retracted"> & { retracted: false; current: true };

/** A visit in the contract's shape: what the bulk path takes. */
export interface VisitRow {
  person: string;
  place: string;
  cell: string | null;
  start: number;
  end: number;
}

/**
 * Trajectories, close contacts and transmission chains (issue 15). Visits are stored in bulk (one unnest insert
 * per chunk) and committed to the log per batch; every read of someone's movements or contacts is an entry
 * naming its legal basis, the policy, the officer and a hash of what was returned.
 */
export class TrajectoryService {
  /** The relationships in force as of the highest version id seen (see linksInForce). */
  private inForce: { seen: number; byPair: Map<string, InForceLink & { id: number }>; list: InForceLink[] } | null = null;
  /** The last few chain views (layout, clusters, result hash), least recently used first. */
  private readonly chains = new Map<string, { inForce: InForceLink[]; nodes: ReturnType<TrajectoryService["chainNodes"]>; clusters: number; hash: string }>();

  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly pseudonyms?: PseudonymService,
  ) {}

  /**
   * Re-identify a pseudonym: a separate operation with a written reason, for CDC and public-security officers.
   * The entry (reason, officer, subject digest, whether an identity was found) commits before the identity is
   * opened, so no identity leaves without its trace; auditors see it in `trajectoryAccessLog`.
   */
  async reidentify(viewer: Viewer, pseudonym: string, reason: string) {
    const why = reason.trim();
    if (why.length > 1000) throw fail("BAD_USER_INPUT", "A reason is at most 1000 characters.", { field: "reason" });
    if (why.length < 20)
      throw fail("BAD_USER_INPUT", "Re-identification needs a written reason (at least 20 characters).", { field: "reason", rule: "reason-required" });
    const dept = await this.department(viewer, REIDENTIFIERS, "Re-identification");
    if (!this.pseudonyms) throw fail("NOT_FOUND", "No sealed identities are kept here.");
    const found = (await this.db.prisma.sealedIdentity.count({ where: { pseudonym } })) > 0;
    if (!found) throw fail("NOT_FOUND", "No sealed identity for that pseudonym.");
    const body = { operation: "reidentify", reason: why, policy: policyRef, officer: viewer.email, subject: subjectDigest(pseudonym) };
    const entry = await this.log.write(
      async ({ append }) => (await append([{ kind: REIDENTIFY_KIND, departmentCode: dept.code, departmentId: dept.id, body }]))[0]!,
    );
    const identity = await this.pseudonyms.openIdentity(pseudonym);
    if (!identity) throw fail("NOT_FOUND", "No sealed identity for that pseudonym.");
    return { pseudonym, ...identity, address: identity.address ?? null, entryIndex: Number(entry.index) };
  }

  private async department(viewer: Viewer, kinds: readonly string[], what: string): Promise<Department> {
    const d = viewer.departmentId != null ? await this.db.prisma.department.findUnique({ where: { id: viewer.departmentId } }) : null;
    if (!d || !kinds.includes(d.kind)) throw fail("FORBIDDEN", `${what} is for ${kinds.join(", ")} departments${d ? `; ${d.code} is ${d.kind}` : ""}.`);
    return d;
  }

  /** Check rows against the visit contract; refuse them all, naming each bad row, or none. */
  private validate(inputs: VisitFields[]): VisitRow[] {
    const problems: { row: number; field: string; message: string }[] = [];
    const rows: VisitRow[] = [];
    inputs.forEach((v, row) => {
      const start = v.start.getTime();
      const end = v.end.getTime();
      if (!PSEUDONYM.test(v.person)) problems.push({ row, field: "person", message: "a pseudonym is 4–64 letters, digits or ._:-" });
      let place = "";
      try {
        place = placeKey(v);
      } catch (e) {
        problems.push({ row, field: v.venue ? "venue" : "cell", message: (e as Error).message });
      }
      if (v.venue && !/^[A-Za-z0-9._/-]{2,80}$/.test(v.venue)) problems.push({ row, field: "venue", message: "a venue id is 2–80 letters, digits or ._/-" });
      if (!(end > start)) problems.push({ row, field: "end", message: "a visit ends after it starts" });
      else if (end - start > MAX_VISIT_MINUTES * MINUTE_MS) problems.push({ row, field: "end", message: `a visit lasts at most ${MAX_VISIT_MINUTES} minutes` });
      if (end > Date.now() + 5 * MINUTE_MS) problems.push({ row, field: "end", message: "a visit cannot end in the future" });
      rows.push({ person: v.person, place, cell: v.cell ?? null, start, end });
    });
    if (problems.length)
      throw fail("BAD_USER_INPUT", `${problems.length} visit row(s) break the ${VISIT_CONTRACT} contract; nothing was stored.`, {
        rows: problems.slice(0, 100),
        contract: VISIT_CONTRACT,
      });
    return rows;
  }

  /**
   * Create the day partitions of "Visit" that rows starting on these UTC days need (see the migration
   * visit_day_partitions). Runs outside the batch's transaction: creating a partition locks the parent, and a
   * batch must not hold that lock while its rows are written. One read finds the missing days; each is created
   * under an advisory lock so that concurrent importers (other instances too) do not race on the catalog.
   */
  private async ensureDays(days: Iterable<number>) {
    const wanted = [...new Set(days)].sort((a, b) => a - b);
    const present = await this.db.primary.raw.query<{ name: string; here: boolean }>(
      `SELECT n AS name, to_regclass(format('%I', n)) IS NOT NULL AS here FROM unnest($1::text[]) AS n`,
      [wanted.map(partitionName)],
    );
    const here = new Set(present.filter((r) => r.here).map((r) => r.name));
    const missing = wanted.filter((day) => !here.has(partitionName(day)));
    for (const day of missing)
      await this.db.primary.prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock($1::int, $2::int)`, PARTITION_LOCK, day);
          await tx.$executeRawUnsafe(
            `CREATE TABLE IF NOT EXISTS "${partitionName(day)}" PARTITION OF "Visit" FOR VALUES FROM ('${new Date(day * DAY_MS).toISOString()}') TO ('${new Date((day + 1) * DAY_MS).toISOString()}')`,
          );
          // PGlite runs one transaction at a time: wait behind a running import's batch rather than fail.
        },
        { maxWait: 60_000, timeout: 60_000 },
      );
  }

  /** One batch: its commitment entry, its VisitBatch row and its visits, in the caller's transaction. */
  private async storeBatch(w: LogWrite, dept: Department, rows: VisitRow[], beforeAppend?: () => Promise<unknown>) {
    const hash = visitsCommitment(
      "vigil-visit-batch/1",
      rows.map((r) => ({ ...r, source: dept.code })),
    );
    let firstStart = Number.POSITIVE_INFINITY;
    let lastEnd = 0;
    for (const r of rows) {
      if (r.start < firstStart) firstStart = r.start;
      if (r.end > lastEnd) lastEnd = r.end;
    }
    const body = {
      contract: VISIT_CONTRACT,
      count: rows.length,
      hash,
      firstStart: new Date(firstStart).toISOString(),
      lastEnd: new Date(lastEnd).toISOString(),
    };
    // The visits go in first and the entry last: appending takes the log's sequencer lock until commit, so a big
    // batch must not hold it while its rows are written (checkpoints and other writers would wait on it).
    const [{ id }] = (await w.tx.$queryRawUnsafe(`SELECT nextval(pg_get_serial_sequence('"VisitBatch"', 'id'))::int AS id`)) as [{ id: number }];
    // One statement per chunk over parallel arrays (unnest): Prisma's createMany binds each row's parameters.
    for (let at = 0; at < rows.length; at += CHUNK) {
      const c = rows.slice(at, at + CHUNK);
      await w.tx.$executeRawUnsafe(
        `INSERT INTO "Visit" ("person", "place", "cell", "startAt", "endAt", "source", "batchId")
         SELECT p, l, c, to_timestamp(s / 1000.0) AT TIME ZONE 'UTC', to_timestamp(e / 1000.0) AT TIME ZONE 'UTC', $6, $7::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS u(p, l, c, s, e)`,
        c.map((r) => r.person),
        c.map((r) => r.place),
        c.map((r) => r.cell),
        c.map((r) => r.start),
        c.map((r) => r.end),
        dept.code,
        id,
      );
    }
    await beforeAppend?.();
    const [entry] = await w.append([{ kind: VISIT_BATCH_KIND, departmentCode: dept.code, departmentId: dept.id, body }]);
    const batch = await w.tx.visitBatch.create({
      data: { id, departmentId: dept.id, count: rows.length, hash, firstStart: new Date(firstStart), lastEnd: new Date(lastEnd), entryIndex: entry!.index },
    });
    return { id: batch.id, count: rows.length, hash, entryIndex: Number(entry!.index) };
  }

  /** submitVisits: one batch, all or nothing. */
  async submitVisits(viewer: Viewer, inputs: VisitFields[]) {
    const dept = await this.department(viewer, VISIT_SUBMITTERS, "Submitting visits");
    if (!inputs.length) throw fail("BAD_USER_INPUT", "Send at least one visit.", { field: "inputs" });
    if (inputs.length > MAX_VISITS_PER_SUBMISSION)
      throw fail("BAD_USER_INPUT", `At most ${MAX_VISITS_PER_SUBMISSION} visits per submission.`, { field: "inputs" });
    const rows = this.validate(inputs);
    await this.ensureDays(rows.map((r) => Math.floor(r.start / DAY_MS)));
    return this.log.write((w) => this.storeBatch(w, dept, rows), { timeout: 60_000 });
  }

  /**
   * The server-side bulk path (seed, bench): rows already in the contract's shape, stored in batches of
   * `batchSize`, each batch its own transaction and commitment entry.
   */
  async importVisits(departmentCode: string, rows: VisitRow[], opts: { batchSize?: number; progress?: (done: number) => void } = {}) {
    const dept = await this.db.prisma.department.findUniqueOrThrow({ where: { code: departmentCode } });
    const size = opts.batchSize ?? 50_000;
    await this.ensureDays(rows.map((r) => Math.floor(r.start / DAY_MS)));
    // Two batches in flight: this process prepares and hashes one batch while PostgreSQL inserts the other, and
    // PostgreSQL maintains the two batches' indexes on two backends (PGlite runs them one after the other).
    // Entries stay in upload order: a batch appends its entry only after the batch before it committed, and a
    // batch whose predecessor failed rolls back, so an import stops at its first failing batch as before.
    const count = Math.ceil(rows.length / size);
    const batches: Awaited<ReturnType<TrajectoryService["storeBatch"]>>[] = [];
    const committed: Promise<unknown>[] = [];
    let next = 0;
    let stored = 0;
    const worker = async () => {
      while (next < count) {
        const k = next++;
        const before = committed[k - 1] ?? Promise.resolve();
        const write = this.log.write((w) => this.storeBatch(w, dept, rows.slice(k * size, (k + 1) * size), () => before), {
          timeout: 600_000,
          maxWait: 60_000,
        });
        committed[k] = write;
        batches[k] = await write;
        stored += batches[k]!.count;
        opts.progress?.(stored);
      }
    };
    // Both settle before the import answers: a failure never leaves the other batch's transaction running.
    const failed = (await Promise.allSettled([worker(), worker()])).find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    return batches;
  }

  private requireBasis(legalBasis: string): string {
    const basis = legalBasis.trim();
    if (basis.length < 8)
      throw fail("BAD_USER_INPUT", "A trajectory or contact query needs its legal basis (the law and article, or the order, it is made under).", {
        field: "legalBasis",
        rule: "legal-basis-required",
      });
    return basis;
  }

  /** The justified-access entry, signed by the officer's department. */
  private async logAccess(
    dept: Department,
    viewer: Viewer,
    operation: string,
    legalBasis: string,
    subject: string,
    params: unknown,
    result: unknown,
    known?: string,
  ) {
    const hash = known ?? resultHash(canonicalJson(result));
    const body = { operation, legalBasis, policy: policyRef, officer: viewer.email, subject: subjectDigest(subject), params, resultHash: hash };
    const entry = await this.log.write(
      async ({ append }) => (await append([{ kind: ACCESS_KIND, departmentCode: dept.code, departmentId: dept.id, body }]))[0]!,
    );
    return { entryIndex: Number(entry.index), resultHash: hash };
  }

  private async caseWindow(pseudonym: string, from?: Date | null, to?: Date | null) {
    const c = await this.db.prisma.traceCase.findUnique({ where: { pseudonym } });
    const base = c
      ? infectiousWindow(c.onsetAt.getTime(), c.isolatedAt?.getTime() ?? null, TRAJECTORY_POLICY.infectiousPeriod)
      : from && to
        ? { from: from.getTime(), to: to.getTime() }
        : null;
    if (!base) throw fail("NOT_FOUND", `${pseudonym} is no recorded case: record it (recordTraceCase) or give from and to.`);
    const w = narrowWindow(base, from?.getTime(), to?.getTime());
    if (!w) throw fail("BAD_USER_INPUT", "from/to do not meet the case's infectious window.", { field: "from" });
    return { window: w, onset: c?.onsetAt ?? null, isolatedAt: c?.isolatedAt ?? null };
  }

  private source() {
    const maxMs = MAX_VISIT_MINUTES * MINUTE_MS;
    const raw = this.db.raw;
    const toVisit = (r: { person: string; place: string; s: number | string; e: number | string }): Visit => ({
      person: r.person,
      place: r.place,
      start: Number(r.s),
      end: Number(r.e),
    });
    return {
      // Both reads scan an index by its leading column and a startAt range bounded by the longest visit.
      own: async (person: string, from: number, to: number) =>
        (
          await raw.query<{ person: string; place: string; s: number; e: number }>(
            `SELECT "person", "place", (EXTRACT(EPOCH FROM "startAt") * 1000)::float8 AS s, (EXTRACT(EPOCH FROM "endAt") * 1000)::float8 AS e
             FROM "Visit" WHERE "person" = $1 AND "startAt" >= to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC'
               AND "startAt" < to_timestamp($3 / 1000.0) AT TIME ZONE 'UTC' AND "endAt" > to_timestamp($4 / 1000.0) AT TIME ZONE 'UTC'`,
            [person, from - maxMs, to, from],
          )
        ).map(toVisit),
      atPlaces: async (places: { place: string; from: number; to: number }[]) =>
        (
          await raw.query<{ person: string; place: string; s: number; e: number }>(
            `SELECT v."person", v."place", (EXTRACT(EPOCH FROM v."startAt") * 1000)::float8 AS s, (EXTRACT(EPOCH FROM v."endAt") * 1000)::float8 AS e
             FROM unnest($1::text[], $2::float8[], $3::float8[]) AS q(p, f, t)
             JOIN "Visit" v ON v."place" = q.p AND v."startAt" >= to_timestamp((q.f - $4) / 1000.0) AT TIME ZONE 'UTC'
               AND v."startAt" < to_timestamp(q.t / 1000.0) AT TIME ZONE 'UTC' AND v."endAt" > to_timestamp(q.f / 1000.0) AT TIME ZONE 'UTC'`,
            [places.map((p) => p.place), places.map((p) => p.from), places.map((p) => p.to), maxMs],
          )
        ).map(toVisit),
    };
  }

  async closeContacts(
    viewer: Viewer,
    args: { casePseudonym: string; legalBasis: string; from?: Date | null; to?: Date | null; minOverlapMinutes?: number | null; depth?: number | null },
  ) {
    const legalBasis = this.requireBasis(args.legalBasis);
    const dept = await this.department(viewer, INVESTIGATORS, "Contact queries");
    const depth = args.depth ?? 1;
    if (depth !== 1 && depth !== 2) throw fail("BAD_USER_INPUT", "depth is 1 (contacts) or 2 (contacts of contacts).", { field: "depth" });
    const minOverlapMinutes = args.minOverlapMinutes ?? TRAJECTORY_POLICY.minOverlapMinutes;
    if (!Number.isInteger(minOverlapMinutes) || minOverlapMinutes < 1 || minOverlapMinutes > MAX_VISIT_MINUTES)
      throw fail("BAD_USER_INPUT", `minOverlapMinutes is 1..${MAX_VISIT_MINUTES}.`, { field: "minOverlapMinutes" });
    const { window } = await this.caseWindow(args.casePseudonym, args.from, args.to);
    const contacts: TracedContact[] = await traceContacts(args.casePseudonym, { ...window, minOverlapMinutes, depth }, this.source());
    const result = { casePseudonym: args.casePseudonym, from: window.from, to: window.to, contacts };
    const access = await this.logAccess(
      dept,
      viewer,
      "closeContacts",
      legalBasis,
      args.casePseudonym,
      { from: window.from, to: window.to, minOverlapMinutes, depth },
      result,
    );
    return { ...result, ...access, policy: policyRef, minOverlapMinutes, depth };
  }

  /** A case's visits (cells over time, for the map), logged like a contact query. */
  async trajectory(viewer: Viewer, args: { pseudonym: string; legalBasis: string; from?: Date | null; to?: Date | null }) {
    const legalBasis = this.requireBasis(args.legalBasis);
    const dept = await this.department(viewer, INVESTIGATORS, "Trajectory queries");
    const { window } = await this.caseWindow(args.pseudonym, args.from, args.to);
    const rows = await this.db.raw.query<{ place: string; cell: string | null; s: number; e: number; source: string }>(
      `SELECT "place", "cell", (EXTRACT(EPOCH FROM "startAt") * 1000)::float8 AS s, (EXTRACT(EPOCH FROM "endAt") * 1000)::float8 AS e, "source"
       FROM "Visit" WHERE "person" = $1 AND "startAt" < to_timestamp($2 / 1000.0) AT TIME ZONE 'UTC' AND "endAt" > to_timestamp($3 / 1000.0) AT TIME ZONE 'UTC'
       ORDER BY "startAt" LIMIT 5000`,
      [args.pseudonym, window.to, window.from],
    );
    const visits = rows.map((r) => ({ place: r.place, cell: r.cell, start: Number(r.s), end: Number(r.e), source: r.source }));
    const access = await this.logAccess(dept, viewer, "trajectory", legalBasis, args.pseudonym, window, { pseudonym: args.pseudonym, visits });
    return { pseudonym: args.pseudonym, from: window.from, to: window.to, visits, ...access };
  }

  /** Record (or update) a confirmed case's onset and isolation: a `trace-case` entry naming the case by digest only. */
  async recordCase(viewer: Viewer, input: { pseudonym: string; onset: Date; isolatedAt?: Date | null }) {
    const dept = await this.department(viewer, EPIDEMIOLOGISTS, "Recording cases");
    if (!PSEUDONYM.test(input.pseudonym)) throw fail("BAD_USER_INPUT", "a pseudonym is 4–64 letters, digits or ._:-", { field: "pseudonym" });
    if (input.isolatedAt && input.isolatedAt < input.onset) throw fail("BAD_USER_INPUT", "isolation comes after onset.", { field: "isolatedAt" });
    return this.log.write(async ({ tx, append }) => {
      const body = { subject: subjectDigest(input.pseudonym), onset: input.onset.toISOString(), isolatedAt: input.isolatedAt?.toISOString() ?? null };
      await append([{ kind: CASE_KIND, departmentCode: dept.code, departmentId: dept.id, body }]);
      return tx.traceCase.upsert({
        where: { pseudonym: input.pseudonym },
        create: { pseudonym: input.pseudonym, onsetAt: input.onset, isolatedAt: input.isolatedAt ?? null },
        update: { onsetAt: input.onset, isolatedAt: input.isolatedAt ?? null },
      });
    });
  }

  /**
   * A relationship's next version (Go.Data's fields). The previous version stays as history (current = NULL) and
   * the entry names it: an edit can never erase what was recorded before.
   */
  async recordLink(viewer: Viewer, input: LinkFields) {
    return (await this.recordLinks(viewer, [input]))[0]!;
  }

  /**
   * Relationships in bulk (an outbreak team's import from a line list), all or nothing: each row is its own next
   * version and its own entry, exactly as one `recordLink`, so a bulk import leaves the same history. Bad rows are
   * named (`extensions.rows`) and nothing is stored.
   */
  async recordLinks(viewer: Viewer, inputs: LinkFields[]) {
    const dept = await this.department(viewer, EPIDEMIOLOGISTS, "Recording transmission relationships");
    if (inputs.length === 0 || inputs.length > MAX_LINKS_PER_CALL)
      throw fail("BAD_USER_INPUT", `Send 1 to ${MAX_LINKS_PER_CALL} relationships per call.`, { field: "inputs", limit: MAX_LINKS_PER_CALL });
    const one = inputs.length === 1;
    const field = (i: number, f: string) => (one ? `input.${f}` : `inputs[${i}].${f}`);
    const rows: { row: number; field: string; message: string }[] = [];
    const pairs = new Set<string>();
    inputs.forEach((input, i) => {
      for (const f of ["source", "target"] as const)
        if (!PSEUDONYM.test(input[f])) rows.push({ row: i, field: field(i, f), message: "a pseudonym is 4–64 letters, digits or ._:-" });
      if (input.source === input.target) rows.push({ row: i, field: field(i, "target"), message: "A relationship links two different people." });
      if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 0 || input.durationMinutes > 100_000)
        rows.push({ row: i, field: field(i, "durationMinutes"), message: "durationMinutes is 0..100000." });
      const pair = `${input.source}\n${input.target}`;
      if (pairs.has(pair)) rows.push({ row: i, field: field(i, "target"), message: "This pair is already in the call: one version per pair per call." });
      pairs.add(pair);
    });
    if (rows.length)
      throw fail("BAD_USER_INPUT", one ? rows[0]!.message : `${rows.length} of ${inputs.length} relationships are invalid; nothing was stored.`, {
        field: rows[0]!.field,
        ...(one ? {} : { rows: rows.slice(0, 100) }),
      });
    const created = await this.log.write(async ({ tx, append }) => {
      const prevs = new Map(
        (await tx.transmissionLink.findMany({ where: { current: true, source: { in: [...new Set(inputs.map((l) => l.source))] } } })).map((p) => [
          `${p.source}\n${p.target}`,
          p,
        ]),
      );
      const planned = inputs.map((input) => {
        const prev = prevs.get(`${input.source}\n${input.target}`);
        const version = (prev?.version ?? 0) + 1;
        const followUp = input.followUp ?? prev?.followUp ?? "PENDING";
        const body = {
          source: subjectDigest(input.source),
          target: subjectDigest(input.target),
          version,
          previous: prev ? Number(prev.entryIndex) : null,
          contactDate: input.contactDate.toISOString(),
          exposureType: input.exposureType,
          certainty: input.certainty,
          durationMinutes: input.durationMinutes,
          followUp,
          retracted: input.retracted ?? false,
          reason: input.reason ?? null,
          by: viewer.email,
        };
        return { input, prev, version, followUp, body };
      });
      const entries = await append(planned.map((p) => ({ kind: LINK_KIND, departmentCode: dept.code, departmentId: dept.id, body: p.body })));
      const superseded = planned.flatMap((p) => (p.prev ? [p.prev.id] : []));
      if (superseded.length) await tx.transmissionLink.updateMany({ where: { id: { in: superseded } }, data: { current: null } });
      return tx.transmissionLink.createManyAndReturn({
        data: planned.map(({ input, version, followUp }, i) => ({
          source: input.source,
          target: input.target,
          version,
          contactDate: input.contactDate,
          exposureType: input.exposureType,
          certainty: input.certainty,
          durationMinutes: input.durationMinutes,
          followUp,
          retracted: input.retracted ?? false,
          reason: input.reason ?? null,
          current: true,
          authorId: viewer.id,
          entryIndex: entries[i]!.index,
        })),
      });
    });
    this.keepLinks(created);
    return created;
  }

  /** The chain through a case: the links in force of its cluster, laid out, with every version's history; logged. */
  async transmissionChain(viewer: Viewer, args: { casePseudonym: string; legalBasis: string; from?: Date | null; to?: Date | null }) {
    const legalBasis = this.requireBasis(args.legalBasis);
    const dept = await this.department(viewer, CHAIN_READERS, "Chain queries");
    const inForce = await this.linksInForce();
    let links = chainOf(args.casePseudonym, inForce);
    if (args.from) links = links.filter((l) => l.contactDate >= args.from!);
    if (args.to) links = links.filter((l) => l.contactDate <= args.to!);
    // One array parameter, not one bind per person: a chain of 25,000 people is one round trip.
    const people = [...new Set(links.flatMap((l) => [l.source, l.target]))];
    const found = await this.db.raw.query<{ pseudonym: string; onset: number | string }>(
      `SELECT "pseudonym", (EXTRACT(EPOCH FROM "onsetAt") * 1000)::float8 AS onset FROM "TraceCase" WHERE "pseudonym" = ANY($1::text[]) ORDER BY "pseudonym"`,
      [people],
    );
    // The layout and the result's hash are functions of the links in force, the query and the recorded cases
    // among its people: a repeated view (a team's screen, a link handed on) reuses them. Its access entry is
    // still appended, each time.
    const key = `${this.inForce?.seen}\n${args.casePseudonym}\n${args.from?.getTime() ?? ""}\n${args.to?.getTime() ?? ""}\n${found.map((c) => `${c.pseudonym}=${c.onset}`).join(",")}`;
    let view = this.chains.get(key);
    if (!view || view.inForce !== inForce) {
      const cases = new Map(found.map((c) => [c.pseudonym, { onsetAt: new Date(Number(c.onset)) }]));
      const result = {
        casePseudonym: args.casePseudonym,
        links: links.map((l) => ({ source: l.source, target: l.target, version: l.version, entryIndex: Number(l.entryIndex) })),
      };
      view = { inForce, nodes: this.chainNodes(args.casePseudonym, links, cases), clusters: clusters(links).length, hash: resultHash(canonicalJson(result)) };
      this.chains.set(key, view);
      for (const k of this.chains.keys()) if (this.chains.size > 4) this.chains.delete(k);
    } else {
      this.chains.delete(key);
      this.chains.set(key, view);
    }
    const { nodes } = view;
    const access = await this.logAccess(
      dept,
      viewer,
      "transmissionChain",
      legalBasis,
      args.casePseudonym,
      { from: args.from?.toISOString() ?? null, to: args.to?.toISOString() ?? null },
      null,
      view.hash,
    );
    return { casePseudonym: args.casePseudonym, nodes, links, clusters: view.clusters, ...access };
  }

  /**
   * Every relationship in force. A chain query needs them all to find the case's component, and reading 25,000
   * rows is most of a query's time, so the process keeps them and reads only the version rows added since its
   * last read: every change (a new version, a retraction) inserts a row, and the rows are inserted after the
   * write's entry is appended, that is under the log's sequencer lock, so ids become visible in id order and
   * "id > last seen" misses nothing. Rows are read raw: Prisma's row mapping was half the answer time.
   */
  private async linksInForce(): Promise<InForceLink[]> {
    const raw = this.db.raw;
    const [{ max }] = (await raw.query<{ max: number }>(`SELECT coalesce(max("id"), 0)::int AS max FROM "TransmissionLink"`)) as [{ max: number }];
    const known = this.inForce;
    if (known && known.seen === max) return known.list;
    const rows = await raw.query<{
      id: number;
      source: string;
      target: string;
      version: number;
      cd: number | string;
      exposureType: string;
      certainty: string;
      durationMinutes: number;
      followUp: string;
      reason: string | null;
      retracted: boolean;
      entryIndex: number | string;
    }>(
      `SELECT "id", "source", "target", "version", (EXTRACT(EPOCH FROM "contactDate") * 1000)::float8 AS cd, "exposureType", "certainty",
              "durationMinutes", "followUp", "reason", "retracted", "entryIndex"::text AS "entryIndex"
       FROM "TransmissionLink" WHERE "id" > $1 AND "id" <= $2 ${known ? "" : `AND "current" = TRUE`} ORDER BY "id"`,
      [known?.seen ?? 0, max],
    );
    this.applyLinks(
      rows.map((r) => ({ ...r, contactDate: new Date(Number(r.cd)), entryIndex: BigInt(r.entryIndex) })),
      max,
    );
    return this.inForce!.list;
  }

  /**
   * Version rows this process just committed go straight into the kept links when nothing is missing before
   * them (the kept set has seen every id up to the first); otherwise the next read fetches the gap.
   */
  private keepLinks(rows: LinkVersion[]) {
    if (!this.inForce || !rows.length) return;
    const ids = rows.map((r) => r.id);
    if (Math.min(...ids) !== this.inForce.seen + 1) return;
    this.applyLinks(rows, Math.max(...ids));
  }

  private applyLinks(rows: LinkVersion[], seen: number) {
    const byPair = this.inForce?.byPair ?? new Map<string, InForceLink & { id: number }>();
    // Rows up to what is already kept were applied (a read that overlapped a write-through can bring them again).
    const kept = this.inForce?.seen ?? 0;
    for (const r of rows.filter((x) => x.id > kept).sort((a, b) => a.id - b.id)) {
      const pair = `${r.source}\n${r.target}`;
      // A newer version replaces the pair's link; a retraction takes it out of force.
      if (r.retracted) byPair.delete(pair);
      else
        byPair.set(pair, {
          id: r.id,
          source: r.source,
          target: r.target,
          version: r.version,
          contactDate: r.contactDate,
          exposureType: r.exposureType,
          certainty: r.certainty,
          durationMinutes: r.durationMinutes,
          followUp: r.followUp,
          reason: r.reason,
          retracted: false,
          current: true,
          entryIndex: r.entryIndex,
        });
    }
    // In id order, as the full read returned them: the chain's order (and so its result hash) does not depend
    // on whether the process had read the links before.
    const list = [...byPair.values()].sort((a, b) => a.id - b.id);
    this.inForce = { seen: Math.max(seen, kept), byPair, list };
  }

  /** Read the links in force once (at start), so that links recorded from now on are kept as they are written. */
  async keepLinksInForce() {
    await this.linksInForce();
  }

  private chainNodes(root: string, links: { source: string; target: string; contactDate: Date; followUp: string }[], cases: Map<string, { onsetAt: Date }>) {
    // A case is a recorded trace case, or a contact whose follow-up found them ill (Go.Data's "became case").
    const becameCase = new Set(links.filter((l) => l.followUp === "BECAME_CASE").map((l) => l.target));
    const time = new Map<string, number>();
    const note = (p: string, t: number) => time.set(p, Math.min(time.get(p) ?? t, t));
    for (const l of links) {
      note(l.target, cases.get(l.target)?.onsetAt.getTime() ?? l.contactDate.getTime());
      note(l.source, cases.get(l.source)?.onsetAt.getTime() ?? l.contactDate.getTime());
    }
    if (!time.size) time.set(root, cases.get(root)?.onsetAt.getTime() ?? 0);
    const nodes = [...time].map(([id, t]) => ({ id, time: t }));
    const pos = timeHierarchicalLayout(nodes, links);
    return nodes.map((n) => ({
      pseudonym: n.id,
      time: new Date(n.time),
      isCase: cases.has(n.id) || becameCase.has(n.id),
      x: pos.get(n.id)!.x,
      y: pos.get(n.id)!.y,
    }));
  }

  /** Every version of one relationship, oldest first: the trace its edits left. */
  async linkHistory(viewer: Viewer, source: string, target: string) {
    // Auditors read every version; officers only of the departments that investigate or record chains.
    if (viewer.role !== "AUDITOR") await this.department(viewer, CHAIN_READERS, "Relationship history");
    return this.db.prisma.transmissionLink.findMany({ where: { source, target }, orderBy: { version: "asc" } });
  }

  /** The justified-access entries, newest first (auditors): who asked what, under which basis. */
  async accessLog(limit: number, offset: number) {
    const rows = await this.db.prisma.logEntry.findMany({
      where: { kind: { in: [ACCESS_KIND, REIDENTIFY_KIND] } },
      orderBy: { index: "desc" },
      take: limit,
      skip: offset,
    });
    return rows.map((r) => {
      const doc = JSON.parse(new TextDecoder().decode(r.payload)) as { department: string | null; body: Record<string, unknown> };
      return { entryIndex: Number(r.index), department: doc.department, ...(doc.body as object) } as Record<string, unknown> & { entryIndex: number };
    });
  }

  /**
   * Retention: delete visits that ended before `asOf − retentionDays`, and log a deletion commitment (count and
   * the SHA-256 over the deleted rows, as a batch commitment is computed) in the same transaction.
   */
  async runRetention(asOf: Date = new Date()) {
    const cutoff = new Date(asOf.getTime() - TRAJECTORY_POLICY.retentionDays * 86_400_000);
    return this.log.write(
      async ({ tx, append }) => {
        // "startAt" < cutoff is implied (a visit starts before it ends) and lets PostgreSQL skip the later days.
        const gone = await tx.$queryRawUnsafe<{ person: string; place: string; s: number; e: number; source: string }[]>(
          `DELETE FROM "Visit" WHERE "endAt" < $1::timestamp AND "startAt" < $1::timestamp
           RETURNING "person", "place", (EXTRACT(EPOCH FROM "startAt") * 1000)::float8 AS s, (EXTRACT(EPOCH FROM "endAt") * 1000)::float8 AS e, "source"`,
          cutoff.toISOString(),
        );
        // Days that ended a longest visit before the cutoff are now empty: drop their partitions, so the table
        // does not keep a partition per day forever.
        const days = await tx.$queryRawUnsafe<{ name: string }[]>(
          `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"Visit"'::regclass`,
        );
        const lastEmpty = Math.floor((cutoff.getTime() - MAX_VISIT_MINUTES * MINUTE_MS) / DAY_MS) - 1;
        for (const { name } of days) if (name <= partitionName(lastEmpty) && /^Visit_\d{8}$/.test(name)) await tx.$executeRawUnsafe(`DROP TABLE "${name}"`);
        const hash = visitsCommitment(
          "vigil-visit-deletion/1",
          gone.map((r) => ({ person: r.person, place: r.place, start: Number(r.s), end: Number(r.e), source: r.source })),
        );
        const body = { policy: policyRef, cutoff: cutoff.toISOString(), count: gone.length, hash };
        const [entry] = await append([{ kind: DELETION_KIND, departmentCode: null, departmentId: null, body }]);
        return tx.visitDeletion.create({ data: { cutoff, count: gone.length, hash, entryIndex: entry!.index } });
      },
      { timeout: 600_000 },
    );
  }

  /**
   * Check a deletion later: its row matches its entry, no visit that ended before its cutoff is left, and (given
   * the rows a department kept) the commitment recomputes.
   */
  async checkDeletion(id: number, kept?: { person: string; place: string; start: number; end: number; source: string }[]) {
    const d = await this.db.prisma.visitDeletion.findUnique({ where: { id } });
    if (!d) throw fail("NOT_FOUND", `No deletion ${id}.`);
    const entry = await this.db.prisma.logEntry.findUniqueOrThrow({ where: { index: d.entryIndex } });
    const body = (JSON.parse(new TextDecoder().decode(entry.payload)) as { body: { count: number; hash: string; cutoff: string } }).body;
    const [left] = await this.db.raw.query<{ n: string | number }>(`SELECT count(*) AS n FROM "Visit" WHERE "endAt" < $1::timestamp`, [d.cutoff.toISOString()]);
    const matchesEntry = entry.kind === DELETION_KIND && body.count === d.count && body.hash === d.hash && body.cutoff === d.cutoff.toISOString();
    const remaining = Number(left!.n);
    const recomputed = kept ? visitsCommitment("vigil-visit-deletion/1", kept) === d.hash : null;
    return { deletion: d, matchesEntry, remaining, recomputed, ok: matchesEntry && remaining === 0 && recomputed !== false };
  }
}

export type TraceCaseRow = Prisma.TraceCaseGetPayload<object>;
