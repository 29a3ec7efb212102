import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { VECTOR_FILES } from "../scripts/cel-vectors.ts";
import { runVigil } from "./cel-harness.ts";
import type { VectorFile } from "./vectors/types.ts";

const dir = join(dirname(fileURLToPath(import.meta.url)), "vectors");

// Acceptance 1: every published cel-spec case of the supported files either passes through Vigil's
// compile-and-evaluate path or is refused at publication with the construct named — never a wrong answer.
describe.each(VECTOR_FILES)("cel-spec %s.textproto", (file) => {
  const v = JSON.parse(readFileSync(join(dir, `${file}.json`), "utf8")) as VectorFile;

  it("comes from a pinned cel-spec commit", () => {
    expect(v.source.repository).toBe("github.com/google/cel-spec");
    expect(v.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(v.source.path).toBe(`tests/simple/testdata/${file}.textproto`);
  });

  it("passes every case Vigil accepts, and names the construct of every case it refuses", () => {
    const wrong: string[] = [];
    let evaluated = 0;
    for (const c of v.cases.filter((x) => !x.notApplicable)) {
      const out = runVigil(c);
      if ("refused" in out) {
        if (out.refused === "") wrong.push(`${c.section}/${c.name}: refused without naming a construct`);
        continue;
      }
      evaluated++;
      if (!out.ok) wrong.push(`${c.section}/${c.name} (${c.expr}): ${out.why}`);
    }
    expect(wrong).toEqual([]);
    expect(evaluated).toBeGreaterThan(0);
  });
});
