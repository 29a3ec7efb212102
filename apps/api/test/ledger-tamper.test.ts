import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { canonicalBytes, hashLeaf, signCheckpoint, type AuditProblemKind } from "@vigil/log";
import type { PrismaClient } from "@vigil/db";
import { auditLog } from "../src/log/audit.ts";
import { rawEd25519 } from "../src/keys.ts";
import { BACKENDS, startVigil, type Running } from "./harness.ts";

type Undo = () => Promise<void>;
interface Case {
  name: string;
  kind: AuditProblemKind;
  index: (size: number, p: PrismaClient) => number | Promise<number>;
  what: RegExp;
  tamper(p: PrismaClient, size: number): Promise<Undo>;
}

const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

async function editEntry(
  p: PrismaClient,
  index: number,
  change: (e: { payload: Uint8Array; leafHash: Uint8Array }) => { payload: Uint8Array; leafHash: Uint8Array },
): Promise<Undo> {
  const e = await p.logEntry.findUniqueOrThrow({ where: { index: BigInt(index) } });
  const next = change({ payload: bytes(e.payload), leafHash: bytes(e.leafHash) });
  await p.logEntry.update({ where: { index: BigInt(index) }, data: { payload: bytes(next.payload), leafHash: bytes(next.leafHash) } });
  return async () => {
    await p.logEntry.update({ where: { index: BigInt(index) }, data: { payload: bytes(e.payload), leafHash: bytes(e.leafHash) } });
  };
}

const inflate = (payload: Uint8Array) => {
  const doc = JSON.parse(new TextDecoder().decode(payload));
  doc.body.newConfirmed = (doc.body.newConfirmed ?? 0) + 1000;
  return canonicalBytes(doc);
};

