import { canonicalJson } from "@vigil/log";
import type { Database } from "@vigil/db";
import type { AuditProblem } from "@vigil/log";

/**
 * The dashboards and rule enforcement read the domain tables, not the log: so every governed row must be
 * exactly what its entry says, every entry of a governed kind must have its row, and a task's status must be
 * the last status change on the log. Checked after the log itself verified, so entries can be trusted here.
 */
type Row = Record<string, unknown> & { entryIndex: string; payload: Uint8Array | null; kind: string | null };
type Body = Record<string, unknown>;

interface TableCheck {
  kind: string;
  table: string;
  label: string;
  /** Rows with their entry (LEFT JOIN: a row may point at nothing). Dates as text: no driver time-zone guesses. */
  sql: string;
  /** For kinds whose later entries change a row (task, work-order): the `action` of the entry that creates it. */
  creates?: string;
  compare(row: Row, body: Body, entry: { department: unknown; receivedAt: unknown }, derived: Derived): string | null;
  /** Which entries of the kind have a row of their own (SQL over the entry's JSON `b`); default: all of them. */
  rowEntries?: string;
}

/** What the log alone says beyond single rows: which case-report entries are the current values. */
interface Derived {
  currentReports: Set<number>;
  /** Per "key version": the entries that approved and revoked it, and the day the revocation took effect. */
  ruleSetSteps: Map<string, { approved: number | null; revoked: number | null; revokedFrom: string | null }>;
}

const differs = (field: string, db: unknown, log: unknown) => `${field} is ${JSON.stringify(db)} in the database, ${JSON.stringify(log)} on the log`;
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
function firstDifference(pairs: [string, unknown, unknown][]): string | null {
  for (const [field, db, log] of pairs) if (!same(db, log)) return differs(field, db, log);
  return null;
}
const num = (x: unknown) => (x === null || x === undefined ? x : Number(x));

