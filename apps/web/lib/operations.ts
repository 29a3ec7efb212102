// Every operation the portal sends. Each `graphql()` tag is checked against /schema.graphql by codegen,
// which types its result and variables (lib/gql/); server components and client code share these documents.
import { graphql } from "./gql";

// Fragments: one selection per shape that several operations and components share.
graphql(`
  fragment UserFields on User {
    id email name role
    department { code name kind regionCode }
  }
  fragment RegionFields on Region { code name level parentCode population }
  fragment DepartmentFields on Department { code name kind regionCode }
  fragment AlertFields on Alert {
    id date method observed statistic threshold level entryIndex
    region { code name }
    policy { key version hash }
  }
  fragment TaskFields on Task {
    id title description due status createdBy createdAt entryIndex
    ownerDepartment { code name kind }
    alert { id date method level region { code name } }
  }
  fragment CriteriaFields on LevelCriteria { minIncidencePer100k minRt minGrowthRate minActiveAlarms }
  fragment PolicyFields on Policy {
    id title phase version status regionCode author effectiveFrom entryIndex
    rule { method alpha threshold levels { III { ...CriteriaFields } II { ...CriteriaFields } I { ...CriteriaFields } } }
  }
  fragment ReportFields on CaseReport {
    id date newConfirmed suspected deaths tests receivedAt entryIndex
    region { code name }
    department { code name }
  }
  fragment LogEntryFields on LogEntry { index kind payload leafHash departmentCode signature signedCount receivedAt }
  fragment CheckpointFields on Checkpoint { size rootHash note }
`);

export const ME = graphql(`query Me { me { ...UserFields } }`);

export const REGIONS = graphql(`query Regions { regions { ...RegionFields } }`);

export const DEPARTMENTS = graphql(`query Departments { departments { ...DepartmentFields } }`);

// Infrastructure layer: the log, its head, its growth and the department nodes.
export const INFRASTRUCTURE = graphql(`
  query Infrastructure {
    logHead { size rootHash checkpoint pending }
    logGrowth { date size }
    nodes { entries lastEntryAt keyFingerprint department { ...DepartmentFields } }
    logVerifierKey
    nodeStatus {
      policy quorum
      delegates { name vkey url lastCosignedSize lastCosignedAt lag lastError lastErrorAt }
      latestCheckpoint { size final finality { reason witnessed missing } }
      latestFinalCheckpoint { size createdAt }
    }
    readReplica { lagEntries lagBytes replayPaused lastReplayAt }
    recentCheckpoints: checkpoints(limit: 8) { size createdAt final cosignatures { name timestamp } finality { reason missing } }
  }
`);

export const LOG_ENTRIES = graphql(`
  query LogEntries($before: Int, $limit: Int!) {
    logEntries(before: $before, limit: $limit) { ...LogEntryFields }
  }
`);

// Log explorer: proofs are fetched here and verified in the browser with @vigil/log (lib/verify.ts).
export const CHECKPOINTS = graphql(`
  query Checkpoints($limit: Int!) { checkpoints(limit: $limit) { ...CheckpointFields createdAt } }
`);

export const ENTRY_PROOF = graphql(`
  query EntryProof($index: Int!) {
    entry(index: $index) {
      ...LogEntryFields
      proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } }
    }
    logVerifierKey
  }
`);

export const CONSISTENCY_PROOF = graphql(`
  query ConsistencyProof($from: Int!, $to: Int!) {
    consistencyProof(from: $from, to: $to) { from { ...CheckpointFields } to { ...CheckpointFields } hashes }
    logVerifierKey
  }
`);

// Data-support layer
export const DATA_PAGE = graphql(`
  query DataPage($regionCode: String, $from: LocalDate!, $to: LocalDate!, $reports: Int!) {
    reportsPerDay(from: $from, to: $to, regionCode: $regionCode) { date reports confirmed suspected tests }
    caseReports(regionCode: $regionCode, limit: $reports) { ...ReportFields }
  }
`);

export const LATEST_DAY = graphql(`query LatestDay { latestReportDay }`);

export const SUBMIT_CASE_REPORT = graphql(`
  mutation SubmitCaseReport($input: CaseReportInput!) { submitCaseReport(input: $input) { ...ReportFields } }
`);

