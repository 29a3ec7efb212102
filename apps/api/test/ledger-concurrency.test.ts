import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@vigil/db";
import { verifyConsistency } from "@vigil/log";
import { loadKeyRing } from "../src/keys.ts";
import { LogStore } from "../src/log/store.ts";
import { auditLog } from "../src/log/audit.ts";
import { freshPostgres } from "./harness.ts";

const WRITER = path.join(import.meta.dirname, "fixtures/append-writer.ts");

interface Writer {
  acks: number[];
  done: Promise<number | null>;
  kill(): void;
}

function startWriter(env: Record<string, string>, onAck?: (n: number) => void): Writer {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const acks: number[] = [];
  let buf = "",
    err = "";
  child.stdout.on("data", (d) => {
    buf += d;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith("ACK ")) {
        const n = Number(line.slice(4));
        acks.push(n);
        onAck?.(acks.length);
      }
    }
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  const done = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => {
      if (code && code !== 0) console.error(err);
      resolve(signal ? null : code);
    }),
  );
  return { acks, done, kill: () => child.kill("SIGKILL") };
}

async function prepare(backend: "pglite" | "postgres") {
  const keysDir = mkdtempSync(path.join(tmpdir(), "vigil-keys-"));
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-data-"));
  const databaseUrl = backend === "postgres" ? await freshPostgres() : undefined;
  const db = await openDatabase({ url: databaseUrl, dataDir });
  await db.close();
  return {
    keysDir,
    dataDir,
    databaseUrl,
    env: { VIGIL_KEYS_DIR: keysDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { VIGIL_DATA_DIR: dataDir, DATABASE_URL: "" }) },
  };
}

describe("log sequencing across processes", () => {
  it("4 processes × 2,000 appends on one PostgreSQL make one log 0..7999 with every checkpoint consistent with the next", async () => {
    const { keysDir, databaseUrl, env } = await prepare("postgres");
    const writers = [0, 1, 2, 3].map((w) => startWriter({ ...env, WRITER: `w${w}`, COUNT: "2000", BATCH: "5", CHECKPOINT_EVERY: "250" }));
    expect(await Promise.all(writers.map((w) => w.done))).toEqual([0, 0, 0, 0]);
    const acked = writers.flatMap((w) => w.acks).sort((a, b) => a - b);
    expect(acked).toEqual(Array.from({ length: 8000 }, (_, i) => i));

    const db = await openDatabase({ url: databaseUrl, migrate: false });
    try {
      const keys = loadKeyRing(keysDir);
      const log = new LogStore(db, keys, "vigil.example/log");
      const audit = await auditLog(db, { origin: log.origin, logPublicKey: keys.logPublic });
      expect(audit.problem).toBeNull();
      expect(audit.size).toBe(8000);
      const cps = await db.prisma.checkpoint.findMany({ orderBy: { size: "asc" } });
      expect(cps.length).toBeGreaterThanOrEqual(8);
      expect(Number(cps.at(-1)!.size)).toBe(8000);
      for (let i = 1; i < cps.length; i++) {
        const [a, b] = [cps[i - 1]!, cps[i]!];
        const proof = await log.consistencyProof(Number(a.size), Number(b.size));
        expect(verifyConsistency(Number(a.size), Number(b.size), new Uint8Array(a.rootHash), new Uint8Array(b.rootHash), proof), `${a.size}→${b.size}`).toBe(
          true,
        );
      }
      // Each writer's own entries keep their order: the sequencer never reorders one client's appends.
      const rows = await db.prisma.logEntry.findMany({ orderBy: { index: "asc" }, select: { payload: true } });
      const seqs = new Map<string, number[]>();
      for (const r of rows) {
        const b = JSON.parse(new TextDecoder().decode(r.payload)).body;
        seqs.set(b.writer, [...(seqs.get(b.writer) ?? []), b.seq]);
      }
      for (const s of seqs.values()) expect(s).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    } finally {
      await db.close();
    }
  });

  it.each(["pglite", "postgres"] as const)("on %s, no acknowledged entry is lost when the writer is killed with SIGKILL", async (backend) => {
    const { keysDir, dataDir, databaseUrl, env } = await prepare(backend);
    let killAt = 0;
    const writer = startWriter({ ...env, WRITER: "crash", COUNT: "100000", BATCH: "1", CHECKPOINT_EVERY: "0" }, (n) => {
      if (n >= 300 && !killAt) {
        killAt = n;
        writer.kill();
      }
    });
    expect(await writer.done).toBeNull(); // died by the signal, not by finishing
    const acked = [...writer.acks];
    expect(acked.length).toBeGreaterThanOrEqual(300);

    // Restart as the API does: open (takes over the dead owner's lock on PGlite), then publish a checkpoint.
    const db = await openDatabase({ url: databaseUrl, dataDir, migrate: false });
    try {
      const keys = loadKeyRing(keysDir);
      const log = new LogStore(db, keys, "vigil.example/log");
      await log.publishCheckpoint();
      const stored = new Set((await db.prisma.logEntry.findMany({ select: { index: true } })).map((e) => Number(e.index)));
      expect(acked.filter((i) => !stored.has(i))).toEqual([]);
      const cp = await db.prisma.checkpoint.findFirstOrThrow({ orderBy: { size: "desc" } });
      expect(Number(cp.size)).toBeGreaterThan(Math.max(...acked));
      const audit = await auditLog(db, { origin: log.origin, logPublicKey: keys.logPublic });
      expect(audit.problem).toBeNull();
    } finally {
      await db.close();
    }
  });
});
