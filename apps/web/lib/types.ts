// Client-side shapes of the GraphQL contract (/schema.graphql). Only what the portal selects.

export type Role = "ADMIN" | "AUDITOR" | "DECISION_MAKER" | "DEPARTMENT_OFFICER" | "POLICY_OFFICER";
export type RiskLevel = "I" | "II" | "III" | "IV";
export type RegionLevel = "PROVINCE" | "CITY" | "DISTRICT";
export type TaskStatus = "OPEN" | "IN_PROGRESS" | "DONE";
export type PolicyPhase = "PREVENTION" | "EMERGENCY" | "RECOVERY";
export type PolicyStatus = "PUBLISHED" | "SUPERSEDED";
export type AlertMethod = "THRESHOLD" | "EARS_C1" | "EARS_C2" | "EARS_C3" | "CUSUM" | "EWMA";
export type DepartmentKind = "CDC" | "CHARITY" | "HEALTH_COMMISSION" | "HOSPITAL" | "MEDIA" | "PUBLIC_SECURITY" | "TRANSPORT";

export const ALERT_METHODS: readonly AlertMethod[] = ["EARS_C1", "EARS_C2", "EARS_C3", "CUSUM", "EWMA", "THRESHOLD"];
export const POLICY_PHASES: readonly PolicyPhase[] = ["PREVENTION", "EMERGENCY", "RECOVERY"];
export const TASK_STATUSES: readonly TaskStatus[] = ["OPEN", "IN_PROGRESS", "DONE"];

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  population: number;
}

export interface DepartmentRef {
  code: string;
  name: string;
  kind: DepartmentKind;
  regionCode: string;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  department: DepartmentRef | null;
}

export interface Alert {
  id: number;
  date: string;
  method: string;
  observed: number;
  statistic: number;
  threshold: number;
  level: RiskLevel;
  entryIndex: number;
  region: Pick<Region, "code" | "name">;
}

export interface RiskPoint {
  date: string;
  count: number;
  upperBound: number | null;
  alarm: boolean;
}

export interface GrowthEstimate {
  rate: number;
  lower: number;
  upper: number;
  doublingTime: number | null;
  halvingTime: number | null;
}

/** Reproduction number on one day (Cori et al.), 7-day window, 95 % credible interval. */
export interface RtPoint {
  date: string;
  mean: number;
  lower: number;
  upper: number;
}

export interface ProjectionPoint {
  date: string;
  median: number;
  lower: number;
  upper: number;
}

/** The 14 days after the last reported day, with a 95 % interval. */
export interface Projection {
  method: string;
  points: ProjectionPoint[];
}

/** One daily detector run over the overview's window: the portal shows its alarm count, not its points. */
export interface DetectorRun {
  method: AlertMethod;
  /** As passed to the method (JSON). */
  parameters: string;
  alarms: number;
}

export interface RiskOverview {
  from: string;
  to: string;
  /** Method of `series`: the policy's, unless the query asked for another. */
  method: AlertMethod;
  level: RiskLevel;
  levelReasons: string[];
  newCases7d: number;
  incidencePer100k: number;
  activeAlarms: number;
  currentRt: number | null;
  growth: GrowthEstimate | null;
  region: Region;
  series: RiskPoint[];
  alerts: Alert[];
  rt: RtPoint[];
  projection: Projection;
  /** Every daily detector over the same days, the chosen one first. */
  detectors: DetectorRun[];
}

/** An alert recomputed from the log alone (`recheckAlert`). */
export interface AlertRecheck {
  confirmed: boolean;
  problems: string[];
  /** The entry is intact and included under the latest signed checkpoint. */
  included: boolean;
  /** The logged input equals the case reports on the log for those days. */
  inputsMatchReports: boolean;
  method: AlertMethod;
  parameters: string;
  inputFrom: string;
  inputTo: string;
  inputCounts: number[];
  loggedStatistic: number;
  recomputedStatistic: number | null;
  loggedUpperBound: number;
  recomputedUpperBound: number | null;
}

export interface RegionRisk {
  level: RiskLevel;
  levelReasons: string[];
  newCases7d: number;
  incidencePer100k: number;
  rt: number | null;
  growthRate: number | null;
  region: Region;
}

export interface ChainHead {
  size: number;
  rootHash: string;
  checkpoint: string | null;
  pending: number;
}

export interface ChainGrowthPoint {
  date: string;
  size: number;
}

export interface NodeStatus {
  department: DepartmentRef;
  entries: number;
  lastEntryAt: string | null;
  keyFingerprint: string;
}

export interface ChainEntry {
  index: number;
  kind: string;
  /** RFC 8785 canonical JSON; leafHash = SHA-256(0x00 ‖ UTF-8 payload). */
  payload: string;
  leafHash: string;
  departmentCode: string | null;
  /** On the first entry of a signed batch only: the submitter's Ed25519 signature (hex). */
  signature: string | null;
  /** On the first entry of a signed batch only: how many consecutive entries the signature covers. */
  signedCount: number | null;
  receivedAt: string;
}

/** A signed tree head: the C2SP signed note and what it commits to. */
export interface Checkpoint {
  size: number;
  rootHash: string;
  note: string;
}

export interface CheckpointListed extends Checkpoint {
  createdAt: string;
}

/** RFC 9162 inclusion proof of one entry in the tree of a checkpoint; hashes are hex, bottom-up. */
export interface InclusionProof {
  index: number;
  treeSize: number;
  leafHash: string;
  hashes: string[];
  checkpoint: Checkpoint;
}

export interface ChainEntryWithProof extends ChainEntry {
  /** Null while the entry awaits its first checkpoint. */
  proof: InclusionProof | null;
}

/** RFC 9162 consistency proof: the tree of `to.size` extends the tree of `from.size`. */
export interface ConsistencyProof {
  from: Checkpoint;
  to: Checkpoint;
  hashes: string[];
}

export interface CaseReport {
  id: number;
  date: string;
  newConfirmed: number;
  suspected: number;
  deaths: number;
  tests: number;
  receivedAt: string;
  entryIndex: number;
  region: Pick<Region, "code" | "name">;
  department: Pick<DepartmentRef, "code" | "name">;
}

export interface DailyReportCount {
  date: string;
  reports: number;
  confirmed: number;
  suspected: number;
  tests: number;
}

export interface Task {
  id: number;
  title: string;
  description: string;
  due: string | null;
  status: TaskStatus;
  createdBy: string;
  createdAt: string;
  entryIndex: number;
  ownerDepartment: Pick<DepartmentRef, "code" | "name" | "kind">;
  alert: Pick<Alert, "id" | "date" | "method" | "level" | "region"> | null;
}

/** A level is entered when incidence reaches its minimum AND at least one of Rt, growth or alarms does. */
export interface LevelCriteria {
  minIncidencePer100k: number;
  minRt: number;
  /** Per day: 0.05 = +5 %/day. */
  minGrowthRate: number;
  minActiveAlarms: number;
}

export type LevelThresholds = Record<"III" | "II" | "I", LevelCriteria>;

export interface PolicyRule {
  method: AlertMethod;
  alpha: number;
  threshold: number;
  levels: LevelThresholds;
}

export interface Policy {
  id: number;
  title: string;
  phase: PolicyPhase;
  version: number;
  status: PolicyStatus;
  regionCode: string | null;
  author: string;
  effectiveFrom: string;
  entryIndex: number;
  rule: PolicyRule;
}
