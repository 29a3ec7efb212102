import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "@vigil/db";
import {
  batchDigest,
  canonicalBytes,
  CompactRange,
  DEPARTMENT_KEY_KIND,
  DepartmentKeyRegistry,
  encodeCheckpoint,
  encodeDepartmentKey,
  hashLeaf,
  rootFromLeafHashes,
  signCheckpoint,
} from "@vigil/log";
import { auditLog } from "../src/log/audit.ts";
import { loadKeyRing, rawEd25519, type KeyRing } from "../src/keys.ts";
import { CheckpointRefused, LogStore } from "../src/log/store.ts";
import { BACKENDS, freshPostgres, snapshot, startVigil, type Running } from "./harness.ts";

const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
/** base64 of the raw public half (rawEd25519 of a private key would be its private half). */
const b64 = (k: KeyObject) => encodeDepartmentKey(rawEd25519(createPublicKey(k)));

const ROTATE = `mutation($d: String!, $lost: Boolean) {
  rotateDepartmentKey(department: $d, lostKey: $lost) { entryIndex byAuthority department { code publicKeyJwk } }
}`;

describe.each(BACKENDS)("department keys belong to the log, on %s", (backend) => {
  let run: Running;
  const audit = () => auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic });
  const prisma = () => run.vigil.db.prisma;
  /** A department that has signed entries, and the first of its signed batches. */
  const signer = async () => {
    const e = await prisma().logEntry.findFirstOrThrow({
      where: { departmentId: { not: null }, signature: { not: null } },
      orderBy: { index: "asc" },
      include: { department: true },
    });
    return { department: e.department!, first: Number(e.index) };
  };

  beforeAll(async () => {
    run = await startVigil(backend);
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("seeding registers every department's key by an authority-signed department-key entry, before any of its entries", async () => {
    const departments = await prisma().department.findMany();
    const keyEntries = await prisma().logEntry.findMany({ where: { kind: DEPARTMENT_KEY_KIND }, orderBy: { index: "asc" } });
    const registry = new DepartmentKeyRegistry();
    for (const e of keyEntries) {
      const doc = JSON.parse(new TextDecoder().decode(e.payload));
      expect(e.departmentId).toBeNull();
      expect(registry.apply({ index: Number(e.index), submitter: doc.department, body: doc.body })).toMatchObject({ ok: true });
    }
    expect(registry.departments().sort()).toEqual(departments.map((d) => d.code).sort());
    for (const d of departments) expect(registry.keyOf(d.code)!.publicKey).toBe(b64(run.vigil.services.keys.department(d.code)));
    expect((await audit()).problem).toBeNull();
  });

  it("catches a department key swapped in the table with that department's entries re-signed by the new key", async () => {
    const { department, first } = await signer();
    const forger = generateKeyPairSync("ed25519").privateKey;
    const batches = await prisma().logEntry.findMany({ where: { departmentId: department.id, signature: { not: null } }, orderBy: { index: "asc" } });
    const saved = { jwk: department.publicKeyJwk, signatures: batches.map((b) => bytes(b.signature!)) };
    await prisma().department.update({ where: { id: department.id }, data: { publicKeyJwk: JSON.stringify(forger.export({ format: "jwk" })) } });
    for (const b of batches) {
      const leaves = await prisma().logEntry.findMany({
        where: { index: { gte: b.index, lt: b.index + BigInt(b.signedCount!) } },
        orderBy: { index: "asc" },
        select: { leafHash: true },
      });
      const forged = sign(null, batchDigest(leaves.map((l) => bytes(l.leafHash))), forger);
      await prisma().logEntry.update({ where: { index: b.index }, data: { signature: bytes(forged) } });
    }
    try {
      const r = await audit();
      expect(r.problem).toMatchObject({ index: first, kind: "bad-signature" });
      expect(r.problem!.message).toMatch(new RegExp(`signature of ${department.code} over entries ${first}\\.\\.\\d+ does not verify`));
    } finally {
      await prisma().department.update({ where: { id: department.id }, data: { publicKeyJwk: saved.jwk } });
      for (const [i, b] of batches.entries()) await prisma().logEntry.update({ where: { index: b.index }, data: { signature: saved.signatures[i] } });
    }
    expect((await audit()).problem).toBeNull();
  });

  it("reports a table key that differs from the log's as a stale cache, naming the registration", async () => {
    const { department } = await signer();
    const reg = (await run.vigil.services.log.keysInForce()).keyOf(department.code)!;
    const forged = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    await prisma().department.update({ where: { id: department.id }, data: { publicKeyJwk: JSON.stringify(forged) } });
    try {
      expect((await audit()).problem).toMatchObject({ index: reg.since, kind: "domain-mismatch", table: "Department" });
    } finally {
      await prisma().department.update({ where: { id: department.id }, data: { publicKeyJwk: department.publicKeyJwk } });
    }
  });

  it("a department inserted straight into the table has no key on the log: the writer refuses it and verify reports it", async () => {
    const region = (await prisma().region.findFirstOrThrow()).code;
    const jwk = JSON.stringify(generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" }));
    const rogue = await prisma().department.create({ data: { code: "ROGUE", name: "Rogue", kind: "HOSPITAL", regionCode: region, publicKeyJwk: jwk } });
    try {
      const before = await snapshot(run.vigil);
      await expect(
        run.vigil.services.log.write(({ append }) => append([{ kind: "note", departmentCode: "ROGUE", departmentId: rogue.id, body: { text: "hello" } }])),
      ).rejects.toThrow(/department ROGUE has no key registered on the log/);
      expect(await snapshot(run.vigil)).toEqual(before);
      expect((await audit()).problem).toMatchObject({
        kind: "domain-mismatch",
        table: "Department",
        message: expect.stringMatching(/ROGUE has no key registered/),
      });
    } finally {
      await prisma().department.delete({ where: { id: rogue.id } });
    }
    expect((await audit()).problem).toBeNull();
  });

  it("rotateDepartmentKey: admins only; a refused or unknown request leaves the log and every table unchanged", async () => {
    const { department } = await signer();
    const before = await snapshot(run.vigil);
    const officer = await run.login("officer@vigil.example");
    const refused = await run.gql(ROTATE, { d: department.code }, officer);
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const admin = await run.login("admin@vigil.example");
    const unknown = await run.gql(ROTATE, { d: "NO-SUCH-DEPT" }, admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const bad = await run.gql(ROTATE, { d: "x'; DROP TABLE" }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await snapshot(run.vigil)).toEqual(before);
    expect((await prisma().department.findUniqueOrThrow({ where: { id: department.id } })).publicKeyJwk).toBe(department.publicKeyJwk);
  });

  it("rotates a key with an entry signed by the old key; later entries verify under the new key, also from a process that cached the old one", async () => {
    const { department } = await signer();
    const keys = run.vigil.services.keys;
    const oldKey = b64(keys.department(department.code));
    // A second writer (as another API process would be) sharing the key file, with the old key cached.
    const other = loadKeyRing(run.dataDir);
    expect(b64(other.department(department.code))).toBe(oldKey);
    const admin = await run.login("admin@vigil.example");
    const r = await run.gql(ROTATE, { d: department.code }, admin);
    expect(r.errors).toBeUndefined();
    const rotation = r.data!.rotateDepartmentKey;
    expect(rotation.byAuthority).toBe(false);
    const newKey = b64(keys.department(department.code));
    expect(newKey).not.toBe(oldKey);
    expect(JSON.parse(rotation.department.publicKeyJwk).x).toBe(
      Buffer.from(rawEd25519(createPublicKey(keys.department(department.code)))).toString("base64url"),
    );
    const entry = await prisma().logEntry.findUniqueOrThrow({ where: { index: BigInt(rotation.entryIndex) } });
    expect(entry.departmentId).toBe(department.id);
    expect(JSON.parse(new TextDecoder().decode(entry.payload)).body).toEqual({
      action: "rotate",
      department: department.code,
      publicKey: newKey,
      previousKey: oldKey,
      signedBy: "department",
    });
    expect((await run.vigil.services.log.keysInForce()).keyOf(department.code)).toEqual({ publicKey: newKey, since: rotation.entryIndex });

    const otherLog = new LogStore(run.vigil.db, other, run.vigil.services.log.origin, { checkpointDelayMs: 60_000 });
    try {
      const [a] = await otherLog.write(({ append }) =>
        append([{ kind: "note", departmentCode: department.code, departmentId: department.id, body: { text: "after the rotation" } }]),
      );
      expect(a!.index).toBeGreaterThan(rotation.entryIndex);
    } finally {
      otherLog.close();
    }
    expect((await audit()).problem).toBeNull();
  });

  it("rotates a lost key by the authority, recorded as such", async () => {
    const { department } = await signer();
    const admin = await run.login("admin@vigil.example");
    const r = await run.gql(ROTATE, { d: department.code, lost: true }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.rotateDepartmentKey.byAuthority).toBe(true);
    const entry = await prisma().logEntry.findUniqueOrThrow({ where: { index: BigInt(r.data!.rotateDepartmentKey.entryIndex) } });
    expect(entry.departmentId).toBeNull();
    expect(JSON.parse(new TextDecoder().decode(entry.payload))).toMatchObject({ department: null, body: { signedBy: "authority" } });
    expect((await audit()).problem).toBeNull();
  });

  it("serialises concurrent rotations of one department: each names the key the previous one put in force", async () => {
    const { department } = await signer();
    const admin = await run.login("admin@vigil.example");
    const results = await Promise.all([run.gql(ROTATE, { d: department.code }, admin), run.gql(ROTATE, { d: department.code }, admin)]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
    const [a, b] = results.map((r) => r.data!.rotateDepartmentKey.entryIndex).sort((x, y) => x - y);
    const body = async (i: number) =>
      JSON.parse(new TextDecoder().decode((await prisma().logEntry.findUniqueOrThrow({ where: { index: BigInt(i) } })).payload)).body;
    expect((await body(b!)).previousKey).toBe((await body(a!)).publicKey);
    expect(run.vigil.services.keys.pendingDepartmentKeys()).toEqual([]);
    expect((await audit()).problem).toBeNull();
  });

  it("resumes at start a rotation that a crash interrupted before its entry was appended", async () => {
    const { department } = await signer();
    const keys = run.vigil.services.keys;
    const staged = keys.stageDepartmentKey(department.code);
    expect(keys.pendingDepartmentKeys()).toEqual([department.code]);
    const resumed = await run.vigil.services.infrastructure.resumeKeyRotations();
    expect(resumed).toEqual([department.code]);
    expect(keys.pendingDepartmentKeys()).toEqual([]);
    expect(b64(keys.department(department.code))).toBe(b64(staged));
    expect((await run.vigil.services.log.keysInForce()).keyOf(department.code)!.publicKey).toBe(b64(staged));
    expect((await audit()).problem).toBeNull();
  });

  it("catches a key entry that breaks the rules (a registration signed by the department itself)", async () => {
    const { department } = await signer();
    const log = run.vigil.services.log;
    const [e] = await log.write(({ append }) =>
      append([
        {
          kind: DEPARTMENT_KEY_KIND,
          departmentCode: department.code,
          departmentId: department.id,
          body: { action: "register", department: "NEW-DEPT", publicKey: b64(generateKeyPairSync("ed25519").privateKey) },
        },
      ]),
    );
    await log.publishCheckpoint();
    const r = await audit();
    expect(r.problem).toMatchObject({ index: Number(e!.index), kind: "bad-key-entry" });
    expect(r.problem!.message).toMatch(/must be signed by the authority/);
  });
});

describe.each(BACKENDS)("the log signs only checkpoints consistent with the last one it signed, on %s", (backend) => {
  const notes = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ kind: "note", departmentCode: null, departmentId: null, body: { tag, i } }));
  /** Delete entries from `from` on, with the subtree hashes over them (what someone with database access can do). */
  const deleteTail = async (from: number) => {
    await prisma().$executeRawUnsafe(`DELETE FROM "LogNode" WHERE ("index" + 1) * power(2, "level") > $1`, from);
    await prisma().$executeRawUnsafe(`DELETE FROM "LogEntry" WHERE "index" >= $1`, from);
  };

  let db: Database;
  let log: LogStore;
  let keys: KeyRing;
  const prisma = () => db.prisma;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-refuse-"));
    db = await openDatabase({ url: backend === "postgres" ? await freshPostgres() : undefined, dataDir });
    keys = loadKeyRing(dataDir);
    log = new LogStore(db, keys, "vigil.example/log", { checkpointDelayMs: 60_000 });
  });
  afterAll(async () => {
    log?.close();
    await db?.close();
  });

  it("refuses to sign after the tail was deleted and another history appended, and verify reports it", async () => {
    // Batches end at 30 and 40, where the tail is cut below: the audit then gets as far as the checkpoints.
    await log.write(({ append }) => append(notes(30, "original")));
    await log.write(({ append }) => append(notes(10, "original")));
    const signed = await log.publishCheckpoint();
    expect(signed?.size).toBe(40);
    await log.write(({ append }) => append(notes(3, "more")));
    expect((await log.publishCheckpoint())?.size).toBe(43);
    const checkpoints = await prisma().checkpoint.count();

    // Shrunk: the log now has fewer entries than a signed checkpoint.
    await deleteTail(30);
    const shrunk = await log.publishCheckpoint().catch((e) => e);
    expect(shrunk).toBeInstanceOf(CheckpointRefused);
    expect(shrunk).toMatchObject({ reason: "shrunk", size: 30 });

    // Rewritten: a different history that reaches (and passes) the signed sizes.
    await log.write(({ append }) => append(notes(20, "rewritten")));
    const refused = await log.publishCheckpoint().catch((e) => e);
    expect(refused).toBeInstanceOf(CheckpointRefused);
    expect(refused).toMatchObject({ reason: "inconsistent", size: 50 });
    expect(refused.message).toMatch(/does not extend the signed checkpoint of size 43/);
    expect(await prisma().checkpoint.count()).toBe(checkpoints);

    const r = await auditLog(db, { origin: log.origin, logPublicKey: keys.logPublic });
    expect(r.problem).toMatchObject({ index: 39, kind: "root-mismatch" });

    // Deleting the signed checkpoints too does not help: the process remembers the last one it signed.
    await prisma().checkpoint.deleteMany({});
    expect(await log.publishCheckpoint().catch((e) => e)).toMatchObject({ name: "CheckpointRefused", reason: "inconsistent" });
    expect(await prisma().checkpoint.count()).toBe(0);
  });
});

