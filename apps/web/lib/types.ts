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
  payload: string;
  leafHash: string;
  departmentCode: string | null;
  signature: string | null;
  receivedAt: string;
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
