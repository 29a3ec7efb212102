import { fmtDateTime } from "@/lib/format";
import type { ChainEntry } from "@/lib/types";

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

const short = (hex: string | null) => (hex ? `${hex.slice(0, 12)}…` : "—");

export function ChainEntriesTable({ entries }: { entries: ChainEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="chain-entries-table">
        <thead>
          <tr>
            <th scope="col" className="num">Index</th>
            <th scope="col">Kind</th>
            <th scope="col">Department</th>
            <th scope="col">Received</th>
            <th scope="col">Leaf hash</th>
            <th scope="col">Signature</th>
            <th scope="col">Payload</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.index}>
              <td className="num mono">{e.index}</td>
              <td><span className={`tag kind-${e.kind}`}>{e.kind}</span></td>
              <td className="mono">{e.departmentCode ?? <span className="muted">system</span>}</td>
              <td className="nowrap">{fmtDateTime(e.receivedAt)}</td>
              <td className="mono" title={e.leafHash}>{short(e.leafHash)}</td>
              <td className="mono" title={e.signature ?? "No signature stored on this entry itself (the API signs runs of entries as a batch)"}>{short(e.signature)}</td>
              <td className="payload-cell">
                <details>
                  <summary className="mono">{e.payload.length > 64 ? `${e.payload.slice(0, 64)}…` : e.payload}</summary>
                  <pre className="code">{pretty(e.payload)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
