// npm run schema:emit — writes schema.graphql from the type-graphql resolvers (the checked-in contract).
// `--check` exits 1 when the checked-in file is stale instead of writing it.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { printSchemaSdl } from "../src/schema-sdl.ts";

const file = path.resolve(import.meta.dirname, "../../../schema.graphql");
const sdl = await printSchemaSdl();
if (process.argv.includes("--check")) {
  const current = (() => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return "";
    }
  })();
  if (current !== sdl) {
    console.error("schema.graphql is stale: run `npm run schema:emit`");
    process.exit(1);
  }
  console.log("schema.graphql is up to date");
} else {
  writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}
