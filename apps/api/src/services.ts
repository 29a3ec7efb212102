import type { Database } from "@vigil/db";
import type { Config } from "./config.ts";
import type { KeyRing } from "./keys.ts";
import { AccessService } from "./access/service.ts";
import { AnalysisService } from "./layers/analysis/service.ts";
import { TaskService } from "./layers/business/service.ts";
import { ReportService } from "./layers/data-support/service.ts";
import { InfrastructureService } from "./layers/infrastructure/service.ts";
import { PolicyService } from "./layers/policy/service.ts";
import { readFileSync } from "node:fs";
import { Delegates, readDelegatePolicy } from "./log/delegates.ts";
import { LogStore } from "./log/store.ts";
import { rawEd25519 } from "./keys.ts";
import { RegionDirectory } from "./regions.ts";

/** One service per governance layer, plus access and the log they all write through. Resolvers see only these. */
export interface Services {
  keys: KeyRing;
  log: LogStore;
  /** The delegates that cosign checkpoints, and each checkpoint's finality. */
  delegates: Delegates;
  regions: RegionDirectory;
  access: AccessService;
  infrastructure: InfrastructureService;
  reports: ReportService;
  analysis: AnalysisService;
  tasks: TaskService;
  policies: PolicyService;
  close(): void;
}

export async function createServices(
  db: Database,
  keys: KeyRing,
  config: Pick<Config, "logOrigin" | "tokenTtl"> & Partial<Pick<Config, "redisUrl" | "witnessPolicyFile" | "witnessTimeoutMs" | "witnessRetryMs">>,
): Promise<Services> {
  const log = new LogStore(db, keys, config.logOrigin);
  const logVerifier = { name: config.logOrigin, publicKey: rawEd25519(keys.logPublic) };
  const policy = config.witnessPolicyFile ? readDelegatePolicy(readFileSync(config.witnessPolicyFile, "utf8"), logVerifier) : null;
  const delegates = new Delegates(db, log, policy, logVerifier, {
    timeoutMs: config.witnessTimeoutMs,
    retryMs: config.witnessRetryMs,
    log: (l) => console.error(l),
  });
  // Fire and forget: the outcome is stored (cosignatures, DelegateState); a checkpoint signed while closing is not sent.
  log.onPublished((cp) => {
    if (delegates.enabled) delegates.submit(cp).catch((e) => console.error(`delegates: ${e instanceof Error ? e.message : String(e)}`));
  });
  const regions = new RegionDirectory(db);
  await regions.reload();
  const policies = new PolicyService(db, regions, log);
  const reports = new ReportService(db, regions, log);
  const analysis = new AnalysisService(db, regions, policies, reports, log);
  const access = new AccessService(db, keys, config.tokenTtl, { redisUrl: config.redisUrl, keyPrefix: `vigil-login:${config.logOrigin}` });
  // Detection re-runs over the district for the day of every accepted report.
  reports.onAccepted(({ regionCode, date }) => analysis.evaluate(regionCode, date, date));
  return {
    keys,
    log,
    delegates,
    regions,
    policies,
    reports,
    analysis,
    // With REDIS_URL, every instance of one deployment (one log origin) shares the sign-in counts.
    access,
    infrastructure: new InfrastructureService(db, log, regions, delegates),
    tasks: new TaskService(db, log, regions),
    close() {
      log.close();
      delegates.close();
      access.close();
    },
  };
}
