import { fmtDateTime, fmtInt } from "@/lib/format";
import type { CheckpointListed } from "@/lib/shapes";

export function CheckpointsTable({ checkpoints }: { checkpoints: CheckpointListed[] }) {
  return (
    <div className="table-wrap scroll-y short">
      <table className="table" data-testid="checkpoints-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Root hash</th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {checkpoints.map((c) => (
            <tr key={c.size} title={c.note}>
              <td className="num">{fmtInt(c.size)}</td>
              <td className="mono">{c.rootHash.slice(0, 16)}…</td>
              <td className="nowrap">{fmtDateTime(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
