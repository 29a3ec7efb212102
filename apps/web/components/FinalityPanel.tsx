import { fmtDateTime, fmtInt } from "@/lib/format";
import type { CheckpointFinality, NetworkStatus } from "@/lib/shapes";
import { Empty, Panel } from "./Panel";

/**
 * The delegates that cosign the log's checkpoints and what their cosignatures make final: each delegate's
 * last cosigned size, lag and last error, and per recent checkpoint its cosignatures and why it is not final.
 */
export function FinalityPanel({ status, checkpoints }: { status: NetworkStatus; checkpoints: CheckpointFinality[] }) {
  const latest = status.latestCheckpoint;
  return (
    <Panel title="Delegates and finality" id="finality">
      {!status.policy ? (
        <Empty>No delegate policy is configured: only the log vouches for its checkpoints, and none is final.</Empty>
      ) : (
        <>
          <p className="lede" data-testid="finality-summary">
            {latest ? (
              latest.final ? (
                <>
                  Checkpoint {fmtInt(latest.size)} is <strong>final</strong>: cosigned by {latest.finality.witnessed.join(", ")}.
                </>
              ) : (
                <>
                  Checkpoint {fmtInt(latest.size)} is <strong>not final</strong>: {latest.finality.reason}.
                  {status.latestFinalCheckpoint && <> The latest final checkpoint is {fmtInt(status.latestFinalCheckpoint.size)}.</>}
                </>
              )
            ) : (
              "No checkpoint published yet."
            )}
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="delegates-table">
              <thead>
                <tr>
                  <th scope="col">Delegate</th>
                  <th scope="col">Address</th>
                  <th scope="col" className="num">
                    Last cosigned
                  </th>
                  <th scope="col" className="num">
                    Lag (entries)
                  </th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {status.delegates.map((d) => (
                  <tr key={d.name}>
                    <td className="mono" title={d.vkey}>
                      {d.name}
                    </td>
                    <td className="mono">{d.url ?? "—"}</td>
                    <td className="num" title={fmtDateTime(d.lastCosignedAt)}>
                      {d.lastCosignedSize == null ? "—" : fmtInt(d.lastCosignedSize)}
                    </td>
                    <td className="num">{fmtInt(d.lag)}</td>
                    <td title={fmtDateTime(d.lastErrorAt)}>{d.lastError ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3 className="subhead">Recent checkpoints</h3>
          <div className="table-wrap">
            <table className="table" data-testid="checkpoint-finality">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">Signed</th>
                  <th scope="col">Cosigned by</th>
                  <th scope="col">Finality</th>
                </tr>
              </thead>
              <tbody>
                {checkpoints.map((c) => (
                  <tr key={c.size}>
                    <td className="num mono">{fmtInt(c.size)}</td>
                    <td className="nowrap">{fmtDateTime(c.createdAt)}</td>
                    <td>
                      {c.cosignatures.length
                        ? c.cosignatures.map((x) => (
                            <span key={x.name} className="tag" title={`cosigned ${fmtDateTime(x.timestamp)}`}>
                              {x.name}
                            </span>
                          ))
                        : "—"}
                    </td>
                    <td>{c.final ? <span className="tag">final</span> : <span title={c.finality.reason ?? ""}>not final: {c.finality.reason}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details>
            <summary>Delegate policy (C2SP tlog-policy)</summary>
            <pre className="code">{status.policy}</pre>
          </details>
        </>
      )}
    </Panel>
  );
}
