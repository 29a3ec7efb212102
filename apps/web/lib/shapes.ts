// Short names for the generated shapes components pass around (lib/gql/graphql.ts, from schema.graphql and
// lib/operations.ts). Aliases only: every field comes from the schema via codegen, none is written by hand.
import type * as G from "./gql/graphql";

export type { AlertMethod, DepartmentKind, PolicyPhase, RegionLevel, RiskLevel, Role, TaskStatus } from "./gql/graphql";

export type User = G.UserFieldsFragment;
export type Region = G.RegionFieldsFragment;
export type Department = G.DepartmentFieldsFragment;
export type Alert = G.AlertFieldsFragment;
export type Task = G.TaskFieldsFragment;
export type WorkOrder = G.WorkOrderFieldsFragment;
export type LevelLatency = G.ReportingLatencyQuery["reportingLatency"][number];
export type AlertTimeline = G.AlertTimelineQuery["alertTimeline"];
export type TimelineStep = AlertTimeline["steps"][number];
export type Policy = G.PolicyFieldsFragment;
export type LevelCriteria = G.CriteriaFieldsFragment;
export type LevelThresholds = G.LevelThresholdsInput;
export type CaseReport = G.ReportFieldsFragment;
export type LogEntry = G.LogEntryFieldsFragment;
export type RuleSetRow = G.RuleSetFieldsFragment;
export type RuleSetChange = NonNullable<G.RuleSetDiffQuery["ruleSet"]>["diff"][number];

export type RegionRisk = G.RiskMapQuery["riskMap"][number];
export type RiskOverview = G.RiskOverviewQuery["riskOverview"];
export type RiskPoint = RiskOverview["series"][number];
export type RtPoint = RiskOverview["rt"][number];
export type Projection = RiskOverview["projection"];
export type AlertRecheck = G.RecheckAlertQuery["recheckAlert"];

export type LogHead = G.InfrastructureQuery["logHead"];
export type LogGrowthPoint = G.InfrastructureQuery["logGrowth"][number];
export type NodeStatus = G.InfrastructureQuery["nodes"][number];
export type NetworkStatus = G.InfrastructureQuery["nodeStatus"];
export type CheckpointFinality = G.InfrastructureQuery["recentCheckpoints"][number];
export type CheckpointListed = G.CheckpointsQuery["checkpoints"][number];
export type EntryWithProof = G.EntryProofQuery["entry"];
export type InclusionProof = NonNullable<EntryWithProof["proof"]>;
export type Checkpoint = G.CheckpointFieldsFragment;
export type ConsistencyProof = G.ConsistencyProofQuery["consistencyProof"];
export type DailyReportCount = G.DataPageQuery["reportsPerDay"][number];
