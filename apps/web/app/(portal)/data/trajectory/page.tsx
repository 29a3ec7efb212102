import type { Metadata } from "next";
import Link from "next/link";
import { INVESTIGATORS, trackOf } from "@vigil/contacts";
import { EntryLink } from "@/components/EntryLink";
import { ErrorMessage } from "@/components/ErrorMessage";
import { JustifiedQueryForm } from "@/components/JustifiedQueryForm";
import { Empty, Panel } from "@/components/Panel";
import { TrajectoryMap } from "@/components/TrajectoryMap";
import { dayEnd, dayStart } from "@/lib/day-range";
import { fmtDateTime, fmtInt } from "@/lib/format";
import { TRAJECTORY } from "@/lib/operations";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "Trajectory" };

type Params = { pseudonym?: string; basis?: string; from?: string; to?: string };

const MAY_QUERY = new Set<string>(INVESTIGATORS);

// A GET form, like the chain page: a view is a link to hand on, and each view is one logged `trajectory` query
// naming its legal basis. A recorded case defaults to its infectious window; anyone else needs both days.
export default async function TrajectoryPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [params, user] = await Promise.all([searchParams, currentUser()]);
  const pseudonym = params.pseudonym?.trim() ?? "";
  const basis = params.basis?.trim() ?? "";
  const mayQuery = user.role === "DEPARTMENT_OFFICER" && !!user.department && MAY_QUERY.has(user.department.kind);
  const result =
    mayQuery && pseudonym && params.basis !== undefined
      ? await load(TRAJECTORY, { pseudonym, legalBasis: basis, from: dayStart(params.from), to: dayEnd(params.to) })
      : null;
  const trajectory = result?.data?.trajectory ?? null;
  const visits = trajectory?.visits ?? [];
  const track = trajectory ? trackOf(visits.map((v) => ({ place: v.place, cell: v.cell ?? null, start: Date.parse(v.start), end: Date.parse(v.end) }))) : null;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Trajectory</h1>
          <p className="lede">
            Where a person was, cell by cell, in a window: visits from ticket scans, checkpoints and venue check-ins, on pseudonyms only. Each view is a logged
            query that names its legal basis.
          </p>
        </div>
        <Link href="/data/chain" className="button">
          Transmission chain →
        </Link>
      </div>

      {mayQuery ? (
        <Panel title="Find a trajectory" id="trajectory-query">
          <JustifiedQueryForm
            action="/data/trajectory"
            prefix="trajectory"
            subject={{ name: "pseudonym", label: "Pseudonym", value: pseudonym }}
            basis={basis}
            from={{ label: "From (default: the case's infectious window)", value: params.from ?? "" }}
            to={{ label: "To", value: params.to ?? "" }}
            submit="Show trajectory"
          />
        </Panel>
      ) : (
        <Empty>Trajectories are queried by officers of the CDC, public security and the health commission, under a legal basis.</Empty>
      )}

      <ErrorMessage error={result?.error} />

      {trajectory && track && (
        <>
          <Panel
            title={`Cells over time — ${trajectory.pseudonym}`}
            id="trajectory-map"
            actions={
              <span className="muted" data-testid="trajectory-summary">
                {fmtInt(visits.length)} visits in {fmtInt(track.cells.length)} cells
                {track.unplaced.length ? ` and ${fmtInt(track.unplaced.length)} at venues` : ""}, {fmtDateTime(trajectory.from)} to {fmtDateTime(trajectory.to)}{" "}
                · access entry <EntryLink index={trajectory.entryIndex} />
              </span>
            }
          >
            {track.cells.length ? <TrajectoryMap track={track} /> : <Empty>No visits in a cell in this window.</Empty>}
          </Panel>
          <Panel title="Visits" id="trajectory-visits">
            {visits.length ? (
              <div className="table-wrap">
                <table className="table" data-testid="trajectory-visits">
                  <thead>
                    <tr>
                      <th scope="col">From</th>
                      <th scope="col">To</th>
                      <th scope="col">Place</th>
                      <th scope="col">Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    {visits.map((v) => (
                      <tr key={`${v.start}-${v.place}-${v.source}`}>
                        <td>{fmtDateTime(v.start)}</td>
                        <td>{fmtDateTime(v.end)}</td>
                        <td className="mono">{v.cell ?? v.place}</td>
                        <td>{v.source}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>No visits recorded in this window.</Empty>
            )}
          </Panel>
        </>
      )}
    </>
  );
}
