import { DEFAULT_DISEASE } from "@vigil/rules";
import type { Database } from "@vigil/db";
import type { Config } from "./config.ts";
import type { KeyRing } from "./keys.ts";
import { AccessService } from "./access/service.ts";
import { AnalysisService } from "./layers/analysis/service.ts";
import { InterventionService, ResourceService, TaskService, WorkOrderService } from "./layers/business/service.ts";
import { ReportService } from "./layers/data-support/service.ts";
import { InfrastructureService } from "./layers/infrastructure/service.ts";
import { ElectionService } from "./layers/infrastructure/elections.ts";
import { PolicyService } from "./layers/policy/service.ts";
import { RuleSetService } from "./layers/policy/rule-sets.ts";
import { RuleRows } from "./layers/policy/rule-rows.ts";
import { RecordService } from "./layers/data-support/records.ts";
import { readFileSync } from "node:fs";
import { Delegates, readDelegatePolicy } from "./log/delegates.ts";
import { PublicTrustService } from "./layers/data-support/public-trust/service.ts";
import { LogStore } from "./log/store.ts";
import { TrajectoryService } from "./layers/data-support/trajectories/service.ts";
import { PseudonymService } from "./layers/data-support/pseudonyms.ts";
import { MedicalService } from "./layers/data-support/medical/service.ts";
import { rawEd25519 } from "./keys.ts";
import { RegionDirectory } from "./regions.ts";
import { DashboardReads } from "./reads/service.ts";

/** One service per governance layer, plus access and the log they all write through. Resolvers see only these. */
export interface Services {
  keys: KeyRing;
  log: LogStore;
  /** The delegates that cosign checkpoints, and each checkpoint's finality. */
  delegates: Delegates;
  /** Delegate elections: nominations, ballots and results on the log. */
  elections: ElectionService;
  regions: RegionDirectory;
  access: AccessService;
  infrastructure: InfrastructureService;
  reports: ReportService;
  analysis: AnalysisService;
  tasks: TaskService;
  workOrders: WorkOrderService;
  interventions: InterventionService;
  resources: ResourceService;
  policies: PolicyService;
  /** Contracts and policies of @vigil/rules and their lifecycle. */
  ruleSets: RuleSetService;
  /** Submissions under contracts. */
  records: RecordService;
  publicTrust: PublicTrustService;
  /** Trajectories, close contacts and transmission chains (issue 15). */
  trajectories: TrajectoryService;
  /** Patient pseudonyms and sealed identities (issue 14; reused by issue 15). */
  pseudonyms: PseudonymService;
  /** Sealed medical records, consent, checked and logged reads, erasure (issue 14). */
  medical: MedicalService;
  /** Dashboard answers: shared cache by log state, read replica, read-your-writes. */
  reads: DashboardReads;
  close(): void;
}

export async function createServices(
  db: Database,
  keys: KeyRing,
  config: Pick<Config, "logOrigin" | "tokenTtl"> &
    Partial<
      Pick<Config, "redisUrl" | "playbook" | "witnessPolicyFile" | "witnessTimeoutMs" | "witnessRetryMs" | "electionSeats" | "epochMs" | "publicReadsPerSecond">
    >,
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
  const elections = new ElectionService(db, log, delegates, logVerifier, { seats: config.electionSeats, epochMs: config.epochMs });
  const pseudonyms = new PseudonymService(db, keys);
  const regions = new RegionDirectory(db);
  await regions.reload();
  // One copy of the stored rules for both services, read again only after a policy or rule-set entry.
  const rules = new RuleRows(db);
  const ruleSets = new RuleSetService(db, regions, log, undefined, rules);
  const policies = new PolicyService(db, regions, log, undefined, ruleSets, rules);
  const reports = new ReportService(db, regions, log, ruleSets);
  const reads = await DashboardReads.create(db, { redisUrl: config.redisUrl, namespace: config.logOrigin });
  const analysis = new AnalysisService(db, regions, policies, reports, log, reads);
  const access = new AccessService(db, keys, config.tokenTtl, { redisUrl: config.redisUrl, keyPrefix: `vigil-login:${config.logOrigin}` });
  await access.followAccountChanges();
  const workOrders = new WorkOrderService(db, log, regions, config.playbook);
  // Detection re-runs over the district for the days of every accepted report (or bulk submission); a new alert
  // opens the playbook's orders before the report's mutation returns (the scheduler's sweep covers a crash in between).
  reports.onAccepted(async (changes) => {
    // The daily alert rule watches COVID-19; weekly diseases are analysed on request (riskOverview period WEEK).
    const daily = changes.filter((c) => !c.diseases || c.diseases.includes(DEFAULT_DISEASE));
    if (!daily.length) return;
    for (const alert of await analysis.evaluateMany(daily.map((c) => ({ regionCode: c.regionCode, from: c.date, to: c.to ?? c.date }))))
      await workOrders.openFor(alert.id);
  });
  return {
    keys,
    log,
    delegates,
    elections,
    regions,
    policies,
    ruleSets,
    records: new RecordService(regions, log, ruleSets, reports),
    reports,
    analysis,
    // With REDIS_URL, every instance of one deployment (one log origin) shares the sign-in counts.
    access,
    infrastructure: new InfrastructureService(db, log, regions, keys, delegates),
    tasks: new TaskService(db, log, regions),
    workOrders,
    interventions: new InterventionService(db, regions, analysis, reports),
    resources: new ResourceService(db, log, regions),
    publicTrust: new PublicTrustService(db, log, keys, { readsPerSecond: config.publicReadsPerSecond }),
    trajectories: new TrajectoryService(db, log, pseudonyms),
    pseudonyms,
    medical: new MedicalService(db, log, keys, pseudonyms),
    reads,
    close() {
      reads.close();
      log.close();
      elections.close();
      delegates.close();
      access.close();
    },
  };
}
