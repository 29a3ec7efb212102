import { describe, expect, it } from "vitest";
import type { ExecutionResult } from "graphql";
import type { AccessService } from "./service.ts";
import { guardSubscription } from "./subscriptions.ts";
import type { Viewer } from "./viewer.ts";

const viewer: Viewer = { id: 7, email: "a@x", role: "DECISION_MAKER", departmentId: 1, departmentCode: "D", regionCode: "RL" };

/** An event source that delivers what is pushed and records whether it was closed. */
function source() {
  const queue: ExecutionResult[] = [];
  let wake: (() => void) | undefined;
  const state = { closed: false };
  const iterable: AsyncIterable<ExecutionResult> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        while (!queue.length && !state.closed) await new Promise<void>((r) => (wake = r));
        return state.closed ? { done: true, value: undefined } : { done: false, value: queue.shift()! };
      },
      async return() {
        state.closed = true;
        wake?.();
        return { done: true, value: undefined };
      },
    }),
  };
  const push = (v: ExecutionResult) => {
    queue.push(v);
    wake?.();
  };
  return { iterable, state, push };
}

function access() {
  const listeners = new Map<number, () => void>();
  return {
    service: {
      onSessionsEnded: (id: number, l: () => void) => {
        listeners.set(id, l);
        return () => listeners.delete(id);
      },
    } as unknown as AccessService,
    end: (id: number) => listeners.get(id)?.(),
    watching: () => listeners.size,
  };
}

describe("guardSubscription", () => {
  it("delivers while the viewer is unchanged, then ends on a role change before the next event", async () => {
    const s = source();
    let now: Viewer | null = viewer;
    const a = access();
    const g = guardSubscription(s.iterable, { viewer, access: a.service, recheck: async () => now });
    s.push({ data: { n: 1 } });
    expect(await g.next()).toEqual({ done: false, value: { data: { n: 1 } } });
    now = { ...viewer, role: "AUDITOR" };
    s.push({ data: { n: 2 } });
    const last = await g.next();
    expect(last.value?.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect(last.value?.data).toBeUndefined();
    expect(await g.next()).toEqual({ done: true, value: undefined });
    expect(s.state.closed).toBe(true);
    expect(a.watching()).toBe(0);
  });

  it("ends a quiet subscription at token expiry and when the sessions end, and the periodic re-check catches a disable elsewhere", async () => {
    const expiring = guardSubscription(source().iterable, {
      viewer: { ...viewer, sessionExpiresAt: Date.now() + 50 },
      access: access().service,
      recheck: async () => viewer,
    });
    expect((await expiring.next()).value?.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");

    const a = access();
    const ended = guardSubscription(source().iterable, { viewer, access: a.service, recheck: async () => viewer });
    const pending = ended.next();
    a.end(viewer.id);
    expect((await pending).value?.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");

    let now: Viewer | null = viewer;
    const swept = guardSubscription(source().iterable, { viewer, access: access().service, recheck: async () => now, recheckEveryMs: 20 });
    const waiting = swept.next();
    now = null; // disabled on another instance
    expect((await waiting).value?.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("lets the client stop a quiet subscription without waiting for an event (no leaked source)", async () => {
    const s = source();
    const a = access();
    const g = guardSubscription(s.iterable, { viewer, access: a.service, recheck: async () => viewer });
    const pending = g.next();
    await g.return(undefined);
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(s.state.closed).toBe(true);
    expect(a.watching()).toBe(0);
  });
});
