import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// The library must run in the browser: no Node built-ins, no Buffer, no process.
// Checked two ways: statically, and by bundling for the browser and running the
// bundle in a bare V8 context that has only web-platform globals.

const srcDir = fileURLToPath(new URL("../src/", import.meta.url));
const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => ({ file: f, text: readFileSync(srcDir + f, "utf8") }));

describe("browser compatibility", () => {
  it("src imports only sibling modules and @noble packages, and uses no Node globals", () => {
    const problems: string[] = [];
    for (const { file, text } of sources) {
      for (const [, spec] of text.matchAll(/\b(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        if (!/^\.\/[\w-]+\.ts$/.test(spec) && !/^@noble\/(hashes|curves)\/[\w-]+\.js$/.test(spec)) {
          problems.push(`${file}: imports ${spec}`);
        }
      }
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""); // ignore comments
      for (const global of ["Buffer", "process", "require(", "__dirname", "import.meta"]) {
        if (code.includes(global)) problems.push(`${file}: uses ${global}`);
      }
    }
    expect(sources.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it("bundles for the browser and works in a context with only web globals", async () => {
    const result = await build({
      entryPoints: [`${srcDir}index.ts`],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "ledger",
      write: false,
      logLevel: "silent",
    });
    const bundle = result.outputFiles[0].text;
    const smoke = `
      const enc = (s) => new TextEncoder().encode(s);
      const leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .map((h) => ledger.hashLeaf(ledger.fromHex(h)));
      const root = ledger.rootFromLeafHashes(leaves);
      const key = ledger.generateLogKey();
      const body = ledger.encodeCheckpoint({ origin: "o", size: 8, root });
      const note = ledger.signCheckpoint(body, { name: "o", privateKey: key.privateKey });
      const cp = ledger.verifyCheckpoint(note, { name: "o", publicKey: key.publicKey });
      const proof = ledger.inclusionProof(5, leaves);
      ({
        root: ledger.toHex(root),
        checkpointSize: cp && cp.size,
        included: ledger.verifyInclusion(leaves[5], 5, 8, proof, root),
        json: ledger.canonicalJson({ b: [1e21, -0], a: "€" }),
        hasBuffer: typeof Buffer !== "undefined",
        hasProcess: typeof process !== "undefined",
      })`;
    const globals = {
      TextEncoder,
      TextDecoder,
      crypto: { getRandomValues: (a: Uint8Array) => crypto.getRandomValues(a) },
    };
    const out = runInNewContext(`${bundle}\n${smoke}`, globals);
    expect({ ...out }).toEqual({
      root: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
      checkpointSize: 8,
      included: true,
      json: '{"a":"€","b":[1e+21,0]}',
      hasBuffer: false,
      hasProcess: false,
    });
  });
});
