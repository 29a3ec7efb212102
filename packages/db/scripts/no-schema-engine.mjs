#!/usr/bin/env node
// Stand-in for Prisma's native schema engine: migrations run in-process through the wasm engine instead.
console.error("Vigil runs migrations with `npm run db:migrate` / `npm run db:diff` (wasm engine); the native schema engine is not used.");
process.exit(1);
