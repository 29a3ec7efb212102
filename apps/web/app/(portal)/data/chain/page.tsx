import type { Metadata } from "next";
import Link from "next/link";
import { CHAIN_READERS } from "@vigil/contacts";
import { ChainGraph } from "@/components/ChainGraph";
import { ChainLinksTable } from "@/components/ChainLinksTable";
import { EntryLink } from "@/components/EntryLink";
import { JustifiedQueryForm } from "@/components/JustifiedQueryForm";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Empty, Panel } from "@/components/Panel";
import { compactChain } from "@/lib/chain";
import { dayEnd, dayStart } from "@/lib/day-range";
import { fmtInt } from "@/lib/format";
import { TRANSMISSION_CHAIN } from "@/lib/operations";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Transmission chain" };

/** The departments whose officers may query chains (the API's rule, from the same definition). */
const CHAIN_KINDS = new Set<string>(CHAIN_READERS);

type Params = { case?: string; basis?: string; from?: string; to?: string };

// A GET form: a chain view is a link an investigator can hand on. Each view is one `transmissionChain` query and
// so one justified-access entry naming the legal basis; nothing is queried until a case and a basis are given.
export default async function ChainPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [params, user] = await Promise.all([searchParams, currentUser()]);
  const pseudonym = params.case?.trim() ?? "";
  const basis = params.basis?.trim() ?? "";
  const mayQuery = user.role === "DEPARTMENT_OFFICER" && !!user.department && CHAIN_KINDS.has(user.department.kind);
  const result =
    mayQuery && pseudonym && params.basis !== undefined
      ? await load(TRANSMISSION_CHAIN, { case: pseudonym, legalBasis: basis, from: dayStart(params.from), to: dayEnd(params.to) })
      : null;
  const chain = result?.data?.transmissionChain ?? null;
  const view = chain ? compactChain(chain) : null;
  const cases = view ? view.isCase.filter(Boolean).length : 0;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Transmission chain</h1>
          <p className="lede">
            Who infected whom, as recorded relationships in force (Go.Data&apos;s fields); every edit is a new version on the log. Each view is a logged query
            that names its legal basis.
          </p>
        </div>
        <Link href="/data" className="button">
          ← Data support
        </Link>
      </div>

      {mayQuery ? (
        <Panel title="Find a chain" id="chain-query">
          <JustifiedQueryForm
            action="/data/chain"
            prefix="chain"
            subject={{ name: "case", label: "Case pseudonym", value: pseudonym }}
            basis={basis}
            from={{ label: "Contacts from", value: params.from ?? "" }}
            to={{ label: "Contacts to", value: params.to ?? "" }}
            submit="Show chain"
          />
        </Panel>
      ) : (
        <Empty>Chains are queried by officers of the CDC, public security, the health commission and hospitals, under a legal basis.</Empty>
      )}

      <ErrorMessage error={result?.error} />

      {chain && view && (
        <>
          <Panel
            title={`Chain through ${chain.casePseudonym}`}
            id="chain-graph"
            actions={
              <span className="muted" data-testid="chain-summary">
                {fmtInt(view.people.length)} people ({fmtInt(cases)} cases), {fmtInt(view.source.length)} links, {fmtInt(chain.clusters)} cluster
                {chain.clusters === 1 ? "" : "s"} · access entry <EntryLink index={chain.entryIndex} />
              </span>
            }
          >
            {view.source.length ? <ChainGraph chain={view} /> : <Empty>No relationships in force involve this person in that period.</Empty>}
          </Panel>
          {view.source.length > 0 && (
            <Panel title="Links and follow-up" id="chain-links">
              <ChainLinksTable chain={view} />
            </Panel>
          )}
        </>
      )}
    </>
  );
}
