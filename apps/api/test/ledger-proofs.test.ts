import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromHex, hashLeaf, parseVerifierKey, verifyCheckpoint, verifyConsistency, verifyInclusion } from "@vigil/log";
import { BACKENDS, startVigil, type Running } from "./harness.ts";

const run$ = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, "../scripts/ledger.ts");

describe.each(BACKENDS)("proofs over GraphQL on %s", (backend) => {
  let run: Running;
  let token: string;
  beforeAll(async () => {
    run = await startVigil(backend);
    token = await run.login("auditor@vigil.example");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("serves inclusion proofs that verify offline against the signed checkpoint", async () => {
    const vkey = (await run.gql<{ logVerifierKey: string }>(`{ logVerifierKey }`, {}, token)).data!.logVerifierKey;
    const verifier = parseVerifierKey(vkey)!;
    const q = `query($i: Int!) { entry(index: $i) { index payload leafHash proof { treeSize hashes checkpoint { size note } } } }`;
    for (const index of [0, 1, 777, 1200]) {
      const e = (
        await run.gql<{ entry: { payload: string; leafHash: string; proof: { treeSize: number; hashes: string[]; checkpoint: { note: string } } } }>(
          q,
          { i: index },
          token,
        )
      ).data!.entry;
      const leaf = hashLeaf(new TextEncoder().encode(e.payload));
      expect(Buffer.from(leaf).toString("hex")).toBe(e.leafHash);
      const cp = verifyCheckpoint(e.proof.checkpoint.note, verifier)!;
      expect(cp.size).toBe(e.proof.treeSize);
      expect(verifyInclusion(leaf, index, cp.size, e.proof.hashes.map(fromHex), cp.root)).toBe(true);
      expect(verifyInclusion(leaf, index + 1, cp.size, e.proof.hashes.map(fromHex), cp.root)).toBe(false);
    }
  });

  it("links domain rows to their entries, and proves a new checkpoint extends the old one", async () => {
    const officer = await run.login("officer@vigil.example");
    const day = (await run.vigil.services.reports.latestDay())!;
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const before = (await run.gql<{ latestCheckpoint: { size: number } }>(`{ latestCheckpoint { size } }`, {}, token)).data!.latestCheckpoint.size;
    const r = await run.gql<{ submitCaseReport: { entry: { index: number; kind: string; payload: string } } }>(
      `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { entry { index kind payload } } }`,
      { i: { regionCode: "RL-01-02", date: next, newConfirmed: 7, suspected: 1, deaths: 0, tests: 70 } },
      officer,
    );
    expect(r.data!.submitCaseReport.entry).toMatchObject({ index: before, kind: "case-report" });
    expect(JSON.parse(r.data!.submitCaseReport.entry.payload).body).toMatchObject({ regionCode: "RL-01-02", date: next, newConfirmed: 7 });
    await run.vigil.services.log.publishCheckpoint();
    const after = (await run.gql<{ latestCheckpoint: { size: number } }>(`{ latestCheckpoint { size } }`, {}, token)).data!.latestCheckpoint.size;
    expect(after).toBeGreaterThan(before);
    const c = (
      await run.gql<{ consistencyProof: { from: { size: number; rootHash: string }; to: { size: number; rootHash: string }; hashes: string[] } }>(
        `query($a: Int!, $b: Int!) { consistencyProof(from: $a, to: $b) { from { size rootHash } to { size rootHash } hashes } }`,
        { a: before, b: after },
        token,
      )
    ).data!.consistencyProof;
    expect(verifyConsistency(before, after, fromHex(c.from.rootHash), fromHex(c.to.rootHash), c.hashes.map(fromHex))).toBe(true);
    expect(verifyConsistency(before, after, fromHex(c.to.rootHash), fromHex(c.from.rootHash), c.hashes.map(fromHex))).toBe(false);
    const missing = await run.gql(`{ checkpoint(size: 3) { size } }`, {}, token);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

// The CLI opens the database itself: on PGlite that needs the API stopped (one owner), so run it on PostgreSQL.
describe("ledger CLI on postgres", () => {
  let run: Running;
  beforeAll(async () => {
    run = await startVigil("postgres");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("`npm run ledger -- verify` passes a good log and names the index of a tampered one", async () => {
    const env = { ...process.env, DATABASE_URL: run.databaseUrl!, VIGIL_DATA_DIR: run.dataDir };
    const ok = await run$(process.execPath, ["--import", "tsx", CLI, "verify"], { env });
    expect(ok.stdout).toMatch(/^OK: \d+ entries/);
    const p = run.vigil.db.prisma;
    const e = await p.logEntry.findUniqueOrThrow({ where: { index: 9n } });
    const edited = new Uint8Array(e.payload);
    edited[edited.length - 2] ^= 1;
    await p.logEntry.update({ where: { index: 9n }, data: { payload: edited } });
    try {
      const bad = await run$(process.execPath, ["--import", "tsx", CLI, "verify"], { env }).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(bad?.code).toBe(1);
      expect(bad?.stderr).toMatch(/FAILED at index 9 \(leaf-mismatch\): leaf hash does not match/);
    } finally {
      await p.logEntry.update({ where: { index: 9n }, data: { payload: new Uint8Array(e.payload) } });
    }
  });

  it("`prove` writes a proof file that `check` verifies offline, and `check` refuses an altered one", async () => {
    const env = { ...process.env, DATABASE_URL: run.databaseUrl!, VIGIL_DATA_DIR: run.dataDir };
    await run.vigil.services.log.publishCheckpoint();
    const { stdout } = await run$(process.execPath, ["--import", "tsx", CLI, "prove", "12"], { env });
    const dir = mkdtempSync(path.join(tmpdir(), "vigil-proof-"));
    const good = path.join(dir, "good.json"),
      bad = path.join(dir, "bad.json");
    writeFileSync(good, stdout);
    const proof = JSON.parse(stdout);
    writeFileSync(bad, JSON.stringify({ ...proof, index: proof.index + 1 }));
    // Offline: no database in the environment at all.
    const offline = { PATH: process.env.PATH };
    expect((await run$(process.execPath, ["--import", "tsx", CLI, "check", good], { env: offline })).stdout).toMatch(/^OK: the entry is in the log/);
    const refused = await run$(process.execPath, ["--import", "tsx", CLI, "check", bad], { env: offline }).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stdout).toMatch(/FAILED: the inclusion proof does not lead to the checkpoint's root/);
    expect(refused?.stdout).toMatch(/\((root-mismatch|wrong-proof-size): /);
  });
});
