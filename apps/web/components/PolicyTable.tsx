import { fmtInt, humanize } from "@/lib/format";
import { LEVEL_COLOR } from "@/lib/levels";
import { describeCriteria, fmtCriterion, LEVEL_KEYS } from "@/lib/policy";
import type { Policy } from "@/lib/shapes";
import { EntryLink } from "./EntryLink";

function Levels({ policy }: { policy: Policy }) {
  return (
    <div className="criteria">
      {LEVEL_KEYS.map((k) => {
        const c = policy.rule.levels[k];
        return (
          <div key={k} className="criteria-row" title={`Level ${k}: ${describeCriteria(c)}`}>
            <span className="swatch" style={{ background: LEVEL_COLOR[k] }} />
            <span className="criteria-level">{k}</span>
            <span className="criteria-main">≥ {fmtInt(c.minIncidencePer100k)}/100k</span>
            <span className="muted">
              Rt {fmtCriterion(c.minRt)} · {fmtCriterion(c.minGrowthRate * 100)} %/d · {c.minActiveAlarms} alarm{c.minActiveAlarms === 1 ? "" : "s"}
            </span>
          </div>
        );
      })}
    </div>
  );
}

export function PolicyTable({ policies, highlight }: { policies: Policy[]; highlight?: number | null }) {
  return (
    <div className="table-wrap">
      <table className="table policy-table" data-testid="policy-table">
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Phase</th>
            <th scope="col" className="num">
              Version
            </th>
            <th scope="col">Status</th>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Alpha
            </th>
            <th scope="col" title="Entry criteria: 7-day incidence per 100k, and Rt, daily growth or active alarms">
              Levels III / II / I
            </th>
            <th scope="col">Effective from</th>
            <th scope="col">Author</th>
            <th scope="col" className="num">
              Entry
            </th>
          </tr>
        </thead>
        <tbody>
          {policies.map((p) => (
            <tr key={p.id} className={`${p.status === "SUPERSEDED" ? "dim" : ""}${p.id === highlight ? " highlight" : ""}`}>
              <td className="policy-title">
                <span className="strong">{p.title}</span>
                <span className="policy-scope muted">
                  {p.regionCode ? (
                    <>
                      Region <span className="mono">{p.regionCode}</span>
                    </>
                  ) : (
                    "All regions"
                  )}
                </span>
              </td>
              <td>
                <span className={`tag phase-${p.phase}`}>{humanize(p.phase)}</span>
              </td>
              <td className="num">v{p.version}</td>
              <td>
                <span className={`status status-${p.status}`}>{humanize(p.status)}</span>
              </td>
              <td className="mono nowrap">
                {p.rule.method}
                {/* THRESHOLD alarms on a fixed count; the statistical methods use alpha instead. */}
                {p.rule.method === "THRESHOLD" && <span className="muted"> &gt; {p.rule.threshold}/day</span>}
              </td>
              <td className="num">{p.rule.method === "THRESHOLD" ? "—" : p.rule.alpha}</td>
              <td>
                <Levels policy={p} />
              </td>
              <td className="nowrap">{p.effectiveFrom}</td>
              <td className="small">{p.author}</td>
              <td className="num">
                <EntryLink index={p.entryIndex} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