const CHECKS: TableCheck[] = [
  {
    kind: "case-report",
    table: "CaseReport",
    label: "case report",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."regionCode", to_char(t."date", 'YYYY-MM-DD') AS "date", t."newConfirmed", t."suspected", t."deaths", t."tests",
            t."imported", t."disease", d."code" AS "department", to_char(t."receivedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "receivedAt", t."reason", t."current", a."entryIndex"::text AS "amends",
            e."kind", e."payload"
          FROM "CaseReport" t JOIN "Department" d ON d."id" = t."departmentId" LEFT JOIN "CaseReport" a ON a."id" = t."amendsId"
            LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b, e, derived) =>
      firstDifference([
        ["regionCode", r.regionCode, b.regionCode],
        ["date", r.date, b.date],
        ["newConfirmed", r.newConfirmed, b.newConfirmed],
        ["suspected", r.suspected, b.suspected],
        ["deaths", r.deaths, b.deaths],
        ["tests", r.tests, b.tests],
        // Entries logged before reports had these fields mean the defaults.
        ["imported", r.imported, b.imported ?? 0],
        ["disease", r.disease, b.disease ?? "COVID-19"],
        ["department", r.department, e.department],
        // An amendment names the entry it corrects; the row must point at that entry's row.
        ["amends", num(r.amends), b.amends],
        ["reason", r.reason, b.reason],
        ["current", r.current === true, derived.currentReports.has(Number(r.entryIndex))],
      ]),
  },
  {
    kind: "alert",
    table: "Alert",
    label: "alert",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."regionCode", to_char(t."date", 'YYYY-MM-DD') AS "date", t."method", t."observed", t."level"::text AS "level",
            t."statistic", t."threshold", t."policyId", t."policyKey", t."policyVersion", t."policyHash", e."kind", e."payload"
          FROM "Alert" t LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b) => {
      const out = (b.output ?? {}) as Body;
      return firstDifference([
        ["regionCode", r.regionCode, b.regionCode],
        ["date", r.date, b.date],
        ["method", r.method, b.method],
        ["observed", r.observed, out.observed],
        ["level", r.level, b.level],
        ["statistic", num(r.statistic), out.statistic],
        ["threshold", num(r.threshold), out.upperBound],
        ["policyId", r.policyId, b.policyId],
        // Alerts logged before enforcement records named no policy: both sides null then.
        ["policy", r.policyKey === null ? null : { key: r.policyKey, version: r.policyVersion, hash: r.policyHash }, b.policy],
      ]);
    },
  },
  {
    kind: "policy",
    table: "Policy",
    label: "policy",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."key", t."title", t."phase"::text AS "phase", t."version", t."rule", t."regionCode",
            to_char(t."effectiveFrom", 'YYYY-MM-DD') AS "effectiveFrom", e."kind", e."payload"
          FROM "Policy" t LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b) =>
      firstDifference([
        ["key", r.key, b.key],
        ["title", r.title, b.title],
        ["phase", r.phase, b.phase],
        ["version", r.version, b.version],
        ["rule", JSON.parse(String(r.rule)), b.rule],
        ["regionCode", r.regionCode, b.regionCode],
        ["effectiveFrom", r.effectiveFrom, b.effectiveFrom],
      ]),
  },
  {
    // The in-force rule reads these rows: each must be its draft entry's document, in the state its approval and revocation entries say.
    kind: "rule-set",
    table: "RuleSet",
    label: "rule set",
    rowEntries: `b -> 'body' ->> 'action' = 'draft'`,
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."key", t."version", t."kind"::text AS "kind_", t."hash", t."document", t."state"::text AS "state",
            to_char(t."effectiveFrom", 'YYYY-MM-DD') AS "effectiveFrom", t."approvedEntry"::text AS "approvedEntry", t."revokedEntry"::text AS "revokedEntry",
            to_char(t."revokedOn", 'YYYY-MM-DD') AS "revokedOn", e."kind", e."payload"
          FROM "RuleSet" t LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b, _e, derived) => {
      const rs = (b.ruleSet ?? {}) as Body;
      const steps = derived.ruleSetSteps.get(`${String(r.key)} ${String(r.version)}`) ?? { approved: null, revoked: null, revokedFrom: null };
      const state = steps.revoked !== null ? "REVOKED" : steps.approved !== null ? "APPROVED" : "DRAFT";
      return firstDifference([
        ["action", "draft", b.action],
        ["key", r.key, b.key],
        ["version", r.version, b.version],
        ["hash", r.hash, b.hash],
        ["document", JSON.parse(String(r.document)), b.ruleSet],
        ["kind", String(r.kind_).toLowerCase(), rs.kind],
        ["effectiveFrom", r.effectiveFrom, (rs.effective as Body | undefined)?.from],
        ["approvedEntry", num(r.approvedEntry), steps.approved],
        ["revokedEntry", num(r.revokedEntry), steps.revoked],
        ["revokedOn", r.revokedOn, steps.revokedFrom],
        ["state", r.state, state],
      ]);
    },
  },
  {
    kind: "record",
    table: "ContractRecord",
    label: "record",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."contractKey", t."contractVersion", t."contractHash", t."payload" AS "recordPayload", e."kind", e."payload"
          FROM "ContractRecord" t LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b) =>
      firstDifference([
        ["contract", { key: r.contractKey, version: r.contractVersion, hash: r.contractHash }, b.contract],
        ["payload", JSON.parse(String(r.recordPayload)), b.payload],
      ]),
  },
  {
    kind: "task",
    table: "Task",
    label: "task",
    creates: "assign",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."title", t."description", d."code" AS "owner", to_char(t."due", 'YYYY-MM-DD') AS "due", t."alertId",
            t."status"::text AS "status", e."kind", e."payload"
          FROM "Task" t JOIN "Department" d ON d."id" = t."ownerDepartmentId" LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b) =>
      firstDifference([
        ["title", r.title, b.title],
        ["description", r.description, b.description ?? r.description],
        ["owner", r.owner, b.owner],
        ["due", r.due, b.due],
        ["alertId", r.alertId, b.alertId],
      ]),
  },
  {
    kind: "work-order",
    table: "WorkOrder",
    label: "work order",
    creates: "open",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."alertId", a."entryIndex"::text AS "alertEntry", t."playbook", t."step", t."depth", t."task",
            t."regionCode", d."code" AS "owner", t."slaSeconds", f."entryIndex"::text AS "escalates",
            to_char(t."openedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "openedAt", to_char(t."dueAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dueAt",
            e."kind", e."payload"
          FROM "WorkOrder" t JOIN "Department" d ON d."id" = t."ownerDepartmentId" JOIN "Alert" a ON a."id" = t."alertId"
            LEFT JOIN "WorkOrder" f ON f."id" = t."escalatedFromId" LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b, e) =>
      firstDifference([
        ["alertId", r.alertId, b.alertId],
        ["alert entry", num(r.alertEntry), b.alertEntry],
        ["playbook", r.playbook, b.playbook],
        ["step", r.step, b.step],
        ["depth", r.depth, b.depth],
        ["task", r.task, b.task],
        ["regionCode", r.regionCode, b.regionCode],
        ["owner", r.owner, b.owner],
        ["slaSeconds", r.slaSeconds, b.slaSeconds],
        ["escalates", num(r.escalates), b.escalates],
        // The SLA clock starts at the opening entry's signed receipt time.
        ["openedAt", r.openedAt, e.receivedAt],
        ["dueAt", r.dueAt, new Date(Date.parse(String(e.receivedAt)) + Number(b.slaSeconds) * 1000).toISOString()],
      ]),
  },
  {
    kind: "resource",
    table: "ResourceRequest",
    label: "resource request",
    creates: "request",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."item", t."quantity", to_char(t."neededBy", 'YYYY-MM-DD') AS "neededBy", t."regionCode",
            d."code" AS "requester", e."kind", e."payload"
          FROM "ResourceRequest" t JOIN "Department" d ON d."id" = t."requesterDepartmentId" LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b, e) =>
      firstDifference([
        ["item", r.item, b.item],
        ["quantity", r.quantity, b.quantity],
        ["neededBy", r.neededBy, b.neededBy],
        ["regionCode", r.regionCode, b.regionCode],
        ["requester", r.requester, e.department],
      ]),
  },
  {
    kind: "resource",
    table: "ResourceAllocation",
    label: "resource allocation",
    creates: "allocate",
    sql: `SELECT t."id", t."entryIndex"::text AS "entryIndex", t."requestId", q."entryIndex"::text AS "request", t."quantity", d."code" AS "supplier",
            to_char(t."confirmedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "confirmedAt",
            (SELECT convert_from(c."payload", 'UTF8')::jsonb ->> 'receivedAt' FROM "LogEntry" c WHERE c."kind" = 'resource'
               AND convert_from(c."payload", 'UTF8')::jsonb -> 'body' ->> 'action' = 'confirm'
               AND (convert_from(c."payload", 'UTF8')::jsonb -> 'body' ->> 'allocation')::bigint = t."entryIndex" ORDER BY c."index" LIMIT 1) AS "confirmedOnLog",
            e."kind", e."payload"
          FROM "ResourceAllocation" t JOIN "Department" d ON d."id" = t."fromDepartmentId" JOIN "ResourceRequest" q ON q."id" = t."requestId"
            LEFT JOIN "LogEntry" e ON e."index" = t."entryIndex" ORDER BY t."entryIndex"`,
    compare: (r, b, e) =>
      firstDifference([
        ["requestId", r.requestId, b.requestId],
        ["request entry", num(r.request), b.request],
        ["quantity", r.quantity, b.quantity],
        ["supplier", r.supplier, e.department],
        // Fulfilment is the receiver's confirmation entry, and only that.
        ["confirmedAt", r.confirmedAt, r.confirmedOnLog],
      ]),
  },
];

