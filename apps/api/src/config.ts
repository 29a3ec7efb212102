import { isDay } from "@vigil/calendar";
import type { Playbook } from "@vigil/rules";

/** Runtime settings, all from the environment (README › Configuration lists them). */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** DATABASE_READ_URL: a streaming read replica of DATABASE_URL; dashboards read there unless the asker's own writes have not arrived. */
  databaseReadUrl?: string;
  dataDir?: string;
  /** Origin name in signed checkpoints (C2SP tlog-checkpoint), e.g. "vigil.example/log". */
  logOrigin: string;
  redisUrl?: string;
  seedDemo: boolean;
  /**
   * VIGIL_DEMO_WEEKLY_SERIES: how many weekly notifiable-disease series (city × disease, six years each) the demo
   * seeds; default all 9. Each costs ~313 log entries at seeding, so the test servers seed 0 or 1.
   */
  demoWeeklySeries: number;
  tokenTtl: string;
  /** VIGIL_WITNESS_POLICY: a tlog-policy file naming the delegates (with URLs) and the quorum that makes a checkpoint final. */
  witnessPolicyFile?: string;
  /** VIGIL_WITNESS_TIMEOUT_MS: how long one add-checkpoint request to a delegate may take. */
  witnessTimeoutMs?: number;
  /** VIGIL_WITNESS_RETRY_MS: how often delegates behind the latest checkpoint are offered it again. */
  witnessRetryMs?: number;
  /** VIGIL_ELECTION_SEATS: K, the delegates an election fills (default: the configured policy's witness count). */
  electionSeats?: number;
  /** VIGIL_EPOCH_MS: an election epoch closes itself this long after its first ballot (default one day). */
  epochMs?: number;
  /** VIGIL_TRUST_PROXY: express `trust proxy` (1 = one proxy hop), so req.ip is the client behind it (sign-in throttle). */
  trustProxy?: boolean | number | string;
  /** VIGIL_SCHEDULER_MS: how often the work-order scheduler looks for overdue orders (default 5000). */
  schedulerIntervalMs: number;
  /** The playbook work orders follow (default: @vigil/rules' DEFAULT_PLAYBOOK; tests use SLAs of seconds). */
  playbook?: Playbook;
  /** VIGIL_PUBLIC_RATE: anonymous public reads per client address per second (default 50). */
  publicReadsPerSecond?: number;
  /** VIGIL_MOBILITY_PEOPLE, VIGIL_MOBILITY_DAYS: size of the demo's synthetic mobility (default 20,000 people × 30 days; tests seed a few hundred). */
  mobilityPeople?: number;
  mobilityDays?: number;
  /** VIGIL_DEMO_PATIENTS: patients the demo seeds across the hospitals (default 200; tests seed a few). */
  demoPatients?: number;
  /**
   * VIGIL_DEMO_TODAY (YYYY-MM-DD, UTC): the day the demo is seeded as of (its history ends the day before); default
   * the clock's today. Pinned by the test run so every seeding in it — template and fresh starts — is the same demo
   * even when the run crosses midnight UTC.
   */
  demoToday?: string;
}

/** "1"/"true" trust one hop; another number that many hops; else express's list syntax ("loopback, 10.0.0.0/8"). */
export function trustProxySetting(value: string | undefined): boolean | number | string | undefined {
  if (!value || value === "0" || value === "false") return undefined;
  if (value === "true") return 1;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${env.PORT} is not a port number`);
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    dataDir: env.VIGIL_DATA_DIR || undefined,
    logOrigin: env.VIGIL_LOG_ORIGIN ?? "vigil.example/log",
    redisUrl: env.REDIS_URL || undefined,
    seedDemo: env.VIGIL_SEED_DEMO !== "0",
    demoWeeklySeries: env.VIGIL_DEMO_WEEKLY_SERIES ? Math.max(0, Math.floor(Number(env.VIGIL_DEMO_WEEKLY_SERIES)) || 0) : 9,
    tokenTtl: env.VIGIL_TOKEN_TTL ?? "8h",
    trustProxy: trustProxySetting(env.VIGIL_TRUST_PROXY),
    schedulerIntervalMs: schedulerInterval(env.VIGIL_SCHEDULER_MS),
    witnessPolicyFile: env.VIGIL_WITNESS_POLICY || undefined,
    witnessTimeoutMs: env.VIGIL_WITNESS_TIMEOUT_MS ? Number(env.VIGIL_WITNESS_TIMEOUT_MS) : undefined,
    witnessRetryMs: env.VIGIL_WITNESS_RETRY_MS ? Number(env.VIGIL_WITNESS_RETRY_MS) : undefined,
    electionSeats: positive(env.VIGIL_ELECTION_SEATS, "VIGIL_ELECTION_SEATS", 1),
    epochMs: positive(env.VIGIL_EPOCH_MS, "VIGIL_EPOCH_MS", 1_000),
    mobilityPeople: positive(env.VIGIL_MOBILITY_PEOPLE, "VIGIL_MOBILITY_PEOPLE", 50),
    mobilityDays: positive(env.VIGIL_MOBILITY_DAYS, "VIGIL_MOBILITY_DAYS", 7),
    demoPatients: demoPatients(env.VIGIL_DEMO_PATIENTS),
    demoToday: demoToday(env.VIGIL_DEMO_TODAY),
  };
}

function schedulerInterval(value: string | undefined): number {
  const ms = Number(value ?? 5000);
  if (!Number.isInteger(ms) || ms < 100) throw new Error(`VIGIL_SCHEDULER_MS=${value} is not a whole number of milliseconds ≥ 100`);
  return ms;
}

function publicRate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`VIGIL_PUBLIC_RATE=${value} is not a positive whole number of requests per second`);
  return n;
}

function positive(value: string | undefined, name: string, min: number): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${value} is not a whole number ≥ ${min}`);
  return n;
}

function demoPatients(value: string | undefined): number {
  const n = Number(value ?? 200);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error(`VIGIL_DEMO_PATIENTS=${value} is not a whole number from 1 to 100000`);
  return n;
}

function demoToday(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!isDay(value)) throw new Error(`VIGIL_DEMO_TODAY=${value} is not a calendar day (YYYY-MM-DD)`);
  return value;
}
