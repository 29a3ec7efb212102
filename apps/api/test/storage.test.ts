import { describe, expect, it } from "vitest";
import { DirectoryLockedError, openDatabase } from "@vigil/db";
import { rootFromLeafHashes, toHex, verifyCheckpoint, fromBase64 } from "@vigil/log";
import { rawEd25519 } from "../src/keys.ts";
import { BACKENDS, freshPostgres, snapshot, startVigil } from "./harness.ts";

describe.each(BACKENDS)("storage on %s", (backend) => {
  it("keeps all data across a restart and does not seed twice", async () => {
    const databaseUrl = backend === "postgres" ? await freshPostgres() : undefined;
    // The real first start (seeding, key creation), not a copy of the run's template.
    const first = await startVigil(backend, { databaseUrl, fresh: true });
    const before = await snapshot(first.vigil);
    const users = await first.vigil.db.prisma.user.count();
    await first.stop();
    // What other tests start from (a copy of the run's seeded template) is the same first-start state.
    const copy = await startVigil(backend);
    try {
      const counts = ({
        entries,
        reports,
        policies,
        tasks,
        alerts,
        nodes,
        records,
        resourceRequests,
        statements,
        factChecks,
        charitySteps,
        size,
      }: typeof before) => ({ entries, reports, policies, tasks, alerts, nodes, records, resourceRequests, statements, factChecks, charitySteps, size });
      const copied = await snapshot(copy.vigil);
      expect(counts(copied)).toEqual(counts(before));
      expect(copied.workOrders.map((o) => o.status)).toEqual(before.workOrders.map((o) => o.status));
      expect(await copy.vigil.db.prisma.user.count()).toBe(users);
      expect(copy.dataDir).not.toBe(first.dataDir);
      expect(await copy.login("auditor@vigil.example")).toMatch(/^ey/);
    } finally {
      await copy.stop();
    }
    const second = await startVigil(backend, { dataDir: first.dataDir, databaseUrl });
    try {
      expect(await snapshot(second.vigil)).toEqual(before);
      expect(await second.vigil.db.prisma.user.count()).toBe(users);
      // The old password still works: nothing was regenerated.
      expect(await second.login("auditor@vigil.example")).toMatch(/^ey/);
    } finally {
      await second.stop();
    }
  });

  it("stores a log whose root is the RFC 9162 root of its leaves, under a verifiable signed checkpoint", async () => {
    const run = await startVigil(backend);
    try {
      const p = run.vigil.db.prisma;
      const leaves = await p.logEntry.findMany({ orderBy: { index: "asc" }, select: { index: true, leafHash: true } });
      expect(leaves.map((l) => Number(l.index))).toEqual(leaves.map((_, i) => i));
      const cp = await p.checkpoint.findFirstOrThrow({ orderBy: { size: "desc" } });
      expect(Number(cp.size)).toBe(leaves.length);
      const root = rootFromLeafHashes(leaves.map((l) => new Uint8Array(l.leafHash)));
      expect(toHex(new Uint8Array(cp.rootHash))).toBe(toHex(root));
      const publicKey = rawEd25519(run.vigil.services.keys.logPublic);
      const parsed = verifyCheckpoint(cp.note, { name: run.vigil.services.log.origin, publicKey });
      expect(parsed && toHex(parsed.root)).toBe(toHex(root));
      expect(verifyCheckpoint(cp.note.replace(/\n\d+\n/, `\n${leaves.length + 1}\n`), { name: run.vigil.services.log.origin, publicKey })).toBeFalsy();
      expect(fromBase64(cp.note.split("\n")[2]!)).toEqual(root);
    } finally {
      await run.stop();
    }
  });
});

describe("embedded database ownership", () => {
  it("refuses a second owner of a PGlite directory while the first runs", async () => {
    const run = await startVigil("pglite");
    try {
      await expect(openDatabase({ dataDir: run.dataDir })).rejects.toBeInstanceOf(DirectoryLockedError);
      await expect(openDatabase({ dataDir: run.dataDir })).rejects.toThrow(/in use by another Vigil process/);
    } finally {
      await run.stop();
    }
    // Released on close: the directory can be opened again.
    const db = await openDatabase({ dataDir: run.dataDir, migrate: false });
    await db.close();
  });
});
