import type { Role } from "@vigil/db";
import { bytesEqual, canonicalJson, hashLeaf, verifyInclusion } from "@vigil/log";
import {
  CASE_REPORT_FIELDS,
  type CompiledContract,
  type Decision,
  decisionSummary,
  draftedRuleSet,
  type LoggedDecision,
  loggedRecord,
  PayloadError,
  redecide,
  type RuleSetRef,
} from "@vigil/rules";
import { canReadEntry } from "../../access/scope.ts";
import type { Viewer } from "../../access/viewer.ts";
import { fail } from "../../errors.ts";
import type { LogStore } from "../../log/store.ts";
import type { RegionDirectory } from "../../regions.ts";
import type { RuleSetService } from "../policy/rule-sets.ts";
import type { CaseReportFields, ReportService } from "./service.ts";

/** Who may submit to a contract that declares no submitters: the departments that file data. */
export const DEFAULT_SUBMITTERS: readonly Role[] = ["DEPARTMENT_OFFICER"];

/** The contract whose records have their own table and service (one current value per district and day): submitRecord hands them over. */
export const CASE_REPORT_KEY = "case-report";
export type { LoggedDecision };

interface RecordBody {
  contract: RuleSetRef;
  payload: unknown;
  context: unknown;
  decision: LoggedDecision;
  by: string;
}

const summary = decisionSummary;

/**
 * Submissions under published contracts (issue 12): the contract in force today decides the payload (schema,
 * then every CEL rule); a refusal is BAD_USER_INPUT listing each failed rule's message and writes nothing; an
 * accepted record is one `record` entry naming the contract's key, version and hash with the payload, the
 * server-supplied context and the decision, so anyone can replay it (recheck).
 */
export class RecordService {
  constructor(
    private readonly regions: RegionDirectory,
    private readonly log: LogStore,
    private readonly ruleSets: RuleSetService,
    private readonly reports: ReportService,
  ) {}

  /** The one scope rule, applied to a payload that names a region: the submitter's department must cover it. */
  private checkScope(viewer: Viewer, contract: CompiledContract, payload: unknown): void {
    const submitters = contract.ruleSet.body.submitters ?? DEFAULT_SUBMITTERS;
    if (!submitters.includes(viewer.role))
      throw fail("FORBIDDEN", `Contract ${contract.ref.key} accepts submissions from ${submitters.join(", ")}; you are ${viewer.role}.`);
    const region = (payload as { regionCode?: unknown } | null)?.regionCode;
    if (typeof region !== "string") return;
    if (!this.regions.get(region)) throw fail("BAD_USER_INPUT", `Unknown region ${region}.`, { field: "payload.regionCode" });
    if (!this.regions.contains(contract.ruleSet.jurisdiction, region))
      throw fail("BAD_USER_INPUT", `${region} is outside contract ${contract.ref.key}'s jurisdiction (${contract.ruleSet.jurisdiction}).`, {
        field: "payload.regionCode",
      });
    // Department officers file for their department's region and below (the case-report rule, for every contract).
    if (viewer.role === "DEPARTMENT_OFFICER" && (!viewer.regionCode || !this.regions.contains(viewer.regionCode, region)))
      throw fail("FORBIDDEN", `Your department may submit only for regions under ${viewer.regionCode ?? "its own region"}; ${region} is outside.`);
  }

  /** Decide without writing (the same decision `submit` would log). */
  decide(contract: CompiledContract, payload: unknown, context: unknown = {}): Decision {
    try {
      return contract.decide(payload, context);
    } catch (e) {
      if (e instanceof PayloadError) throw fail("BAD_USER_INPUT", e.message, { field: "payload" });
      throw e;
    }
  }

  async submit(viewer: Viewer, contractKey: string, payload: unknown) {
    if (contractKey === CASE_REPORT_KEY) return this.submitCaseReport(viewer, payload);
    const { compiled } = await this.ruleSets.contractInForce(contractKey);
    this.checkScope(viewer, compiled, payload);
    const context = {};
    const decision = this.decide(compiled, payload, context);
    if (!decision.accepted) {
      const failed = decision.results.filter((r) => !r.passed);
      throw fail(
        "BAD_USER_INPUT",
        `Refused by contract ${compiled.ref.key} ${compiled.ref.version}: ${failed.map((r) => `${r.rule}: ${r.message}`).join("; ")}`,
        {
          contract: compiled.ref,
          failed: failed.map((r) => ({ rule: r.rule, message: r.message, error: r.error ?? null })),
          rule: failed[0]?.rule,
        },
      );
    }
    const body: RecordBody = { contract: compiled.ref, payload, context, decision: summary(decision), by: viewer.email };
    return this.log.write(async ({ tx, append }) => {
      const [entry] = await append([{ kind: "record", departmentCode: viewer.departmentCode, departmentId: viewer.departmentId, body }]);
      const row = await tx.contractRecord.create({
        data: {
          contractKey: compiled.ref.key,
          contractVersion: compiled.ref.version,
          contractHash: compiled.ref.hash,
          payload: canonicalJson(payload),
          departmentId: viewer.departmentId,
          submittedById: viewer.id,
          entryIndex: entry!.index,
        },
      });
      return { row, decision: body.decision, contract: compiled.ref };
    });
  }

