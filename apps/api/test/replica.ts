import { execFile } from "node:child_process";
import { appendFileSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** A free TCP port on loopback (the OS picks it; nothing else binds it in the moment before we do). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Replica {
  port: number;
  /** `primaryUrl` with the replica's port: the same database, read from the standby. */
  urlFor(primaryUrl: string): string;
  /** Stop and resume WAL replay, so a test can hold the replica behind the primary for as long as it needs. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const REPLICATION_RULE = "host replication all 127.0.0.1/32 trust";

/**
 * A streaming read replica of the PostgreSQL server behind `adminUrl`, as a real second cluster on loopback:
 * `pg_basebackup -R` (standby.signal + primary_conninfo) into a directory under /tmp, started with pg_ctl on a
 * free port (chosen by the caller, so processes that will read from it can start meanwhile). PostgreSQL refuses to run as root, so as root the cluster is the `postgres` OS user's.
 *
 * The primary must accept replication connections from loopback. The test machines trust every local
 * connection but have no `replication` line (pg_hba's "all" does not cover it); this adds one, once, and reloads
 * the configuration — the one change this makes to the running server (idempotent: the line is added only
 * when missing).
 */
export async function startReplica(adminUrl: string, port: number): Promise<Replica> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const hba = (await admin.query<{ hba_file: string }>("SHOW hba_file")).rows[0]!.hba_file;
    const lines = readFileSync(hba, "utf8")
      .split("\n")
      .map((l) => l.trim().replace(/\s+/g, " "));
    if (!lines.includes(REPLICATION_RULE)) {
      appendFileSync(hba, `\n# added by Vigil's replica test (apps/api/test/replica.ts)\n${REPLICATION_RULE}\n`);
      await admin.query("SELECT pg_reload_conf()");
    }
  } finally {
    await admin.end();
  }
  const primary = new URL(adminUrl);
  const asRoot = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", cmd, ...args]) : run(cmd, args));
  const dir = mkdtempSync("/tmp/vigil-replica-");
  const data = path.join(dir, "data");
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number((await run("id", ["-g", "postgres"])).stdout.trim()));
  }
  await as("pg_basebackup", [
    "-h",
    primary.hostname,
    "-p",
    primary.port || "5432",
    "-U",
    primary.username || "postgres",
    "-D",
    data,
    "-R",
    "-X",
    "stream",
    "-c",
    "fast",
  ]);
  // Debian keeps the server's configuration outside its data directory: the copy gets its own, minimal one.
  // Settings the standby must match (max_connections, …) are left at their defaults, which equal the primary's.
  writeFileSync(
    path.join(data, "postgresql.conf"),
    [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, "hot_standby = on", "fsync = off", "shared_buffers = 16MB"].join(
      "\n",
    ),
  );
  writeFileSync(path.join(data, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
  writeFileSync(path.join(data, "pg_ident.conf"), "");
  if (asRoot) await run("chown", ["-R", "postgres:postgres", dir]);
  await as("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "60", "start"]);
  const urlFor = (primaryUrl: string) => {
    const u = new URL(primaryUrl);
    u.port = String(port);
    return u.toString();
  };
  const sql = async (q: string) => {
    const c = new pg.Client({ connectionString: urlFor(adminUrl) });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  return {
    port,
    urlFor,
    pause: () => sql("SELECT pg_wal_replay_pause()"),
    resume: () => sql("SELECT pg_wal_replay_resume()"),
    async stop() {
      await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
