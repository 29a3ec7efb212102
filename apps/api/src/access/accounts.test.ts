import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type * as Db from "@vigil/db";
import { startVigil, type Running } from "../../test/harness.ts";
import { toAlert } from "../graphql/types.ts";
import { hashPassword } from "./password.ts";
import { issueToken } from "./token.ts";

const ME = `{ me { email role } }`;
const DISABLE = `mutation($e: String) { disableUser(email: $e) { user { email } disabledAt } }`;
const ENABLE = `mutation($e: String) { enableUser(email: $e) { user { email } disabledAt } }`;

describe("accounts: password hashing, disable and enable", () => {
  let run: Running;
  let admin: string;
  beforeAll(async () => {
    run = await startVigil("pglite");
    admin = await run.login("admin@vigil.example");
  });
  afterAll(async () => {
    await run?.stop();
  });

  const loginWith = (email: string, password: string) =>
    run.gql<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });

  it("hashes at scrypt N=2^17, r=8, p=1 and upgrades a weaker stored hash at the next successful sign-in", async () => {
    const p = run.vigil.db.prisma;
    expect((await p.user.findUniqueOrThrow({ where: { email: "decision@vigil.example" } })).passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    await p.user.create({
      data: { email: "legacy@vigil.example", name: "Legacy", role: "AUDITOR", passwordHash: await hashPassword("old secret", { N: 1 << 15, r: 8, p: 1 }) },
    });
    const before = run.vigil.services.access.metrics.rehashes;
    expect((await loginWith("legacy@vigil.example", "wrong")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await p.user.findUniqueOrThrow({ where: { email: "legacy@vigil.example" } })).passwordHash).toMatch(/^scrypt\$32768\$/);
    expect((await loginWith("legacy@vigil.example", "old secret")).data?.login.token).toBeTruthy();
    expect((await p.user.findUniqueOrThrow({ where: { email: "legacy@vigil.example" } })).passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(run.vigil.services.access.metrics.rehashes).toBe(before + 1);
    // The upgraded hash still verifies, and is not rehashed again.
    expect((await loginWith("legacy@vigil.example", "old secret")).data?.login.token).toBeTruthy();
    expect(run.vigil.services.access.metrics.rehashes).toBe(before + 1);
  });

  it("still runs one password check for an unknown account (no timing oracle)", async () => {
    const before = run.vigil.services.access.metrics.passwordChecks;
    const started = Date.now();
    expect((await loginWith("nobody@vigil.example", "whatever")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(run.vigil.services.access.metrics.passwordChecks).toBe(before + 1);
    expect(Date.now() - started).toBeGreaterThan(100); // an N=2^17 scrypt, not an early return
  });

  it("lets only an ADMIN disable an account, which refuses its earlier tokens and its sign-in; enable lets it sign in afresh", async () => {
    const officer = await run.login("officer@vigil.example");
    const notAdmin = await run.gql(DISABLE, { e: "auditor@vigil.example" }, await run.login("decision@vigil.example"));
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await run.gql(DISABLE, {}, admin)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await run.gql(DISABLE, { e: "admin@vigil.example" }, admin)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const disabled = await run.gql<{ disableUser: { user: { email: string }; disabledAt: string | null } }>(DISABLE, { e: "officer@vigil.example" }, admin);
    expect(disabled.errors).toBeUndefined();
    expect(disabled.data!.disableUser.disabledAt).toBeTruthy();
    expect((await run.gql(ME, {}, officer)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await loginWith("officer@vigil.example", "wrong")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await loginWith("officer@vigil.example", run.password)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // The portal's cookie sign-in says the same.
    const cookie = await fetch(run.url.replace(/\/graphql$/, "/auth/login"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "officer@vigil.example", password: run.password }),
    });
    expect(cookie.status).toBe(403);

    const enabled = await run.gql<{ enableUser: { disabledAt: string | null } }>(ENABLE, { e: "officer@vigil.example" }, admin);
    expect(enabled.data!.enableUser.disabledAt).toBeNull();
    expect((await run.gql(ME, {}, officer)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED"); // ended for good
    const fresh = await run.login("officer@vigil.example");
    expect((await run.gql<{ me: { email: string } }>(ME, {}, fresh)).data?.me.email).toBe("officer@vigil.example");
  });

  it("ignores X-Forwarded-For unless VIGIL_TRUST_PROXY is set: a spoofed address does not escape the address limit", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(run.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}` },
        body: JSON.stringify({ query: `mutation { login(email: "spoof${i}@vigil.example", password: "x") { token } }` }),
      });
      codes.push(String(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code));
    }
    expect(codes).toContain("RATE_LIMITED"); // eleven accounts, one real address: at most ten failures reach the check
  });
});

describe("subscriptions end with the session that opened them", () => {
  let run: Running;
  let admin: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    run = await startVigil("pglite");
    admin = await run.login("admin@vigil.example");
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await run?.stop();
  });

  type Outcome = { data: unknown[]; errors: string[]; completed: boolean };
  /** Subscribe to alertRaised with `token`; resolves once the server acknowledged the subscription. */
  async function watch(token: string) {
    const client = createClient({
      url: run.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    clients.push(client);
    const outcome: Outcome = { data: [], errors: [], completed: false };
    let settle!: () => void;
    const ended = new Promise<void>((r) => {
      settle = r;
    });
    const connected = new Promise<void>((r) => client.on("connected", () => r()));
    client.subscribe<{ alertRaised: unknown }>(
      { query: "subscription { alertRaised { region { code } date } }" },
      {
        next: (m) => {
          if (m.data) outcome.data.push(m.data.alertRaised);
          for (const e of m.errors ?? []) outcome.errors.push(String(e.extensions?.code));
        },
        error: (e) => {
          outcome.errors.push(`error:${JSON.stringify(e)}`);
          settle();
        },
        complete: () => {
          outcome.completed = true;
          settle();
        },
      },
    );
    await connected;
    await new Promise((r) => setTimeout(r, 150)); // the subscribe message has been handled
    return { outcome, ended };
  }

  /** Raise an alert event the way the analysis layer does (through its listeners, into the event bus). */
  async function raiseAlert() {
    const p = run.vigil.db.prisma;
    const alert = await p.alert.findFirstOrThrow({ where: { regionCode: { startsWith: "RL-01" } }, include: { region: true } });
    const listeners = (run.vigil.services.analysis as unknown as { listeners: ((a: Db.Alert & { region: Db.Region }) => void)[] }).listeners;
    for (const l of listeners) l(alert);
    return toAlert(alert);
  }
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("ends at the token's expiry even without events", async () => {
    const user = await run.vigil.db.prisma.user.findUniqueOrThrow({ where: { email: "auditor@vigil.example" } });
    const shortLived = await issueToken(
      { userId: user.id, role: user.role, departmentId: user.departmentId, version: user.tokenVersion },
      run.vigil.services.keys.jwt,
      "2s",
    );
    const { outcome, ended } = await watch(shortLived);
    await ended;
    expect(outcome).toEqual({ data: [], errors: ["UNAUTHENTICATED"], completed: true });
  });

  it("ends on a role change before delivering the next event, while others still get it", async () => {
    const p = run.vigil.db.prisma;
    const decision = await run.login("decision@vigil.example");
    const demoted = await watch(decision);
    const control = await watch(admin);
    await p.user.update({ where: { email: "decision@vigil.example" }, data: { role: "AUDITOR" } });
    await raiseAlert();
    await demoted.ended;
    await tick(200);
    expect(demoted.outcome).toEqual({ data: [], errors: ["FORBIDDEN"], completed: true });
    expect(control.outcome.data).toHaveLength(1);
    expect(control.outcome.completed).toBe(false);
    await p.user.update({ where: { email: "decision@vigil.example" }, data: { role: "DECISION_MAKER" } });
  });

  it("ends at once when an administrator disables the account", async () => {
    const token = await run.login("policy@vigil.example");
    const { outcome, ended } = await watch(token);
    const started = Date.now();
    const r = await run.gql(DISABLE, { e: "policy@vigil.example" }, admin);
    expect(r.errors).toBeUndefined();
    await ended;
    expect(Date.now() - started).toBeLessThan(2000);
    await raiseAlert();
    await tick(200);
    expect(outcome).toEqual({ data: [], errors: ["UNAUTHENTICATED"], completed: true });
    await run.gql(ENABLE, { e: "policy@vigil.example" }, admin);
  });
});
