export { openDatabase, type Database, type NotificationHandlers, type OpenOptions, type RawSql, type ReadReplica, type Session } from "./database.ts";
export { BinaryCopyReader, CopyFormatError } from "./copy-binary.ts";
export { dataDir } from "./data-dir.ts";
export { DirectoryLockedError, lockDirectory } from "./lock.ts";
export { isPostgresUrl, pgliteFactory, postgresFactory } from "./adapter.ts";
export { applyMigrations, createMigration, pendingSchemaChanges, MIGRATIONS_DIR, SCHEMA_PATH } from "./migrate.ts";
export * from "./generated/client.ts";
