import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI would download a native schema engine, which this network cannot reach. We only use the
// CLI for `generate`; migrations run through the wasm engine in-process (packages/db/src/migrate.ts).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "packages/db/scripts/no-schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
