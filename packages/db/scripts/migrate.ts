// npm run db:migrate            apply checked-in migrations (DATABASE_URL or the embedded database)
// npm run db:diff -- <name>     write prisma/migrations/<ts>_<name> for schema.prisma changes
import { PGlite } from "@electric-sql/pglite";
import { createMigration, isPostgresUrl, openDatabase, pgliteFactory, postgresFactory } from "../src/index.ts";

const [cmd, name] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (cmd === "deploy") {
  const db = await openDatabase({ log: (l) => console.log(l) });
  console.log(`migrations up to date on ${db.backend} (${db.where})`);
  await db.close();
} else if (cmd === "create") {
  // The diff replays migrations on a shadow database: a throwaway PostgreSQL database, or in-memory PGlite.
  const mem = isPostgresUrl(url) ? undefined : new PGlite();
  const factory = isPostgresUrl(url) ? postgresFactory(url, { forSchemaEngine: true }) : pgliteFactory(mem!, { forSchemaEngine: true });
  const folder = await createMigration(factory, name ?? "migration");
  console.log(folder ? `created prisma/migrations/${folder}` : "schema.prisma matches the migrations: nothing to create");
  await mem?.close();
} else {
  console.error("usage: migrate.ts deploy | create <name>");
  process.exitCode = 2;
}
// The wasm engine leaves a ~10 s advisory-lock timer behind; do not wait for it.
process.exit();
