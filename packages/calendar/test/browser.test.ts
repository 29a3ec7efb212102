import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The portal parses days in the browser with this package, so it may use nothing but the language.
describe("@vigil/calendar runs anywhere", () => {
  it("imports only its own modules and uses no Node globals", () => {
    const dir = fileURLToPath(new URL("../src/", import.meta.url));
    const problems: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const code = readFileSync(dir + file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      for (const [, spec] of code.matchAll(/\b(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        if (!/^\.\/[\w-]+\.ts$/.test(spec)) problems.push(`${file}: imports ${spec}`);
      }
      for (const global of ["Buffer", "process", "require(", "__dirname", "import.meta"]) {
        if (code.includes(global)) problems.push(`${file}: uses ${global}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
