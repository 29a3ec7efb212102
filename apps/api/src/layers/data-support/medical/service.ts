import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type * as Db from "@vigil/db";
import type { Database, Prisma } from "@vigil/db";
import { today as utcToday, isDay } from "@vigil/calendar";
import { canonicalJson, toHex } from "@vigil/log";
import {
  checkIdentity,
  checkRecord,
  consentReceipt,
  decide,
  type ConsentReceipt,
  type GeneralJWE,
  type Grant,
  type GrantTerms,
  IdentityError,
  isPseudonym,
  type PatientIdentity,
  type Purpose,
  PURPOSES,
  RECORD_KINDS,
  RecordError,
  type RecordKind,
  seal,
  signConsent,
  unseal,
} from "@vigil/privacy";
import type { Viewer } from "../../../access/viewer.ts";
import { fail } from "../../../errors.ts";
import type { KeyRing } from "../../../keys.ts";
import type { LogStore } from "../../../log/store.ts";
import type { PseudonymService } from "../pseudonyms.ts";

export const RECORD_CTY = "vigil-fhir/1";
export const PATIENT_KID = "patient";
/** Break-glass needs a reason at least this long: one the auditor can judge. */
const MIN_REASON = 10;

export interface GrantInput {
  granteeDepartment?: string | null;
  granteeRole?: string | null;
  purposes: string[];
  kinds: string[];
  from?: string | null;
  to?: string | null;
}

export interface ReleasedRecord {
  entryIndex: number;
  kind: string;
  issuer: string;
  createdAt: Date;
  record: unknown;
}

type PatientKeys = { signing: Uint8Array; sealing: KeyObject };

/**
 * Medical records under patient control (issue 14). Identities are sealed (PseudonymService); records are JWEs
 * off the log; grants, revocations, accesses and erasures are log entries. Every release appends and commits
 * its access entry first, then decrypts. Custody (interim, README "Medical records"): the server holds the
 * patients' keys wrapped under the key directory's patient-wrap key and signs their consents when they ask.
 */
export class MedicalService {
  constructor(
    private readonly db: Database,
    private readonly log: LogStore,
    private readonly keys: KeyRing,
    private readonly pseudonyms: PseudonymService,
    private readonly options: { today?: () => string } = {},
  ) {}

  private today(): string {
    return (this.options.today ?? utcToday)();
  }

