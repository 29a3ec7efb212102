import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addressKey, LoginThrottle } from "./throttle.ts";
import { startVigil, type Running } from "../../test/harness.ts";

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { extensions?: { code?: string; retryAfterSeconds?: number } }) => e.extensions,
  );

describe("LoginThrottle (rate-limiter-flexible)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets ten attempts per account through, refuses the eleventh with a retry time, and forgets after the window", async () => {
    vi.useFakeTimers();
    const t = new LoginThrottle({ points: 10, windowSeconds: 60 });
    for (let i = 0; i < 10; i++) await t.attempt("a@x", `10.0.0.${i}`);
    const refused = await codeOf(t.attempt("a@x", "10.0.0.99"));
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(50);
    // The locked account did not cost the address its point.
    expect(await t.consumed("address", "10.0.0.99")).toBe(0);
    vi.advanceTimersByTime(61_000);
    expect(await codeOf(t.attempt("a@x", "10.0.0.99"))).toBe("ok");
  });

  it("counts per client address across accounts, and a success hands the points back", async () => {
    const t = new LoginThrottle({ points: 3 });
    const ok = await t.attempt("a@x", "192.0.2.1");
    await ok.succeeded();
    expect(await t.consumed("account", "a@x")).toBeNull();
    expect(await t.consumed("address", "192.0.2.1")).toBe(0);
    for (const who of ["b@x", "c@x", "d@x"]) await t.attempt(who, "192.0.2.1");
    expect(await codeOf(t.attempt("e@x", "192.0.2.1"))).toMatchObject({ code: "RATE_LIMITED" });
    expect(await codeOf(t.attempt("e@x", "192.0.2.2"))).toBe("ok");
  });

  it("keeps memory bounded: an address past its limit creates no more account keys", async () => {
    const t = new LoginThrottle({ points: 10 });
    const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, i) => codeOf(t.attempt(`user${i}@x`, "198.51.100.7"))));
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(10);
    const keys = await Promise.all(Array.from({ length: 1000 }, (_, i) => t.consumed("account", `user${i}@x`)));
    expect(keys.filter((k) => k !== null)).toHaveLength(10);
  });

  it("counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe(addressKey("2001:db8:1:2:ffff:1:2:3"));
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("::ffff:127.0.0.1")).toBe("127.0.0.1");
  });

  it("shares counts between instances through Redis", async () => {
    const opts = { redisUrl: process.env.VIGIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379", keyPrefix: `vigil-test-${process.pid}-${Date.now()}`, points: 4 };
    const a = new LoginThrottle(opts);
    const b = new LoginThrottle(opts);
    try {
      await new Promise((r) => setTimeout(r, 100)); // connected (else the in-memory insurance limiter counts)
      const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => codeOf((i % 2 ? a : b).attempt("shared@x"))));
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(4);
      expect(await codeOf(a.attempt("shared@x"))).toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      a.close();
      b.close();
    }
  });
});

describe("sign-in throttling over GraphQL and /auth/login", () => {
  let run: Running;
  beforeAll(async () => {
    // Behind a proxy: the address is X-Forwarded-For's, so each test can act from its own address.
    run = await startVigil("pglite", { config: { trustProxy: 1 } });
  });
  afterAll(async () => {
    await run?.stop();
  });

  const login = (email: string, password: string, from: string) =>
    fetch(run.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from },
      body: JSON.stringify({ query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, variables: { e: email, p: password } }),
    }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions: { code: string; retryAfterSeconds?: number } }[] }>);

  it("refuses even the right password after ten wrong ones, with RATE_LIMITED and a retry time", async () => {
    for (let i = 0; i < 10; i++)
      expect((await login("policy@vigil.example", `wrong-${i}`, `203.0.113.${i}`)).errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    const blocked = await login("policy@vigil.example", run.password, "203.0.113.50");
    expect(blocked.errors?.[0]?.extensions.code).toBe("RATE_LIMITED");
    expect(blocked.errors?.[0]?.extensions.retryAfterSeconds).toBeGreaterThan(800);
  });

  it("lets at most ten of thirty parallel wrong sign-ins for one account reach the password check", async () => {
    const before = run.vigil.services.access.metrics.passwordChecks;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => login("auditor@vigil.example", `wrong-${i}`, `198.18.0.${i}`)));
    expect(run.vigil.services.access.metrics.passwordChecks - before).toBeLessThanOrEqual(10);
    const codes = results.map((r) => r.errors?.[0]?.extensions.code);
    expect(codes.filter((c) => c === "UNAUTHENTICATED")).toHaveLength(10);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(20);
  });

  it("limits one address across accounts, on POST /auth/login as well", async () => {
    const before = run.vigil.services.access.metrics.passwordChecks;
    const signIn = (email: string) =>
      fetch(run.url.replace(/\/graphql$/, "/auth/login"), {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.77" },
        body: JSON.stringify({ email, password: "wrong" }),
      });
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(`nobody${i}@vigil.example`).then((r) => r.status)));
    expect(run.vigil.services.access.metrics.passwordChecks - before).toBe(10);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    // Another address is not affected, and a success there clears nothing it should not.
    const ok = await login("decision@vigil.example", run.password, "192.0.2.78");
    expect(ok.errors).toBeUndefined();
  });
});
