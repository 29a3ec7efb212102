import { describe, expect, it } from "vitest";
import type { RawSql } from "@vigil/db";
import { SharedLogState } from "./log-state.ts";

/** A log whose head read answers only when told to, with the size at the moment the read was sent. */
function slowLog() {
  let size = 1;
  const sent: { at: number; answer: () => void }[] = [];
  const raw: RawSql = {
    query: <T>() =>
      new Promise<T[]>((resolve) => {
        const at = size;
        sent.push({ at, answer: () => resolve([{ index: at - 1, leafHash: new Uint8Array([at]) }] as T[]) });
      }),
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return { raw, sent, grow: () => size++, settle };
}

describe("log-state reads shared by waiting requests", () => {
  it("sends one read for a burst, and never answers a request with a read sent before it asked", async () => {
    const log = slowLog();
    const shared = new SharedLogState(log.raw);
    const first = shared.read();
    await log.settle();
    expect(log.sent).toHaveLength(1);
    // A write is acknowledged after the first read went out; these requests come after it.
    log.grow();
    const burst = [shared.read(), shared.read(), shared.read()];
    await log.settle();
    expect(log.sent).toHaveLength(1); // they wait for the read in flight to come back…
    log.sent[0]!.answer();
    expect((await first).size).toBe(1);
    await log.settle();
    expect(log.sent).toHaveLength(2); // …then share one new read, sent after they asked
    log.sent[1]!.answer();
    for (const s of await Promise.all(burst)) expect(s.size).toBe(2);
  });

  it("passes a failed read to the requests that shared it, and reads again for the next", async () => {
    let fail = true;
    const raw: RawSql = {
      query: async <T>() => {
        if (fail) throw new Error("connection lost");
        return [{ index: 4, leafHash: new Uint8Array([9]) }] as T[];
      },
    };
    const shared = new SharedLogState(raw);
    await expect(Promise.all([shared.read(), shared.read()])).rejects.toThrow("connection lost");
    fail = false;
    expect((await shared.read()).size).toBe(5);
  });
});
