"use client";

import { useState } from "react";
import { useQuery } from "@/lib/graphql";
import { POLICIES, REGIONS } from "@/lib/queries";
import { useSession } from "@/lib/session";
import { ErrorMessage } from "./ErrorMessage";
import { Empty, Loading, Panel } from "./Panel";
import { PolicyTable } from "./PolicyTable";
import { PublishPolicyForm } from "./PublishPolicyForm";

export function PolicyView() {
  const { session } = useSession();
  const canPublish = session!.user.role === "POLICY_OFFICER";
  const policies = useQuery(POLICIES);
  const regions = useQuery(REGIONS, undefined, { skip: !canPublish });
  const [lastPublished, setLastPublished] = useState<number | null>(null);

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
      <Panel title="Policies" id="policies" actions={policies.data && <span className="muted">{list.length} {list.length === 1 ? "version" : "versions"}, newest first</span>}>
        {policies.data ? (list.length ? <PolicyTable policies={list} highlight={lastPublished} /> : <Empty>No policy published yet.</Empty>) : policies.loading && <Loading what="policies" />}
      </Panel>
      {canPublish && (
        <Panel title="Publish policy" id="publish-policy" className="narrow">
          <ErrorMessage error={regions.error} />
          {policies.data && regions.data ? (
            <PublishPolicyForm
              regions={regions.data.regions}
              current={inForce}
              onPublished={(p) => { setLastPublished(p.id); policies.refetch(); }}
            />
          ) : <Loading what="the form" />}
        </Panel>
      )}
    </>
  );
}
