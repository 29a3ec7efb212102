/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Diseases {\n    diseases { code name icd10 period }\n  }\n": typeof types.DiseasesDocument,
    "\n  query WeeklyOverview($regionCode: String!, $disease: String!) {\n    riskOverview(regionCode: $regionCode, disease: $disease, period: WEEK) {\n      from to disease period seriesMethod seriesParameters\n      region { code name }\n      farrington { date count expected upperBound alarm trend }\n    }\n  }\n": typeof types.WeeklyOverviewDocument,
    "\n  query Nowcast($regionCode: String!, $disease: String) {\n    nowcast(regionCode: $regionCode, disease: $disease) {\n      asOf maxDelay delayCdf disease\n      region { code name }\n      points { date observed final median lower upper }\n    }\n  }\n": typeof types.NowcastDocument,
    "\n  fragment UserFields on User {\n    id email name role\n    department { code name kind regionCode }\n  }\n  fragment RegionFields on Region { code name level parentCode population }\n  fragment DepartmentFields on Department { code name kind regionCode }\n  fragment AlertFields on Alert {\n    id date method observed statistic threshold level entryIndex\n    region { code name }\n    policy { key version hash }\n  }\n  fragment TaskFields on Task {\n    id title description due status createdBy createdAt entryIndex\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment CriteriaFields on LevelCriteria { minIncidencePer100k minRt minGrowthRate minActiveAlarms }\n  fragment PolicyFields on Policy {\n    id title phase version status regionCode author effectiveFrom entryIndex\n    rule { method alpha threshold levels { III { ...CriteriaFields } II { ...CriteriaFields } I { ...CriteriaFields } } }\n  }\n  fragment ReportFields on CaseReport {\n    id date newConfirmed suspected deaths tests receivedAt entryIndex\n    region { code name }\n    department { code name }\n  }\n  fragment LogEntryFields on LogEntry { index kind payload leafHash departmentCode signature signedCount receivedAt }\n  fragment CheckpointFields on Checkpoint { size rootHash note }\n": typeof types.UserFieldsFragmentDoc,
    "query Me { me { ...UserFields } }": typeof types.MeDocument,
    "query Regions { regions { ...RegionFields } }": typeof types.RegionsDocument,
    "query Departments { departments { ...DepartmentFields } }": typeof types.DepartmentsDocument,
    "\n  query Infrastructure {\n    logHead { size rootHash checkpoint pending }\n    logGrowth { date size }\n    nodes { entries lastEntryAt keyFingerprint department { ...DepartmentFields } }\n    logVerifierKey\n    nodeStatus {\n      policy quorum\n      delegates { name vkey url lastCosignedSize lastCosignedAt lag lastError lastErrorAt }\n      latestCheckpoint { size final finality { reason witnessed missing } }\n      latestFinalCheckpoint { size createdAt }\n    }\n    readReplica { lagEntries lagBytes replayPaused lastReplayAt }\n    recentCheckpoints: checkpoints(limit: 8) { size createdAt final cosignatures { name timestamp } finality { reason missing } }\n  }\n": typeof types.InfrastructureDocument,
    "\n  query LogEntries($before: Int, $limit: Int!) {\n    logEntries(before: $before, limit: $limit) { ...LogEntryFields }\n  }\n": typeof types.LogEntriesDocument,
    "\n  query Checkpoints($limit: Int!) { checkpoints(limit: $limit) { ...CheckpointFields createdAt } }\n": typeof types.CheckpointsDocument,
    "\n  query EntryProof($index: Int!) {\n    entry(index: $index) {\n      ...LogEntryFields\n      proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } }\n    }\n    logVerifierKey\n  }\n": typeof types.EntryProofDocument,
    "\n  query ConsistencyProof($from: Int!, $to: Int!) {\n    consistencyProof(from: $from, to: $to) { from { ...CheckpointFields } to { ...CheckpointFields } hashes }\n    logVerifierKey\n  }\n": typeof types.ConsistencyProofDocument,
    "\n  query DataPage($regionCode: String, $from: LocalDate!, $to: LocalDate!, $reports: Int!) {\n    reportsPerDay(from: $from, to: $to, regionCode: $regionCode) { date reports confirmed suspected tests }\n    caseReports(regionCode: $regionCode, limit: $reports) { ...ReportFields }\n  }\n": typeof types.DataPageDocument,
    "query LatestDay { latestReportDay }": typeof types.LatestDayDocument,
    "\n  mutation SubmitCaseReport($input: CaseReportInput!) { submitCaseReport(input: $input) { ...ReportFields } }\n": typeof types.SubmitCaseReportDocument,
    "\n  query RiskMap($date: LocalDate) {\n    riskMap(date: $date) { level levelReasons newCases7d incidencePer100k rt growthRate region { ...RegionFields } }\n  }\n": typeof types.RiskMapDocument,
    "\n  query RiskOverview($regionCode: String!, $method: AlertMethod, $from: LocalDate, $to: LocalDate) {\n    riskOverview(regionCode: $regionCode, method: $method, from: $from, to: $to) {\n      from to method level levelReasons newCases7d incidencePer100k activeAlarms currentRt\n      growth { rate lower upper doublingTime halvingTime }\n      region { ...RegionFields }\n      series { date count upperBound alarm }\n      rt { date mean lower upper }\n      projection { method points { date median lower upper } }\n      detectors { method parameters alarms }\n      alerts { ...AlertFields }\n    }\n  }\n": typeof types.RiskOverviewDocument,
    "\n  query RecheckAlert($entryIndex: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed problems included inputsMatchReports method parameters inputFrom inputTo inputCounts\n      inputsRevisedSince currentInputCounts alarmsOnCurrentInputs\n      loggedStatistic recomputedStatistic loggedUpperBound recomputedUpperBound\n    }\n  }\n": typeof types.RecheckAlertDocument,
    "query Alerts($limit: Int!) { alerts(limit: $limit) { ...AlertFields } }": typeof types.AlertsDocument,
    "subscription AlertRaised { alertRaised { ...AlertFields } }": typeof types.AlertRaisedDocument,
    "query Tasks($limit: Int!) { tasks(limit: $limit) { ...TaskFields } }": typeof types.TasksDocument,
    "\n  mutation AssignTask($input: AssignTaskInput!) { assignTask(input: $input) { ...TaskFields } }\n": typeof types.AssignTaskDocument,
    "\n  mutation UpdateTaskStatus($id: Int!, $status: TaskStatus!) { updateTaskStatus(id: $id, status: $status) { ...TaskFields } }\n": typeof types.UpdateTaskStatusDocument,
    "\n  fragment WorkOrderFields on WorkOrder {\n    id alertId step task status slaSeconds openedAt dueAt acknowledgedAt startedAt depth escalatedFromId entryIndex\n    region { code name level }\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment LatencyFields on LatencySummary { count median p90 max }\n": typeof types.WorkOrderFieldsFragmentDoc,
    "query WorkOrders($limit: Int!) { workOrders(limit: $limit) { ...WorkOrderFields } }": typeof types.WorkOrdersDocument,
    "\n  mutation AcknowledgeWorkOrder($id: Int!) { acknowledgeWorkOrder(id: $id) { ...WorkOrderFields } }\n": typeof types.AcknowledgeWorkOrderDocument,
    "\n  mutation UpdateWorkOrderStatus($id: Int!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { ...WorkOrderFields } }\n": typeof types.UpdateWorkOrderStatusDocument,
    "\n  query ReportingLatency($regionCode: String) {\n    reportingLatency(regionCode: $regionCode) { level step orders unacknowledged escalated toAcknowledge { ...LatencyFields } toAct { ...LatencyFields } }\n  }\n": typeof types.ReportingLatencyDocument,
    "\n  query AlertTimeline($alertId: Int!) {\n    alertTimeline(alertId: $alertId) {\n      alert { ...AlertFields }\n      steps { kind at entryIndex departmentCode regionCode regionLevel workOrderId step secondsSinceFirstReport secondsSinceAlert }\n    }\n  }\n": typeof types.AlertTimelineDocument,
    "\n  query Resources($limit: Int!) {\n    resourceShortages { regionCode item requested allocated confirmed shortage }\n    resourceRequests(limit: $limit) {\n      id item quantity neededBy regionCode allocated outstanding entryIndex\n      requesterDepartment { code name }\n      allocations { id quantity confirmedAt entryIndex fromDepartment { code name } }\n    }\n  }\n": typeof types.ResourcesDocument,
    "query Policies($limit: Int!) { policies(limit: $limit) { ...PolicyFields } }": typeof types.PoliciesDocument,
    "\n  mutation PublishPolicy($input: PublishPolicyInput!) { publishPolicy(input: $input) { ...PolicyFields } }\n": typeof types.PublishPolicyDocument,
    "\n  fragment RuleSetFields on RuleSet {\n    key kind phase version title jurisdiction hash state status effectiveFrom effectiveUntil\n    author approver revoker revokedOn entryIndex approvedEntryIndex revokedEntryIndex document\n  }\n": typeof types.RuleSetFieldsFragmentDoc,
    "query RuleSets { ruleSets { ...RuleSetFields } }": typeof types.RuleSetsDocument,
    "\n  query RuleSetDocument($key: String!, $version: String!) { ruleSet(key: $key, version: $version) { key version hash document } }\n": typeof types.RuleSetDocumentDocument,
    "\n  query RuleSetDiff($key: String!, $version: String!, $against: String!) {\n    ruleSet(key: $key, version: $version) { key version diff(against: $against) { path kind before after } }\n  }\n": typeof types.RuleSetDiffDocument,
    "mutation DraftRuleSet($ruleSet: JSON!) { draftRuleSet(ruleSet: $ruleSet) { ...RuleSetFields } }": typeof types.DraftRuleSetDocument,
    "\n  mutation ApproveRuleSet($key: String!, $version: String!) { approveRuleSet(key: $key, version: $version) { ...RuleSetFields } }\n": typeof types.ApproveRuleSetDocument,
    "query MyPseudonym { myPseudonym }": typeof types.MyPseudonymDocument,
    "\n  query PatientOverview($pseudonym: String!) {\n    patientOverview(pseudonym: $pseudonym) {\n      pseudonym hospital erased erasureEntry\n      records { entryIndex kind issuer recipients sha256 erased createdAt }\n      grants { entryIndex granteeDepartment granteeRole purposes kinds from to revokedEntry revokedAt createdAt }\n      accesses { entryIndex readerEmail readerRole readerDepartment purpose records consentEntry breakGlass reason at }\n    }\n  }\n": typeof types.PatientOverviewDocument,
    "query ConsentReceipt($grantEntry: Int!) { consentReceipt(grantEntry: $grantEntry) }": typeof types.ConsentReceiptDocument,
    "mutation EraseMedicalRecords($pseudonym: String!, $reason: String!) { eraseMedicalRecords(pseudonym: $pseudonym, reason: $reason) }": typeof types.EraseMedicalRecordsDocument,
    "\n  query AlertLineList($regionCode: String!, $from: LocalDate!, $to: LocalDate!, $entryIndex: Int!, $limit: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed method parameters inputFrom inputTo inputCounts currentInputCounts inputsRevisedSince loggedStatistic loggedUpperBound\n    }\n    caseReports(regionCode: $regionCode, from: $from, to: $to, history: true, limit: $limit) {\n      ...ReportFields\n      current\n      reason\n      amends { id entryIndex }\n      amendedBy { id entryIndex }\n    }\n  }\n": typeof types.AlertLineListDocument,
    "subscription ReportsChanged { reportsChanged { regionCode date to } }": typeof types.ReportsChangedDocument,
    "\n  query TrajectoryView($pseudonym: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    trajectory(pseudonym: $pseudonym, legalBasis: $legalBasis, from: $from, to: $to) {\n      pseudonym\n      from\n      to\n      entryIndex\n      resultHash\n      visits { place cell start end source }\n    }\n  }\n": typeof types.TrajectoryViewDocument,
    "\n  query TransmissionChainView($case: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    transmissionChain(casePseudonym: $case, legalBasis: $legalBasis, from: $from, to: $to) {\n      casePseudonym\n      clusters\n      entryIndex\n      resultHash\n      nodes { pseudonym isCase x y }\n      links { source target version contactDate exposureType certainty followUp entryIndex }\n    }\n  }\n": typeof types.TransmissionChainViewDocument,
    "\n  fragment StatementFields on PublicStatement {\n    id entryIndex sha256 title category language sourceUrl text verdict retractedAt retractionReason corrects createdAt\n    publisher { code name kind }\n    factChecks { id verdict reasoning evidence createdAt entryIndex checker { code name } }\n  }\n  fragment StepFields on CharityStepRecord {\n    code kind item unit quantity standard batch donorName donorCommitment day entryIndex previousCode\n    actor { code name kind }\n    recipient { code name kind }\n    charity { code name }\n  }\n": typeof types.StatementFieldsFragmentDoc,
    "\n  query PublicBoard($category: String, $limit: Int!) {\n    publicLogVerifierKey\n    statementCategories { category statements }\n    publicStatements(category: $category, limit: $limit) { ...StatementFields }\n  }\n": typeof types.PublicBoardDocument,
    "\n  query StatementByHash($sha256: String!) { statementByHash(sha256: $sha256) { ...StatementFields } }\n": typeof types.StatementByHashDocument,
    "query Certificate($entryIndex: Int!) { certificate(entryIndex: $entryIndex) }": typeof types.CertificateDocument,
    "\n  query DonationTrace($receiptCode: String!) {\n    donationTrace(receiptCode: $receiptCode) {\n      receiptCode logVerifierKey\n      anomalies { kind step message }\n      steps {\n        step { ...StepFields }\n        entry { ...LogEntryFields proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } } }\n      }\n    }\n  }\n": typeof types.DonationTraceDocument,
    "\n  query CharityBooks {\n    charityBalances {\n      asOf confirmWithinDays\n      balances { charity charityName item received allocated shipped delivered inStock inTransit }\n      recipients { recipient recipientName item needed delivered }\n      anomalies { kind step donation charity message }\n      links { kind charity recipient item unit quantity }\n    }\n  }\n": typeof types.CharityBooksDocument,
    "query CharityIati { charityIati }": typeof types.CharityIatiDocument,
};
const documents: Documents = {
    "\n  query Diseases {\n    diseases { code name icd10 period }\n  }\n": types.DiseasesDocument,
    "\n  query WeeklyOverview($regionCode: String!, $disease: String!) {\n    riskOverview(regionCode: $regionCode, disease: $disease, period: WEEK) {\n      from to disease period seriesMethod seriesParameters\n      region { code name }\n      farrington { date count expected upperBound alarm trend }\n    }\n  }\n": types.WeeklyOverviewDocument,
    "\n  query Nowcast($regionCode: String!, $disease: String) {\n    nowcast(regionCode: $regionCode, disease: $disease) {\n      asOf maxDelay delayCdf disease\n      region { code name }\n      points { date observed final median lower upper }\n    }\n  }\n": types.NowcastDocument,
    "\n  fragment UserFields on User {\n    id email name role\n    department { code name kind regionCode }\n  }\n  fragment RegionFields on Region { code name level parentCode population }\n  fragment DepartmentFields on Department { code name kind regionCode }\n  fragment AlertFields on Alert {\n    id date method observed statistic threshold level entryIndex\n    region { code name }\n    policy { key version hash }\n  }\n  fragment TaskFields on Task {\n    id title description due status createdBy createdAt entryIndex\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment CriteriaFields on LevelCriteria { minIncidencePer100k minRt minGrowthRate minActiveAlarms }\n  fragment PolicyFields on Policy {\n    id title phase version status regionCode author effectiveFrom entryIndex\n    rule { method alpha threshold levels { III { ...CriteriaFields } II { ...CriteriaFields } I { ...CriteriaFields } } }\n  }\n  fragment ReportFields on CaseReport {\n    id date newConfirmed suspected deaths tests receivedAt entryIndex\n    region { code name }\n    department { code name }\n  }\n  fragment LogEntryFields on LogEntry { index kind payload leafHash departmentCode signature signedCount receivedAt }\n  fragment CheckpointFields on Checkpoint { size rootHash note }\n": types.UserFieldsFragmentDoc,
    "query Me { me { ...UserFields } }": types.MeDocument,
    "query Regions { regions { ...RegionFields } }": types.RegionsDocument,
    "query Departments { departments { ...DepartmentFields } }": types.DepartmentsDocument,
    "\n  query Infrastructure {\n    logHead { size rootHash checkpoint pending }\n    logGrowth { date size }\n    nodes { entries lastEntryAt keyFingerprint department { ...DepartmentFields } }\n    logVerifierKey\n    nodeStatus {\n      policy quorum\n      delegates { name vkey url lastCosignedSize lastCosignedAt lag lastError lastErrorAt }\n      latestCheckpoint { size final finality { reason witnessed missing } }\n      latestFinalCheckpoint { size createdAt }\n    }\n    readReplica { lagEntries lagBytes replayPaused lastReplayAt }\n    recentCheckpoints: checkpoints(limit: 8) { size createdAt final cosignatures { name timestamp } finality { reason missing } }\n  }\n": types.InfrastructureDocument,
    "\n  query LogEntries($before: Int, $limit: Int!) {\n    logEntries(before: $before, limit: $limit) { ...LogEntryFields }\n  }\n": types.LogEntriesDocument,
    "\n  query Checkpoints($limit: Int!) { checkpoints(limit: $limit) { ...CheckpointFields createdAt } }\n": types.CheckpointsDocument,
    "\n  query EntryProof($index: Int!) {\n    entry(index: $index) {\n      ...LogEntryFields\n      proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } }\n    }\n    logVerifierKey\n  }\n": types.EntryProofDocument,
    "\n  query ConsistencyProof($from: Int!, $to: Int!) {\n    consistencyProof(from: $from, to: $to) { from { ...CheckpointFields } to { ...CheckpointFields } hashes }\n    logVerifierKey\n  }\n": types.ConsistencyProofDocument,
    "\n  query DataPage($regionCode: String, $from: LocalDate!, $to: LocalDate!, $reports: Int!) {\n    reportsPerDay(from: $from, to: $to, regionCode: $regionCode) { date reports confirmed suspected tests }\n    caseReports(regionCode: $regionCode, limit: $reports) { ...ReportFields }\n  }\n": types.DataPageDocument,
    "query LatestDay { latestReportDay }": types.LatestDayDocument,
    "\n  mutation SubmitCaseReport($input: CaseReportInput!) { submitCaseReport(input: $input) { ...ReportFields } }\n": types.SubmitCaseReportDocument,
    "\n  query RiskMap($date: LocalDate) {\n    riskMap(date: $date) { level levelReasons newCases7d incidencePer100k rt growthRate region { ...RegionFields } }\n  }\n": types.RiskMapDocument,
    "\n  query RiskOverview($regionCode: String!, $method: AlertMethod, $from: LocalDate, $to: LocalDate) {\n    riskOverview(regionCode: $regionCode, method: $method, from: $from, to: $to) {\n      from to method level levelReasons newCases7d incidencePer100k activeAlarms currentRt\n      growth { rate lower upper doublingTime halvingTime }\n      region { ...RegionFields }\n      series { date count upperBound alarm }\n      rt { date mean lower upper }\n      projection { method points { date median lower upper } }\n      detectors { method parameters alarms }\n      alerts { ...AlertFields }\n    }\n  }\n": types.RiskOverviewDocument,
    "\n  query RecheckAlert($entryIndex: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed problems included inputsMatchReports method parameters inputFrom inputTo inputCounts\n      inputsRevisedSince currentInputCounts alarmsOnCurrentInputs\n      loggedStatistic recomputedStatistic loggedUpperBound recomputedUpperBound\n    }\n  }\n": types.RecheckAlertDocument,
    "query Alerts($limit: Int!) { alerts(limit: $limit) { ...AlertFields } }": types.AlertsDocument,
    "subscription AlertRaised { alertRaised { ...AlertFields } }": types.AlertRaisedDocument,
    "query Tasks($limit: Int!) { tasks(limit: $limit) { ...TaskFields } }": types.TasksDocument,
    "\n  mutation AssignTask($input: AssignTaskInput!) { assignTask(input: $input) { ...TaskFields } }\n": types.AssignTaskDocument,
    "\n  mutation UpdateTaskStatus($id: Int!, $status: TaskStatus!) { updateTaskStatus(id: $id, status: $status) { ...TaskFields } }\n": types.UpdateTaskStatusDocument,
    "\n  fragment WorkOrderFields on WorkOrder {\n    id alertId step task status slaSeconds openedAt dueAt acknowledgedAt startedAt depth escalatedFromId entryIndex\n    region { code name level }\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment LatencyFields on LatencySummary { count median p90 max }\n": types.WorkOrderFieldsFragmentDoc,
    "query WorkOrders($limit: Int!) { workOrders(limit: $limit) { ...WorkOrderFields } }": types.WorkOrdersDocument,
    "\n  mutation AcknowledgeWorkOrder($id: Int!) { acknowledgeWorkOrder(id: $id) { ...WorkOrderFields } }\n": types.AcknowledgeWorkOrderDocument,
    "\n  mutation UpdateWorkOrderStatus($id: Int!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { ...WorkOrderFields } }\n": types.UpdateWorkOrderStatusDocument,
    "\n  query ReportingLatency($regionCode: String) {\n    reportingLatency(regionCode: $regionCode) { level step orders unacknowledged escalated toAcknowledge { ...LatencyFields } toAct { ...LatencyFields } }\n  }\n": types.ReportingLatencyDocument,
    "\n  query AlertTimeline($alertId: Int!) {\n    alertTimeline(alertId: $alertId) {\n      alert { ...AlertFields }\n      steps { kind at entryIndex departmentCode regionCode regionLevel workOrderId step secondsSinceFirstReport secondsSinceAlert }\n    }\n  }\n": types.AlertTimelineDocument,
    "\n  query Resources($limit: Int!) {\n    resourceShortages { regionCode item requested allocated confirmed shortage }\n    resourceRequests(limit: $limit) {\n      id item quantity neededBy regionCode allocated outstanding entryIndex\n      requesterDepartment { code name }\n      allocations { id quantity confirmedAt entryIndex fromDepartment { code name } }\n    }\n  }\n": types.ResourcesDocument,
    "query Policies($limit: Int!) { policies(limit: $limit) { ...PolicyFields } }": types.PoliciesDocument,
    "\n  mutation PublishPolicy($input: PublishPolicyInput!) { publishPolicy(input: $input) { ...PolicyFields } }\n": types.PublishPolicyDocument,
    "\n  fragment RuleSetFields on RuleSet {\n    key kind phase version title jurisdiction hash state status effectiveFrom effectiveUntil\n    author approver revoker revokedOn entryIndex approvedEntryIndex revokedEntryIndex document\n  }\n": types.RuleSetFieldsFragmentDoc,
    "query RuleSets { ruleSets { ...RuleSetFields } }": types.RuleSetsDocument,
    "\n  query RuleSetDocument($key: String!, $version: String!) { ruleSet(key: $key, version: $version) { key version hash document } }\n": types.RuleSetDocumentDocument,
    "\n  query RuleSetDiff($key: String!, $version: String!, $against: String!) {\n    ruleSet(key: $key, version: $version) { key version diff(against: $against) { path kind before after } }\n  }\n": types.RuleSetDiffDocument,
    "mutation DraftRuleSet($ruleSet: JSON!) { draftRuleSet(ruleSet: $ruleSet) { ...RuleSetFields } }": types.DraftRuleSetDocument,
    "\n  mutation ApproveRuleSet($key: String!, $version: String!) { approveRuleSet(key: $key, version: $version) { ...RuleSetFields } }\n": types.ApproveRuleSetDocument,
    "query MyPseudonym { myPseudonym }": types.MyPseudonymDocument,
    "\n  query PatientOverview($pseudonym: String!) {\n    patientOverview(pseudonym: $pseudonym) {\n      pseudonym hospital erased erasureEntry\n      records { entryIndex kind issuer recipients sha256 erased createdAt }\n      grants { entryIndex granteeDepartment granteeRole purposes kinds from to revokedEntry revokedAt createdAt }\n      accesses { entryIndex readerEmail readerRole readerDepartment purpose records consentEntry breakGlass reason at }\n    }\n  }\n": types.PatientOverviewDocument,
    "query ConsentReceipt($grantEntry: Int!) { consentReceipt(grantEntry: $grantEntry) }": types.ConsentReceiptDocument,
    "mutation EraseMedicalRecords($pseudonym: String!, $reason: String!) { eraseMedicalRecords(pseudonym: $pseudonym, reason: $reason) }": types.EraseMedicalRecordsDocument,
    "\n  query AlertLineList($regionCode: String!, $from: LocalDate!, $to: LocalDate!, $entryIndex: Int!, $limit: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed method parameters inputFrom inputTo inputCounts currentInputCounts inputsRevisedSince loggedStatistic loggedUpperBound\n    }\n    caseReports(regionCode: $regionCode, from: $from, to: $to, history: true, limit: $limit) {\n      ...ReportFields\n      current\n      reason\n      amends { id entryIndex }\n      amendedBy { id entryIndex }\n    }\n  }\n": types.AlertLineListDocument,
    "subscription ReportsChanged { reportsChanged { regionCode date to } }": types.ReportsChangedDocument,
    "\n  query TrajectoryView($pseudonym: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    trajectory(pseudonym: $pseudonym, legalBasis: $legalBasis, from: $from, to: $to) {\n      pseudonym\n      from\n      to\n      entryIndex\n      resultHash\n      visits { place cell start end source }\n    }\n  }\n": types.TrajectoryViewDocument,
    "\n  query TransmissionChainView($case: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    transmissionChain(casePseudonym: $case, legalBasis: $legalBasis, from: $from, to: $to) {\n      casePseudonym\n      clusters\n      entryIndex\n      resultHash\n      nodes { pseudonym isCase x y }\n      links { source target version contactDate exposureType certainty followUp entryIndex }\n    }\n  }\n": types.TransmissionChainViewDocument,
    "\n  fragment StatementFields on PublicStatement {\n    id entryIndex sha256 title category language sourceUrl text verdict retractedAt retractionReason corrects createdAt\n    publisher { code name kind }\n    factChecks { id verdict reasoning evidence createdAt entryIndex checker { code name } }\n  }\n  fragment StepFields on CharityStepRecord {\n    code kind item unit quantity standard batch donorName donorCommitment day entryIndex previousCode\n    actor { code name kind }\n    recipient { code name kind }\n    charity { code name }\n  }\n": types.StatementFieldsFragmentDoc,
    "\n  query PublicBoard($category: String, $limit: Int!) {\n    publicLogVerifierKey\n    statementCategories { category statements }\n    publicStatements(category: $category, limit: $limit) { ...StatementFields }\n  }\n": types.PublicBoardDocument,
    "\n  query StatementByHash($sha256: String!) { statementByHash(sha256: $sha256) { ...StatementFields } }\n": types.StatementByHashDocument,
    "query Certificate($entryIndex: Int!) { certificate(entryIndex: $entryIndex) }": types.CertificateDocument,
    "\n  query DonationTrace($receiptCode: String!) {\n    donationTrace(receiptCode: $receiptCode) {\n      receiptCode logVerifierKey\n      anomalies { kind step message }\n      steps {\n        step { ...StepFields }\n        entry { ...LogEntryFields proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } } }\n      }\n    }\n  }\n": types.DonationTraceDocument,
    "\n  query CharityBooks {\n    charityBalances {\n      asOf confirmWithinDays\n      balances { charity charityName item received allocated shipped delivered inStock inTransit }\n      recipients { recipient recipientName item needed delivered }\n      anomalies { kind step donation charity message }\n      links { kind charity recipient item unit quantity }\n    }\n  }\n": types.CharityBooksDocument,
    "query CharityIati { charityIati }": types.CharityIatiDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Diseases {\n    diseases { code name icd10 period }\n  }\n"): (typeof documents)["\n  query Diseases {\n    diseases { code name icd10 period }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WeeklyOverview($regionCode: String!, $disease: String!) {\n    riskOverview(regionCode: $regionCode, disease: $disease, period: WEEK) {\n      from to disease period seriesMethod seriesParameters\n      region { code name }\n      farrington { date count expected upperBound alarm trend }\n    }\n  }\n"): (typeof documents)["\n  query WeeklyOverview($regionCode: String!, $disease: String!) {\n    riskOverview(regionCode: $regionCode, disease: $disease, period: WEEK) {\n      from to disease period seriesMethod seriesParameters\n      region { code name }\n      farrington { date count expected upperBound alarm trend }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Nowcast($regionCode: String!, $disease: String) {\n    nowcast(regionCode: $regionCode, disease: $disease) {\n      asOf maxDelay delayCdf disease\n      region { code name }\n      points { date observed final median lower upper }\n    }\n  }\n"): (typeof documents)["\n  query Nowcast($regionCode: String!, $disease: String) {\n    nowcast(regionCode: $regionCode, disease: $disease) {\n      asOf maxDelay delayCdf disease\n      region { code name }\n      points { date observed final median lower upper }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id email name role\n    department { code name kind regionCode }\n  }\n  fragment RegionFields on Region { code name level parentCode population }\n  fragment DepartmentFields on Department { code name kind regionCode }\n  fragment AlertFields on Alert {\n    id date method observed statistic threshold level entryIndex\n    region { code name }\n    policy { key version hash }\n  }\n  fragment TaskFields on Task {\n    id title description due status createdBy createdAt entryIndex\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment CriteriaFields on LevelCriteria { minIncidencePer100k minRt minGrowthRate minActiveAlarms }\n  fragment PolicyFields on Policy {\n    id title phase version status regionCode author effectiveFrom entryIndex\n    rule { method alpha threshold levels { III { ...CriteriaFields } II { ...CriteriaFields } I { ...CriteriaFields } } }\n  }\n  fragment ReportFields on CaseReport {\n    id date newConfirmed suspected deaths tests receivedAt entryIndex\n    region { code name }\n    department { code name }\n  }\n  fragment LogEntryFields on LogEntry { index kind payload leafHash departmentCode signature signedCount receivedAt }\n  fragment CheckpointFields on Checkpoint { size rootHash note }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id email name role\n    department { code name kind regionCode }\n  }\n  fragment RegionFields on Region { code name level parentCode population }\n  fragment DepartmentFields on Department { code name kind regionCode }\n  fragment AlertFields on Alert {\n    id date method observed statistic threshold level entryIndex\n    region { code name }\n    policy { key version hash }\n  }\n  fragment TaskFields on Task {\n    id title description due status createdBy createdAt entryIndex\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment CriteriaFields on LevelCriteria { minIncidencePer100k minRt minGrowthRate minActiveAlarms }\n  fragment PolicyFields on Policy {\n    id title phase version status regionCode author effectiveFrom entryIndex\n    rule { method alpha threshold levels { III { ...CriteriaFields } II { ...CriteriaFields } I { ...CriteriaFields } } }\n  }\n  fragment ReportFields on CaseReport {\n    id date newConfirmed suspected deaths tests receivedAt entryIndex\n    region { code name }\n    department { code name }\n  }\n  fragment LogEntryFields on LogEntry { index kind payload leafHash departmentCode signature signedCount receivedAt }\n  fragment CheckpointFields on Checkpoint { size rootHash note }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me { me { ...UserFields } }"): (typeof documents)["query Me { me { ...UserFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Regions { regions { ...RegionFields } }"): (typeof documents)["query Regions { regions { ...RegionFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Departments { departments { ...DepartmentFields } }"): (typeof documents)["query Departments { departments { ...DepartmentFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Infrastructure {\n    logHead { size rootHash checkpoint pending }\n    logGrowth { date size }\n    nodes { entries lastEntryAt keyFingerprint department { ...DepartmentFields } }\n    logVerifierKey\n    nodeStatus {\n      policy quorum\n      delegates { name vkey url lastCosignedSize lastCosignedAt lag lastError lastErrorAt }\n      latestCheckpoint { size final finality { reason witnessed missing } }\n      latestFinalCheckpoint { size createdAt }\n    }\n    readReplica { lagEntries lagBytes replayPaused lastReplayAt }\n    recentCheckpoints: checkpoints(limit: 8) { size createdAt final cosignatures { name timestamp } finality { reason missing } }\n  }\n"): (typeof documents)["\n  query Infrastructure {\n    logHead { size rootHash checkpoint pending }\n    logGrowth { date size }\n    nodes { entries lastEntryAt keyFingerprint department { ...DepartmentFields } }\n    logVerifierKey\n    nodeStatus {\n      policy quorum\n      delegates { name vkey url lastCosignedSize lastCosignedAt lag lastError lastErrorAt }\n      latestCheckpoint { size final finality { reason witnessed missing } }\n      latestFinalCheckpoint { size createdAt }\n    }\n    readReplica { lagEntries lagBytes replayPaused lastReplayAt }\n    recentCheckpoints: checkpoints(limit: 8) { size createdAt final cosignatures { name timestamp } finality { reason missing } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LogEntries($before: Int, $limit: Int!) {\n    logEntries(before: $before, limit: $limit) { ...LogEntryFields }\n  }\n"): (typeof documents)["\n  query LogEntries($before: Int, $limit: Int!) {\n    logEntries(before: $before, limit: $limit) { ...LogEntryFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Checkpoints($limit: Int!) { checkpoints(limit: $limit) { ...CheckpointFields createdAt } }\n"): (typeof documents)["\n  query Checkpoints($limit: Int!) { checkpoints(limit: $limit) { ...CheckpointFields createdAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EntryProof($index: Int!) {\n    entry(index: $index) {\n      ...LogEntryFields\n      proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } }\n    }\n    logVerifierKey\n  }\n"): (typeof documents)["\n  query EntryProof($index: Int!) {\n    entry(index: $index) {\n      ...LogEntryFields\n      proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } }\n    }\n    logVerifierKey\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsistencyProof($from: Int!, $to: Int!) {\n    consistencyProof(from: $from, to: $to) { from { ...CheckpointFields } to { ...CheckpointFields } hashes }\n    logVerifierKey\n  }\n"): (typeof documents)["\n  query ConsistencyProof($from: Int!, $to: Int!) {\n    consistencyProof(from: $from, to: $to) { from { ...CheckpointFields } to { ...CheckpointFields } hashes }\n    logVerifierKey\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DataPage($regionCode: String, $from: LocalDate!, $to: LocalDate!, $reports: Int!) {\n    reportsPerDay(from: $from, to: $to, regionCode: $regionCode) { date reports confirmed suspected tests }\n    caseReports(regionCode: $regionCode, limit: $reports) { ...ReportFields }\n  }\n"): (typeof documents)["\n  query DataPage($regionCode: String, $from: LocalDate!, $to: LocalDate!, $reports: Int!) {\n    reportsPerDay(from: $from, to: $to, regionCode: $regionCode) { date reports confirmed suspected tests }\n    caseReports(regionCode: $regionCode, limit: $reports) { ...ReportFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LatestDay { latestReportDay }"): (typeof documents)["query LatestDay { latestReportDay }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitCaseReport($input: CaseReportInput!) { submitCaseReport(input: $input) { ...ReportFields } }\n"): (typeof documents)["\n  mutation SubmitCaseReport($input: CaseReportInput!) { submitCaseReport(input: $input) { ...ReportFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RiskMap($date: LocalDate) {\n    riskMap(date: $date) { level levelReasons newCases7d incidencePer100k rt growthRate region { ...RegionFields } }\n  }\n"): (typeof documents)["\n  query RiskMap($date: LocalDate) {\n    riskMap(date: $date) { level levelReasons newCases7d incidencePer100k rt growthRate region { ...RegionFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RiskOverview($regionCode: String!, $method: AlertMethod, $from: LocalDate, $to: LocalDate) {\n    riskOverview(regionCode: $regionCode, method: $method, from: $from, to: $to) {\n      from to method level levelReasons newCases7d incidencePer100k activeAlarms currentRt\n      growth { rate lower upper doublingTime halvingTime }\n      region { ...RegionFields }\n      series { date count upperBound alarm }\n      rt { date mean lower upper }\n      projection { method points { date median lower upper } }\n      detectors { method parameters alarms }\n      alerts { ...AlertFields }\n    }\n  }\n"): (typeof documents)["\n  query RiskOverview($regionCode: String!, $method: AlertMethod, $from: LocalDate, $to: LocalDate) {\n    riskOverview(regionCode: $regionCode, method: $method, from: $from, to: $to) {\n      from to method level levelReasons newCases7d incidencePer100k activeAlarms currentRt\n      growth { rate lower upper doublingTime halvingTime }\n      region { ...RegionFields }\n      series { date count upperBound alarm }\n      rt { date mean lower upper }\n      projection { method points { date median lower upper } }\n      detectors { method parameters alarms }\n      alerts { ...AlertFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecheckAlert($entryIndex: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed problems included inputsMatchReports method parameters inputFrom inputTo inputCounts\n      inputsRevisedSince currentInputCounts alarmsOnCurrentInputs\n      loggedStatistic recomputedStatistic loggedUpperBound recomputedUpperBound\n    }\n  }\n"): (typeof documents)["\n  query RecheckAlert($entryIndex: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed problems included inputsMatchReports method parameters inputFrom inputTo inputCounts\n      inputsRevisedSince currentInputCounts alarmsOnCurrentInputs\n      loggedStatistic recomputedStatistic loggedUpperBound recomputedUpperBound\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Alerts($limit: Int!) { alerts(limit: $limit) { ...AlertFields } }"): (typeof documents)["query Alerts($limit: Int!) { alerts(limit: $limit) { ...AlertFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription AlertRaised { alertRaised { ...AlertFields } }"): (typeof documents)["subscription AlertRaised { alertRaised { ...AlertFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Tasks($limit: Int!) { tasks(limit: $limit) { ...TaskFields } }"): (typeof documents)["query Tasks($limit: Int!) { tasks(limit: $limit) { ...TaskFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignTask($input: AssignTaskInput!) { assignTask(input: $input) { ...TaskFields } }\n"): (typeof documents)["\n  mutation AssignTask($input: AssignTaskInput!) { assignTask(input: $input) { ...TaskFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTaskStatus($id: Int!, $status: TaskStatus!) { updateTaskStatus(id: $id, status: $status) { ...TaskFields } }\n"): (typeof documents)["\n  mutation UpdateTaskStatus($id: Int!, $status: TaskStatus!) { updateTaskStatus(id: $id, status: $status) { ...TaskFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WorkOrderFields on WorkOrder {\n    id alertId step task status slaSeconds openedAt dueAt acknowledgedAt startedAt depth escalatedFromId entryIndex\n    region { code name level }\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment LatencyFields on LatencySummary { count median p90 max }\n"): (typeof documents)["\n  fragment WorkOrderFields on WorkOrder {\n    id alertId step task status slaSeconds openedAt dueAt acknowledgedAt startedAt depth escalatedFromId entryIndex\n    region { code name level }\n    ownerDepartment { code name kind }\n    alert { id date method level region { code name } }\n  }\n  fragment LatencyFields on LatencySummary { count median p90 max }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WorkOrders($limit: Int!) { workOrders(limit: $limit) { ...WorkOrderFields } }"): (typeof documents)["query WorkOrders($limit: Int!) { workOrders(limit: $limit) { ...WorkOrderFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeWorkOrder($id: Int!) { acknowledgeWorkOrder(id: $id) { ...WorkOrderFields } }\n"): (typeof documents)["\n  mutation AcknowledgeWorkOrder($id: Int!) { acknowledgeWorkOrder(id: $id) { ...WorkOrderFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWorkOrderStatus($id: Int!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { ...WorkOrderFields } }\n"): (typeof documents)["\n  mutation UpdateWorkOrderStatus($id: Int!, $status: WorkOrderStatus!) { updateWorkOrderStatus(id: $id, status: $status) { ...WorkOrderFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportingLatency($regionCode: String) {\n    reportingLatency(regionCode: $regionCode) { level step orders unacknowledged escalated toAcknowledge { ...LatencyFields } toAct { ...LatencyFields } }\n  }\n"): (typeof documents)["\n  query ReportingLatency($regionCode: String) {\n    reportingLatency(regionCode: $regionCode) { level step orders unacknowledged escalated toAcknowledge { ...LatencyFields } toAct { ...LatencyFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertTimeline($alertId: Int!) {\n    alertTimeline(alertId: $alertId) {\n      alert { ...AlertFields }\n      steps { kind at entryIndex departmentCode regionCode regionLevel workOrderId step secondsSinceFirstReport secondsSinceAlert }\n    }\n  }\n"): (typeof documents)["\n  query AlertTimeline($alertId: Int!) {\n    alertTimeline(alertId: $alertId) {\n      alert { ...AlertFields }\n      steps { kind at entryIndex departmentCode regionCode regionLevel workOrderId step secondsSinceFirstReport secondsSinceAlert }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Resources($limit: Int!) {\n    resourceShortages { regionCode item requested allocated confirmed shortage }\n    resourceRequests(limit: $limit) {\n      id item quantity neededBy regionCode allocated outstanding entryIndex\n      requesterDepartment { code name }\n      allocations { id quantity confirmedAt entryIndex fromDepartment { code name } }\n    }\n  }\n"): (typeof documents)["\n  query Resources($limit: Int!) {\n    resourceShortages { regionCode item requested allocated confirmed shortage }\n    resourceRequests(limit: $limit) {\n      id item quantity neededBy regionCode allocated outstanding entryIndex\n      requesterDepartment { code name }\n      allocations { id quantity confirmedAt entryIndex fromDepartment { code name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Policies($limit: Int!) { policies(limit: $limit) { ...PolicyFields } }"): (typeof documents)["query Policies($limit: Int!) { policies(limit: $limit) { ...PolicyFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishPolicy($input: PublishPolicyInput!) { publishPolicy(input: $input) { ...PolicyFields } }\n"): (typeof documents)["\n  mutation PublishPolicy($input: PublishPolicyInput!) { publishPolicy(input: $input) { ...PolicyFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RuleSetFields on RuleSet {\n    key kind phase version title jurisdiction hash state status effectiveFrom effectiveUntil\n    author approver revoker revokedOn entryIndex approvedEntryIndex revokedEntryIndex document\n  }\n"): (typeof documents)["\n  fragment RuleSetFields on RuleSet {\n    key kind phase version title jurisdiction hash state status effectiveFrom effectiveUntil\n    author approver revoker revokedOn entryIndex approvedEntryIndex revokedEntryIndex document\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RuleSets { ruleSets { ...RuleSetFields } }"): (typeof documents)["query RuleSets { ruleSets { ...RuleSetFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RuleSetDocument($key: String!, $version: String!) { ruleSet(key: $key, version: $version) { key version hash document } }\n"): (typeof documents)["\n  query RuleSetDocument($key: String!, $version: String!) { ruleSet(key: $key, version: $version) { key version hash document } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RuleSetDiff($key: String!, $version: String!, $against: String!) {\n    ruleSet(key: $key, version: $version) { key version diff(against: $against) { path kind before after } }\n  }\n"): (typeof documents)["\n  query RuleSetDiff($key: String!, $version: String!, $against: String!) {\n    ruleSet(key: $key, version: $version) { key version diff(against: $against) { path kind before after } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DraftRuleSet($ruleSet: JSON!) { draftRuleSet(ruleSet: $ruleSet) { ...RuleSetFields } }"): (typeof documents)["mutation DraftRuleSet($ruleSet: JSON!) { draftRuleSet(ruleSet: $ruleSet) { ...RuleSetFields } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveRuleSet($key: String!, $version: String!) { approveRuleSet(key: $key, version: $version) { ...RuleSetFields } }\n"): (typeof documents)["\n  mutation ApproveRuleSet($key: String!, $version: String!) { approveRuleSet(key: $key, version: $version) { ...RuleSetFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyPseudonym { myPseudonym }"): (typeof documents)["query MyPseudonym { myPseudonym }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PatientOverview($pseudonym: String!) {\n    patientOverview(pseudonym: $pseudonym) {\n      pseudonym hospital erased erasureEntry\n      records { entryIndex kind issuer recipients sha256 erased createdAt }\n      grants { entryIndex granteeDepartment granteeRole purposes kinds from to revokedEntry revokedAt createdAt }\n      accesses { entryIndex readerEmail readerRole readerDepartment purpose records consentEntry breakGlass reason at }\n    }\n  }\n"): (typeof documents)["\n  query PatientOverview($pseudonym: String!) {\n    patientOverview(pseudonym: $pseudonym) {\n      pseudonym hospital erased erasureEntry\n      records { entryIndex kind issuer recipients sha256 erased createdAt }\n      grants { entryIndex granteeDepartment granteeRole purposes kinds from to revokedEntry revokedAt createdAt }\n      accesses { entryIndex readerEmail readerRole readerDepartment purpose records consentEntry breakGlass reason at }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ConsentReceipt($grantEntry: Int!) { consentReceipt(grantEntry: $grantEntry) }"): (typeof documents)["query ConsentReceipt($grantEntry: Int!) { consentReceipt(grantEntry: $grantEntry) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation EraseMedicalRecords($pseudonym: String!, $reason: String!) { eraseMedicalRecords(pseudonym: $pseudonym, reason: $reason) }"): (typeof documents)["mutation EraseMedicalRecords($pseudonym: String!, $reason: String!) { eraseMedicalRecords(pseudonym: $pseudonym, reason: $reason) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertLineList($regionCode: String!, $from: LocalDate!, $to: LocalDate!, $entryIndex: Int!, $limit: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed method parameters inputFrom inputTo inputCounts currentInputCounts inputsRevisedSince loggedStatistic loggedUpperBound\n    }\n    caseReports(regionCode: $regionCode, from: $from, to: $to, history: true, limit: $limit) {\n      ...ReportFields\n      current\n      reason\n      amends { id entryIndex }\n      amendedBy { id entryIndex }\n    }\n  }\n"): (typeof documents)["\n  query AlertLineList($regionCode: String!, $from: LocalDate!, $to: LocalDate!, $entryIndex: Int!, $limit: Int!) {\n    recheckAlert(entryIndex: $entryIndex) {\n      confirmed method parameters inputFrom inputTo inputCounts currentInputCounts inputsRevisedSince loggedStatistic loggedUpperBound\n    }\n    caseReports(regionCode: $regionCode, from: $from, to: $to, history: true, limit: $limit) {\n      ...ReportFields\n      current\n      reason\n      amends { id entryIndex }\n      amendedBy { id entryIndex }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ReportsChanged { reportsChanged { regionCode date to } }"): (typeof documents)["subscription ReportsChanged { reportsChanged { regionCode date to } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrajectoryView($pseudonym: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    trajectory(pseudonym: $pseudonym, legalBasis: $legalBasis, from: $from, to: $to) {\n      pseudonym\n      from\n      to\n      entryIndex\n      resultHash\n      visits { place cell start end source }\n    }\n  }\n"): (typeof documents)["\n  query TrajectoryView($pseudonym: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    trajectory(pseudonym: $pseudonym, legalBasis: $legalBasis, from: $from, to: $to) {\n      pseudonym\n      from\n      to\n      entryIndex\n      resultHash\n      visits { place cell start end source }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TransmissionChainView($case: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    transmissionChain(casePseudonym: $case, legalBasis: $legalBasis, from: $from, to: $to) {\n      casePseudonym\n      clusters\n      entryIndex\n      resultHash\n      nodes { pseudonym isCase x y }\n      links { source target version contactDate exposureType certainty followUp entryIndex }\n    }\n  }\n"): (typeof documents)["\n  query TransmissionChainView($case: String!, $legalBasis: String!, $from: DateTimeISO, $to: DateTimeISO) {\n    transmissionChain(casePseudonym: $case, legalBasis: $legalBasis, from: $from, to: $to) {\n      casePseudonym\n      clusters\n      entryIndex\n      resultHash\n      nodes { pseudonym isCase x y }\n      links { source target version contactDate exposureType certainty followUp entryIndex }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StatementFields on PublicStatement {\n    id entryIndex sha256 title category language sourceUrl text verdict retractedAt retractionReason corrects createdAt\n    publisher { code name kind }\n    factChecks { id verdict reasoning evidence createdAt entryIndex checker { code name } }\n  }\n  fragment StepFields on CharityStepRecord {\n    code kind item unit quantity standard batch donorName donorCommitment day entryIndex previousCode\n    actor { code name kind }\n    recipient { code name kind }\n    charity { code name }\n  }\n"): (typeof documents)["\n  fragment StatementFields on PublicStatement {\n    id entryIndex sha256 title category language sourceUrl text verdict retractedAt retractionReason corrects createdAt\n    publisher { code name kind }\n    factChecks { id verdict reasoning evidence createdAt entryIndex checker { code name } }\n  }\n  fragment StepFields on CharityStepRecord {\n    code kind item unit quantity standard batch donorName donorCommitment day entryIndex previousCode\n    actor { code name kind }\n    recipient { code name kind }\n    charity { code name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicBoard($category: String, $limit: Int!) {\n    publicLogVerifierKey\n    statementCategories { category statements }\n    publicStatements(category: $category, limit: $limit) { ...StatementFields }\n  }\n"): (typeof documents)["\n  query PublicBoard($category: String, $limit: Int!) {\n    publicLogVerifierKey\n    statementCategories { category statements }\n    publicStatements(category: $category, limit: $limit) { ...StatementFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatementByHash($sha256: String!) { statementByHash(sha256: $sha256) { ...StatementFields } }\n"): (typeof documents)["\n  query StatementByHash($sha256: String!) { statementByHash(sha256: $sha256) { ...StatementFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Certificate($entryIndex: Int!) { certificate(entryIndex: $entryIndex) }"): (typeof documents)["query Certificate($entryIndex: Int!) { certificate(entryIndex: $entryIndex) }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DonationTrace($receiptCode: String!) {\n    donationTrace(receiptCode: $receiptCode) {\n      receiptCode logVerifierKey\n      anomalies { kind step message }\n      steps {\n        step { ...StepFields }\n        entry { ...LogEntryFields proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DonationTrace($receiptCode: String!) {\n    donationTrace(receiptCode: $receiptCode) {\n      receiptCode logVerifierKey\n      anomalies { kind step message }\n      steps {\n        step { ...StepFields }\n        entry { ...LogEntryFields proof { index treeSize leafHash hashes checkpoint { ...CheckpointFields } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CharityBooks {\n    charityBalances {\n      asOf confirmWithinDays\n      balances { charity charityName item received allocated shipped delivered inStock inTransit }\n      recipients { recipient recipientName item needed delivered }\n      anomalies { kind step donation charity message }\n      links { kind charity recipient item unit quantity }\n    }\n  }\n"): (typeof documents)["\n  query CharityBooks {\n    charityBalances {\n      asOf confirmWithinDays\n      balances { charity charityName item received allocated shipped delivered inStock inTransit }\n      recipients { recipient recipientName item needed delivered }\n      anomalies { kind step donation charity message }\n      links { kind charity recipient item unit quantity }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CharityIati { charityIati }"): (typeof documents)["query CharityIati { charityIati }"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;