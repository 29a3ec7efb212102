import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadKeyRing } from "../src/keys.ts";

const run = promisify(execFile);
const LOADER = path.join(import.meta.dirname, "fixtures/key-loader.ts");

describe("the key file shared by several processes", () => {
  it("6 processes starting at once on an empty directory all sign with one log key, and every department key they add is kept", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vigil-keys-race-"));
    const outs = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        run(process.execPath, ["--import", "tsx", LOADER], { env: { ...process.env, VIGIL_KEYS_DIR: dir, VIGIL_KEYS_FILE: "", DEPARTMENT: `D${i % 3}` } }),
      ),
    );
    const seen = outs.map((o) => JSON.parse(o.stdout) as { log: string; dept: string });
    expect(new Set(seen.map((s) => s.log)).size).toBe(1);
    const after = loadKeyRing(dir);
    expect(after.logPublic.export({ format: "jwk" }).x).toBe(seen[0]!.log);
    // Two processes asked for each department: both got the key that is in the file now.
    seen.forEach((s, i) => expect(after.departmentPublicJwk(`D${i % 3}`).x, `process ${i}`).toBe(s.dept));
    expect(readdirSync(dir)).toEqual(["keys.json"]); // no temporary or lock file left behind
  });

  it("a key file from before the medical secrets gets one pseudonym key and one re-identification key, even when 4 processes upgrade it at once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vigil-keys-upgrade-"));
    const first = loadKeyRing(dir);
    const file = path.join(dir, "keys.json");
    const old = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    for (const k of ["pseudonym", "reidentification", "patientWrap", "encryption"]) delete old[k];
    writeFileSync(file, JSON.stringify(old), { mode: 0o600 });
    const outs = await Promise.all(
      [0, 1, 2, 3].map(() =>
        run(process.execPath, ["--import", "tsx", LOADER], { env: { ...process.env, VIGIL_KEYS_DIR: dir, VIGIL_KEYS_FILE: "", DEPARTMENT: "D0" } }),
      ),
    );
    const seen = outs.map((o) => JSON.parse(o.stdout) as { log: string; pseudonym: string; reid: string });
    expect(new Set(seen.map((s) => s.pseudonym)).size).toBe(1);
    expect(new Set(seen.map((s) => s.reid)).size).toBe(1);
    // The old keys were kept, the new secrets are 32 bytes and differ from the replaced file's.
    expect(seen[0]!.log).toBe(first.logPublic.export({ format: "jwk" }).x);
    const after = loadKeyRing(dir);
    expect(after.pseudonymKey.length).toBe(32);
    expect(Buffer.from(after.pseudonymKey).toString("base64url")).toBe(seen[0]!.pseudonym);
    expect(Buffer.from(after.pseudonymKey).equals(Buffer.from(first.pseudonymKey))).toBe(false);
    expect(after.patientWrap.length).toBe(32);
    expect(readdirSync(dir)).toEqual(["keys.json"]);
  });
});