// Analysis layer
export const RISK_MAP = graphql(`
  query RiskMap($date: LocalDate) {
    riskMap(date: $date) { level levelReasons newCases7d incidencePer100k rt growthRate region { ...RegionFields } }
  }
`);

export const RISK_OVERVIEW = graphql(`
  query RiskOverview($regionCode: String!, $method: AlertMethod, $from: LocalDate, $to: LocalDate) {
    riskOverview(regionCode: $regionCode, method: $method, from: $from, to: $to) {
      from to method level levelReasons newCases7d incidencePer100k activeAlarms currentRt
      growth { rate lower upper doublingTime halvingTime }
      region { ...RegionFields }
      series { date count upperBound alarm }
      rt { date mean lower upper }
      projection { method points { date median lower upper } }
      detectors { method parameters alarms }
      alerts { ...AlertFields }
    }
  }
`);

export const RECHECK_ALERT = graphql(`
  query RecheckAlert($entryIndex: Int!) {
    recheckAlert(entryIndex: $entryIndex) {
      confirmed problems included inputsMatchReports method parameters inputFrom inputTo inputCounts
      inputsRevisedSince currentInputCounts alarmsOnCurrentInputs
      loggedStatistic recomputedStatistic loggedUpperBound recomputedUpperBound
    }
  }
`);

export const ALERTS = graphql(`query Alerts($limit: Int!) { alerts(limit: $limit) { ...AlertFields } }`);

export const ALERT_RAISED = graphql(`subscription AlertRaised { alertRaised { ...AlertFields } }`);

// Business layer
export const TASKS = graphql(`query Tasks($limit: Int!) { tasks(limit: $limit) { ...TaskFields } }`);

export const ASSIGN_TASK = graphql(`
  mutation AssignTask($input: AssignTaskInput!) { assignTask(input: $input) { ...TaskFields } }
`);

export const UPDATE_TASK_STATUS = graphql(`
  mutation UpdateTaskStatus($id: Int!, $status: TaskStatus!) { updateTaskStatus(id: $id, status: $status) { ...TaskFields } }
`);

// Business layer: work orders from the playbook, the reporting timeline, latency per level
graphql(`
  fragment WorkOrderFields on WorkOrder {
    id alertId step task status slaSeconds openedAt dueAt acknowledgedAt startedAt depth escalatedFromId entryIndex
    region { code name level }
    ownerDepartment { code name kind }
    alert { id date method level region { code name } }
  }
  fragment LatencyFields on LatencySummary { count median p90 max }
`);

export const WORK_ORDERS = graphql(`query WorkOrders($limit: Int!) { workOrders(limit: $limit) { ...WorkOrderFields } }`);

export const ACKNOWLEDGE_WORK_ORDER = graphql(`
  mutation AcknowledgeWorkOrder($id: Int!) { acknowledgeWorkOrder(id: $id) { ...WorkOrderFields } }
`);

export const UPDATE_WORK_ORDER_STATUS = graphql(`
  mutation UpdateWorkOrderStatus($id: Int!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { ...WorkOrderFields } }
`);

export const REPORTING_LATENCY = graphql(`
  query ReportingLatency($regionCode: String) {
    reportingLatency(regionCode: $regionCode) { level step orders unacknowledged escalated toAcknowledge { ...LatencyFields } toAct { ...LatencyFields } }
  }
`);

export const ALERT_TIMELINE = graphql(`
  query AlertTimeline($alertId: Int!) {
    alertTimeline(alertId: $alertId) {
      alert { ...AlertFields }
      steps { kind at entryIndex departmentCode regionCode regionLevel workOrderId step secondsSinceFirstReport secondsSinceAlert }
    }
  }
`);

export const RESOURCES = graphql(`
  query Resources($limit: Int!) {
    resourceShortages { regionCode item requested allocated confirmed shortage }
    resourceRequests(limit: $limit) {
      id item quantity neededBy regionCode allocated outstanding entryIndex
      requesterDepartment { code name }
      allocations { id quantity confirmedAt entryIndex fromDepartment { code name } }
    }
  }
`);

// Policy layer
export const POLICIES = graphql(`query Policies($limit: Int!) { policies(limit: $limit) { ...PolicyFields } }`);

