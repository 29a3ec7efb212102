/**
 * Seeds one demo installation to copy from (run by global-setup.ts in its own process, once per test run).
 * It is the real first start — `createVigil` with the default config — so a copy of its data directory (PGlite
 * files, keys.json, demo-logins.json) or of its PostgreSQL database is what every test's own first start made.
 * Usage: tsx apps/api/test/seed-template.ts <dataDir> [postgresql://…]
 */
import { createVigil } from "../src/app.ts";
import { configFromEnv } from "../src/config.ts";
import { TEST_SEED_CONFIG } from "./seed-config.ts";

const [dataDir, databaseUrl] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: seed-template.ts <dataDir> [databaseUrl]");
// The e2e template seeds as its portals do (their VIGIL_* env); the integration templates as startVigil does.
const seedEnv = process.env.VIGIL_TEST_SEED_ENV ? (JSON.parse(process.env.VIGIL_TEST_SEED_ENV) as Record<string, string>) : null;
const config = seedEnv ? configFromEnv(seedEnv) : { ...configFromEnv({}), ...TEST_SEED_CONFIG };
const vigil = await createVigil({ ...config, port: 0, dataDir, databaseUrl }, () => {});
// A clean close: PGlite's files are consistent and no connection keeps the PostgreSQL template busy.
await vigil.close();
