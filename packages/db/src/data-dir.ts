import { mkdirSync } from "node:fs";
import path from "node:path";

/** Where Vigil keeps local state (embedded database, signing keys): VIGIL_DATA_DIR or ./.vigil. */
export function dataDir(explicit?: string): string {
  const dir = path.resolve(explicit ?? process.env.VIGIL_DATA_DIR ?? ".vigil");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
