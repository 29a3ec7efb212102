import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeCheckpoint, encodeVerifierKey, generateLogKey, hashLeaf, inclusionProof, rootFromLeafHashes, signCheckpoint, toBase64, toHex } from "@vigil/log";

// The log CLI's command line, without a database: usage errors must exit 2 before anything opens one.
const CLI = path.resolve(import.meta.dirname, "../scripts/ledger.ts");

function ledger(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; dataDir: string }> {
  return ledgerWith({}, ...args);
}

function ledgerWith(extra: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; dataDir: string }> {
  // No DATABASE_URL: a command that got as far as opening the database would create PGlite files here.
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-cli-"));
  const env = { PATH: process.env.PATH, VIGIL_DATA_DIR: dataDir, ...extra };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", CLI, ...args], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr, dataDir });
    });
  });
}

describe("ledger CLI flags (strict)", () => {
  it("refuses an unknown flag with exit 2, naming it and showing usage, before opening any database", async () => {
    const r = await ledger("verify", "--no-signature");
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("ledger: unknown option '--no-signature'");
    expect(r.stderr).toMatch(/^usage: npm run ledger -- <command>$/m);
    expect(r.stdout).toBe("");
    expect(readdirSync(r.dataDir)).toEqual([]);
  });

  it("prints usage on --help and exits 0", async () => {
    const r = await ledger("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run ledger -- <command>\n {2}verify \[--no-signatures\]/);
    expect(r.stderr).toBe("");
  });

  it.each([
    [["frobnicate"], 'ledger: unknown command "frobnicate"'],
    [[], "ledger: no command given"],
    [["prove"], "ledger: prove takes one argument, got 0"],
    [["prove", "12abc"], 'ledger: prove: "12abc" is not an entry index'],
    [["prove", "3", "--no-signatures"], "ledger: --no-signatures applies to verify only"],
    [["verify", "extra"], "ledger: verify takes no arguments, got 1"],
    [["verify", "--vkey", "x"], "ledger: --vkey applies to check only"],
    [["vkey"], "no key file yet: start the API once (it creates the keys), or set VIGIL_KEYS_FILE"],
  ])("refuses %j with exit 2", async (args, message) => {
    const r = await ledger(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(message);
    expect(readdirSync(r.dataDir)).toEqual([]);
  });
});

describe("ledger check names the typed reason (offline, a proof file made here)", () => {
  const origin = "vigil.example/log";
  const key = generateLogKey();
  const payloads = Array.from({ length: 13 }, (_, i) => new TextEncoder().encode(JSON.stringify({ seq: i })));
  const leaves = payloads.map(hashLeaf);
  const checkpoint = signCheckpoint(encodeCheckpoint({ origin, size: 13, root: rootFromLeafHashes(leaves) }), { name: origin, privateKey: key.privateKey });
  const good = {
    origin,
    verifierKey: encodeVerifierKey(origin, key.publicKey),
    checkpoint,
    index: 5,
    treeSize: 13,
    payload: toBase64(payloads[5]!),
    leafHash: toHex(leaves[5]!),
    proof: inclusionProof(5, leaves).map(toHex),
  };
  const dir = mkdtempSync(path.join(tmpdir(), "vigil-cli-proof-"));
  const check = (name: string, file: object) => {
    const at = path.join(dir, `${name}.json`);
    writeFileSync(at, JSON.stringify(file));
    return ledger("check", at);
  };

  it("accepts the genuine proof", async () => {
    expect(await check("good", good)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: the entry is in the log/) });
  });

  it.each([
    [
      "a sibling hash changed",
      { proof: [good.proof[0], "00".repeat(32), ...good.proof.slice(2)] },
      /^FAILED: the inclusion proof does not lead to the checkpoint's root \(root-mismatch: /,
    ],
    [
      "a hash dropped",
      { proof: good.proof.slice(1) },
      /^FAILED: the inclusion proof does not lead to the checkpoint's root \(wrong-proof-size: the proof has 3 hashes; these sizes need 4\)/,
    ],
    ["an index beyond the tree", { index: 13 }, /\(index-out-of-range: index 13 is outside a tree of size 13\)/],
    [
      "the checkpoint edited",
      { checkpoint: checkpoint.replace("\n13\n", "\n14\n"), treeSize: 14 },
      /^FAILED: the checkpoint does not verify with the log key \(bad-signature: /,
    ],
    ["another log's key", { verifierKey: encodeVerifierKey(origin, generateLogKey().publicKey) }, /\(unknown-key: /],
  ])("refuses %s with exit 1", async (name, change, reason) => {
    const r = await check(name.replaceAll(" ", "-"), { ...good, ...change });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(reason);
  });

  const pinned = encodeVerifierKey(origin, key.publicKey);
  // What anyone can make: their own key, their own checkpoint over their own entries, their key in the file.
  const forger = generateLogKey();
  const forgedPayloads = payloads.map((p, i) => (i === 5 ? new TextEncoder().encode(JSON.stringify({ seq: 5, forged: true })) : p));
  const forgedLeaves = forgedPayloads.map(hashLeaf);
  const forged = {
    ...good,
    verifierKey: encodeVerifierKey(origin, forger.publicKey),
    checkpoint: signCheckpoint(encodeCheckpoint({ origin, size: 13, root: rootFromLeafHashes(forgedLeaves) }), { name: origin, privateKey: forger.privateKey }),
    payload: toBase64(forgedPayloads[5]!),
    leafHash: toHex(forgedLeaves[5]!),
    proof: inclusionProof(5, forgedLeaves).map(toHex),
  };
  const checkWith = (name: string, file: object, args: string[], env: Record<string, string> = {}) => {
    const at = path.join(dir, `${name}.json`);
    writeFileSync(at, JSON.stringify(file));
    return ledgerWith(env, "check", at, ...args);
  };

  it("without a pinned key, accepts a self-consistent forgery, and warns that it trusted the file's key", async () => {
    const r = await checkWith("forged-unpinned", forged, []);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: no pinned log key .* trusting the key inside the file/);
  });

  it("with --vkey, accepts the genuine proof and refuses the forgery: the key inside the file is not trusted", async () => {
    expect(await checkWith("good-pinned", good, ["--vkey", pinned])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^OK: .* signed by the pinned log key/),
      stderr: "",
    });
    const r = await checkWith("forged-pinned", forged, ["--vkey", pinned]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: the checkpoint does not verify with the pinned log key \(unknown-key: .*\); the file names another key/);
  });

  it("pins from VIGIL_LOG_VKEY, or from a file named by --vkey", async () => {
    expect((await checkWith("forged-env", forged, [], { VIGIL_LOG_VKEY: pinned })).code).toBe(1);
    const keyFile = path.join(dir, "log.vkey");
    writeFileSync(keyFile, `${pinned}\n`);
    expect((await checkWith("forged-keyfile", forged, ["--vkey", keyFile])).code).toBe(1);
    expect((await checkWith("good-keyfile", good, ["--vkey", keyFile])).code).toBe(0);
  });

  it("calls a malformed pinned key a usage error (exit 2)", async () => {
    const r = await checkWith("good-badpin", good, ["--vkey", "not-a-key"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--vkey "not-a-key" is neither a verifier key/);
  });

  it("calls a file that is not a proof file a usage error (exit 2)", async () => {
    const r = await check("not-a-proof", { hello: "world" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a proof file \(verifierKey, checkpoint, payload, leafHash, index, treeSize, proof missing/);
  });
});
