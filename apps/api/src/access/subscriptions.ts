import type { ExecutionResult } from "graphql";
import { fail } from "../errors.ts";
import type { AccessService } from "./service.ts";
import type { Viewer } from "./viewer.ts";

export interface GuardOptions {
  /** Who subscribed. */
  viewer: Viewer;
  /** Re-read the subscriber from the credential the socket carries (null once it is no longer valid). */
  recheck: () => Promise<Viewer | null>;
  access: AccessService;
  /** Also re-check this often without events (a disable on another instance). */
  recheckEveryMs?: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> => typeof Object(value)[Symbol.asyncIterator] === "function";

/** Why a subscription opened by `before` may not go on for `now`, or null if it may. */
function endedBecause(before: Viewer, now: Viewer | null) {
  if (!now || now.id !== before.id)
    return fail("UNAUTHENTICATED", "Your session ended (signed out, expired, or the account was disabled): sign in again and resubscribe.");
  if (now.role !== before.role || now.departmentId !== before.departmentId || now.regionCode !== before.regionCode)
    return fail("FORBIDDEN", "Your role or department changed: subscribe again under your new access.");
  return null;
}

/**
 * A subscription lives only as long as the session that opened it. It ends — with one last result carrying
 * UNAUTHENTICATED or FORBIDDEN in `errors`, then `complete` — when the token expires (a timer, even without
 * events), when the account is disabled (at once on this instance; every `recheckEveryMs` on others), and
 * when the viewer changed (role, department): the viewer is re-read before every event is delivered.
 */
export function guardSubscription(source: AsyncIterable<ExecutionResult>, opts: GuardOptions): AsyncGenerator<ExecutionResult, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  let finished = false;
  let cutBy: ReturnType<typeof fail> | null = null;
  let signal!: () => void;
  const cut = new Promise<"cut">((resolve) => {
    signal = () => resolve("cut");
  });
  const end = (why: ReturnType<typeof fail>) => {
    if (cutBy || finished) return;
    cutBy = why;
    signal();
  };
  const check = async () => {
    const why = endedBecause(opts.viewer, await opts.recheck());
    if (why) end(why);
    return why;
  };

  const expiresIn = (opts.viewer.sessionExpiresAt ?? Number.POSITIVE_INFINITY) - Date.now();
  const expiry = Number.isFinite(expiresIn)
    ? setTimeout(() => end(endedBecause(opts.viewer, null)!), Math.max(0, Math.min(expiresIn, MAX_TIMER_MS)))
    : undefined;
  const sweep = setInterval(() => void check().catch(() => {}), opts.recheckEveryMs ?? 30_000);
  sweep.unref();
  const unwatch = opts.access.onSessionsEnded(opts.viewer.id, () => end(endedBecause(opts.viewer, null)!));

  const finish = async () => {
    if (finished) return;
    finished = true;
    clearTimeout(expiry);
    clearInterval(sweep);
    unwatch();
    await it.return?.();
  };
  const last = async (why: ReturnType<typeof fail>): Promise<IteratorResult<ExecutionResult, void>> => {
    await finish();
    return { done: false, value: { errors: [why] } };
  };

  const guarded: AsyncGenerator<ExecutionResult, void, undefined> = {
    [Symbol.asyncIterator]() {
      return guarded;
    },
    async next() {
      if (finished) return { done: true, value: undefined };
      if (cutBy) return last(cutBy);
      const step = await Promise.race([it.next(), cut]);
      if (finished) return { done: true, value: undefined };
      if (step === "cut") return last(cutBy!);
      if (step.done) {
        await finish();
        return { done: true, value: undefined };
      }
      // Before delivering: is the subscriber still who subscribed, with the same access?
      const why = await check();
      return why ? last(why) : step;
    },
    async return() {
      await finish();
      return { done: true, value: undefined };
    },
    async throw(e) {
      await finish();
      throw e;
    },
  };
  return guarded;
}