export const PUBLISH_POLICY = graphql(`
  mutation PublishPolicy($input: PublishPolicyInput!) { publishPolicy(input: $input) { ...PolicyFields } }
`);

// Rule sets (contracts and policies of @vigil/rules) and their lifecycle
graphql(`
  fragment RuleSetFields on RuleSet {
    key kind phase version title jurisdiction hash state status effectiveFrom effectiveUntil
    author approver revoker revokedOn entryIndex approvedEntryIndex revokedEntryIndex document
  }
`);

export const RULE_SETS = graphql(`query RuleSets { ruleSets { ...RuleSetFields } }`);

/** The contract a logged record names, for the in-browser recheck of its decision (DecisionRecheck). */
export const RULE_SET_DOCUMENT = graphql(`
  query RuleSetDocument($key: String!, $version: String!) { ruleSet(key: $key, version: $version) { key version hash document } }
`);

export const RULE_SET_DIFF = graphql(`
  query RuleSetDiff($key: String!, $version: String!, $against: String!) {
    ruleSet(key: $key, version: $version) { key version diff(against: $against) { path kind before after } }
  }
`);

export const DRAFT_RULE_SET = graphql(`mutation DraftRuleSet($ruleSet: JSON!) { draftRuleSet(ruleSet: $ruleSet) { ...RuleSetFields } }`);

export const APPROVE_RULE_SET = graphql(`
  mutation ApproveRuleSet($key: String!, $version: String!) { approveRuleSet(key: $key, version: $version) { ...RuleSetFields } }
`);

// Patient portal (issue 14).
export const MY_PSEUDONYM = graphql(`query MyPseudonym { myPseudonym }`);
export const PATIENT_OVERVIEW = graphql(`
  query PatientOverview($pseudonym: String!) {
    patientOverview(pseudonym: $pseudonym) {
      pseudonym hospital erased erasureEntry
      records { entryIndex kind issuer recipients sha256 erased createdAt }
      grants { entryIndex granteeDepartment granteeRole purposes kinds from to revokedEntry revokedAt createdAt }
      accesses { entryIndex readerEmail readerRole readerDepartment purpose records consentEntry breakGlass reason at }
    }
  }
`);
export const CONSENT_RECEIPT = graphql(`query ConsentReceipt($grantEntry: Int!) { consentReceipt(grantEntry: $grantEntry) }`);
export const ERASE_MEDICAL = graphql(
  `mutation EraseMedicalRecords($pseudonym: String!, $reason: String!) { eraseMedicalRecords(pseudonym: $pseudonym, reason: $reason) }`,
);
// Dashboards (issue 17): drill-down from an alert to the reports behind it, corrections included.
export const ALERT_LINE_LIST = graphql(`
  query AlertLineList($regionCode: String!, $from: LocalDate!, $to: LocalDate!, $entryIndex: Int!, $limit: Int!) {
    recheckAlert(entryIndex: $entryIndex) {
      confirmed method parameters inputFrom inputTo inputCounts currentInputCounts inputsRevisedSince loggedStatistic loggedUpperBound
    }
    caseReports(regionCode: $regionCode, from: $from, to: $to, history: true, limit: $limit) {
      ...ReportFields
      current
      reason
      amends { id entryIndex }
      amendedBy { id entryIndex }
    }
  }
`);

export const REPORTS_CHANGED = graphql(`subscription ReportsChanged { reportsChanged { regionCode date to } }`);

// Public-safety inspection (issue 15): the chain through a case, as few fields as the graph and its table need.
// A person's visits in a window: a logged query naming its legal basis, drawn as cells over time (/data/trajectory).
export const TRAJECTORY = graphql(`
  query TrajectoryView($pseudonym: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {
    trajectory(pseudonym: $pseudonym, legalBasis: $legalBasis, from: $from, to: $to) {
      pseudonym
      from
      to
      entryIndex
      resultHash
      visits { place cell start end source }
    }
  }
`);

export const TRANSMISSION_CHAIN = graphql(`
  query TransmissionChainView($case: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {
    transmissionChain(casePseudonym: $case, legalBasis: $legalBasis, from: $from, to: $to) {
      casePseudonym
      clusters
      entryIndex
      resultHash
      nodes { pseudonym isCase x y }
      links { source target version contactDate exposureType certainty followUp entryIndex }
    }
  }
`);