  // ——— custody of patient keys ———
  private wrap(pseudonym: string, keys: { signing: string; sealing: JsonWebKey }): string {
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", this.keys.patientWrap, iv).setAAD(Buffer.from(pseudonym));
    const ct = Buffer.concat([c.update(JSON.stringify(keys)), c.final()]);
    return Buffer.concat([iv, ct, c.getAuthTag()]).toString("base64");
  }
  private unwrap(pseudonym: string, wrapped: string): PatientKeys {
    const b = Buffer.from(wrapped, "base64");
    const d = createDecipheriv("aes-256-gcm", this.keys.patientWrap, b.subarray(0, 12)).setAAD(Buffer.from(pseudonym));
    d.setAuthTag(b.subarray(b.length - 16));
    const k = JSON.parse(Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()]).toString()) as { signing: string; sealing: JsonWebKey };
    return { signing: new Uint8Array(Buffer.from(k.signing, "base64")), sealing: createPrivateKey({ key: k.sealing as never, format: "jwk" }) };
  }

  private async hospitalOf(viewer: Viewer): Promise<string> {
    if (viewer.role !== "DEPARTMENT_OFFICER" || !viewer.departmentCode) throw fail("FORBIDDEN", "Only a hospital's officers do this.");
    const d = await this.db.prisma.department.findUnique({ where: { code: viewer.departmentCode } });
    if (d?.kind !== "HOSPITAL") throw fail("FORBIDDEN", "Only a hospital's officers do this.");
    return d.code;
  }

  private async patient(pseudonym: string) {
    if (!isPseudonym(pseudonym)) throw fail("BAD_USER_INPUT", "Not a pseudonym (P- and 32 base32 letters).", { field: "pseudonym" });
    const p = await this.db.prisma.patient.findUnique({ where: { pseudonym } });
    if (!p) throw fail("NOT_FOUND", "No patient with this pseudonym.");
    return p;
  }

  // ——— registration, records, transfer ———
  async registerPatient(viewer: Viewer, input: PatientIdentity): Promise<{ pseudonym: string; created: boolean }> {
    return (await this.registerPatients(viewer, [input]))[0]!;
  }

  /** Register several patients in one write (the demo's 200): one registration entry each, signed by the hospital. */
  async registerPatients(viewer: Viewer, inputs: PatientIdentity[]): Promise<{ pseudonym: string; created: boolean }[]> {
    const hospital = await this.hospitalOf(viewer);
    const prepared: { pseudonym: string; identity: PatientIdentity }[] = [];
    const seen = new Set<string>();
    for (const input of inputs) {
      let identity: PatientIdentity;
      try {
        identity = checkIdentity(input);
      } catch (e) {
        // The message names the field, never the value (personal data stays out of errors and server logs).
        if (e instanceof IdentityError) throw fail("BAD_USER_INPUT", e.message, { field: e.field });
        throw e;
      }
      const pseudonym = this.pseudonyms.pseudonymFor(identity.nationalId);
      if (seen.has(pseudonym)) continue;
      seen.add(pseudonym);
      prepared.push({ pseudonym, identity });
    }
    const existing = new Set(
      (await this.db.prisma.patient.findMany({ where: { pseudonym: { in: [...seen] } }, select: { pseudonym: true } })).map((p) => p.pseudonym),
    );
    const fresh: { pseudonym: string; signingPublic: string; sealingPublic: JsonWebKey; wrapped: string; sealedIdentity: string }[] = [];
    for (const { pseudonym, identity } of prepared) {
      if (existing.has(pseudonym)) continue;
      const signing = generateKeyPairSync("ed25519");
      const sealing = generateKeyPairSync("x25519");
      const signingPublic = Buffer.from(signing.publicKey.export({ format: "jwk" }).x!, "base64url").toString("base64");
      const sealingPublic = sealing.publicKey.export({ format: "jwk" });
      const wrapped = this.wrap(pseudonym, {
        signing: Buffer.from(signing.privateKey.export({ format: "jwk" }).d!, "base64url").toString("base64"),
        sealing: sealing.privateKey.export({ format: "jwk" }),
      });
      fresh.push({ pseudonym, signingPublic, sealingPublic, wrapped, sealedIdentity: JSON.stringify(await this.pseudonyms.sealed(identity)) });
    }
    if (fresh.length)
      await this.log.write(async (w) => {
        const entries = await w.append(
          fresh.map((f) => ({
            kind: "patient-registration",
            departmentCode: hospital,
            departmentId: viewer.departmentId,
            body: { pseudonym: f.pseudonym, hospital, patientKey: f.signingPublic, sealingKey: f.sealingPublic.x },
          })),
        );
        await w.tx.patient.createMany({
          data: fresh.map((f, i) => ({
            pseudonym: f.pseudonym,
            hospital,
            signingPublicKey: f.signingPublic,
            sealingPublicJwk: JSON.stringify(f.sealingPublic),
            wrappedKeys: f.wrapped,
            registeredEntry: entries[i]!.index,
          })),
        });
        await w.tx.sealedIdentity.createMany({ data: fresh.map((f) => ({ pseudonym: f.pseudonym, jwe: f.sealedIdentity })) });
      });
    return prepared.map((p) => ({ pseudonym: p.pseudonym, created: !existing.has(p.pseudonym) }));
  }

  async addRecord(viewer: Viewer, input: { pseudonym: string; kind: string; record: unknown }) {
    return (await this.addRecords(viewer, [input]))[0]!;
  }

  /** Seal and log several records in one write, all or nothing. */
  async addRecords(viewer: Viewer, inputs: { pseudonym: string; kind: string; record: unknown }[]) {
    const hospital = await this.hospitalOf(viewer);
    const sealed: { pseudonym: string; kind: string; jweText: string; sha256: string; kids: string[] }[] = [];
    for (const input of inputs) {
      const p = await this.patient(input.pseudonym);
      if (p.erasedAt) throw fail("NOT_FOUND", "This patient's records were erased.", { erased: true });
      try {
        checkRecord(input.kind, input.record, p.pseudonym);
      } catch (e) {
        if (e instanceof RecordError) throw fail("BAD_USER_INPUT", e.message, { field: "record" });
        throw e;
      }
      // Sealed to the issuer, the patient, and every department a grant in force names (they are its readers).
      const grants = await this.grants(p.pseudonym);
      const depts = [...new Set([hospital, ...grants.filter((g) => g.revokedAt == null && g.grantee.department).map((g) => g.grantee.department!)])];
      const recipients = [
        ...depts.map((code) => ({ kid: code, publicKey: createPublicKey(this.keys.departmentEncryption(code)) })),
        { kid: PATIENT_KID, publicKey: createPublicKey({ key: JSON.parse(p.sealingPublicJwk), format: "jwk" }) },
      ];
      const jwe = await seal(new TextEncoder().encode(JSON.stringify(input.record)), recipients, RECORD_CTY);
      const jweText = canonicalJson(jwe);
      sealed.push({
        pseudonym: p.pseudonym,
        kind: input.kind,
        jweText,
        sha256: createHash("sha256").update(jweText).digest("hex"),
        kids: recipients.map((r) => r.kid),
      });
    }
    return this.log.write(async (w) => {
      const entries = await w.append(
        sealed.map((r) => ({
          kind: "medical-record",
          departmentCode: hospital,
          departmentId: viewer.departmentId,
          body: { pseudonym: r.pseudonym, kind: r.kind, sha256: r.sha256, recipients: r.kids, issuer: hospital },
        })),
      );
      const out: Db.MedicalRecord[] = [];
      for (const [i, r] of sealed.entries())
        out.push(
          await w.tx.medicalRecord.create({
            data: {
              pseudonym: r.pseudonym,
              kind: r.kind,
              issuer: hospital,
              recipients: JSON.stringify(r.kids),
              sha256: r.sha256,
              jwe: r.jweText,
              entryIndex: entries[i]!.index,
            },
          }),
        );
      return out;
    });
  }

  async transfer(viewer: Viewer, pseudonym: string, to: string) {
    const hospital = await this.hospitalOf(viewer);
    const p = await this.patient(pseudonym);
    if (p.hospital !== hospital) throw fail("FORBIDDEN", "Only the controlling hospital transfers a patient.");
    const dest = await this.db.prisma.department.findUnique({ where: { code: to } });
    if (dest?.kind !== "HOSPITAL" || dest.code === hospital) throw fail("BAD_USER_INPUT", "Transfer to another hospital.", { field: "to" });
    return this.log.write(async (w) => {
      await w.append([{ kind: "patient-transfer", departmentCode: hospital, departmentId: viewer.departmentId, body: { pseudonym, from: hospital, to } }]);
      return w.tx.patient.update({ where: { pseudonym }, data: { hospital: to } });
    });
  }

  // ——— consent ———
  async grants(pseudonym: string, tx?: Prisma.TransactionClient): Promise<Grant[]> {
    const rows = await (tx ?? this.db.prisma).consent.findMany({ where: { pseudonym }, orderBy: { entryIndex: "asc" } });
    return rows.map((r) => ({
      index: Number(r.entryIndex),
      pseudonym: r.pseudonym,
      grantee: r.granteeDept ? { department: r.granteeDept } : { role: r.granteeRole! },
      purposes: JSON.parse(r.purposes) as Purpose[],
      kinds: JSON.parse(r.kinds) as RecordKind[],
      from: r.from,
      to: r.to,
      revokedAt: r.revokedEntry == null ? null : Number(r.revokedEntry),
    }));
  }

  /** The patient signing in is the only signer of their consents (a proxy is not offered yet). */
  private ownPseudonym(viewer: Viewer, pseudonym?: string | null): string {
    const own = viewer.patientPseudonym;
    if (viewer.role !== "PATIENT" || !own) throw fail("FORBIDDEN", "Only the patient signs their consents.");
    if (pseudonym && pseudonym !== own) throw fail("FORBIDDEN", "That is not you.");
    return own;
  }

  async grant(viewer: Viewer, input: GrantInput) {
    const pseudonym = this.ownPseudonym(viewer);
    const p = await this.patient(pseudonym);
    if (p.erasedAt || !p.wrappedKeys) throw fail("NOT_FOUND", "Your records were erased.", { erased: true });
    if (!!input.granteeDepartment === !!input.granteeRole)
      throw fail("BAD_USER_INPUT", "Name exactly one grantee: a department or a role.", { field: "grantee" });
    if (input.granteeDepartment && !(await this.db.prisma.department.findUnique({ where: { code: input.granteeDepartment } })))
      throw fail("BAD_USER_INPUT", "No such department.", { field: "granteeDepartment" });
    if (input.granteeRole && !["DECISION_MAKER", "DEPARTMENT_OFFICER", "POLICY_OFFICER", "AUDITOR"].includes(input.granteeRole))
      throw fail("BAD_USER_INPUT", "granteeRole must be DECISION_MAKER, DEPARTMENT_OFFICER, POLICY_OFFICER or AUDITOR.", { field: "granteeRole" });
    const purposes = [...new Set(input.purposes)];
    if (!purposes.length || purposes.some((x) => !(PURPOSES as readonly string[]).includes(x) || x === "EMERGENCY"))
      throw fail("BAD_USER_INPUT", "purposes: one or more of TREATMENT, RESEARCH, PUBLIC_HEALTH (emergencies use break-glass).", { field: "purposes" });
    const kinds = [...new Set(input.kinds)];
    if (!kinds.length || kinds.some((k) => !(RECORD_KINDS as readonly string[]).includes(k)))
      throw fail("BAD_USER_INPUT", `kinds: one or more of ${RECORD_KINDS.join(", ")}.`, { field: "kinds" });
    const from = input.from ?? this.today();
    const to = input.to ?? null;
    if (!isDay(from) || (to != null && (!isDay(to) || to < from))) throw fail("BAD_USER_INPUT", "from/to must be days, from ≤ to.", { field: "to" });
    const terms: GrantTerms = {
      pseudonym,
      grantee: input.granteeDepartment ? { department: input.granteeDepartment } : { role: input.granteeRole! },
      purposes: purposes as Purpose[],
      kinds: kinds as RecordKind[],
      from,
      to,
    };
    const signature = signConsent(this.unwrap(pseudonym, p.wrappedKeys).signing, "consent-grant", terms);
    return this.log.write(async (w) => {
      const [e] = await w.append([{ kind: "consent-grant", departmentCode: null, departmentId: null, body: { ...terms, signature } }]);
      return w.tx.consent.create({
        data: {
          pseudonym,
          granteeDept: input.granteeDepartment ?? null,
          granteeRole: input.granteeRole ?? null,
          purposes: JSON.stringify(terms.purposes),
          kinds: JSON.stringify(terms.kinds),
          from,
          to,
          entryIndex: e!.index,
        },
      });
    });
  }

  async revoke(viewer: Viewer, grantEntry: number) {
    const pseudonym = this.ownPseudonym(viewer);
    const p = await this.patient(pseudonym);
    const c = await this.db.prisma.consent.findUnique({ where: { entryIndex: BigInt(grantEntry) } });
    if (!c || c.pseudonym !== pseudonym) throw fail("NOT_FOUND", "No grant of yours at that entry.");
    if (c.revokedEntry != null) throw fail("CONFLICT", "That grant is already revoked.");
    if (!p.wrappedKeys) throw fail("NOT_FOUND", "Your records were erased.", { erased: true });
    const body = { pseudonym, grant: grantEntry };
    const signature = signConsent(this.unwrap(pseudonym, p.wrappedKeys).signing, "consent-revocation", body);
    return this.log.write(async (w) => {
      const [e] = await w.append([{ kind: "consent-revocation", departmentCode: null, departmentId: null, body: { ...body, signature } }]);
      // Conditional: a concurrent revocation of the same grant commits first, this one rolls back.
      const n = await w.tx.consent.updateMany({ where: { id: c.id, revokedEntry: null }, data: { revokedEntry: e!.index, revokedAt: e!.receivedAt } });
      if (n.count !== 1) throw fail("CONFLICT", "That grant is already revoked.");
      return w.tx.consent.findUniqueOrThrow({ where: { id: c.id } });
    });
  }

  async receipt(viewer: Viewer, grantEntry: number): Promise<ConsentReceipt> {
    const pseudonym = this.ownPseudonym(viewer);
    const p = await this.patient(pseudonym);
    const grant = (await this.grants(pseudonym)).find((g) => g.index === grantEntry);
    if (!grant) throw fail("NOT_FOUND", "No grant of yours at that entry.");
    const entry = await this.log.entry(grantEntry);
    const body = (JSON.parse(new TextDecoder().decode(entry!.payload)) as { body: { signature: string } }).body;
    const row = await this.db.prisma.consent.findUnique({ where: { entryIndex: BigInt(grantEntry) } });
    return consentReceipt({
      grant,
      controller: p.hospital,
      grantedAt: entry!.receivedAt.toISOString(),
      revokedAtTime: row?.revokedAt?.toISOString() ?? null,
      today: this.today(),
      log: this.log.origin,
      leafHash: toHex(entry!.leafHash),
      signature: body.signature,
      patientKey: p.signingPublicKey,
    });
  }

  // ——— reads ———
  /**
   * Release a patient's records to the viewer: their own (a patient), those a consent in force covers (the
   * reader's department or role, the purpose, the kind), or all of them under break-glass (a hospital officer,
   * purpose EMERGENCY, a reason). The access entry is appended and committed before anything is decrypted;
   * the grant is re-read under the log's lock, so a revocation that committed first refuses the read.
   */
  async read(viewer: Viewer, pseudonym: string, purpose: string, opts: { kind?: string | null; reason?: string | null } = {}): Promise<ReleasedRecord[]> {
    if (!(PURPOSES as readonly string[]).includes(purpose))
      throw fail("BAD_USER_INPUT", `purpose must be one of ${PURPOSES.join(", ")}.`, { field: "purpose" });
    if (opts.kind != null && !(RECORD_KINDS as readonly string[]).includes(opts.kind))
      throw fail("BAD_USER_INPUT", `kind must be one of ${RECORD_KINDS.join(", ")}.`, { field: "kind" });
    const p = await this.patient(pseudonym);
    if (p.erasedAt) throw fail("NOT_FOUND", "This patient's records were erased.", { erased: true, erasureEntry: Number(p.erasureEntry) });
    const self = viewer.role === "PATIENT";
    if (self) this.ownPseudonym(viewer, pseudonym);
    const breakGlass = !self && purpose === "EMERGENCY";
    if (breakGlass) {
      await this.hospitalOf(viewer);
      if ((opts.reason ?? "").trim().length < MIN_REASON)
        throw fail("BAD_USER_INPUT", `Break-glass access needs a reason of at least ${MIN_REASON} characters.`, { field: "reason" });
    }
    const rows = await this.db.prisma.medicalRecord.findMany({
      where: { pseudonym, ...(opts.kind ? { kind: opts.kind } : {}) },
      orderBy: { entryIndex: "asc" },
    });
    let consent: number | null = null;
    let released = rows;
    if (!self && !breakGlass) {
      const grants = await this.grants(pseudonym);
      const reader = { role: viewer.role, departmentCode: viewer.departmentCode };
      const kinds = opts.kind ? [opts.kind] : [...new Set(rows.map((r) => r.kind))];
      const decisions = new Map(kinds.map((k) => [k, decide(grants, reader, purpose as Purpose, k as RecordKind, this.today())]));
      released = rows.filter((r) => decisions.get(r.kind)?.released);
      const allowed = [...decisions.values()].filter((d) => d.released);
      if (!allowed.length || (opts.kind && !released.length && !decisions.get(opts.kind)?.released)) {
        const why = [...decisions.values()].find((d) => !d.released) as { reason: string } | undefined;
        throw fail("FORBIDDEN", "No consent in force covers you, this purpose and these records.", {
          reason: "CONSENT_REQUIRED",
          why: why?.reason ?? "no-consent",
        });
      }
      consent = Math.min(...allowed.map((d) => (d as { consent: number }).consent));
    }
    const consentsUsed = consent;
    await this.log.write(async (w) => {
      const [e] = await w.append([
        {
          kind: "medical-access",
          departmentCode: null,
          departmentId: null,
          body: {
            pseudonym,
            reader: { user: viewer.id, role: viewer.role, department: viewer.departmentCode },
            purpose,
            records: released.map((r) => Number(r.entryIndex)),
            consent: consentsUsed,
            breakGlass,
            self,
            ...(breakGlass ? { reasonSha256: createHash("sha256").update(opts.reason!).digest("hex") } : {}),
          },
        },
      ]);
      // Under the log's lock now: a revocation or erasure that committed before this append refuses the read.
      const now = await w.tx.patient.findUniqueOrThrow({ where: { pseudonym } });
      if (now.erasedAt) throw fail("NOT_FOUND", "This patient's records were erased.", { erased: true });
      if (consentsUsed != null) {
        const g = await w.tx.consent.findUnique({ where: { entryIndex: BigInt(consentsUsed) } });
        if (g?.revokedEntry != null) throw fail("FORBIDDEN", "The consent was revoked just now.", { reason: "CONSENT_REQUIRED", why: "revoked" });
      }
      await w.tx.medicalAccess.create({
        data: {
          pseudonym,
          readerEmail: viewer.email,
          readerRole: viewer.role,
          readerDept: viewer.departmentCode,
          purpose,
          records: JSON.stringify(released.map((r) => Number(r.entryIndex))),
          consentEntry: consentsUsed == null ? null : BigInt(consentsUsed),
          breakGlass,
          reason: breakGlass ? opts.reason!.trim() : null,
          entryIndex: e!.index,
        },
      });
    });
    // Logged and committed: now open. The server opens with the patient's key (it is a recipient of every record).
    const keys = this.unwrap(pseudonym, p.wrappedKeys!);
    const out: ReleasedRecord[] = [];
    for (const r of released) {
      if (!r.jwe) continue;
      const bytes = await unseal(JSON.parse(r.jwe) as GeneralJWE, keys.sealing, RECORD_CTY);
      out.push({
        entryIndex: Number(r.entryIndex),
        kind: r.kind,
        issuer: r.issuer,
        createdAt: r.createdAt,
        record: JSON.parse(new TextDecoder().decode(bytes)),
      });
    }
    return out;
  }

  /** The patient's own view, or an auditor's: records (metadata), grants, every access. */
  async overview(viewer: Viewer, pseudonym: string) {
    if (viewer.role === "PATIENT") this.ownPseudonym(viewer, pseudonym);
    else if (viewer.role !== "AUDITOR") throw fail("FORBIDDEN", "Only the patient and auditors see the access history.");
    const p = await this.patient(pseudonym);
    const [records, consents, accesses] = await Promise.all([
      this.db.prisma.medicalRecord.findMany({ where: { pseudonym }, orderBy: { entryIndex: "asc" } }),
      this.db.prisma.consent.findMany({ where: { pseudonym }, orderBy: { entryIndex: "asc" } }),
      this.db.prisma.medicalAccess.findMany({ where: { pseudonym }, orderBy: { entryIndex: "desc" }, take: 500 }),
    ]);
    return { patient: p, records, consents, accesses };
  }

  // ——— erasure ———
  /**
   * Crypto-shredding: the JWEs (ciphertext and every wrapped key), the patient's wrapped private keys and the
   * sealed identity are deleted, and a `medical-erasure` entry lists the records. The log keeps only hashes, so
   * its proofs still verify; after the entry no access may follow (`ledger verify` checks it).
   */
  async erase(viewer: Viewer, pseudonym: string, reason: string) {
    const p = await this.patient(pseudonym);
    if (viewer.role === "PATIENT") this.ownPseudonym(viewer, pseudonym);
    else if ((await this.hospitalOf(viewer)) !== p.hospital)
      throw fail("FORBIDDEN", "Only the controlling hospital (at the patient's request) or the patient erases.");
    if (reason.trim().length < 3) throw fail("BAD_USER_INPUT", "Give a reason.", { field: "reason" });
    if (p.erasedAt) throw fail("CONFLICT", "Already erased.", { erased: true });
    return this.log.write(async (w) => {
      const records = await w.tx.medicalRecord.findMany({ where: { pseudonym }, select: { entryIndex: true } });
      const [e] = await w.append([
        {
          kind: "medical-erasure",
          departmentCode: viewer.role === "PATIENT" ? null : viewer.departmentCode,
          departmentId: viewer.role === "PATIENT" ? null : viewer.departmentId,
          body: {
            pseudonym,
            by: viewer.role === "PATIENT" ? "patient" : viewer.departmentCode,
            records: records.map((r) => Number(r.entryIndex)),
            reasonSha256: createHash("sha256").update(reason).digest("hex"),
          },
        },
      ]);
      await w.tx.medicalRecord.updateMany({ where: { pseudonym }, data: { jwe: null, erasedAt: e!.receivedAt } });
      await this.pseudonyms.forget(pseudonym, w.tx);
      return w.tx.patient.update({ where: { pseudonym }, data: { wrappedKeys: null, erasedAt: e!.receivedAt, erasureEntry: e!.index } });
    });
  }
}