const cases: Case[] = [
  {
    name: "edit a payload",
    kind: "leaf-mismatch",
    index: () => 100,
    what: /leaf hash does not match the payload/,
    tamper: (p) => editEntry(p, 100, (e) => ({ ...e, payload: inflate(e.payload) })),
  },
  {
    // The department's signature no longer matches: the first line of defence.
    name: "edit a payload and recompute its leaf hash",
    kind: "bad-signature",
    what: /signature of \S+ over entries \d+\.\.\d+ does not verify/,
    // Named by the first entry of the signed batch that covers entry 101.
    index: async (_size, p) =>
      Number((await p.logEntry.findFirstOrThrow({ where: { index: { lte: 101n }, signature: { not: null } }, orderBy: { index: "desc" } })).index),
    tamper: (p) =>
      editEntry(p, 101, (e) => {
        const payload = inflate(e.payload);
        return { payload, leafHash: hashLeaf(payload) };
      }),
  },
  {
    name: "delete an entry",
    kind: "gap",
    index: () => 500,
    what: /entry 500 is missing/,
    async tamper(p) {
      const e = await p.logEntry.findUniqueOrThrow({ where: { index: 500n } });
      const ref = await p.caseReport.findUnique({ where: { entryIndex: 500n } });
      if (ref) await p.caseReport.delete({ where: { id: ref.id } });
      await p.logEntry.delete({ where: { index: 500n } });
      return async () => {
        await p.logEntry.create({ data: { ...e, payload: bytes(e.payload), leafHash: bytes(e.leafHash), signature: e.signature && bytes(e.signature) } });
        if (ref) await p.caseReport.create({ data: ref });
      };
    },
  },
  {
    name: "swap two entries",
    kind: "node-mismatch",
    index: () => 200,
    what: /stored subtree hash \(level 1, index 100\) over entries 200\.\.201 does not match/,
    async tamper(p) {
      const [a, b] = await Promise.all([200n, 300n].map((i) => p.logEntry.findUniqueOrThrow({ where: { index: i } })));
      const fields = (e: typeof a) => ({
        kind: e.kind,
        payload: bytes(e.payload),
        leafHash: bytes(e.leafHash),
        signature: e.signature && bytes(e.signature),
        departmentId: e.departmentId,
      });
      await p.logEntry.update({ where: { index: 200n }, data: fields(b!) });
      await p.logEntry.update({ where: { index: 300n }, data: fields(a!) });
      return async () => {
        await p.logEntry.update({ where: { index: 200n }, data: fields(a!) });
        await p.logEntry.update({ where: { index: 300n }, data: fields(b!) });
      };
    },
  },
  {
    name: "alter a stored subtree hash",
    kind: "node-mismatch",
    index: () => 320,
    what: /stored subtree hash \(level 3, index 40\) over entries 320\.\.327 does not match/,
    async tamper(p) {
      const n = await p.logNode.findUniqueOrThrow({ where: { level_index: { level: 3, index: 40n } } });
      const forged = bytes(n.hash);
      forged[0] ^= 1;
      await p.logNode.update({ where: { level_index: { level: 3, index: 40n } }, data: { hash: forged } });
      return async () => {
        await p.logNode.update({ where: { level_index: { level: 3, index: 40n } }, data: { hash: bytes(n.hash) } });
      };
    },
  },
  {
    name: "replace a checkpoint root",
    kind: "root-mismatch",
    index: (size) => size - 1,
    what: /checkpoint \d+ stores root .* not the root of entries/,
    async tamper(p) {
      const cp = await p.checkpoint.findFirstOrThrow({ orderBy: { size: "desc" } });
      await p.checkpoint.update({ where: { size: cp.size }, data: { rootHash: bytes(hashLeaf(new Uint8Array([1, 2, 3]))) } });
      return async () => {
        await p.checkpoint.update({ where: { size: cp.size }, data: { rootHash: bytes(cp.rootHash) } });
      };
    },
  },
  {
    name: "forge a checkpoint signature",
    kind: "checkpoint-signature",
    index: (size) => size - 1,
    what: /signature does not verify with the log key/,
    async tamper(p) {
      const cp = await p.checkpoint.findFirstOrThrow({ orderBy: { size: "desc" } });
      // A well-formed note with the right origin, size and root, signed by a key that is not the log's.
      const forger = rawEd25519(generateKeyPairSync("ed25519").privateKey);
      const body = cp.note.slice(0, cp.note.indexOf("\n\n") + 1);
      await p.checkpoint.update({ where: { size: cp.size }, data: { note: signCheckpoint(body, { name: "vigil.example/log", privateKey: forger }) } });
      return async () => {
        await p.checkpoint.update({ where: { size: cp.size }, data: { note: cp.note } });
      };
    },
  },
  {
    name: "change an entry's receivedAt column",
    kind: "column-mismatch",
    index: () => 77,
    what: /receivedAt column .* differs from the signed/,
    async tamper(p) {
      const e = await p.logEntry.findUniqueOrThrow({ where: { index: 77n } });
      await p.logEntry.update({ where: { index: 77n }, data: { receivedAt: new Date(e.receivedAt.getTime() - 86_400_000) } });
      return async () => {
        await p.logEntry.update({ where: { index: 77n }, data: { receivedAt: e.receivedAt } });
      };
    },
  },
  {
    name: "inflate a case report in the table (not on the log)",
    kind: "domain-mismatch",
    index: () => 300,
    what: /case report \d+ \(entry 300\): newConfirmed is \d+ in the database, \d+ on the log/,
    async tamper(p) {
      const r = await p.caseReport.findUniqueOrThrow({ where: { entryIndex: 300n } });
      await p.caseReport.update({ where: { id: r.id }, data: { newConfirmed: r.newConfirmed + 500 } });
      return async () => {
        await p.caseReport.update({ where: { id: r.id }, data: { newConfirmed: r.newConfirmed } });
      };
    },
  },
  {
    name: "downgrade an alert's level in the table",
    kind: "domain-mismatch",
    index: async (_s, p) => Number((await p.alert.findFirstOrThrow({ orderBy: { entryIndex: "asc" } })).entryIndex),
    what: /alert \d+ \(entry \d+\): level is/,
    async tamper(p) {
      const a = await p.alert.findFirstOrThrow({ orderBy: { entryIndex: "asc" } });
      await p.alert.update({ where: { id: a.id }, data: { level: a.level === "IV" ? "I" : "IV" } });
      return async () => {
        await p.alert.update({ where: { id: a.id }, data: { level: a.level } });
      };
    },
  },
  {
    name: "loosen the published rule in the policy table",
    kind: "domain-mismatch",
    // The seed's first policy, right after the departments' key registrations.
    index: async (_s, p) => Number((await p.policy.findFirstOrThrow({ orderBy: { entryIndex: "asc" } })).entryIndex),
    what: /policy \d+ \(entry \d+\): rule is/,
    async tamper(p) {
      const pol = await p.policy.findFirstOrThrow({ orderBy: { entryIndex: "asc" } });
      await p.policy.update({ where: { id: pol.id }, data: { rule: JSON.stringify({ ...JSON.parse(pol.rule), alpha: 0.2 }) } });
      return async () => {
        await p.policy.update({ where: { id: pol.id }, data: { rule: pol.rule } });
      };
    },
  },
  {
    name: "delete a task from the table",
    kind: "domain-missing",
    index: async (_s, p) => Number((await p.task.findFirstOrThrow({ orderBy: { entryIndex: "asc" } })).entryIndex),
    what: /task entry \d+ has no row in the database/,
    async tamper(p) {
      const t = await p.task.findFirstOrThrow({ orderBy: { entryIndex: "asc" } });
      await p.task.delete({ where: { id: t.id } });
      return async () => {
        await p.task.create({ data: t });
      };
    },
  },
  {
    name: "mark a task done without logging it",
    kind: "domain-mismatch",
    index: async (_s, p) => Number((await p.task.findFirstOrThrow({ where: { status: "OPEN" }, orderBy: { entryIndex: "asc" } })).entryIndex),
    what: /task \d+: status is "DONE" in the database, "OPEN" on the log/,
    async tamper(p) {
      const t = await p.task.findFirstOrThrow({ where: { status: "OPEN" }, orderBy: { entryIndex: "asc" } });
      await p.task.update({ where: { id: t.id }, data: { status: "DONE" } });
      return async () => {
        await p.task.update({ where: { id: t.id }, data: { status: "OPEN" } });
      };
    },
  },
];

