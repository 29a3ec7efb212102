/** Runtime settings, all from the environment (README › Configuration lists them). */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir?: string;
  /** Origin name in signed checkpoints (C2SP tlog-checkpoint), e.g. "vigil.example/log". */
  logOrigin: string;
  redisUrl?: string;
  seedDemo: boolean;
  tokenTtl: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${env.PORT} is not a port number`);
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.VIGIL_DATA_DIR || undefined,
    logOrigin: env.VIGIL_LOG_ORIGIN ?? "vigil.example/log",
    redisUrl: env.REDIS_URL || undefined,
    seedDemo: env.VIGIL_SEED_DEMO !== "0",
    tokenTtl: env.VIGIL_TOKEN_TTL ?? "8h",
  };
}
