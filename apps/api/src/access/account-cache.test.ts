import { describe, expect, it } from "vitest";
import { AccountCache } from "./account-cache.ts";

/** A read that answers when told, with the value the "database" holds at that moment. */
function store() {
  const rows = new Map<number, string>([[1, "v1"]]);
  let reads = 0;
  const pending: (() => void)[] = [];
  return {
    rows,
    reads: () => reads,
    read: (id: number) => async () => {
      reads++;
      return rows.get(id);
    },
    slowRead: (id: number) => () =>
      new Promise<string | undefined>((resolve) => {
        reads++;
        const seen = rows.get(id);
        pending.push(() => resolve(seen));
      }),
    answer: () => pending.shift()!(),
  };
}

describe("AccountCache", () => {
  it("keeps an account only while listening, and reads again after its change is told", async () => {
    const db = store();
    const cache = new AccountCache<string>();
    expect(await cache.get(1, db.read(1))).toBe("v1");
    expect(await cache.get(1, db.read(1))).toBe("v1");
    expect(db.reads()).toBe(2); // not listening: nothing kept
    cache.state(true);
    await cache.get(1, db.read(1));
    await cache.get(1, db.read(1));
    expect(db.reads()).toBe(3);
    db.rows.set(1, "v2");
    expect(await cache.get(1, db.read(1))).toBe("v1"); // untold: kept
    cache.changed("User:1");
    expect(await cache.get(1, db.read(1))).toBe("v2");
    expect(db.reads()).toBe(4);
  });

  it("a department change, a local change and a lost connection drop what is kept", async () => {
    const db = store();
    const cache = new AccountCache<string>();
    cache.state(true);
    await cache.get(1, db.read(1));
    db.rows.set(1, "v2");
    cache.changed("Department:7");
    expect(await cache.get(1, db.read(1))).toBe("v2");
    db.rows.set(1, "v3");
    cache.forget(1);
    expect(await cache.get(1, db.read(1))).toBe("v3");
    db.rows.set(1, "v4");
    cache.state(false);
    expect(await cache.get(1, db.read(1))).toBe("v4");
    cache.state(true);
    expect(await cache.get(1, db.read(1))).toBe("v4");
  });

  it("does not keep a read that was under way when a change was told, nor an absent account", async () => {
    const db = store();
    const cache = new AccountCache<string>();
    cache.state(true);
    const early = cache.get(1, db.slowRead(1)); // reads v1…
    db.rows.set(1, "v2");
    cache.changed("User:1"); // …while the change commits and is told
    db.answer();
    expect(await early).toBe("v1");
    expect(await cache.get(1, db.read(1))).toBe("v2");
    expect(await cache.get(2, db.read(2))).toBeUndefined();
    db.rows.set(2, "new");
    expect(await cache.get(2, db.read(2))).toBe("new");
  });
});
