import { createPubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";

export interface PubSubHandle {
  pubSub: ReturnType<typeof createPubSub>;
  close(): Promise<void>;
}

/**
 * In-process events by default; with REDIS_URL, events fan out through Redis pub/sub so a subscriber
 * connected to one API instance hears alerts raised by another (several instances over one PostgreSQL).
 */
export async function createEventBus(redisUrl?: string): Promise<PubSubHandle> {
  if (!redisUrl) return { pubSub: createPubSub(), close: async () => {} };
  const publishClient = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  return {
    pubSub: createPubSub({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) }),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
