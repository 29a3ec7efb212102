import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "graphql";
import { BACKENDS, startVigil, type Running } from "../../test/harness.ts";

const ME = `{ me { email role } }`;

describe.each(BACKENDS)("portal sessions on %s", (backend) => {
  let run: Running;
  let base: string;

  beforeAll(async () => {
    run = await startVigil(backend);
    base = run.url.replace(/\/graphql$/, "");
  });
  afterAll(async () => {
    await run?.stop();
  });

  const signIn = (email: string, password: string) =>
    fetch(`${base}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;
  const gqlWithCookie = (cookie: string, headers: Record<string, string> = {}) =>
    fetch(run.url, { method: "POST", headers: { "content-type": "application/json", cookie, ...headers }, body: JSON.stringify({ query: ME }) });

  it("sets an httpOnly, SameSite=Strict session cookie on sign-in and returns the user, not the token", async () => {
    const res = await signIn("decision@vigil.example", run.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^vigil_session=eyJ[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i); // plain HTTP on loopback; Secure behind TLS
    const body = await res.text();
    expect(JSON.parse(body).user).toMatchObject({ email: "decision@vigil.example", role: "DECISION_MAKER" });
    expect(body).not.toContain("eyJ");
  });

  it("refuses a wrong password with 401 and a GraphQL-shaped error, setting no cookie", async () => {
    const res = await signIn("decision@vigil.example", "wrong");
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect((await res.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const junk = await fetch(`${base}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: 5 }) });
    expect(junk.status).toBe(400);
    expect((await junk.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("authenticates GraphQL by the cookie only with a CSRF header; Bearer tokens need none", async () => {
    const cookie = cookieOf(await signIn("officer@vigil.example", run.password));
    const bare = await gqlWithCookie(cookie);
    expect(bare.status).toBe(400);
    expect((await bare.json()).errors[0].extensions.code).toBe("BAD_REQUEST");
    const ok = await gqlWithCookie(cookie, { "apollo-require-preflight": "true" });
    expect((await ok.json()).data.me).toEqual({ email: "officer@vigil.example", role: "DEPARTMENT_OFFICER" });
    const bearer = await run.gql<{ me: { email: string } }>(ME, {}, await run.login("policy@vigil.example"));
    expect(bearer.data!.me.email).toBe("policy@vigil.example");
  });

  it("clears the cookie on sign-out", async () => {
    const res = await fetch(`${base}/auth/logout`, { method: "POST" });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/^vigil_session=;.*Max-Age=0/i);
  });

  it("runs operations in-process with the same auth, scope and limits as HTTP", async () => {
    const token = await run.login("officer@vigil.example");
    const me = await run.vigil.execute<{ me: { email: string } }>({ document: parse(ME), token });
    expect(me.data!.me.email).toBe("officer@vigil.example");
    const anonymous = await run.vigil.execute({ document: ME });
    expect(anonymous.errors![0]!.extensions.code).toBe("UNAUTHENTICATED");
    // An officer may not read outside the department's region, in-process as over HTTP.
    const outside = await run.vigil.execute({ document: `{ riskOverview(regionCode: "RL-02") { level } }`, token });
    const http = await run.gql(`{ riskOverview(regionCode: "RL-02") { level } }`, {}, token);
    expect(outside.errors![0]!.extensions.code).toBe(http.errors![0]!.extensions!.code);
    expect(outside.errors![0]!.extensions.code).toBe("FORBIDDEN");
    const deep = await run.vigil.execute({ document: `{ tasks { alert { region { name } } entry { proof { checkpoint { note } } } } }`, token, variables: {} });
    expect(deep.errors).toBeUndefined();
    const invalid = await run.vigil.execute({ document: `{ nope }`, token });
    expect(invalid.errors![0]!.message).toMatch(/Cannot query field "nope"/);
  });

  it("keeps the deprecated chain* names answering as the log* ones for one release", async () => {
    const token = await run.login("decision@vigil.example");
    const r = await run.gql<{
      logHead: { size: number; rootHash: string };
      chainHead: { size: number; rootHash: string };
      logEntries: { index: number }[];
      chainEntries: { index: number }[];
    }>(`{ logHead { size rootHash } chainHead { size rootHash } logEntries(limit: 3) { index } chainEntries(limit: 3) { index } }`, {}, token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.chainHead).toEqual(r.data!.logHead);
    expect(r.data!.chainEntries).toEqual(r.data!.logEntries);
    expect(r.data!.logEntries).toHaveLength(3);
  });

  it("refuses a page past the documented maximum with BAD_USER_INPUT on every list", async () => {
    const token = await run.login("decision@vigil.example");
    for (const list of ["alerts", "caseReports", "logEntries", "checkpoints", "tasks", "policies"]) {
      const over = await run.gql(`{ ${list}(limit: 501) { __typename } }`, {}, token);
      expect(over.errors?.[0]?.extensions?.code, list).toBe("BAD_USER_INPUT");
      const negative = await run.gql(`{ ${list}(limit: 1, offset: -1) { __typename } }`, {}, token);
      expect(negative.errors?.[0]?.extensions?.code, list).toBe("BAD_USER_INPUT");
    }
    const a = await run.gql<{ alerts: { id: number }[] }>(`{ alerts(limit: 4) { id } }`, {}, token);
    const b = await run.gql<{ alerts: { id: number }[] }>(`{ alerts(limit: 2, offset: 2) { id } }`, {}, token);
    expect(b.data!.alerts).toEqual(a.data!.alerts.slice(2));
  });
});