  /**
   * A case report through the generic door: the contract's schema first (so the data-support service gets typed
   * fields), then the very path of submitCaseReport — scope, one value per district and day, the contract's rules
   * with the database's facts as context — which logs the contract's key, version, hash and decision.
   */
  private async submitCaseReport(viewer: Viewer, payload: unknown) {
    const contract = await this.reports.contract();
    const submitters = contract.ruleSet.body.submitters ?? DEFAULT_SUBMITTERS;
    if (!submitters.includes(viewer.role))
      throw fail("FORBIDDEN", `Contract ${contract.ref.key} accepts submissions from ${submitters.join(", ")}; you are ${viewer.role}.`);
    const shape = this.decide(contract, payload, { regionName: "", population: 0, cumulativeConfirmedBefore: 0 });
    // (imported and disease are optional: absent ones are absent from the typed fields too, and the service fills their defaults.)
    const schema = shape.results.find((r) => r.rule === "schema");
    if (schema)
      throw fail("BAD_USER_INPUT", schema.message, {
        contract: contract.ref,
        failed: [{ rule: "schema", message: schema.message, error: null }],
        rule: "schema",
      });
    const p = payload as Record<string, unknown>;
    const fields = Object.fromEntries(CASE_REPORT_FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]])) as unknown as CaseReportFields;
    const report = await this.reports.submit(viewer, fields);
    const entry = await this.log.entry(Number(report.entryIndex));
    const body = (JSON.parse(new TextDecoder().decode(entry!.payload)) as { body: { contract: RuleSetRef; decision: LoggedDecision } }).body;
    return { row: { entryIndex: report.entryIndex }, decision: body.decision, contract: body.contract };
  }

  /**
   * Recompute the decision logged at `entryIndex` from the log alone: the entry intact and under the latest
   * signed checkpoint; the contract it names found on the log (its draft entry) with that very hash and approved;
   * and the contract's rules, run again over the logged payload and context, giving the logged decision.
   */
  async recheck(viewer: Viewer, entryIndex: number) {
    const entry = await this.log.entry(entryIndex);
    if (entry?.kind !== "record" && entry?.kind !== "case-report") throw fail("NOT_FOUND", `No record is logged at entry ${entryIndex}.`);
    const payload = new Uint8Array(entry.payload);
    if (!canReadEntry(viewer, this.regions, { kind: entry.kind, departmentId: entry.departmentId, payload }))
      throw fail("FORBIDDEN", `Entry ${entryIndex} belongs to another department.`);
    const problems: string[] = [];
    const leaf = hashLeaf(payload);
    if (!bytesEqual(leaf, new Uint8Array(entry.leafHash))) problems.push("the entry's payload no longer matches its leaf hash");
    const cp = await this.log.checkpoint();
    if (cp && Number(cp.size) > entryIndex) {
      const proof = await this.log.inclusionProof(entryIndex, Number(cp.size));
      if (!verifyInclusion(leaf, entryIndex, Number(cp.size), proof, new Uint8Array(cp.rootHash)))
        problems.push(`the entry is not included in checkpoint ${cp.size} as logged`);
    } else problems.push("the entry is not under a checkpoint yet");

    // The decision itself is replayed by @vigil/rules' `redecide`, the same code the portal runs in the browser.
    const record = loggedRecord(entry.kind, new TextDecoder().decode(payload));
    if (!record)
      return { entryIndex, contract: null, logged: null, recomputed: null, confirmed: false, problems: [...problems, "the entry's payload is not JSON"] };
    const ref = record.contract;
    if (!ref) throw fail("NOT_FOUND", `Entry ${entryIndex} was logged before case reports named their contract: there is no decision to recheck.`);
    let recomputed: LoggedDecision | null = null;
    const row = await this.ruleSets.get(ref.key, ref.version);
    if (!row) {
      // No case-report contract approved yet: @vigil/rules' own decided, and anyone holding the package can replay it.
      const again = redecide(record, null);
      recomputed = again.recomputed;
      problems.push(...again.problems);
    } else {
      const draft = await this.log.entry(Number(row.entryIndex));
      const logged = draft && draftedRuleSet(new TextDecoder().decode(draft.payload));
      if (!draft || !logged) problems.push(`contract ${ref.key} ${ref.version}'s draft entry is missing`);
      else if (!bytesEqual(hashLeaf(new Uint8Array(draft.payload)), new Uint8Array(draft.leafHash)))
        problems.push(`contract ${ref.key} ${ref.version}'s draft entry ${draft.index} no longer matches its leaf hash`);
      else {
        if (row.approvedEntry === null || row.approvedEntry > entry.index)
          problems.push(`contract ${ref.key} ${ref.version} was not approved before this record`);
        const again = redecide(record, logged);
        recomputed = again.recomputed;
        problems.push(...again.problems);
      }
    }
    return { entryIndex, contract: ref, logged: record.decision, recomputed, confirmed: problems.length === 0, problems };
  }
}
