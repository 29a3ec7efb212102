import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { freshPostgres, startVigil, type Running } from "./harness.ts";

/** Two stateless API instances over one PostgreSQL, events fanned out through Redis (127.0.0.1:6379). */
describe("scale-out on PostgreSQL + Redis", () => {
  let a: Running, b: Running;
  const config = { redisUrl: process.env.VIGIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379", logOrigin: `vigil.test/${process.pid}-${Date.now()}` };

  beforeAll(async () => {
    const databaseUrl = await freshPostgres();
    a = await startVigil("postgres", { databaseUrl, config });
    // Same key file (shared data directory), same database: any instance accepts any instance's tokens.
    b = await startVigil("postgres", { databaseUrl, dataDir: a.dataDir, config });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it("a subscriber on instance B hears the alert raised by a report filed on instance A", async () => {
    const officer = await a.login("officer@vigil.example");
    const watcher = await b.login("decision@vigil.example");
    const client = createClient({ url: b.url.replace("http", "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${watcher}` } });
    const received: { region: { code: string }; date: string; method: string }[] = [];
    let ready!: () => void;
    const subscribed = new Promise<void>((r) => {
      ready = r;
    });
    const got = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe<{ alertRaised: (typeof received)[number] }>(
        { query: "subscription { alertRaised { region { code } date method } }" },
        {
          next: (m) => {
            if (m.data) {
              received.push(m.data.alertRaised);
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    client.on("connected", () => setTimeout(ready, 200));
    await subscribed;
    const day = new Date(Date.parse(`${(await a.vigil.services.reports.latestDay())!}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const r = await a.gql(
      `mutation($i: CaseReportInput!) { submitCaseReport(input: $i) { id } }`,
      { i: { regionCode: "RL-01-02", date: day, newConfirmed: 5000, suspected: 0, deaths: 0, tests: 9000 } },
      officer,
    );
    expect(r.errors).toBeUndefined();
    await got;
    await client.dispose();
    expect(received[0]).toMatchObject({ region: { code: "RL-01-02" }, date: day, method: "EARS_C2" });
    // Both instances see one log.
    expect(await a.vigil.services.log.size()).toBe(await b.vigil.services.log.size());
  });

  it("refuses an anonymous subscription", async () => {
    const client = createClient({ url: b.url.replace("http", "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const error = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: "subscription { alertRaised { date } }" }, { next: () => resolve(null), error: resolve, complete: () => resolve(null) });
    });
    await client.dispose();
    // graphql-ws closes a refused connection with 4403 Forbidden.
    expect((error as { code?: number }).code).toBe(4403);
  });
});
