import type { Track } from "@vigil/contacts";
import { fmtDateTime, fmtInt } from "@/lib/format";
import { drawTrack, timeColour } from "@/lib/trajectory";

const BOX = { width: 760, height: 520, padding: 24 };

/**
 * A person's cells over time, drawn on the server as plain SVG (no script): each H3 cell coloured by when it was
 * first visited, the track through the visits in time order, first and last stop marked. Hovering a cell names it.
 */
export function TrajectoryMap({ track }: { track: Track }) {
  const drawn = drawTrack(track, BOX);
  const first = drawn.stops[0];
  const last = drawn.stops.at(-1);
  return (
    <figure className="trajectory-map" data-testid="trajectory-map" data-cells={drawn.cells.length} data-stops={drawn.stops.length}>
      <svg
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        width="100%"
        role="img"
        aria-label={`Map of ${drawn.cells.length} places visited from ${drawn.firstDay} to ${drawn.lastDay}; the table below lists every visit.`}
      >
        <defs>
          <marker id="track-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#334" />
          </marker>
        </defs>
        {drawn.cells.map((c) => (
          <polygon
            key={c.cell}
            points={c.points}
            fill={timeColour(c.time)}
            fillOpacity={0.55}
            stroke="#223"
            strokeWidth={0.8}
            data-cell={c.cell}
            data-testid="trajectory-cell"
          >
            <title>{`${c.cell}: first ${fmtDateTime(new Date(c.first).toISOString())}, last ${fmtDateTime(new Date(c.last).toISOString())}; ${c.visits} visit${c.visits === 1 ? "" : "s"}, ${fmtInt(c.minutes)} min`}</title>
          </polygon>
        ))}
        {drawn.stops.length > 1 && (
          <polyline
            points={drawn.path}
            fill="none"
            stroke="#334"
            strokeWidth={1.4}
            strokeOpacity={0.8}
            markerMid="url(#track-arrow)"
            markerEnd="url(#track-arrow)"
          />
        )}
        {first && <circle cx={first.x} cy={first.y} r={9} fill="none" stroke="#334" strokeWidth={2.5} data-testid="track-first" />}
        {last && drawn.stops.length > 1 && <circle cx={last.x} cy={last.y} r={4.5} fill="#334" data-testid="track-last" />}
      </svg>
      <figcaption className="legend">
        <span>First visited {drawn.firstDay}</span>
        <span
          className="time-ramp"
          aria-hidden="true"
          style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(timeColour).join(", ")})` }}
        />
        <span>{drawn.lastDay}</span>
        <span className="muted">· ring: first stop, dot: last</span>
      </figcaption>
    </figure>
  );
}
