// Writes apps/web/lib/demo-geometry.json from packages/scenario's geography (npm run map:geometry -w @vigil/web).
// apps/web/test/dashboards.test.ts fails when the file is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { buildRegions, demoGeometry } from "@vigil/scenario";

export const GEOMETRY_FILE = path.resolve(import.meta.dirname, "../lib/demo-geometry.json");
export const geometryJson = () => `${JSON.stringify(demoGeometry(buildRegions()), null, 2)}\n`;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(GEOMETRY_FILE, geometryJson());
  console.log(`wrote ${GEOMETRY_FILE}`);
}
