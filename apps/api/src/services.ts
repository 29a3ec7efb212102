import type { Database } from "@vigil/db";
import type { Config } from "../config.ts";
import type { KeyRing } from "../keys.ts";
import { Ledger } from "../ledger/ledger.ts";
import { AnalysisService } from "./analysis.ts";
import { PolicyService } from "./policies.ts";
import { RegionDirectory } from "./regions.ts";
import { ReportService } from "./reports.ts";
import { TaskService } from "./tasks.ts";
import { toDay } from "../dates.ts";
import { LoginThrottle } from "../auth/throttle.ts";

const CHECKPOINT_DELAY_MS = 250;

export interface Services {
  keys: KeyRing;
  ledger: Ledger;
  regions: RegionDirectory;
  reports: ReportService;
  policies: PolicyService;
  analysis: AnalysisService;
  tasks: TaskService;
  /** Ask for a checkpoint soon; many writes in a burst share one. */
  checkpointSoon(): void;
  latestReportDay(): Promise<string | null>;
  close(): void;
  tokenTtl: string;
  loginThrottle: LoginThrottle;
}

export async function createServices(db: Database, keys: KeyRing, config: Pick<Config, "logOrigin" | "tokenTtl">): Promise<Services> {
  const ledger = new Ledger(keys, config.logOrigin);
  const regions = new RegionDirectory(db);
  await regions.reload();
  const policies = new PolicyService(db, regions, ledger);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Publish at most every CHECKPOINT_DELAY ms: an acknowledged entry is durable at once (committed) and
  // reaches a signed checkpoint within that bound, or at the next start if the process died first.
  const checkpointSoon = () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      ledger.publishCheckpoint(db.prisma).catch((e) => console.error("checkpoint failed", e));
    }, CHECKPOINT_DELAY_MS);
  };
  return {
    keys, ledger, regions, policies,
    reports: new ReportService(db, regions, ledger),
    analysis: new AnalysisService(db, regions, policies, ledger),
    tasks: new TaskService(db, ledger),
    checkpointSoon,
    tokenTtl: config.tokenTtl,
    loginThrottle: new LoginThrottle(),
    async latestReportDay() {
      const r = await db.prisma.caseReport.findFirst({ orderBy: { date: "desc" }, select: { date: true } });
      return r ? toDay(r.date) : null;
    },
    close() { closed = true; clearTimeout(timer); },
  };
}