/**
 * The current value of every district and day, from the case-report entries alone: the first report of a key
 * (lowest index, not an amendment) heads its chain; each amendment names the entry it corrects, which must be
 * an earlier report of the same key not corrected before; the last link is current. Reports filed for a key
 * that had a value already (only possible before the one-value rule) are history, never current.
 */
async function deriveCurrentReports(db: Database, problems: AuditProblem[]): Promise<Set<number>> {
  const rows = await db.raw.query<{ index: string; key: string; amends: string | null }>(
    `SELECT e."index"::text AS "index", (b -> 'body' ->> 'regionCode') || ' ' || (b -> 'body' ->> 'date') || ' ' || COALESCE(b -> 'body' ->> 'disease', 'COVID-19') AS "key", b -> 'body' ->> 'amends' AS "amends"
     FROM "LogEntry" e CROSS JOIN LATERAL (SELECT convert_from(e."payload", 'UTF8')::jsonb AS b) j
     WHERE e."kind" = 'case-report' ORDER BY e."index"`,
  );
  const keyOf = new Map<number, string>();
  const head = new Map<string, number>();
  const next = new Map<number, number>();
  for (const r of rows) {
    const index = Number(r.index);
    keyOf.set(index, r.key);
    if (r.amends == null) {
      if (!head.has(r.key)) head.set(r.key, index);
      continue;
    }
    const target = Number(r.amends);
    const bad =
      keyOf.get(target) !== r.key
        ? `names entry ${r.amends}, which is not an earlier report of the same district and day`
        : next.has(target)
          ? `corrects entry ${target}, which entry ${next.get(target)} corrected already`
          : null;
    if (bad) problems.push({ index, kind: "domain-mismatch", table: "CaseReport", message: `case report entry ${index} ${bad}` });
    else next.set(target, index);
  }
  const current = new Set<number>();
  for (const first of head.values()) {
    let at = first;
    while (next.has(at)) at = next.get(at)!;
    current.add(at);
  }
  return current;
}

