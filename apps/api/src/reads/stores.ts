import { Redis } from "ioredis";

/**
 * Where the dashboard reads keep what instances must share: per user, the log size their last acknowledged write
 * reached (read-your-writes), and computed answers by log state. Redis when REDIS_URL is set (every instance
 * sees every other's writes and answers), else this process's memory (one instance).
 */
export interface ReadStores {
  /** Raise the user's required log size to at least `size` (never lowers it: writes acknowledged out of order). */
  requireAtLeast(userId: number, size: number): Promise<void>;
  required(userId: number): Promise<number>;
  getAnswer(key: string): Promise<Buffer | null>;
  putAnswer(key: string, value: Buffer): Promise<void>;
  close(): void;
}

/** A user's requirement outlives any sensible replica lag; it is refreshed on every write. */
const REQUIREMENT_TTL_S = 24 * 3600;
/** Answers keyed by a superseded log state are never asked for again: let them go soon. */
const ANSWER_TTL_S = 120;
const MEMORY_ANSWERS = 256;

// GET, compare, SET in one step on the server, so two instances acknowledging two writes of one user cannot lower it.
const RAISE = `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) else redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1`;

export async function redisStores(url: string, prefix: string): Promise<ReadStores> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await redis.connect();
  return {
    async requireAtLeast(userId, size) {
      await redis.eval(RAISE, 1, `${prefix}:fresh:${userId}`, String(size), String(REQUIREMENT_TTL_S));
    },
    async required(userId) {
      return Number((await redis.get(`${prefix}:fresh:${userId}`)) ?? 0);
    },
    getAnswer: (key) => redis.getBuffer(`${prefix}:answer:${key}`),
    async putAnswer(key, value) {
      await redis.set(`${prefix}:answer:${key}`, value, "EX", ANSWER_TTL_S);
    },
    close: () => redis.disconnect(),
  };
}

export function memoryStores(): ReadStores {
  const fresh = new Map<number, number>();
  const answers = new Map<string, Buffer>();
  return {
    async requireAtLeast(userId, size) {
      fresh.set(userId, Math.max(size, fresh.get(userId) ?? 0));
    },
    async required(userId) {
      return fresh.get(userId) ?? 0;
    },
    async getAnswer(key) {
      return answers.get(key) ?? null;
    },
    async putAnswer(key, value) {
      // Insertion order: the oldest answer goes first.
      if (answers.size >= MEMORY_ANSWERS) answers.delete(answers.keys().next().value!);
      answers.set(key, value);
    },
    close: () => {},
  };
}
