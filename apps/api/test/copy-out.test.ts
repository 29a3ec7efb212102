import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BinaryCopyReader, CopyFormatError, openDatabase, type Database } from "@vigil/db";
import { freshPostgres } from "./fresh-postgres.ts";
import { BACKENDS } from "./harness.ts";

// Database.copyOut and BinaryCopyReader: the audit's bulk read. The server's own binary COPY bytes, walked field by
// field, must give back exactly what the text protocol gives for the same rows.
const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
const ROWS = `SELECT * FROM (VALUES
  (1::int2, 2147483647::int4, 9007199254740991::int8, 'plain'::text, '\\x'::bytea),
  (-2::int2, -5::int4, 0::int8, 'héllo — 你好 🦠'::text, decode('${Buffer.from(everyByte).toString("hex")}', 'hex')),
  (NULL, NULL, NULL, NULL, NULL),
  (3::int2, 4::int4, -9007199254740991::int8, ''::text, repeat('ab', 50000)::bytea)
) AS t(a, b, c, d, e)`;

describe.each(BACKENDS)("binary COPY reads on %s", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(
      backend === "postgres" ? { url: await freshPostgres(), migrate: false } : { dataDir: mkdtempSync(path.join(tmpdir(), "vigil-copy-")), migrate: false },
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it("gives back every field as the server holds it: integers, UTF-8 text, bytea (all 256 byte values, empty, 100 kB) and NULLs", async () => {
    const expected = await db.raw.query<{ a: number | null; b: number | null; c: string | null; d: string | null; e: Uint8Array | null }>(ROWS);
    const c = new BinaryCopyReader(await db.copyOut(ROWS));
    const got = [];
    while (c.next()) {
      expect(c.fields).toBe(5);
      got.push({ a: c.int(0), b: c.int(1), c: c.isNull(2) ? null : String(c.int(2)), d: c.text(3), e: c.bytes(4) });
    }
    expect(c.next()).toBe(false);
    expect(got.map((r) => ({ ...r, e: r.e && Buffer.from(r.e).toString("hex") }))).toEqual(
      expected.map((r) => ({ ...r, c: r.c === null ? null : String(r.c), e: r.e && Buffer.from(r.e).toString("hex") })),
    );
    expect(got[1]!.e).toEqual(everyByte);
    expect(got[3]!.e!.length).toBe(100_000);
  });

  it("refuses a bigint it cannot hold exactly, data cut short and bytes that are not COPY data", async () => {
    const big = new BinaryCopyReader(await db.copyOut(`SELECT 9007199254740992::int8`));
    expect(big.next()).toBe(true);
    expect(() => big.int(0)).toThrow(CopyFormatError);
    const whole = await db.copyOut(`SELECT 'abc'::text, 7::int4`);
    const cut = new BinaryCopyReader(whole.subarray(0, whole.length - 4));
    expect(() => cut.next()).toThrow(/past the data|cut short/);
    const noTrailer = new BinaryCopyReader(whole.subarray(0, whole.length - 2));
    expect(noTrailer.next()).toBe(true);
    expect(() => noTrailer.next()).toThrow(/without its trailer/);
    expect(() => new BinaryCopyReader(new TextEncoder().encode("a,b,c\n1,2,3\n"))).toThrow(/no PGCOPY signature/);
    const one = new BinaryCopyReader(whole);
    one.next();
    expect(() => one.text(2)).toThrow(RangeError);
  });

  it("a query the server refuses rejects with its error, and the next read still works", async () => {
    await expect(db.copyOut(`SELECT 1 / 0`)).rejects.toThrow(/division by zero/);
    await expect(db.copyOut(`SELECT * FROM "NoSuchTable"`)).rejects.toThrow(/does not exist/);
    const c = new BinaryCopyReader(await db.copyOut(`SELECT 42::int4`));
    expect(c.next() && c.int(0)).toBe(42);
  });
});
