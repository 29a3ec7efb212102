import { fmtDateTime, fmtInt, kindLabel } from "@/lib/format";
import type { NodeStatus } from "@/lib/shapes";

export function NodesTable({ nodes }: { nodes: NodeStatus[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="nodes-table">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Department</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Entries
            </th>
            <th scope="col">Last entry</th>
            <th scope="col">Key fingerprint</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.department.code}>
              <td className="mono">{n.department.code}</td>
              <td>{n.department.name}</td>
              <td>
                <span className="tag">{kindLabel(n.department.kind)}</span>
              </td>
              <td className="num">{fmtInt(n.entries)}</td>
              <td className="nowrap">{fmtDateTime(n.lastEntryAt)}</td>
              <td className="mono" title="First 16 hex digits of SHA-256 over the public JWK">
                {n.keyFingerprint}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
