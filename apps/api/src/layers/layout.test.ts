import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The house rules that new layers copy: checked on the source, so a new layer that breaks them fails here.
const SRC = path.resolve(import.meta.dirname, "..");
const LAYERS = path.join(SRC, "layers");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
  });
}
const rel = (f: string) => path.relative(SRC, f);
const resolverFiles = files(SRC).filter((f) => /resolver\.ts$/.test(f));

describe("the API's layout", () => {
  it("has one folder per governance layer, each with its resolver and service", () => {
    const layers = readdirSync(LAYERS)
      .filter((n) => statSync(path.join(LAYERS, n)).isDirectory())
      .sort();
    expect(layers).toEqual(["analysis", "business", "data-support", "infrastructure", "policy"]);
    for (const layer of layers) {
      expect(statSync(path.join(LAYERS, layer, "resolver.ts")).isFile(), `${layer}/resolver.ts`).toBe(true);
      expect(statSync(path.join(LAYERS, layer, "service.ts")).isFile(), `${layer}/service.ts`).toBe(true);
    }
  });

  it("keeps the database out of resolvers: they authorise, validate, call a service and map", () => {
    expect(resolverFiles.length).toBeGreaterThanOrEqual(6);
    const offenders = resolverFiles.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .flatMap((line, i) => (/\bprisma\b|\$transaction|\$queryRaw|\$executeRaw|\.db\b|\bdb\./.test(line) ? [`${rel(f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it("lets only the log store schedule checkpoints and append, so no write can forget either", () => {
    const outside = files(SRC).filter((f) => !f.endsWith(".test.ts") && !f.startsWith(path.join(SRC, "log")));
    const offenders = outside.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .flatMap((line, i) => (/checkpointSoon|\.append\(tx\b|publishCheckpoint\(\s*\w/.test(line) ? [`${rel(f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
