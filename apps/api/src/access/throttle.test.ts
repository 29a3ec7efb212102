import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginThrottle } from "./throttle.ts";
import { startVigil, type Running } from "../../test/harness.ts";

describe("LoginThrottle", () => {
  it("refuses after max failures within the window, and forgets them after it", () => {
    let now = 0;
    const t = new LoginThrottle(3, 60_000, () => now);
    const keys = ["email:a", "ip:1"];
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter(keys)).toBe(0);
      t.fail(keys);
      now += 1000;
    }
    expect(t.retryAfter(keys)).toBe(57); // the first failure ages out 60 s after it happened
    expect(t.retryAfter(["email:b"])).toBe(0);
    now += 57_000;
    expect(t.retryAfter(keys)).toBe(0);
  });

  it("clears an account's count on success", () => {
    const t = new LoginThrottle(2, 60_000, () => 0);
    t.fail(["email:a"]);
    t.succeed("email:a");
    t.fail(["email:a"]);
    expect(t.retryAfter(["email:a"])).toBe(0);
  });
});

describe("sign-in throttling over GraphQL", () => {
  let run: Running;
  beforeAll(async () => {
    run = await startVigil("pglite");
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("refuses even the right password after ten wrong ones, with RATE_LIMITED and a retry time", async () => {
    const login = (password: string) => run.gql(`mutation($p: String!) { login(email: "policy@vigil.example", password: $p) { token } }`, { p: password });
    for (let i = 0; i < 10; i++) expect((await login(`wrong-${i}`)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const blocked = await login(run.password);
    expect(blocked.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(800);
  });
});
