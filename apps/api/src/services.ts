import type { Database } from "@vigil/db";
import type { Config } from "./config.ts";
import type { KeyRing } from "./keys.ts";
import { AccessService } from "./access/service.ts";
import { AnalysisService } from "./layers/analysis/service.ts";
import { TaskService } from "./layers/business/service.ts";
import { ReportService } from "./layers/data-support/service.ts";
import { InfrastructureService } from "./layers/infrastructure/service.ts";
import { PolicyService } from "./layers/policy/service.ts";
import { RuleSetService } from "./layers/policy/rule-sets.ts";
import { RecordService } from "./layers/data-support/records.ts";
import { LogStore } from "./log/store.ts";
import { RegionDirectory } from "./regions.ts";

/** One service per governance layer, plus access and the log they all write through. Resolvers see only these. */
export interface Services {
  keys: KeyRing;
  log: LogStore;
  regions: RegionDirectory;
  access: AccessService;
  infrastructure: InfrastructureService;
  reports: ReportService;
  analysis: AnalysisService;
  tasks: TaskService;
  policies: PolicyService;
  /** Contracts and policies of @vigil/rules and their lifecycle. */
  ruleSets: RuleSetService;
  /** Submissions under contracts. */
  records: RecordService;
  close(): void;
}

export async function createServices(
  db: Database,
  keys: KeyRing,
  config: Pick<Config, "logOrigin" | "tokenTtl"> & Partial<Pick<Config, "redisUrl">>,
): Promise<Services> {
  const log = new LogStore(db, keys, config.logOrigin);
  const regions = new RegionDirectory(db);
  await regions.reload();
  const ruleSets = new RuleSetService(db, regions, log);
  const policies = new PolicyService(db, regions, log, undefined, ruleSets);
  const reports = new ReportService(db, regions, log, ruleSets);
  const analysis = new AnalysisService(db, regions, policies, reports, log);
  const access = new AccessService(db, keys, config.tokenTtl, { redisUrl: config.redisUrl, keyPrefix: `vigil-login:${config.logOrigin}` });
  // Detection re-runs over the district for the day of every accepted report.
  reports.onAccepted(({ regionCode, date }) => analysis.evaluate(regionCode, date, date));
  return {
    keys,
    log,
    regions,
    policies,
    ruleSets,
    records: new RecordService(regions, log, ruleSets, reports),
    reports,
    analysis,
    // With REDIS_URL, every instance of one deployment (one log origin) shares the sign-in counts.
    access,
    infrastructure: new InfrastructureService(db, log, regions),
    tasks: new TaskService(db, log, regions),
    close() {
      log.close();
      access.close();
    },
  };
}
