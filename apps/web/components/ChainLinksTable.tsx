"use client";

// Every link of the chain with its contact's follow-up status, 100 to a page in the browser: the accessible
// alternative to the graph, and the follow-up list an investigator works down. Paging here, not by the API,
// because each chain query is a logged access and one view is one query.
import { useState } from "react";
import type { ChainView } from "@/lib/chain";
import { fmtInt, humanize } from "@/lib/format";
import { EntryLink } from "./EntryLink";

const PAGE = 100;

export function ChainLinksTable({ chain }: { chain: ChainView }) {
  const [page, setPage] = useState(0);
  const total = chain.source.length;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const from = page * PAGE;
  const rows = Array.from({ length: Math.min(PAGE, total - from) }, (_, k) => from + k);
  return (
    <>
      <div className="table-wrap scroll-y">
        <table className="table" data-testid="chain-links-table">
          <caption className="sr-only">Links of the chain, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Contact</th>
              <th scope="col">Contact date</th>
              <th scope="col">Exposure</th>
              <th scope="col">Certainty</th>
              <th scope="col">Follow-up</th>
              <th scope="col" className="num">
                Version
              </th>
              <th scope="col" className="num">
                Log entry
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((j) => (
              <tr key={j}>
                <td className="mono">{chain.people[chain.source[j]!]}</td>
                <td className="mono">{chain.people[chain.target[j]!]}</td>
                <td>{chain.day[j]}</td>
                <td>{humanize(chain.exposure[j]!)}</td>
                <td>{humanize(chain.certainty[j]!)}</td>
                <td>{humanize(chain.followUp[j]!)}</td>
                <td className="num">{chain.version[j]}</td>
                <td className="num">
                  <EntryLink index={chain.entry[j]!} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Pages of links">
          <button type="button" className="button secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span className="muted" data-testid="chain-page">
            Links {fmtInt(from + 1)}–{fmtInt(from + rows.length)} of {fmtInt(total)}
          </span>
          <button type="button" className="button secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      )}
    </>
  );
}