describe.each(BACKENDS)("a log whose department signed without a key on the log, on %s", (backend) => {
  let db: Database;
  let keys: KeyRing;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-unregistered-"));
    db = await openDatabase({ url: backend === "postgres" ? await freshPostgres() : undefined, dataDir });
    keys = loadKeyRing(dataDir);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("is refused by verify as unregistered-key, naming the first entry the department signed", async () => {
    // What a release before department-key entries wrote (or anyone with database access can): a department's
    // correctly signed batch, a consistent tree and a signed checkpoint, but no registration of its key.
    await db.prisma.region.create({ data: { code: "RX", name: "Region X", level: "PROVINCE", population: 1000 } });
    const dept = await db.prisma.department.create({
      data: { code: "OLD", name: "Old", kind: "HOSPITAL", regionCode: "RX", publicKeyJwk: JSON.stringify(keys.departmentPublicJwk("OLD")) },
    });
    const receivedAt = new Date().toISOString();
    const payloads = Array.from({ length: 5 }, (_, i) => canonicalBytes({ v: 1, kind: "note", department: "OLD", receivedAt, body: { i } }));
    const leaves = payloads.map(hashLeaf);
    const signature = sign(null, batchDigest(leaves), keys.department("OLD"));
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "LogEntry" ("index", "kind", "payload", "leafHash", "departmentId", "signature", "signedCount", "receivedAt")
       SELECT o - 1, 'note', p, h, $3::int, CASE WHEN o = 1 THEN $4::bytea END, CASE WHEN o = 1 THEN 5 END, $5::timestamptz AT TIME ZONE 'UTC'
       FROM unnest($1::bytea[], $2::bytea[]) WITH ORDINALITY AS t(p, h, o)`,
      payloads,
      leaves,
      dept.id,
      bytes(signature),
      receivedAt,
    );
    for (const n of new CompactRange().append(leaves).filter((n) => n.level > 0))
      await db.prisma.logNode.create({ data: { level: n.level, index: BigInt(n.index), hash: bytes(n.hash) } });
    const note = signCheckpoint(encodeCheckpoint({ origin: "vigil.example/log", size: 5, root: rootFromLeafHashes(leaves) }), {
      name: "vigil.example/log",
      privateKey: rawEd25519(keys.log),
    });
    await db.prisma.checkpoint.create({ data: { size: 5n, rootHash: bytes(rootFromLeafHashes(leaves)), note } });

    const r = await auditLog(db, { origin: "vigil.example/log", logPublicKey: keys.logPublic });
    expect(r.problem).toMatchObject({
      index: 0,
      kind: "unregistered-key",
      message: expect.stringMatching(/OLD signs entries 0\.\. but has no key registered/),
    });
    // And the writer will not add to it in the department's name.
    const log = new LogStore(db, keys, "vigil.example/log", { checkpointDelayMs: 60_000 });
    try {
      await expect(log.write(({ append }) => append([{ kind: "note", departmentCode: "OLD", departmentId: dept.id, body: {} }]))).rejects.toThrow(
        /OLD has no key registered on the log/,
      );
    } finally {
      log.close();
    }
  });
});
