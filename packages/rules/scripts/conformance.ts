/**
 * Prints the CEL conformance table of the README: for each converted cel-spec file, how many
 * applicable cases each candidate library passes, and how Vigil (the winner behind its publication
 * check) handles them: refused at publication, or evaluated — and then whether it passed.
 *
 *   npm run conformance -w @vigil/rules          (add --failures to list every failing case)
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBufbuild, runCelJs, runVigil } from "../test/cel-harness.ts";
import type { VectorFile } from "../test/vectors/types.ts";
import { VECTOR_FILES } from "./cel-vectors.ts";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../test/vectors");
const showFailures = process.argv.includes("--failures");
const rows: string[][] = [];
const total = [0, 0, 0, 0, 0, 0, 0];
for (const f of VECTOR_FILES) {
  const v = JSON.parse(readFileSync(join(dir, `${f}.json`), "utf8")) as VectorFile;
  const cases = v.cases.filter((c) => !c.notApplicable);
  let a = 0;
  let b = 0;
  let refused = 0;
  let vigil = 0;
  for (const c of cases) {
    const x = runCelJs(c);
    const y = runBufbuild(c);
    const z = runVigil(c);
    if (x.ok) a++;
    if (y.ok) b++;
    if ("refused" in z) refused++;
    else if (z.ok) vigil++;
    if (showFailures) {
      if (!x.ok) console.log(`cel-js   ${f}/${c.section}/${c.name}: ${x.why}`);
      if (!y.ok) console.log(`bufbuild ${f}/${c.section}/${c.name}: ${y.why}`);
      if (!("refused" in z) && !z.ok) console.log(`vigil    ${f}/${c.section}/${c.name}: ${z.why}`);
    }
  }
  const n = [v.cases.length, v.cases.length - cases.length, a, b, refused, cases.length - refused, vigil];
  n.forEach((x, i) => {
    total[i]! += x;
  });
  rows.push([f, ...n.map(String)]);
}
rows.push(["total", ...total.map(String)]);
const head = ["file", "cases", "n/a (protobuf)", "cel-js 8.0.0 pass", "@bufbuild/cel 0.6.1 pass", "Vigil: refused", "Vigil: evaluated", "Vigil: passed"];
console.log(`| ${head.join(" | ")} |`);
console.log(`|${head.map((_, i) => (i ? " ---: " : " --- ")).join("|")}|`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