/** Approvals and revocations of rule sets, from the `rule-set` entries alone (the first of each counts). */
async function deriveRuleSetSteps(db: Database): Promise<Derived["ruleSetSteps"]> {
  const rows = await db.raw.query<{ index: string; action: string; key: string; version: string; from: string | null }>(
    `SELECT e."index"::text AS "index", b -> 'body' ->> 'action' AS "action", b -> 'body' ->> 'key' AS "key", b -> 'body' ->> 'version' AS "version", b -> 'body' ->> 'from' AS "from"
     FROM "LogEntry" e CROSS JOIN LATERAL (SELECT convert_from(e."payload", 'UTF8')::jsonb AS b) j
     WHERE e."kind" = 'rule-set' AND b -> 'body' ->> 'action' IN ('approve', 'revoke') ORDER BY e."index"`,
  );
  const steps: Derived["ruleSetSteps"] = new Map();
  for (const r of rows) {
    const id = `${r.key} ${r.version}`;
    const s = steps.get(id) ?? { approved: null, revoked: null, revokedFrom: null };
    if (r.action === "approve" && s.approved === null) s.approved = Number(r.index);
    if (r.action === "revoke" && s.revoked === null) {
      s.revoked = Number(r.index);
      s.revokedFrom = r.from;
    }
    steps.set(id, s);
  }
  return steps;
}

export async function auditDomainRows(db: Database): Promise<AuditProblem | null> {
  const decoder = new TextDecoder();
  const problems: AuditProblem[] = [];
  const derived: Derived = { currentReports: await deriveCurrentReports(db, problems), ruleSetSteps: await deriveRuleSetSteps(db) };
  for (const check of CHECKS) {
    const rows = await db.raw.query<Row>(check.sql);
    for (const row of rows) {
      const index = Number(row.entryIndex);
      const where = `${check.label} ${String(row.id)} (entry ${index})`;
      if (!row.payload) {
        problems.push({ index, kind: "domain-no-entry", table: check.table, message: `${where} points at no log entry` });
        break;
      }
      if (row.kind !== check.kind) {
        problems.push({ index, kind: "domain-wrong-kind", table: check.table, message: `${where} points at a "${row.kind}" entry` });
        break;
      }
      const doc = JSON.parse(decoder.decode(row.payload)) as { body: Body; department: unknown; receivedAt: unknown };
      if (check.creates && doc.body.action !== check.creates) {
        problems.push({
          index,
          kind: "domain-wrong-kind",
          table: check.table,
          message: `${where} points at a status change, not its "${check.creates}" entry`,
        });
        break;
      }
      const diff = check.compare(row, doc.body, doc, derived);
      if (diff) {
        problems.push({ index, kind: "domain-mismatch", table: check.table, message: `${where}: ${diff}` });
        break;
      }
    }
    // Entries of this kind with no row: a governed fact deleted from the tables but not from history.
    const orphans = await db.raw.query<{ index: string }>(
      `SELECT e."index"::text AS "index" FROM "LogEntry" e LEFT JOIN "${check.table}" t ON t."entryIndex" = e."index"
       WHERE e."kind" = $1 AND t."entryIndex" IS NULL ${check.creates ? `AND convert_from(e."payload", 'UTF8')::jsonb -> 'body' ->> 'action' = '${check.creates}'` : ""}
         ${check.rowEntries ? `AND (SELECT ${check.rowEntries} FROM (SELECT convert_from(e."payload", 'UTF8')::jsonb AS b) j)` : ""}
       ORDER BY e."index" LIMIT 1`,
      [check.kind],
    );
    if (orphans[0])
      problems.push({
        index: Number(orphans[0].index),
        kind: "domain-missing",
        table: check.table,
        message: `${check.label} entry ${orphans[0].index} has no row in the database (deleted?)`,
      });
  }

  // A task's status is the last status change its owner logged (OPEN if none).
  const statuses = await db.raw.query<{ id: number; status: string; entryIndex: string; logged: string | null; lastIndex: string | null }>(
    `SELECT t."id", t."status"::text AS "status", t."entryIndex"::text AS "entryIndex", s."to" AS "logged", s."index"::text AS "lastIndex"
     FROM "Task" t LEFT JOIN LATERAL (
       SELECT e."index", convert_from(e."payload", 'UTF8')::jsonb -> 'body' ->> 'to' AS "to" FROM "LogEntry" e
       WHERE e."kind" = 'task' AND convert_from(e."payload", 'UTF8')::jsonb -> 'body' ->> 'action' = 'status'
         AND (convert_from(e."payload", 'UTF8')::jsonb -> 'body' ->> 'taskId')::int = t."id"
       ORDER BY e."index" DESC LIMIT 1) s ON true`,
  );
  for (const t of statuses) {
    const expected = t.logged ?? "OPEN";
    if (t.status !== expected)
      problems.push({
        index: Number(t.lastIndex ?? t.entryIndex),
        kind: "domain-mismatch",
        table: "Task",
        message: `task ${t.id}: ${differs("status", t.status, expected)}`,
      });
  }
  await auditWorkOrderStates(db, problems);
  problems.sort((a, b) => a.index - b.index);
  return problems[0] ?? null;
}