describe.each(BACKENDS)("tamper detection on %s", (backend) => {
  let run: Running;
  let size: number;
  const audit = () => auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic });

  beforeAll(async () => {
    run = await startVigil(backend);
    size = await run.vigil.services.log.size();
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("passes the untouched log", async () => {
    const r = await audit();
    expect(r.problem).toBeNull();
    expect(r.size).toBe(size);
    // Every signed batch checked: at least one, at most one per entry.
    expect(r.signatures).toBeGreaterThan(0);
    expect(r.signatures).toBeLessThanOrEqual(size);
  });

  it.each(cases)("catches: $name, naming the index", async (c) => {
    const expected = await c.index(size, run.vigil.db.prisma); // before the tamper moves things
    const undo = await c.tamper(run.vigil.db.prisma, size);
    try {
      const r = await audit();
      expect(r.problem?.kind).toBe(c.kind);
      expect(r.problem?.message).toMatch(c.what);
      expect(r.problem?.index).toBe(expected);
    } finally {
      await undo();
    }
    expect((await audit()).problem).toBeNull();
  });

  it("without signature checks, the subtree hashes still catch a payload edited with its leaf hash", async () => {
    const undo = await editEntry(run.vigil.db.prisma, 101, (e) => {
      const payload = inflate(e.payload);
      return { payload, leafHash: hashLeaf(payload) };
    });
    try {
      const r = await auditLog(run.vigil.db, { origin: run.vigil.services.log.origin, logPublicKey: run.vigil.services.keys.logPublic, signatures: false });
      expect(r.problem).toMatchObject({
        index: 100,
        kind: "node-mismatch",
        message: expect.stringMatching(/subtree hash \(level 1, index 50\) over entries 100\.\.101 does not match/),
      });
    } finally {
      await undo();
    }
  });

  it("catches a forged submitter signature, naming the first entry it covers", async () => {
    const e = await run.vigil.db.prisma.logEntry.findFirstOrThrow({ where: { index: { gte: 42n }, signature: { not: null } }, orderBy: { index: "asc" } });
    const sig = bytes(e.signature!);
    sig[5] ^= 0x40;
    await run.vigil.db.prisma.logEntry.update({ where: { index: e.index }, data: { signature: sig } });
    try {
      const r = await audit();
      expect(r.problem).toMatchObject({
        index: Number(e.index),
        kind: "bad-signature",
        message: expect.stringMatching(/signature of \S+ over entries \d+\.\.\d+ does not verify/),
      });
    } finally {
      await run.vigil.db.prisma.logEntry.update({ where: { index: e.index }, data: { signature: bytes(e.signature!) } });
    }
  });

  it("catches an entry slipped into another submitter's signed batch", async () => {
    const first = await run.vigil.db.prisma.logEntry.findFirstOrThrow({ where: { signedCount: { gt: 1 } }, orderBy: { index: "asc" } });
    const second = first.index + 1n;
    const e = await run.vigil.db.prisma.logEntry.findUniqueOrThrow({ where: { index: second } });
    await run.vigil.db.prisma.logEntry.update({ where: { index: second }, data: { signature: bytes(first.signature!), signedCount: 1 } });
    try {
      const r = await audit();
      expect(r.problem?.index).toBe(Number(first.index));
      expect(["bad-batch", "bad-signature"]).toContain(r.problem?.kind);
      expect(r.problem?.message).toMatch(/ends early|does not verify/);
    } finally {
      await run.vigil.db.prisma.logEntry.update({
        where: { index: second },
        data: { signature: e.signature && bytes(e.signature), signedCount: e.signedCount },
      });
    }
  });
});
