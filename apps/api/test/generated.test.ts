import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { pendingSchemaChanges, pgliteFactory, SCHEMA_PATH } from "@vigil/db";
import { printSchemaSdl } from "../src/schema-sdl.ts";

const root = path.resolve(import.meta.dirname, "../../..");

function files(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) for (const [k, v] of files(p, base)) out.set(k, v);
    else out.set(path.relative(base, p), readFileSync(p, "utf8"));
  }
  return out;
}

describe("checked-in generated files", () => {
  it("schema.graphql matches the resolvers (run `npm run schema:emit`)", async () => {
    expect(readFileSync(path.join(root, "schema.graphql"), "utf8")).toBe(await printSchemaSdl());
  });

  it("the Prisma client matches prisma/schema.prisma (run `npm run db:generate`)", () => {
    // Same relative layout as the repo: the generated client embeds the schema text, output path included.
    const tmp = mkdtempSync(path.join(tmpdir(), "vigil-prisma-"));
    mkdirSync(path.join(tmp, "prisma"));
    writeFileSync(path.join(tmp, "prisma/schema.prisma"), readFileSync(SCHEMA_PATH, "utf8"));
    execFileSync(path.join(root, "node_modules/.bin/prisma"), ["generate", "--schema", path.join(tmp, "prisma/schema.prisma")], { cwd: root, stdio: "pipe" });
    const fresh = files(path.join(tmp, "packages/db/src/generated"));
    const committed = files(path.join(root, "packages/db/src/generated"));
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, text] of fresh) expect(committed.get(name), name).toBe(text);
  });

  it("prisma/migrations produce exactly prisma/schema.prisma (run `npm run db:diff -- <name>`)", async () => {
    const shadowHost = new PGlite();
    try {
      expect(await pendingSchemaChanges(pgliteFactory(shadowHost, { forSchemaEngine: true }))).toBe("");
    } finally {
      await shadowHost.close();
    }
  });
});