/**
 * A work order's status, acknowledgement and first-action times are what its status entries say, replayed in
 * log order from OPEN: each move must start from the state the previous one reached and be signed by the
 * order's owner, so the timeline (`alertTimeline`, built from the same entries) matches the tables.
 */
async function auditWorkOrderStates(db: Database, problems: AuditProblem[]): Promise<void> {
  const entries = await db.raw.query<{ index: string; department: string | null; receivedAt: string; body: Body }>(
    `SELECT e."index"::text AS "index", j.b ->> 'department' AS "department", j.b ->> 'receivedAt' AS "receivedAt", j.b -> 'body' AS "body"
     FROM "LogEntry" e CROSS JOIN LATERAL (SELECT convert_from(e."payload", 'UTF8')::jsonb AS b) j
     WHERE e."kind" = 'work-order' ORDER BY e."index"`,
  );
  const state = new Map<number, { owner: string; status: string; acknowledgedAt: string | null; startedAt: string | null; last: number }>();
  for (const e of entries) {
    const index = Number(e.index);
    const b = typeof e.body === "string" ? (JSON.parse(e.body) as Body) : e.body;
    if (b.action === "open") {
      state.set(index, { owner: String(b.owner), status: "OPEN", acknowledgedAt: null, startedAt: null, last: index });
      continue;
    }
    const order = state.get(Number(b.order));
    const bad = !order
      ? `names order entry ${String(b.order)}, which opened no work order before it`
      : order.status !== b.from
        ? `moves from ${String(b.from)}, but the order was ${order.status}`
        : e.department !== order.owner
          ? `is signed by ${e.department}, not the owner ${order.owner}`
          : null;
    if (bad || !order) {
      problems.push({ index, kind: "domain-mismatch", table: "WorkOrder", message: `work-order entry ${index} ${bad}` });
      return;
    }
    order.status = String(b.to);
    order.last = index;
    if (b.to === "ACKNOWLEDGED") order.acknowledgedAt = e.receivedAt;
    if (b.to === "IN_PROGRESS") order.startedAt = e.receivedAt;
  }
  const rows = await db.raw.query<{ id: number; entryIndex: string; status: string; acknowledgedAt: string | null; startedAt: string | null }>(
    `SELECT "id", "entryIndex"::text AS "entryIndex", "status"::text AS "status",
            to_char("acknowledgedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "acknowledgedAt", to_char("startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt"
     FROM "WorkOrder" ORDER BY "entryIndex"`,
  );
  for (const r of rows) {
    const s = state.get(Number(r.entryIndex));
    if (!s) continue; // a row without its opening entry is reported by the table check
    const diff = firstDifference([
      ["status", r.status, s.status],
      ["acknowledgedAt", r.acknowledgedAt, s.acknowledgedAt],
      ["startedAt", r.startedAt, s.startedAt],
    ]);
    if (diff) problems.push({ index: s.last, kind: "domain-mismatch", table: "WorkOrder", message: `work order ${r.id}: ${diff}` });
  }
}
