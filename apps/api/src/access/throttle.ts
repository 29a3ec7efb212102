import { isIPv4, isIPv6 } from "node:net";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { Redis } from "ioredis";
import { fail } from "../errors.ts";

export interface ThrottleOptions {
  /** Failed sign-ins allowed per account and per client address within the window. */
  points?: number;
  windowSeconds?: number;
  /** Share counts between API instances through this Redis (REDIS_URL); else one count per process. */
  redisUrl?: string;
  /** Namespace of the Redis keys: instances of one deployment share it. */
  keyPrefix?: string;
}

/** What a sign-in holds after it was let through to the password check. */
export interface Attempt {
  /** The password was right: forget the account's failures and give the address its point back. */
  succeeded(): Promise<void>;
}

/**
 * Sign-in throttle (rate-limiter-flexible): every attempt consumes a point of its client address and of its
 * account BEFORE the password is checked, so parallel guesses cannot all pass a check-then-record gap; a
 * successful sign-in hands the points back, so only failures count. Keys expire with their window (memory: a
 * timer per key; Redis: a TTL), an account key is only created once its address passed its own limit, and IPv6
 * addresses count per /64: memory stays bounded by ~11 keys per attacking address per window.
 */
export class LoginThrottle {
  readonly points: number;
  private readonly byAddress: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(opts: ThrottleOptions = {}) {
    this.points = opts.points ?? 10;
    const duration = opts.windowSeconds ?? 15 * 60;
    const prefix = opts.keyPrefix ?? "vigil-login";
    const limiter = (name: string): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ points: this.points, duration, keyPrefix: `${prefix}:${name}` });
      if (!this.redis) return memory;
      // If Redis is unreachable, count in memory rather than failing every sign-in or letting all through.
      return new RateLimiterRedis({ storeClient: this.redis, points: this.points, duration, keyPrefix: `${prefix}:${name}`, insuranceLimiter: memory });
    };
    if (opts.redisUrl) {
      this.redis = new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.redis.on("error", () => {}); // the insurance limiter takes over; ioredis reconnects by itself
    }
    this.byAddress = limiter("ip");
    this.byAccount = limiter("account");
  }

  /** Let one attempt through to the password check, or throw RATE_LIMITED with `retryAfterSeconds`. */
  async attempt(account: string, clientIp?: string | null): Promise<Attempt> {
    const address = clientIp ? addressKey(clientIp) : null;
    if (address) await this.consume(this.byAddress, address);
    try {
      await this.consume(this.byAccount, account);
    } catch (e) {
      // A locked account is not the address's fault: do not let one person's lock-out block a shared NAT.
      if (address) await this.byAddress.reward(address, 1).catch(() => {});
      throw e;
    }
    return {
      succeeded: async () => {
        await Promise.all([this.byAccount.delete(account), address ? this.byAddress.reward(address, 1) : null]).catch(() => {});
      },
    };
  }

  /** Consumed points of a key (tests, metrics); null when the key holds nothing. */
  async consumed(kind: "account" | "address", key: string): Promise<number | null> {
    const res = await (kind === "account" ? this.byAccount : this.byAddress).get(kind === "address" ? addressKey(key) : key);
    return res?.consumedPoints ?? null;
  }

  close(): void {
    this.redis?.disconnect();
  }

  private async consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw fail("RATE_LIMITED", `Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} min.`, { retryAfterSeconds });
    }
  }
}

/** IPv4 as is (also when IPv4-mapped), IPv6 by its /64: one host usually owns a whole /64. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
