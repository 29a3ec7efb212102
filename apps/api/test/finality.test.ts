/**
 * Finality across real processes (issue 9, acceptance 2): the API and five delegate witnesses, each its own
 * `npm run node -- witness` process on loopback, under the policy K = 5, q = 4. Checkpoints become final;
 * with one delegate killed they still do; with two killed they do not, and the API says which delegates
 * failed and why; a delegate that comes back catches up from what it last cosigned. Then (acceptance 5) the
 * departments elect another set, and the new set cosigns and judges from the switch checkpoint on.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeVerifierKey } from "@vigil/log";
import { type NodeProcess, startWitness } from "../../node/test/process.ts";
import { loadKeyRing, rawEd25519 } from "../src/keys.ts";
import { BACKENDS, type Running, startVigil } from "./harness.ts";

const ORIGIN = "vigil.example/log";
const NAMES = ["d1", "d2", "d3", "d4", "d5"];

const CHECKPOINT = `query($s: Int!) { checkpoint(size: $s) { size note final cosignatures { name timestamp } finality { reason witnessed missing short { group threshold have } } } }`;
const STATUS = `{ nodeStatus { quorum latestCheckpoint { size final finality { reason missing } } latestFinalCheckpoint { size }
  delegates { name url lastCosignedSize lag lastError } } }`;

interface Status {
  nodeStatus: {
    quorum: string;
    latestCheckpoint: { size: number; final: boolean; finality: { reason: string | null; missing: string[] } };
    latestFinalCheckpoint: { size: number } | null;
    delegates: { name: string; url: string; lastCosignedSize: number | null; lag: number; lastError: string | null }[];
  };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const running: NodeProcess[] = [];
afterAll(async () => {
  for (const w of running) if (w.child.exitCode === null) await w.kill9();
});

describe.each(BACKENDS)("finality with five delegate processes on %s", (backend) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-finality-"));
  const witnessDirs = NAMES.map((n) => path.join(dataDir, "nodes", n));
  let witnesses: NodeProcess[] = [];
  let run: Running;
  let token: string;
  let decision: string;

  const status = async () => {
    const r = await run.gql<Status>(STATUS, {}, token);
    expect(r.errors).toBeUndefined();
    return r.data!.nodeStatus;
  };
  const checkpoint = async (size: number) => {
    const r = await run.gql(CHECKPOINT, { s: size }, token);
    expect(r.errors).toBeUndefined();
    return r.data!.checkpoint as {
      size: number;
      note: string;
      final: boolean;
      cosignatures: { name: string; timestamp: string }[];
      finality: { reason: string | null; witnessed: string[]; missing: string[]; short: { group: string; threshold: number; have: number }[] };
    };
  };
  /** A logged write (a task assignment), then the checkpoint that covers it. */
  const write = async () => {
    const before = (await status()).latestCheckpoint.size;
    const r = await run.gql(
      `mutation($i: AssignTaskInput!) { assignTask(input: $i) { entryIndex } }`,
      { i: { title: `Check ${Date.now()}`, ownerDepartmentCode: "HOSP-RL-01-02" } },
      decision,
    );
    expect(r.errors).toBeUndefined();
    return until("a new checkpoint", async () => {
      const s = await status();
      return s.latestCheckpoint.size > before && s.latestCheckpoint.size;
    });
  };
  const witnessArgs = (i: number, logVkey: string) => ["--data", witnessDirs[i]!, "--log-vkey", logVkey, "--name", `${NAMES[i]}.vigil.test`];

  it("starts the delegates and the API under a K = 5, q = 4 policy", async () => {
    // The keys exist before the API starts, so the delegates can pin the log's key.
    const keys = loadKeyRing(dataDir);
    const logVkey = encodeVerifierKey(ORIGIN, rawEd25519(keys.logPublic));
    // Five processes starting at once on a shared 2-core machine: allow them time.
    witnesses = await Promise.all(NAMES.map((_, i) => startWitness(witnessArgs(i, logVkey), {}, { timeoutMs: 400_000 })));
    running.push(...witnesses);
    const policyFile = path.join(dataDir, "delegates.policy");
    writeFileSync(
      policyFile,
      [
        `log ${logVkey}`,
        ...witnesses.map((w, i) => `witness ${NAMES[i]} ${w.vkey} ${w.url}`),
        `group delegates 4 ${NAMES.join(" ")}`,
        "quorum delegates",
        "",
      ].join("\n"),
    );
    run = await startVigil(backend, { dataDir, config: { witnessPolicyFile: policyFile, witnessTimeoutMs: 15_000, witnessRetryMs: 300 } });
    token = await run.login("auditor@vigil.example");
    decision = await run.login("decision@vigil.example");
    expect((await status()).quorum).toBe("delegates");
  }, 600_000);

  it("makes checkpoints final with every delegate's cosignature, stored and in the note", async () => {
    const size = await write();
    const cp = await until("finality", async () => {
      const c = await checkpoint(size);
      return c.cosignatures.length === 5 && c;
    });
    expect(cp.final).toBe(true);
    expect(cp.finality.reason).toBeNull();
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(NAMES);
    for (const c of cp.cosignatures) expect(Math.abs(Date.parse(c.timestamp) - Date.now())).toBeLessThan(60_000);
    // The note carries the log's signature and one line per delegate key.
    for (const n of NAMES) expect(cp.note).toContain(`\u2014 ${n}.vigil.test `);
    expect(await run.vigil.db.prisma.checkpointCosignature.count({ where: { checkpointSize: BigInt(size) } })).toBe(5);
    const s = await status();
    expect(s.latestFinalCheckpoint?.size).toBe(size);
    expect(s.delegates.map((d) => [d.name, d.lastCosignedSize, d.lag, d.lastError])).toEqual(NAMES.map((n) => [n, size, 0, null]));
  });

  it("stays final with one delegate killed, and names it", async () => {
    await witnesses[2]!.kill9();
    const size = await write();
    const cp = await until("four cosignatures and d3's failure", async () => {
      const c = await checkpoint(size);
      const d3 = (await status()).delegates.find((d) => d.name === "d3")!;
      return c.cosignatures.length === 4 && d3.lastError?.startsWith(`checkpoint ${size}:`) && c;
    });
    expect(cp.final).toBe(true);
    expect(cp.finality.missing).toEqual(["d3"]);
    const d3 = (await status()).delegates.find((d) => d.name === "d3")!;
    expect(d3.lastError).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(d3.lag).toBeGreaterThan(0);
  });

  it("is not final with two delegates killed, and says why", async () => {
    const finalBefore = (await status()).latestFinalCheckpoint!.size;
    await witnesses[4]!.kill9();
    const size = await write();
    // Failures and cosignatures arrive independently: wait for both failures and the three cosignatures.
    const s = await until("both failures and the three cosignatures recorded", async () => {
      const st = await status();
      const failed = st.delegates.filter((d) => d.lastError?.startsWith(`checkpoint ${size}:`)).map((d) => d.name);
      return failed.length === 2 && st.latestCheckpoint.size === size && st.latestCheckpoint.finality.missing.length === 2 && st;
    });
    const cp = await checkpoint(size);
    expect(cp.final).toBe(false);
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(["d1", "d2", "d4"]);
    expect(cp.finality.missing).toEqual(["d3", "d5"]);
    expect(cp.finality.short).toEqual([{ group: "delegates", threshold: 4, have: 3 }]);
    expect(cp.finality.reason).toBe("delegates needs 4 cosignatures and has 3; missing: d3, d5");
    expect(s.latestCheckpoint).toMatchObject({ size, final: false, finality: { missing: ["d3", "d5"] } });
    expect(s.latestFinalCheckpoint?.size).toBe(finalBefore);
    expect(s.delegates.filter((d) => d.lastError).map((d) => d.name)).toEqual(["d3", "d5"]);
  });

  it("becomes final again when a killed delegate returns: it catches up from what it last cosigned", async () => {
    const size = (await status()).latestCheckpoint.size;
    const logVkey = encodeVerifierKey(ORIGIN, rawEd25519(run.vigil.services.keys.logPublic));
    witnesses[2] = await startWitness([...witnessArgs(2, logVkey), "--port", new URL(witnesses[2]!.url).port], {}, { timeoutMs: 200_000 });
    running.push(witnesses[2]);
    const cp = await until("d3's catch-up cosignature", async () => {
      const c = await checkpoint(size);
      return c.final && c;
    });
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(["d1", "d2", "d3", "d4"]);
    const d3 = (await status()).delegates.find((d) => d.name === "d3")!;
    expect(d3).toMatchObject({ lastCosignedSize: size, lag: 0, lastError: null });
    expect((await status()).latestFinalCheckpoint?.size).toBe(size);
  }, 300_000);

  // Acceptance 5: an election changes the delegate set. Set A = d1…d5 (d5 is down since the test above); the
  // departments elect B = d1, d2, d4 and a newly nominated e1 (K = 5 seats, 4 approved, so q = 3).
  let e1: NodeProcess;
  let electedPolicy = "";
  let sizeBeforeElection = 0;
  const ELECTION = `{ epochs(limit: 5) { epoch closed ballots { department approvals entryIndex }
    result { entryIndex seats elected approvals { name approvals } policy switchSize superseded } } }`;
  interface Epoch {
    epoch: number;
    closed: boolean;
    ballots: { department: string; approvals: string[]; entryIndex: number }[];
    result: { entryIndex: number; seats: number; elected: string[]; policy: string; switchSize: number | null } | null;
  }
  const epochs = async () => {
    const r = await run.gql<{ epochs: Epoch[] }>(ELECTION, {}, token);
    expect(r.errors).toBeUndefined();
    return r.data!.epochs;
  };
  const BALLOT = `mutation($i: CastBallotInput!) { castDelegateBallot(input: $i) { epoch department approvals entryIndex } }`;
  const CLOSE = `mutation($e: Int!) { closeElectionEpoch(epoch: $e) { epoch closed result { elected policy } } }`;
  /** What a refused request must leave alone: the log's size and the election's state (the switch may land meanwhile: not compared). */
  const snapshot = async () => ({
    size: await run.vigil.services.log.size(),
    epochs: (await epochs()).map((e) => ({ ...e, result: e.result && { ...e.result, switchSize: undefined } })),
  });
  const codeOf = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

  it("elects a new delegate set from department ballots, refusing bad ballots and a second close without changing anything", async () => {
    const logVkey = encodeVerifierKey(ORIGIN, rawEd25519(run.vigil.services.keys.logPublic));
    // The new node boots while the voters sign in (both are slow on a loaded machine).
    const [started, admin, officer, cdc] = await Promise.all([
      startWitness(["--data", path.join(dataDir, "nodes", "e1"), "--log-vkey", logVkey, "--name", "e1.vigil.test"], {}, { timeoutMs: 200_000 }),
      run.login("admin@vigil.example"),
      run.login("officer@vigil.example"),
      run.login("cdc@vigil.example"),
    ]);
    e1 = started;
    running.push(e1);
    sizeBeforeElection = (await status()).latestFinalCheckpoint!.size;
    const nominated = await run.gql(
      `mutation($i: NominateDelegateInput!) { nominateDelegate(input: $i) { name department entryIndex } }`,
      { i: { name: "e1", vkey: e1.vkey, url: e1.url } },
      cdc,
    );
    expect(nominated.errors).toBeUndefined();

    const before = await snapshot();
    expect(before.epochs[0]).toMatchObject({ epoch: 1, closed: false, ballots: [] });
    // Not a department: a decision maker has no ballot; an admin naming a department that does not exist.
    expect(codeOf(await run.gql(BALLOT, { i: { approvals: ["d1"] } }, decision))).toBe("FORBIDDEN");
    expect(codeOf(await run.gql(BALLOT, { i: { department: "NO-SUCH-DEPT", approvals: ["d1"] } }, admin))).toBe("NOT_FOUND");
    // An unknown delegate, too many approvals, a closed epoch with no ballots yet.
    expect(codeOf(await run.gql(BALLOT, { i: { approvals: ["d1", "nobody"] } }, officer))).toBe("BAD_USER_INPUT");
    expect(codeOf(await run.gql(BALLOT, { i: { approvals: ["d1", "d2", "d3", "d4", "d5", "e1"] } }, officer))).toBe("BAD_USER_INPUT");
    expect(codeOf(await run.gql(CLOSE, { e: 1 }, admin))).toBe("CONFLICT");
    expect(await snapshot()).toEqual(before);

    const cast = async (t: string, approvals: string[], department?: string) => {
      const r = await run.gql<{ castDelegateBallot: { department: string; epoch: number } }>(BALLOT, { i: { approvals, department } }, t);
      expect(r.errors).toBeUndefined();
      return r.data!.castDelegateBallot;
    };
    const mine = await cast(officer, ["d1", "d2", "d4", "e1"]);
    const theirs = await cast(cdc, ["d1", "e1", "d2"]);
    // A third department, by an admin who names it.
    const codes = (await run.gql<{ departments: { code: string }[] }>(`{ departments { code } }`, {}, admin)).data!.departments.map((d) => d.code);
    const third = codes.find((c) => c !== mine.department && c !== theirs.department)!;
    await cast(admin, ["e1", "d4"], third);
    // An officer votes only for their own department; one ballot per department per epoch (a second is refused).
    const mid = await snapshot();
    expect(codeOf(await run.gql(BALLOT, { i: { department: theirs.department, approvals: ["d3"] } }, officer))).toBe("FORBIDDEN");
    expect(codeOf(await run.gql(BALLOT, { i: { department: mine.department, approvals: ["d3"] } }, admin))).toBe("CONFLICT");
    expect(codeOf(await run.gql(BALLOT, { i: { approvals: ["d3"] } }, officer))).toBe("CONFLICT");
    expect(await snapshot()).toEqual(mid);
    expect(mid.epochs[0]!.ballots.map((b) => b.department)).toEqual([mine.department, theirs.department, third]);

    const closed = await run.gql<{ closeElectionEpoch: { closed: boolean; result: { elected: string[]; policy: string } } }>(CLOSE, { e: 1 }, admin);
    expect(closed.errors).toBeUndefined();
    const result = closed.data!.closeElectionEpoch.result;
    expect([...result.elected].sort()).toEqual(["d1", "d2", "d4", "e1"]);
    expect(result.policy).toContain("group delegates 3 ");
    electedPolicy = result.policy;
    const after = await snapshot();
    // A second close of the same epoch: CONFLICT, and no second result.
    expect(codeOf(await run.gql(CLOSE, { e: 1 }, admin))).toBe("CONFLICT");
    expect(codeOf(await run.gql(CLOSE, { e: 3 }, admin))).toBe("CONFLICT");
    expect((await snapshot()).epochs).toEqual(after.epochs);
    expect(after.epochs.map((e) => [e.epoch, e.closed])).toEqual([
      [2, false],
      [1, true],
    ]);
  }, 300_000);

  it("switches at the first checkpoint with the result that A finalises: A judges up to it, B after it", async () => {
    const switchSize = await until("the switch checkpoint", async () => (await epochs())[1]!.result!.switchSize, 60_000);
    const resultIndex = (await epochs())[1]!.result!.entryIndex;
    expect(switchSize).toBeGreaterThan(resultIndex);
    // Before and at the switch: final with A's cosignatures (d5 down), judged by A.
    for (const size of [sizeBeforeElection, switchSize]) {
      const cp = await checkpoint(size);
      expect(cp.final).toBe(true);
      expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(["d1", "d2", "d3", "d4"]);
      expect(cp.finality.missing).toEqual(["d5"]);
    }
    // After it, the elected set cosigns and judges: e1 is in, d3 and d5 no longer count.
    const size = await write();
    const cp = await until("B's cosignatures", async () => {
      const c = await checkpoint(size);
      return c.cosignatures.length === 4 && c;
    });
    expect(cp.final).toBe(true);
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(["d1", "d2", "d4", "e1"]);
    expect(cp.note).toContain("\u2014 e1.vigil.test ");
    expect(cp.note).not.toContain("\u2014 d3.vigil.test ");
    const s = await status();
    expect(s.delegates.map((d) => d.name).sort()).toEqual(["d1", "d2", "d4", "e1"]);
    expect(s.latestFinalCheckpoint?.size).toBe(size);
  }, 120_000);

  it("after the switch, losing a member of A that is not in B changes nothing; losing two of B is not final", async () => {
    await witnesses[2]!.kill9();
    const size = await write();
    // Final with B's four although A would now have only three (d1, d2, d4) of its five. B's quorum is three, so
    // the checkpoint can be final before the fourth cosignature arrives: wait for all four, then judge.
    const cp = await until("finality under B without d3", async () => {
      const c = await checkpoint(size);
      return c.cosignatures.length === 4 && c;
    });
    expect(cp.final).toBe(true);
    expect(cp.cosignatures.map((c) => c.name).sort()).toEqual(["d1", "d2", "d4", "e1"]);
    expect(cp.finality.missing).toEqual([]);
    const finalBefore = (await status()).latestFinalCheckpoint!.size;
    expect(finalBefore).toBe(size);

    await witnesses[3]!.kill9();
    await e1.kill9();
    const next = await write();
    await until("d4's and e1's failures", async () => {
      const st = await status();
      return st.delegates.filter((d) => d.lastError?.startsWith(`checkpoint ${next}:`)).length === 2;
    });
    const not = await checkpoint(next);
    expect(not.final).toBe(false);
    // Missing in the elected policy's order (most approved first).
    expect([...not.finality.missing].sort()).toEqual(["d4", "e1"]);
    expect(not.finality.reason).toBe(`delegates needs 3 cosignatures and has 2; missing: ${not.finality.missing.join(", ")}`);
    expect((await status()).latestFinalCheckpoint?.size).toBe(finalBefore);

    // e1 comes back on its port: final again with d1, d2, e1.
    const logVkey = encodeVerifierKey(ORIGIN, rawEd25519(run.vigil.services.keys.logPublic));
    e1 = await startWitness(
      ["--data", path.join(dataDir, "nodes", "e1"), "--log-vkey", logVkey, "--name", "e1.vigil.test", "--port", new URL(e1.url).port],
      {},
      { timeoutMs: 200_000 },
    );
    running.push(e1);
    await until("e1's catch-up", async () => (await checkpoint(next)).final);
  }, 300_000);

  it("hands out proofs that carry the cosigned checkpoint, and `log check --policy` judges their finality offline", async () => {
    const size = (await status()).latestCheckpoint.size;
    await run.stop();
    for (const w of witnesses) if (w.child.exitCode === null) await w.kill9();
    const env = { VIGIL_DATA_DIR: dataDir, ...(run.databaseUrl && { DATABASE_URL: run.databaseUrl }) };
    const proved = await ledger(["prove", String(size - 1)], env);
    expect(proved.code).toBe(0);
    const file = path.join(dataDir, "proof.json");
    writeFileSync(file, proved.stdout);
    const checkpointNote = JSON.parse(proved.stdout).checkpoint as string;
    // The latest checkpoint is after the election's switch: cosigned by d1, d2 and e1 of the elected set.
    for (const n of ["d1", "d2", "e1"]) expect(checkpointNote).toContain(`\u2014 ${n}.vigil.test `);
    const elected = path.join(dataDir, "elected.policy");
    writeFileSync(elected, electedPolicy);
    const ok = await ledger(["check", file, "--policy", elected]);
    expect([ok.code, ok.stdout.trim()]).toEqual([0, "OK: the entry is in the log under a checkpoint signed by the log key and final under the policy"]);
    // Judged by the set before the election, it is not final: the policy in force at the size matters.
    const old = await ledger(["check", file, "--policy", path.join(dataDir, "delegates.policy")]);
    expect([old.code, old.stdout.trim()]).toEqual([
      1,
      "FAILED: the checkpoint is not final under the policy: delegates needs 4 cosignatures and has 2; missing: d3, d4, d5",
    ]);
    // The same proof under a stricter policy (four of the four): not final, and why.
    const strict = path.join(dataDir, "strict.policy");
    writeFileSync(strict, electedPolicy.replace("group delegates 3", "group delegates 4"));
    const refused = await ledger(["check", file, "--policy", strict]);
    expect([refused.code, refused.stdout.trim()]).toEqual([
      1,
      "FAILED: the checkpoint is not final under the policy: delegates needs 4 cosignatures and has 3; missing: d4",
    ]);
  }, 300_000);
});

const CLI = path.resolve(import.meta.dirname, "../scripts/ledger.ts");
function ledger(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", CLI, ...args], { env: { PATH: process.env.PATH, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}
