// One appender process for the parallel row of bench/ledger.ts.
import { openDatabase } from "@vigil/db";
import { loadKeyRing } from "../src/keys.ts";
import { LogStore } from "../src/log/store.ts";

const count = Number(process.env.COUNT),
  batch = Number(process.env.BATCH);
const db = await openDatabase({ url: process.env.DATABASE_URL, migrate: false });
const log = new LogStore(db, loadKeyRing(process.env.VIGIL_KEYS_DIR!), "vigil.example/log");
for (let done = 0; done < count; done += batch) {
  const items = Array.from({ length: Math.min(batch, count - done) }, (_, i) => ({
    kind: "bench",
    departmentCode: null,
    departmentId: null,
    body: { pid: process.pid, seq: done + i, note: "x".repeat(40) },
  }));
  await log.write(({ append }) => append(items), { timeout: 120_000 });
}
log.close();
await db.close();
process.exit(0);
