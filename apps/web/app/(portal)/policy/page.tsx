import type { Metadata } from "next";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Empty, Panel } from "@/components/Panel";
import { PolicyPublishing } from "@/components/PolicyPublishing";
import { PolicyTable } from "@/components/PolicyTable";
import { POLICIES, REGIONS } from "@/lib/operations";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Policy" };

// The newest versions; larger pages would exceed the API's query-cost limit (the cost grows with `limit`).
const POLICY_LIMIT = 50;

export default async function PolicyPage({ searchParams }: { searchParams: Promise<{ published?: string }> }) {
  const [{ published }, user] = await Promise.all([searchParams, currentUser()]);
  const canPublish = user.role === "POLICY_OFFICER";
  const [policies, regions] = await Promise.all([load(POLICIES, { limit: POLICY_LIMIT }), canPublish ? load(REGIONS) : null]);
  const list = policies.data?.policies ?? [];
  const inForce = list.find((p) => p.status === "PUBLISHED" && !p.regionCode);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Policy</h1>
          <p className="lede">Versioned, signed alert rules. The analysis layer enforces the most specific published rule from its effective date.</p>
        </div>
      </div>
      <ErrorMessage error={policies.error} />
      <Panel
        title="Policies"
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
