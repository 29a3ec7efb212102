import geometry from "@/lib/demo-geometry.json";
import { fmt1 } from "@/lib/format";
import { LEVEL_COLOR, LEVEL_TEXT } from "@/lib/levels";
import type { RegionRisk } from "@/lib/shapes";

// Incidence classes per 100k over 7 days (rates, never raw counts); a sequential palette from ColorBrewer's
// "Reds", each with text that keeps 4.5:1 on it. Every shape also carries its value as text: colour is never the only cue.
const CLASSES = [
  { max: 10, fill: "#fee5d9", ink: "#1f2937", label: "under 10" },
  { max: 50, fill: "#fcae91", ink: "#1f2937", label: "10–50" },
  { max: 100, fill: "#fb6a4a", ink: "#1f2937", label: "50–100" },
  { max: Number.POSITIVE_INFINITY, fill: "#a50f15", ink: "#ffffff", label: "100 or more" },
] as const;
const NO_DATA = { fill: "url(#no-data)", ink: "#1f2937", label: "no data" };

type Mode = "incidence" | "level";

export function Choropleth({ risks, mode, selected }: { risks: RegionRisk[]; mode: Mode; selected: string | null }) {
  const byCode = new Map(risks.map((r) => [r.region.code, r]));
  const [x, y, w, h] = geometry.viewBox;
  const title = mode === "incidence" ? "Incidence per 100,000, last 7 days" : "Response level";
  return (
    <figure className="choropleth" data-testid={`map-${mode}`}>
      <svg viewBox={`${x} ${y} ${w} ${h}`} role="img" aria-label={`Map of the districts: ${title}`}>
        <defs>
          <pattern id="no-data" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#f1f5f9" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#64748b" strokeWidth="2" />
          </pattern>
        </defs>
        {geometry.shapes.map((s) => {
          const r = byCode.get(s.code);
          const cls = !r
            ? NO_DATA
            : mode === "incidence"
              ? CLASSES.find((c) => r.incidencePer100k < c.max)!
              : { fill: LEVEL_COLOR[r.level], ink: LEVEL_TEXT[r.level], label: r.level };
          const value = !r ? "no data" : mode === "incidence" ? fmt1(r.incidencePer100k) : `Level ${r.level}`;
          return (
            <g key={s.code} className="map-shape" data-region={s.code} data-class={r ? cls.label : "no-data"}>
              <title>{`${s.name}: ${value}`}</title>
              <path d={s.d} fill={cls.fill} stroke={s.code === selected ? "#0f172a" : "#ffffff"} strokeWidth={s.code === selected ? 3 : 1.5} />
              <text x={s.label[0]} y={s.label[1] - 4} textAnchor="middle" fontSize="11" fill={cls.ink}>
                {s.name.replace(/ District$/, "")}
              </text>
              <text x={s.label[0]} y={s.label[1] + 10} textAnchor="middle" fontSize="11" fontWeight="700" fill={cls.ink}>
                {value}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="map-title">{title}</span>
        <ul className="map-legend" aria-label={`Legend: ${title}`} data-testid={`map-${mode}-legend`}>
          {(mode === "incidence"
            ? CLASSES.map((c) => ({ key: c.label, fill: c.fill, label: c.label }))
            : (["IV", "III", "II", "I"] as const).map((l) => ({ key: l, fill: LEVEL_COLOR[l], label: `Level ${l}` }))
          ).map((c) => (
            <li key={c.key}>
              <span className="swatch" style={{ background: c.fill }} /> {c.label}
            </li>
          ))}
          <li data-testid="map-no-data-class">
            <span className="swatch no-data" /> {NO_DATA.label}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
