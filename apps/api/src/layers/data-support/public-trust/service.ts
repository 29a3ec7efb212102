import { createHash, randomBytes } from "node:crypto";
import type { CharityStep, CharityStepKind, Database, Department, DepartmentKind, FactCheckVerdict, Prisma } from "@vigil/db";
import { formatDay, parseDay, today as utcToday } from "@vigil/calendar";
import { encodeVerifierKey, toHex } from "@vigil/log";
import {
  CERTIFICATE_FORMAT,
  type Certificate,
  type CharityBooks,
  charityBooks,
  type FlowEvent,
  formatAmount,
  iatiActivities,
  parseAmount,
  STATEMENT_KIND,
  type StatementBody,
  statementHash,
} from "@vigil/trust";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Viewer } from "../../../access/viewer.ts";
import { fail } from "../../../errors.ts";
import type { Page } from "../../../graphql/pagination.ts";
import { rawEd25519, type KeyRing } from "../../../keys.ts";
import type { LogStore } from "../../../log/store.ts";

/** Who may deposit public statements: the departments whose word the public acts on. */
export const PUBLISHER_KINDS: readonly DepartmentKind[] = ["MEDIA", "HEALTH_COMMISSION", "CDC", "HOSPITAL"];
/** Who may fact-check them (never their own): the health authorities. Until published rules name others. */
export const FACT_CHECKER_KINDS: readonly DepartmentKind[] = ["HEALTH_COMMISSION", "CDC"];
/** A shipment not countersigned this many days after it left is flagged (a fixed policy until the rules issue publishes one). */
export const CONFIRM_WITHIN_DAYS = 7;
/** Anonymous reads per client address per second (every public field counts one). */
export const PUBLIC_READS_PER_SECOND = 50;
/** Public answers are cached this long: a burst of lookups of one receipt costs one read. */
const CACHE_MS = 2_000;
/** A trace is keyed by the checkpoint its proofs lead to, so it may live longer. */
const TRACE_CACHE_MS = 60_000;
/** A public code of the log: a receipt, allocation, shipment or delivery code, or a department's code. */
export const PUBLIC_CODE = /^[A-Z0-9-]{2,40}$/;

export function checkPublicCode(code: string): string {
  if (!PUBLIC_CODE.test(code)) throw fail("BAD_USER_INPUT", "Not a code of this log (letters, digits and dashes).", { field: "receiptCode" });
  return code;
}

/** A public answer as served over plain HTTP: the JSON bytes, their status and a strong validator. */
export interface ServedDocument {
  status: number;
  body: Buffer;
  etag: string;
}

export interface StatementFields {
  text?: string | null;
  sha256?: string | null;
  depositText: boolean;
  title: string;
  category: string;
  language: string;
  sourceUrl?: string | null;
  corrects?: number | null;
}

export interface DonationFields {
  item: string;
  unit: string;
  quantity: string;
  standard?: string | null;
  batch?: string | null;
  /** A donor who chose to be named publicly (an organisation); never a private person's name by default. */
  donorName?: string | null;
  /** Private: how the charity knows the donor (name, email). Only a salted commitment reaches the log. */
  donorReference?: string | null;
  day?: string | null;
}

const statementInclude = { publisher: true, factChecks: { include: { checker: true }, orderBy: { id: "asc" } } } as const;
const stepInclude = { actor: true, recipient: true, charity: true, previous: true } as const;
export type StepRow = CharityStep & { actor: Department; recipient: Department | null; charity: Department | null; previous: CharityStep | null };

const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** A public code: 50 random bits for receipts (unguessable; the code is what a donor holds), 40 for other steps. */
function newCode(prefix: string, chars: number): string {
  const bytes = randomBytes(chars);
  let s = "";
  for (let i = 0; i < chars; i++) s += CODE_ALPHABET[bytes[i]! & 31];
  return `${prefix}-${s.slice(0, 5)}-${s.slice(5)}`;
}

const KIND_OF_STEP: Record<CharityStepKind, string> = {
  NEED: "charity-need",
  DONATION: "charity-donation",
  ALLOCATION: "charity-allocation",
  SHIPMENT: "charity-shipment",
  DELIVERY: "charity-delivery",
};

function amount(text: string, field: string): bigint {
  try {
    const v = parseAmount(text);
    if (v <= 0n) throw new RangeError(`${field} must be more than zero`);
    return v;
  } catch (e) {
    throw fail("BAD_USER_INPUT", (e as Error).message, { field });
  }
}

