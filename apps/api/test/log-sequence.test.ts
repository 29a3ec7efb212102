import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../src/log/audit.ts";
import { BACKENDS, snapshot, startVigil, type Running } from "./harness.ts";

// LogStore.sequence: the submission path's transaction (plain SQL on a session of its own on PostgreSQL, Prisma's on
// PGlite). What it commits is one log with the caller's rows; what it rolls back leaves nothing, and the next
// append (either path) still extends the same tree.
describe.each(BACKENDS)("log sequencing outside Prisma, on %s", (backend) => {
  let run: Running;
  const log = () => run.vigil.services.log;
  const audit = () => auditLog(run.vigil.db, { origin: log().origin, logPublicKey: run.vigil.services.keys.logPublic });
  const note = (text: string) => ({ kind: "note", departmentCode: null, departmentId: null, body: { text } });

  beforeAll(async () => {
    run = await startVigil(backend);
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("commits the entries with the caller's insert, returns its rows and the lock's read, and the log verifies", async () => {
    const size = await log().size();
    const out = await log().sequence(async ({ lock, appendWith }) => {
      const [read] = await lock<{ n: number }>({ sql: `SELECT $1::int + 1 AS n`, values: [41] });
      const { entries, rows } = await appendWith<{ text: string; entry: string }>([note("a"), note("b")], (indices) => ({
        sql: `SELECT t.x AS text, t.i::text AS entry FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS t(x, i, o) ORDER BY t.o`,
        values: [["a", "b"], indices.map(String)],
      }));
      return { read, entries, rows };
    });
    expect(out.read).toEqual({ n: 42 });
    expect(out.entries.map((e) => Number(e.index))).toEqual([size, size + 1]);
    expect(out.rows).toEqual([
      { text: "a", entry: String(size) },
      { text: "b", entry: String(size + 1) },
    ]);
    expect(await log().size()).toBe(size + 2);
    // The next append through Prisma's path continues the same tree.
    await log().write(({ append }) => append([note("c")]));
    await log().publishCheckpoint();
    expect((await audit()).problem).toBeNull();
  });

  it("a failure after the append rolls it back: the log and every table unchanged, and the next append still verifies", async () => {
    const before = await snapshot(run.vigil);
    await expect(
      log().sequence(async ({ append }) => {
        await append([note("doomed"), note("doomed too")]);
        throw new Error("the caller changed its mind");
      }),
    ).rejects.toThrow("the caller changed its mind");
    // A statement the database refuses also ends the transaction.
    await expect(log().sequence(({ appendWith }) => appendWith([note("bad")], () => ({ sql: `SELECT 1 / $1::int AS x`, values: [0] })))).rejects.toThrow(
      /division by zero/,
    );
    expect(await snapshot(run.vigil)).toEqual(before);
    const size = await log().size();
    const [e] = await log().sequence(({ append }) => append([note("after")]));
    expect(Number(e!.index)).toBe(size);
    await log().publishCheckpoint();
    expect((await audit()).problem).toBeNull();
  });
});
