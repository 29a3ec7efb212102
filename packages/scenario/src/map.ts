/**
 * Demo map geometry for the portal's choropleth: each city a column, each district a block whose height is
 * proportional to its population, so the demo has shapes without map tiles or a GIS file. Pure; the portal
 * ships the output (apps/web/lib/demo-geometry.json, written by apps/web/scripts/demo-geometry.ts) and a test
 * fails when it no longer matches the scenario's geography.
 */
import type { ScenarioRegion } from "./geography.ts";

export interface MapShape {
  code: string;
  name: string;
  parentCode: string;
  /** SVG path, in the viewBox's units. */
  d: string;
  /** Where the label goes. */
  label: [number, number];
}

export interface DemoGeometry {
  viewBox: [number, number, number, number];
  shapes: MapShape[];
}

const WIDTH = 600;
const HEIGHT = 400;
const GAP = 6;

export function demoGeometry(regions: readonly ScenarioRegion[]): DemoGeometry {
  const cities = regions.filter((r) => r.level === "CITY");
  const colWidth = (WIDTH - GAP * (cities.length + 1)) / cities.length;
  const shapes: MapShape[] = [];
  cities.forEach((city, c) => {
    const districts = regions.filter((r) => r.parentCode === city.code);
    const total = districts.reduce((s, d) => s + d.population, 0);
    const usable = HEIGHT - GAP * (districts.length + 1);
    const x = GAP + c * (colWidth + GAP);
    let y = GAP;
    for (const d of districts) {
      const h = Math.round((usable * d.population) / total);
      const r = (n: number) => Math.round(n * 10) / 10;
      shapes.push({
        code: d.code,
        name: d.name,
        parentCode: city.code,
        d: `M${r(x)} ${r(y)}h${r(colWidth)}v${h}h${r(-colWidth)}z`,
        label: [r(x + colWidth / 2), r(y + h / 2)],
      });
      y += h + GAP;
    }
  });
  return { viewBox: [0, 0, WIDTH, HEIGHT], shapes };
}