/** Commitment to the donor's identity: SHA-256 over a domain tag, the reference and 128 random bits. The donor keeps the salt to open it. */
function commitDonor(reference: string): { commitment: string; salt: string } {
  const salt = randomBytes(16).toString("hex");
  return { commitment: statementHash(`vigil-donor/1\n${reference}\n${salt}`), salt };
}

/**
 * Public trust: deposit certificates for public statements, fact-checks, and charity flows anyone can trace.
 * Writes are signed entries by the acting department; the reads are the only anonymous surface besides sign-in
 * (rate-limited per address, cached, and exposing nothing personal).
 */
export class PublicTrustService {
  private readonly limiter: RateLimiterMemory;
  private cache = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly keys: KeyRing,
    private readonly options: { readsPerSecond?: number; today?: () => string } = {},
  ) {
    this.limiter = new RateLimiterMemory({ points: options.readsPerSecond ?? PUBLIC_READS_PER_SECOND, duration: 1 });
  }

  private today(): string {
    return (this.options.today ?? utcToday)();
  }

  /** One point per public read and client address (IPv6 per /64); RATE_LIMITED with retryAfterSeconds when spent. */
  async admit(clientIp: string | undefined): Promise<void> {
    if (!clientIp) return; // in-process (the portal's server components): limited where the browser's request came in
    const key = clientIp.includes(":") ? clientIp.split(":").slice(0, 4).join(":") : clientIp;
    try {
      await this.limiter.consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      throw fail("RATE_LIMITED", "Too many public requests from your address: slow down.", { retryAfterSeconds: Math.ceil(e.msBeforeNext / 1000) });
    }
  }

  private cached<T>(key: string, load: () => Promise<T>, ttlMs = CACHE_MS): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = load();
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /**
   * A public answer as the bytes a plain GET serves (`GET /public/receipts/<code>`): rendered once per key and
   * state of the log (its latest checkpoint and how many cosignatures that has, read at most once a second), then
   * served from memory. At a thousand lookups a second the cost was not the database but running GraphQL over the
   * same answer, verifying its checkpoint's cosignatures and serialising it, again for every request.
   */
  async served(clientIp: string | undefined, key: string, render: () => Promise<{ status: number; json: unknown }>): Promise<ServedDocument> {
    await this.admit(clientIp);
    const state = await this.cached(
      "served-state",
      async () => {
        // The same once-a-second checkpoint read as donationTrace's, not a second one.
        const cp = await this.cached("checkpoint", () => this.log.checkpoint(), 1_000);
        const cosignatures = cp ? await this.db.prisma.checkpointCosignature.count({ where: { checkpointSize: cp.size } }) : 0;
        return `${cp?.size ?? 0}.${cosignatures}`;
      },
      1_000,
    );
    return this.cached(
      `served:${key}:${state}`,
      async () => {
        const { status, json } = await render();
        const body = Buffer.from(JSON.stringify(json));
        return { status, body, etag: `"${state}-${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
      },
      TRACE_CACHE_MS,
    );
  }

  /** A write changes public answers: drop the cache (per process; other instances' expire within CACHE_MS). */
  private changed(): void {
    this.cache.clear();
  }

  private async department(viewer: Viewer): Promise<Department> {
    const d = viewer.departmentId != null ? await this.db.prisma.department.findUnique({ where: { id: viewer.departmentId } }) : null;
    if (!d) throw fail("FORBIDDEN", "Only a department can do this: your account belongs to none.");
    return d;
  }

  private checkDay(day: string | null | undefined, notBefore: string | null, field = "day"): string {
    const d = day ?? this.today();
    if (d > this.today()) throw fail("BAD_USER_INPUT", `${field} ${d} is in the future.`, { field });
    if (notBefore && d < notBefore) throw fail("BAD_USER_INPUT", `${field} ${d} is before the step it follows (${notBefore}).`, { field });
    return d;
  }

  // ---- statements ----------------------------------------------------------------------------------------

  /** Statements of the viewer's department, in one transaction; each its own entry with its own signature (its certificate carries it). */
  async publishStatements(viewer: Viewer, inputs: StatementFields[]) {
    const publisher = await this.department(viewer);
    if (!PUBLISHER_KINDS.includes(publisher.kind))
      throw fail("FORBIDDEN", `Public statements are deposited by ${PUBLISHER_KINDS.join(", ")} departments; ${publisher.code} is ${publisher.kind}.`);
    const bodies: StatementBody[] = [];
    for (const input of inputs) {
      const text = input.text ?? null;
      const given = input.sha256?.toLowerCase() ?? null;
      if (!text && !given) throw fail("BAD_USER_INPUT", "Give the statement's text, or the SHA-256 of its file.", { field: "sha256" });
      const sha256 = text ? statementHash(text) : given!;
      if (given && given !== sha256) throw fail("BAD_USER_INPUT", "sha256 is not the SHA-256 of the text given.", { field: "sha256" });
      if (input.depositText && !text) throw fail("BAD_USER_INPUT", "depositText needs the text.", { field: "depositText" });
      if (input.corrects != null) {
        const original = await this.db.prisma.publicStatement.findUnique({ where: { entryIndex: BigInt(input.corrects) } });
        if (!original) throw fail("BAD_USER_INPUT", `No statement at entry ${input.corrects} to correct.`, { field: "corrects" });
        if (original.publisherId !== publisher.id) throw fail("FORBIDDEN", "Only the publisher of a statement can correct it.");
      }
      bodies.push({
        contract: STATEMENT_KIND,
        sha256,
        title: input.title,
        category: input.category,
        language: input.language,
        sourceUrl: input.sourceUrl ?? null,
        text: input.depositText ? text : null,
        corrects: input.corrects ?? null,
        publisher: { code: publisher.code, name: publisher.name },
      });
    }
    const rows = await this.log.write(async ({ tx, append }) => {
      const out = [];
      for (const body of bodies) {
        // One append per statement: the publisher's signature then covers exactly this entry.
        const [entry] = await append([{ kind: STATEMENT_KIND, departmentCode: publisher.code, departmentId: publisher.id, body }]);
        out.push(
          await tx.publicStatement.create({
            data: {
              sha256: body.sha256,
              title: body.title,
              category: body.category,
              language: body.language,
              sourceUrl: body.sourceUrl,
              text: body.text,
              publisherId: publisher.id,
              corrects: body.corrects == null ? null : BigInt(body.corrects),
              entryIndex: entry!.index,
            },
            include: statementInclude,
          }),
        );
      }
      return out;
    });
    this.changed();
    return rows;
  }

  async retractStatement(viewer: Viewer, id: number, reason: string) {
    if (reason.trim().length < 3 || reason.length > 2000) throw fail("BAD_USER_INPUT", "reason must be 3 to 2,000 characters.", { field: "reason" });
    const publisher = await this.department(viewer);
    const row = await this.log.write(async ({ tx, append }) => {
      const [s] = await tx.$queryRawUnsafe<{ publisherId: number; entryIndex: bigint; retractedAt: Date | null }[]>(
        `SELECT "publisherId", "entryIndex", "retractedAt" FROM "PublicStatement" WHERE "id" = $1 FOR UPDATE`,
        id,
      );
      if (!s) throw fail("NOT_FOUND", `No statement ${id}.`);
      if (s.publisherId !== publisher.id) throw fail("FORBIDDEN", "Only the publisher of a statement can retract it.");
      if (s.retractedAt) throw fail("CONFLICT", `Statement ${id} is retracted already.`);
      const [entry] = await append([
        { kind: "statement-retraction", departmentCode: publisher.code, departmentId: publisher.id, body: { statement: Number(s.entryIndex), reason } },
      ]);
      return tx.publicStatement.update({
        where: { id },
        data: { retractedAt: new Date(), retractionReason: reason, retractionEntryIndex: entry!.index },
        include: statementInclude,
      });
    });
    this.changed();
    return row;
  }

  async factChecks(viewer: Viewer, inputs: { statementId: number; verdict: FactCheckVerdict; reasoning: string; evidence: string[] }[]) {
    const checker = await this.department(viewer);
    if (!FACT_CHECKER_KINDS.includes(checker.kind))
      throw fail("FORBIDDEN", `Fact-checks are filed by ${FACT_CHECKER_KINDS.join(", ")} departments; ${checker.code} is ${checker.kind}.`);
    for (const input of inputs)
      for (const [i, url] of input.evidence.entries()) {
        let ok = false;
        try {
          ok = ["https:", "http:"].includes(new URL(url).protocol);
        } catch {
          ok = false;
        }
        if (!ok) throw fail("BAD_USER_INPUT", `evidence[${i}] is not an http(s) URL.`, { field: `evidence.${i}` });
      }
    const rows = await this.log.write(async ({ tx, append }) => {
      const out = [];
      for (const input of inputs) {
        const [s] = await tx.$queryRawUnsafe<{ publisherId: number; entryIndex: bigint; sha256: string }[]>(
          `SELECT "publisherId", "entryIndex", "sha256" FROM "PublicStatement" WHERE "id" = $1 FOR UPDATE`,
          input.statementId,
        );
        if (!s) throw fail("NOT_FOUND", `No statement ${input.statementId}.`);
        if (s.publisherId === checker.id) throw fail("FORBIDDEN", "A department cannot fact-check its own statement.");
        const [entry] = await append([
          {
            kind: "fact-check",
            departmentCode: checker.code,
            departmentId: checker.id,
            body: {
              statement: Number(s.entryIndex),
              sha256: s.sha256,
              verdict: input.verdict,
              reasoning: input.reasoning,
              evidence: input.evidence,
              checker: { code: checker.code, name: checker.name },
            },
          },
        ]);
        await tx.factCheck.create({
          data: {
            statementId: input.statementId,
            verdict: input.verdict,
            reasoning: input.reasoning,
            evidence: JSON.stringify(input.evidence),
            checkerId: checker.id,
            entryIndex: entry!.index,
          },
        });
        out.push(await tx.publicStatement.update({ where: { id: input.statementId }, data: { verdict: input.verdict }, include: statementInclude }));
      }
      return out;
    });
    this.changed();
    return rows;
  }

  /** The earliest deposit of this hash (the origin), with its fact-check history. */
  async statementByHash(clientIp: string | undefined, sha256: string) {
    await this.admit(clientIp);
    return this.cached(`hash:${sha256}`, () =>
      this.db.prisma.publicStatement.findFirst({ where: { sha256: sha256.toLowerCase() }, orderBy: { id: "asc" }, include: statementInclude }),
    );
  }

  /** The rumour board: newest first, per category. */
  async statements(clientIp: string | undefined, filter: { category?: string | null } & Page) {
    await this.admit(clientIp);
    return this.cached(`board:${filter.category ?? ""}:${filter.limit}:${filter.offset}`, () =>
      this.db.prisma.publicStatement.findMany({
        where: filter.category ? { category: filter.category } : {},
        orderBy: { id: "desc" },
        take: filter.limit,
        skip: filter.offset,
        include: statementInclude,
      }),
    );
  }

  async categories(clientIp: string | undefined) {
    await this.admit(clientIp);
    return this.cached("categories", async () => {
      const rows = await this.db.prisma.publicStatement.groupBy({ by: ["category"], _count: { _all: true }, orderBy: { category: "asc" } });
      return rows.map((r) => ({ category: r.category, statements: r._count._all }));
    });
  }

  logVerifierKey(): string {
    return encodeVerifierKey(this.log.origin, rawEd25519(this.keys.logPublic));
  }

  /** An entry's inclusion proof against the latest checkpoint; null while it awaits its first one. */
  private async proofOf(index: number) {
    const cp = await this.log.checkpoint();
    if (!cp || Number(cp.size) <= index) return null;
    return { treeSize: Number(cp.size), hashes: (await this.log.inclusionProof(index, Number(cp.size))).map(toHex), checkpoint: cp.note };
  }

  /** The deposit certificate of the statement at `entryIndex`; null while its entry awaits a checkpoint (under a second). */
  async certificate(clientIp: string | undefined, entryIndex: number): Promise<Certificate | null> {
    await this.admit(clientIp);
    const s = await this.db.prisma.publicStatement.findUnique({
      where: { entryIndex: BigInt(entryIndex) },
      include: { publisher: true, entry: true },
    });
    if (!s) throw fail("NOT_FOUND", `No public statement at entry ${entryIndex}.`);
    const proof = await this.proofOf(entryIndex);
    if (!proof) return null;
    const payload = new TextDecoder().decode(s.entry.payload);
    const parsed = JSON.parse(payload) as { body: StatementBody; receivedAt: string };
    const jwk = JSON.parse(s.publisher.publicKeyJwk) as { x: string };
    return {
      format: CERTIFICATE_FORMAT,
      statement: parsed.body,
      publisher: { code: s.publisher.code, name: parsed.body.publisher.name, publicKeyJwk: { kty: "OKP", crv: "Ed25519", x: jwk.x } },
      entry: { index: entryIndex, payload, leafHash: toHex(s.entry.leafHash), signature: toHex(s.entry.signature!), receivedAt: parsed.receivedAt },
      inclusion: { treeSize: proof.treeSize, hashes: proof.hashes },
      checkpoint: proof.checkpoint,
      logVerifierKey: this.logVerifierKey(),
    };
  }

  // ---- charity flows -------------------------------------------------------------------------------------

  /** One read of the departments (a few dozen) for a whole batch of steps. */
  private async departmentLookup(): Promise<(code: string, field: string) => Department> {
    const all = new Map((await this.db.prisma.department.findMany()).map((d) => [d.code, d]));
    return (code, field) => {
      const d = all.get(code);
      if (!d) throw fail("BAD_USER_INPUT", `Unknown department ${code}.`, { field });
      return d;
    };
  }

  private stepBody(kind: CharityStepKind, s: Omit<Prisma.CharityStepUncheckedCreateInput, "entryIndex">, refs: Record<string, unknown>) {
    return {
      kind: KIND_OF_STEP[kind],
      body: {
        code: s.code,
        item: s.item,
        unit: s.unit,
        quantity: formatAmount(BigInt(s.quantity as bigint)),
        standard: s.standard ?? null,
        batch: s.batch ?? null,
        day: formatDay(s.day as Date),
        ...refs,
      },
    };
  }

  /** Write steps (all by one actor) in one transaction: each an entry, signed as one batch by the actor. */
  private async writeSteps(
    actor: Department,
    steps: { kind: CharityStepKind; data: Omit<Prisma.CharityStepUncheckedCreateInput, "entryIndex">; refs: Record<string, unknown> }[],
  ) {
    const rows = await this.log.write(
      async ({ tx, append }) => {
        const entries = await append(steps.map((s) => ({ ...this.stepBody(s.kind, s.data, s.refs), departmentCode: actor.code, departmentId: actor.id })));
        await tx.charityStep.createMany({ data: steps.map((s, i) => ({ ...s.data, entryIndex: entries[i]!.index })) });
        const created = await tx.charityStep.findMany({
          where: { entryIndex: { in: entries.map((e) => e.index) } },
          include: stepInclude,
          orderBy: { id: "asc" },
        });
        // A donation is its own root.
        const donations = created.filter((c) => c.kind === "DONATION");
        if (donations.length)
          await tx.$executeRawUnsafe(
            `UPDATE "CharityStep" SET "donationId" = "id" WHERE "id" = ANY($1::int[])`,
            donations.map((d) => d.id),
          );
        return created.map((c) => (c.kind === "DONATION" ? { ...c, donationId: c.id } : c));
      },
      { timeout: 60_000 },
    );
    this.changed();
    return rows;
  }

  async publishNeeds(viewer: Viewer, inputs: { item: string; unit: string; quantity: string; standards: string[]; day?: string | null }[]) {
    const hospital = await this.department(viewer);
    if (hospital.kind !== "HOSPITAL") throw fail("FORBIDDEN", "Needs are published by hospitals.");
    return this.writeSteps(
      hospital,
      inputs.map((input) => ({
        kind: "NEED" as const,
        data: {
          kind: "NEED" as const,
          code: newCode("N", 8),
          actorId: hospital.id,
          recipientId: hospital.id,
          item: input.item,
          unit: input.unit,
          quantity: amount(input.quantity, "quantity"),
          standard: input.standards.join(" | ") || null,
          day: parseDay(this.checkDay(input.day, null)),
        },
        refs: { recipient: hospital.code, standards: input.standards },
      })),
    );
  }

  /** Donations received by the viewer's charity; each gets a receipt code, and a donor reference only a commitment. */
  async recordDonations(viewer: Viewer, inputs: DonationFields[]) {
    const charity = await this.department(viewer);
    if (charity.kind !== "CHARITY") throw fail("FORBIDDEN", "Donations are recorded by charities.");
    const salts: (string | null)[] = [];
    const steps = inputs.map((input, i) => {
      const quantity = amount(input.quantity, inputs.length > 1 ? `input.${i}.quantity` : "quantity");
      const day = this.checkDay(input.day, null);
      const donor = input.donorReference ? commitDonor(input.donorReference) : null;
      salts.push(donor?.salt ?? null);
      const data = {
        kind: "DONATION" as const,
        code: newCode("R", 10),
        charityId: charity.id,
        actorId: charity.id,
        item: input.item,
        unit: input.unit,
        quantity,
        standard: input.standard ?? null,
        batch: input.batch ?? null,
        donorName: input.donorName ?? null,
        donorCommitment: donor?.commitment ?? null,
        day: parseDay(day),
      };
      return { kind: "DONATION" as const, data, refs: { charity: charity.code, donorName: data.donorName, donorCommitment: data.donorCommitment } };
    });
    const rows = await this.writeSteps(charity, steps);
    return rows.map((row, i) => ({ row, donorSalt: salts[i]! }));
  }

  /** Steps by code, each of `kind`, in the order asked; NOT_FOUND naming the first missing one. */
  private async stepsByCode(codes: string[], kind: CharityStepKind, field: string): Promise<StepRow[]> {
    const rows = await this.db.prisma.charityStep.findMany({ where: { code: { in: codes } }, include: stepInclude });
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return codes.map((code, i) => {
      const s = byCode.get(code);
      if (!s || s.kind !== kind) throw fail("NOT_FOUND", `No ${kind.toLowerCase()} ${code}.`, { field: codes.length > 1 ? `input.${i}.${field}` : field });
      return s;
    });
  }

  /**
   * Steps after earlier ones, by `actor`, each within what its previous step left: the check and the write in one
   * transaction under row locks on the previous steps, so two concurrent allocations cannot both take the last unit.
   */
  private async follow(
    actor: Department,
    kind: CharityStepKind,
    items: { previous: StepRow; quantity: bigint; recipientId: number; batch?: string | null; day: string; refs: Record<string, unknown> }[],
  ) {
    const rows = await this.log.write(
      async ({ tx, append }) => {
        const ids = [...new Set(items.map((i) => i.previous.id))];
        await tx.$queryRawUnsafe(`SELECT "id" FROM "CharityStep" WHERE "id" = ANY($1::int[]) ORDER BY "id" FOR UPDATE`, ids);
        const sums = await tx.charityStep.groupBy({ by: ["previousId"], where: { previousId: { in: ids } }, _sum: { quantity: true } });
        const taken = new Map(sums.map((x) => [x.previousId!, x._sum.quantity ?? 0n]));
        const data = items.map((it, i) => {
          const previous = it.previous;
          const used = (taken.get(previous.id) ?? 0n) + it.quantity;
          if (used > previous.quantity)
            throw fail("BAD_USER_INPUT", `Only ${formatAmount(previous.quantity - (used - it.quantity))} ${previous.unit} of ${previous.code} remain.`, {
              field: items.length > 1 ? `input.${i}.quantity` : "quantity",
            });
          taken.set(previous.id, used);
          return {
            kind,
            code: newCode(kind === "ALLOCATION" ? "A" : kind === "SHIPMENT" ? "S" : "V", 8),
            charityId: previous.charityId,
            actorId: actor.id,
            recipientId: it.recipientId,
            previousId: previous.id,
            donationId: previous.donationId,
            item: previous.item,
            unit: previous.unit,
            quantity: it.quantity,
            standard: previous.standard,
            batch: it.batch ?? previous.batch,
            day: parseDay(it.day),
          };
        });
        const entries = await append(
          data.map((d, i) => ({
            ...this.stepBody(kind, d, { previous: items[i]!.previous.code, ...items[i]!.refs }),
            departmentCode: actor.code,
            departmentId: actor.id,
          })),
        );
        await tx.charityStep.createMany({ data: data.map((d, i) => ({ ...d, entryIndex: entries[i]!.index })) });
        return tx.charityStep.findMany({ where: { entryIndex: { in: entries.map((e) => e.index) } }, include: stepInclude, orderBy: { id: "asc" } });
      },
      { timeout: 60_000 },
    );
    this.changed();
    return rows;
  }

  async allocateDonations(viewer: Viewer, inputs: { receiptCode: string; recipientCode: string; quantity: string; day?: string | null }[]) {
    const charity = await this.department(viewer);
    const donations = await this.stepsByCode(
      inputs.map((i) => i.receiptCode),
      "DONATION",
      "receiptCode",
    );
    const departmentByCode = await this.departmentLookup();
    const items = [];
    for (const [i, input] of inputs.entries()) {
      const donation = donations[i]!;
      if (donation.charityId !== charity.id) throw fail("FORBIDDEN", "Only the charity that received a donation allocates it.");
      const recipient = departmentByCode(input.recipientCode, "recipientCode");
      const day = this.checkDay(input.day, formatDay(donation.day));
      items.push({ previous: donation, quantity: amount(input.quantity, "quantity"), recipientId: recipient.id, day, refs: { recipient: recipient.code } });
    }
    return this.follow(charity, "ALLOCATION", items);
  }

  /** A shipment goes to the allocation's recipient unless `destinationCode` says otherwise: allowed, and flagged as a diversion. */
  async shipDonations(
    viewer: Viewer,
    inputs: { allocationCode: string; destinationCode?: string | null; quantity: string; batch?: string | null; day?: string | null }[],
  ) {
    const charity = await this.department(viewer);
    const allocations = await this.stepsByCode(
      inputs.map((i) => i.allocationCode),
      "ALLOCATION",
      "allocationCode",
    );
    const departmentByCode = await this.departmentLookup();
    const items = [];
    for (const [i, input] of inputs.entries()) {
      const allocation = allocations[i]!;
      if (allocation.charityId !== charity.id) throw fail("FORBIDDEN", "Only the charity that allocated a donation ships it.");
      const destination = input.destinationCode ? departmentByCode(input.destinationCode, "destinationCode") : allocation.recipient!;
      const day = this.checkDay(input.day, formatDay(allocation.day));
      items.push({
        previous: allocation,
        quantity: amount(input.quantity, "quantity"),
        recipientId: destination.id,
        batch: input.batch,
        day,
        refs: { destination: destination.code },
      });
    }
    return this.follow(charity, "SHIPMENT", items);
  }

  /** The delivery is the receiving department's countersignature: no one else can complete it. */
  async confirmDeliveries(viewer: Viewer, inputs: { shipmentCode: string; quantity: string; day?: string | null }[]) {
    const receiver = await this.department(viewer);
    const shipments = await this.stepsByCode(
      inputs.map((i) => i.shipmentCode),
      "SHIPMENT",
      "shipmentCode",
    );
    const items = inputs.map((input, i) => {
      const shipment = shipments[i]!;
      if (shipment.recipientId !== receiver.id)
        throw fail("FORBIDDEN", `Only ${shipment.recipient?.code ?? "the destination"} can countersign the delivery of ${shipment.code}.`);
      const day = this.checkDay(input.day, formatDay(shipment.day));
      return { previous: shipment, quantity: amount(input.quantity, "quantity"), recipientId: receiver.id, day, refs: { confirmedBy: receiver.code } };
    });
    return this.follow(receiver, "DELIVERY", items);
  }

  /** A donation's whole path, each step with its entry and inclusion proof, for the browser to verify. */
  async donationTrace(clientIp: string | undefined, receiptCode: string) {
    await this.admit(clientIp);
    // Proofs hold for as long as the checkpoint they lead to is the latest: key the answer by it (read at most once
    // a second), so repeated lookups of a receipt cost no reads while the log is quiet, and any write refreshes it.
    const cp = await this.cached("checkpoint", () => this.log.checkpoint(), 1_000);
    return this.cached(
      `trace:${receiptCode}:${cp?.size ?? 0}`,
      async () => {
        const donation = await this.db.prisma.charityStep.findUnique({ where: { code: receiptCode } });
        if (!donation || donation.kind !== "DONATION") throw fail("NOT_FOUND", `No donation with receipt code ${receiptCode}.`);
        const steps = await this.db.prisma.charityStep.findMany({
          where: { donationId: donation.id },
          include: { ...stepInclude, entry: true },
          orderBy: { id: "asc" },
        });
        const withProofs = await Promise.all(
          steps.map(async (s) => {
            const index = Number(s.entryIndex);
            const proof = cp && Number(cp.size) > index ? (await this.log.inclusionProof(index, Number(cp.size))).map(toHex) : null;
            return { step: s, proof: proof && cp ? { treeSize: Number(cp.size), hashes: proof, checkpoint: cp } : null };
          }),
        );
        const books = charityBooks(
          withProofs.map((w) => toFlowEvent(w.step)),
          { confirmWithinDays: CONFIRM_WITHIN_DAYS, asOf: this.today() },
        );
        return { donation, steps: withProofs, anomalies: books.anomalies, logVerifierKey: this.logVerifierKey() };
      },
      TRACE_CACHE_MS,
    );
  }

  /** Every flow event on the log, read from the charity entries' payloads alone. */
  private async logEvents(): Promise<FlowEvent[]> {
    const rows = await this.db.prisma.logEntry.findMany({
      where: { kind: { in: Object.values(KIND_OF_STEP) } },
      select: { kind: true, payload: true },
      orderBy: { index: "asc" },
    });
    return rows.flatMap((r) => eventOfEntry(r.kind, new TextDecoder().decode(r.payload)));
  }

  /** The flows in IATI activity/transaction form (JSON), from the log. */
  async iati(clientIp: string | undefined) {
    await this.admit(clientIp);
    return this.cached("iati", async () => iatiActivities(await this.logEvents()));
  }

  /** The books of every charity (or one), computed from the charity entries on the log, not from the tables. */
  async charityBooks(clientIp: string | undefined, charityCode?: string | null): Promise<CharityBooks & { asOf: string; confirmWithinDays: number }> {
    await this.admit(clientIp);
    return this.cached(`books:${charityCode ?? ""}`, async () => {
      const events = await this.logEvents();
      const asOf = this.today();
      const books = charityBooks(events, { confirmWithinDays: CONFIRM_WITHIN_DAYS, asOf });
      if (!charityCode) return { ...books, asOf, confirmWithinDays: CONFIRM_WITHIN_DAYS };
      return {
        balances: books.balances.filter((b) => b.charity === charityCode),
        recipients: books.recipients,
        anomalies: books.anomalies.filter((a) => a.charity === charityCode),
        asOf,
        confirmWithinDays: CONFIRM_WITHIN_DAYS,
      };
    });
  }

  /** Departments by code, for naming the nodes of public answers (names are public; people are not). */
  async departmentNames(): Promise<Map<string, Department>> {
    return this.cached("departments", async () => new Map((await this.db.prisma.department.findMany()).map((d) => [d.code, d])));
  }

  /** Allocations and deliveries aggregated charity → recipient per item: the Sankey's links. */
  async flowLinks(clientIp: string | undefined) {
    await this.admit(clientIp);
    return this.cached("links", async () => {
      const rows = await this.db.prisma.$queryRawUnsafe<
        { kind: CharityStepKind; charity: string; recipient: string; item: string; unit: string; quantity: bigint }[]
      >(
        `SELECT s."kind", c."code" AS charity, r."code" AS recipient, s."item", s."unit", SUM(s."quantity")::bigint AS quantity
         FROM "CharityStep" s JOIN "Department" c ON c."id" = s."charityId" JOIN "Department" r ON r."id" = s."recipientId"
         WHERE s."kind" IN ('ALLOCATION', 'DELIVERY') GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 3, 4, 1`,
      );
      return rows;
    });
  }
}

/** The flow event of a stored step (the same shape as from its entry). */
export function toFlowEvent(s: StepRow): FlowEvent {
  const day = formatDay(s.day);
  switch (s.kind) {
    case "NEED":
      return {
        type: "need",
        id: s.code,
        recipient: s.actor.code,
        item: s.item,
        quantity: s.quantity,
        standards: s.standard ? s.standard.split(" | ") : [],
        day,
      };
    case "DONATION":
      return { type: "donation", id: s.code, charity: s.charity?.code ?? s.actor.code, item: s.item, quantity: s.quantity, standard: s.standard, day };
    case "ALLOCATION":
      return { type: "allocation", id: s.code, donation: s.previous!.code, recipient: s.recipient!.code, quantity: s.quantity, day };
    case "SHIPMENT":
      return { type: "shipment", id: s.code, allocation: s.previous!.code, destination: s.recipient!.code, quantity: s.quantity, day };
    case "DELIVERY":
      return { type: "delivery", id: s.code, shipment: s.previous!.code, confirmedBy: s.actor.code, quantity: s.quantity, day };
  }
}

/** The flow event an entry states, read from its canonical payload alone. */
export function eventOfEntry(kind: string, payload: string): FlowEvent[] {
  const { department, body: b } = JSON.parse(payload) as { department: string; body: Record<string, any> };
  const quantity = parseAmount(b.quantity);
  switch (kind) {
    case "charity-need":
      return [{ type: "need", id: b.code, recipient: b.recipient, item: b.item, quantity, standards: b.standards ?? [], day: b.day }];
    case "charity-donation":
      return [{ type: "donation", id: b.code, charity: b.charity, item: b.item, quantity, standard: b.standard, day: b.day }];
    case "charity-allocation":
      return [{ type: "allocation", id: b.code, donation: b.previous, recipient: b.recipient, quantity, day: b.day }];
    case "charity-shipment":
      return [{ type: "shipment", id: b.code, allocation: b.previous, destination: b.destination, quantity, day: b.day }];
    case "charity-delivery":
      // The countersigner is the entry's signer, not a claim in the body.
      return [{ type: "delivery", id: b.code, shipment: b.previous, confirmedBy: department, quantity, day: b.day }];
    default:
      return [];
  }
}
