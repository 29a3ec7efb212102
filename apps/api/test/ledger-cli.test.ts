import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The log CLI's command line, without a database: usage errors must exit 2 before anything opens one.
const CLI = path.resolve(import.meta.dirname, "../scripts/ledger.ts");

function ledger(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; dataDir: string }> {
  // No DATABASE_URL: a command that got as far as opening the database would create PGlite files here.
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-cli-"));
  const env = { PATH: process.env.PATH, VIGIL_DATA_DIR: dataDir };
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
  ])("refuses %j with exit 2", async (args, message) => {
    const r = await ledger(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(message);
    expect(readdirSync(r.dataDir)).toEqual([]);
  });
});
