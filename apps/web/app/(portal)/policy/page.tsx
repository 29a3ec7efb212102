import type { Metadata } from "next";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Empty, Panel } from "@/components/Panel";
import { PolicyPublishing } from "@/components/PolicyPublishing";
import { PolicyTable } from "@/components/PolicyTable";
import { RuleSetEditor } from "@/components/RuleSetEditor";
import { RuleSetLifecycle } from "@/components/RuleSetLifecycle";
import { RuleSetTimeline } from "@/components/RuleSetTimeline";
import { POLICIES, REGIONS, RULE_SETS } from "@/lib/operations";
import { today } from "@vigil/calendar";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Policy" };

// The newest versions; larger pages would exceed the API's query-cost limit (the cost grows with `limit`).
const POLICY_LIMIT = 50;

export default async function PolicyPage({ searchParams }: { searchParams: Promise<{ published?: string }> }) {
  const [{ published }, user] = await Promise.all([searchParams, currentUser()]);
  const canPublish = user.role === "POLICY_OFFICER";
  const [policies, regions, ruleSets] = await Promise.all([load(POLICIES, { limit: POLICY_LIMIT }), canPublish ? load(REGIONS) : null, load(RULE_SETS)]);
  const list = policies.data?.policies ?? [];
  const rules = ruleSets.data?.ruleSets ?? [];
  // The editor starts from the newest case-report contract, as its next version effective today.
  const base = rules.find((r) => r.key === "case-report" && r.status === "IN_FORCE") ?? rules.find((r) => r.kind === "CONTRACT");
  const next = base && (base.document as { version: string; effective: unknown });
  const bumped = next && {
    ...next,
    version: next.version.replace(/\.(\d+)\.\d+$/, (_, minor: string) => `.${Number(minor) + 1}.0`),
    effective: { from: today(), until: null },
  };
  const inForce = list.find((p) => p.status === "PUBLISHED" && !p.regionCode);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Policy</h1>
          <p className="lede">
            Contracts that govern every submission and policies that govern the response: drafted by one policy officer, approved by a second, in force from
            their effective date (never back-dated), every step an entry on the log.
          </p>
        </div>
      </div>
      <ErrorMessage error={ruleSets.error} />
      <Panel title="Rule sets" id="rule-sets" actions={ruleSets.data && <span className="muted">{rules.length} versions</span>}>
        {ruleSets.data &&
          (rules.length ? <RuleSetLifecycle rows={rules} viewerEmail={user.email} canApprove={canPublish} /> : <Empty>No rule set drafted yet.</Empty>)}
      </Panel>
      <Panel title="What was in force when" id="rule-set-timeline">
        {ruleSets.data && <RuleSetTimeline rows={rules} />}
      </Panel>
      <Panel title={canPublish ? "Editor and live test" : "Test a payload"} id="rule-set-editor">
        <RuleSetEditor
          initialDocument={JSON.stringify(bumped ?? {}, null, 2)}
          initialPayload={JSON.stringify({ regionCode: "RL-01-02", date: today(), newConfirmed: 12, suspected: 3, deaths: 0, tests: 300 }, null, 2)}
          initialContext={JSON.stringify({ regionName: "Lantern Hill", population: 612487, cumulativeConfirmedBefore: 900 }, null, 2)}
          canDraft={canPublish}
        />
      </Panel>
      <ErrorMessage error={policies.error} />
      <Panel
        title="Alert policies"
        id="policies"
        actions={
          policies.data && (
            <span className="muted">
              {list.length} {list.length === 1 ? "version" : "versions"}, newest first
            </span>
          )
        }
      >
        {policies.data &&
          (list.length ? <PolicyTable policies={list} highlight={published ? Number(published) : null} /> : <Empty>No policy published yet.</Empty>)}
      </Panel>
      {canPublish && (
        <Panel title="Publish policy" id="publish-policy" className="narrow">
          <ErrorMessage error={regions?.error} />
          {policies.data && regions?.data && <PolicyPublishing regions={regions.data.regions} current={inForce} />}
        </Panel>
      )}
    </>
  );
}
