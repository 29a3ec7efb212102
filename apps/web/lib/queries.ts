// Every operation the portal sends, in one place so the selection sets can be checked against schema.graphql.
import { gql } from "./graphql";
import type {
  Alert, AlertMethod, AlertRecheck, LevelThresholds, CaseReport, ChainEntry, ChainEntryWithProof, ChainGrowthPoint, ChainHead, CheckpointListed,
  ConsistencyProof, DailyReportCount, DepartmentRef, NodeStatus, Policy, PolicyPhase, Region, RegionRisk, RiskOverview, Task, TaskStatus, User,
} from "./types";

const USER = "id email name role department { code name kind regionCode }";
const ALERT = "id date method observed statistic threshold level entryIndex region { code name }";
const TASK = `id title description due status createdBy createdAt entryIndex
  ownerDepartment { code name kind } alert { id date method level region { code name } }`;
const CRITERIA = "{ minIncidencePer100k minRt minGrowthRate minActiveAlarms }";
const POLICY = `id title phase version status regionCode author effectiveFrom entryIndex
  rule { method alpha threshold levels { III ${CRITERIA} II ${CRITERIA} I ${CRITERIA} } }`;
const REPORT = "id date newConfirmed suspected deaths tests receivedAt entryIndex region { code name } department { code name }";
const ENTRY = "index kind payload leafHash departmentCode signature signedCount receivedAt";
const CHECKPOINT = "size rootHash note";

export const LOGIN = gql<{ login: { token: string; user: User } }, { email: string; password: string }>(
  `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token user { ${USER} } } }`,
);

export const REGIONS = gql<{ regions: Region[] }>(`query Regions { regions { code name level parentCode population } }`);

export const DEPARTMENTS = gql<{ departments: DepartmentRef[] }>(`query Departments { departments { code name kind regionCode } }`);

// Infrastructure layer
export const INFRASTRUCTURE = gql<{ chainHead: ChainHead; chainGrowth: ChainGrowthPoint[]; nodes: NodeStatus[] }>(
  `query Infrastructure {
    chainHead { size rootHash checkpoint pending }
    chainGrowth { date size }
    nodes { entries lastEntryAt keyFingerprint department { code name kind regionCode } }
  }`,
);

export const CHAIN_ENTRIES = gql<{ chainEntries: ChainEntry[] }, { before?: number | null; limit: number }>(
  `query ChainEntries($before: Int, $limit: Int!) {
    chainEntries(before: $before, limit: $limit) { ${ENTRY} }
  }`,
);

// Chain explorer: proofs are fetched here and verified in the browser with @vigil/log (lib/verify.ts).
export const CHECKPOINTS = gql<{ checkpoints: CheckpointListed[] }, { limit: number }>(
  `query Checkpoints($limit: Int!) { checkpoints(limit: $limit) { ${CHECKPOINT} createdAt } }`,
);

export const ENTRY_PROOF = gql<{ entry: ChainEntryWithProof; logVerifierKey: string }, { index: number }>(
  `query EntryProof($index: Int!) {
    entry(index: $index) { ${ENTRY} proof { index treeSize leafHash hashes checkpoint { ${CHECKPOINT} } } }
    logVerifierKey
  }`,
);

export const CONSISTENCY_PROOF = gql<{ consistencyProof: ConsistencyProof; logVerifierKey: string }, { from: number; to: number }>(
  `query ConsistencyProof($from: Int!, $to: Int!) {
    consistencyProof(from: $from, to: $to) { from { ${CHECKPOINT} } to { ${CHECKPOINT} } hashes }
    logVerifierKey
  }`,
);

// Data-support layer
export const CASE_REPORTS = gql<{ caseReports: CaseReport[] }, { regionCode?: string | null; limit: number }>(
  `query CaseReports($regionCode: String, $limit: Int!) { caseReports(regionCode: $regionCode, limit: $limit) { ${REPORT} } }`,
);

