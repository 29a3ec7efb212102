// The portal's generated GraphQL types (lib/gql/) are checked in: this fails when they are stale, or when an
// operation in the portal no longer validates against /schema.graphql. Fix: `npm run portal:codegen`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "@graphql-codegen/cli";
import config, { DOCUMENTS, OUTPUT } from "../codegen.ts";

const WEB = path.resolve(import.meta.dirname, "..");
const CHECKED_IN = path.join(WEB, OUTPUT);
const tmp = mkdtempSync(path.join(tmpdir(), "vigil-codegen-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run codegen from the same config into a temporary folder (nothing is written). */
async function regenerate(documents: string[] = DOCUMENTS) {
  const [target] = Object.values(config.generates);
  const out = `${path.join(tmp, "gql")}/`;
  const files = (await generate({ ...config, documents, generates: { [out]: target! }, silent: true }, false)) as { filename: string; content: string }[];
  return new Map<string, string>(files.map((f) => [path.relative(out, f.filename), f.content]));
}

describe("portal GraphQL codegen", () => {
  it("lib/gql/ is what codegen makes from schema.graphql and the portal's operations", async () => {
    const fresh = await regenerate();
    const present = readdirSync(CHECKED_IN).sort();
    expect(present, "files in apps/web/lib/gql/ (run npm run portal:codegen)").toEqual([...fresh.keys()].sort());
    for (const [name, content] of fresh) {
      expect(readFileSync(path.join(CHECKED_IN, name), "utf8"), `apps/web/lib/gql/${name} is stale: run npm run portal:codegen`).toBe(content);
    }
  }, 60_000);

  it("refuses an operation that does not validate against the schema", async () => {
    const bad = path.join(tmp, "bad-operation.ts");
    writeFileSync(bad, 'import { graphql } from "./gql";\nexport const BAD = graphql(`query Bad { logHead { sizeInBytes } }`);\n');
    await expect(regenerate([...DOCUMENTS, bad])).rejects.toThrow(/sizeInBytes|logHead/);
  }, 60_000);
});