export const LATEST_DAY = gql<{ latestReportDay: string | null }, Record<string, never>>(
  `query LatestDay { latestReportDay }`,
);

export const REPORTS_PER_DAY = gql<{ reportsPerDay: DailyReportCount[] }, { from: string; to: string; regionCode?: string | null }>(
  `query ReportsPerDay($from: LocalDate!, $to: LocalDate!, $regionCode: String) {
    reportsPerDay(from: $from, to: $to, regionCode: $regionCode) { date reports confirmed suspected tests }
  }`,
);

export const SUBMIT_CASE_REPORT = gql<
  { submitCaseReport: CaseReport },
  { input: { regionCode: string; date: string; newConfirmed: number; suspected: number; deaths: number; tests: number } }
>(`mutation SubmitCaseReport($input: CaseReportInput!) { submitCaseReport(input: $input) { ${REPORT} } }`);

// Analysis layer
export const RISK_MAP = gql<{ riskMap: RegionRisk[] }>(
  `query RiskMap { riskMap { level levelReasons newCases7d incidencePer100k rt growthRate region { code name level parentCode population } } }`,
);

export const RISK_OVERVIEW = gql<{ riskOverview: RiskOverview }, { regionCode: string; method?: AlertMethod | null }>(
  `query RiskOverview($regionCode: String!, $method: AlertMethod) {
    riskOverview(regionCode: $regionCode, method: $method) {
      from to method level levelReasons newCases7d incidencePer100k activeAlarms currentRt
      growth { rate lower upper doublingTime halvingTime }
      region { code name level parentCode population }
      series { date count upperBound alarm }
      rt { date mean lower upper }
      projection { method points { date median lower upper } }
      detectors { method parameters alarms }
      alerts { ${ALERT} }
    }
  }`,
);

export const RECHECK_ALERT = gql<{ recheckAlert: AlertRecheck }, { entryIndex: number }>(
  `query RecheckAlert($entryIndex: Int!) {
    recheckAlert(entryIndex: $entryIndex) {
      confirmed problems included inputsMatchReports method parameters inputFrom inputTo inputCounts
      loggedStatistic recomputedStatistic loggedUpperBound recomputedUpperBound
    }
  }`,
);

export const ALERTS = gql<{ alerts: Alert[] }, { limit: number }>(`query Alerts($limit: Int!) { alerts(limit: $limit) { ${ALERT} } }`);

export const ALERT_RAISED = gql<{ alertRaised: Alert }>(`subscription AlertRaised { alertRaised { ${ALERT} } }`);

// Business layer
export const TASKS = gql<{ tasks: Task[] }>(`query Tasks { tasks { ${TASK} } }`);

export const ASSIGN_TASK = gql<
  { assignTask: Task },
  { input: { title: string; description: string; ownerDepartmentCode: string; due?: string | null; alertId?: number | null } }
>(`mutation AssignTask($input: AssignTaskInput!) { assignTask(input: $input) { ${TASK} } }`);

export const UPDATE_TASK_STATUS = gql<{ updateTaskStatus: Task }, { id: number; status: TaskStatus }>(
  `mutation UpdateTaskStatus($id: Int!, $status: TaskStatus!) { updateTaskStatus(id: $id, status: $status) { ${TASK} } }`,
);

// Policy layer
export const POLICIES = gql<{ policies: Policy[] }>(`query Policies { policies { ${POLICY} } }`);

export interface PublishPolicyInput {
  title: string;
  phase: PolicyPhase;
  regionCode?: string | null;
  method: AlertMethod;
  alpha: number;
  threshold: number;
  levels: LevelThresholds;
  effectiveFrom: string;
}

export const PUBLISH_POLICY = gql<{ publishPolicy: Policy }, { input: PublishPolicyInput }>(
  `mutation PublishPolicy($input: PublishPolicyInput!) { publishPolicy(input: $input) { ${POLICY} } }`,
);
