import type { Viewer } from "./viewer.ts";
import { fail } from "../errors.ts";
import type { RegionDirectory } from "../regions.ts";

/**
 * The region subtree a viewer may read: department officers see their department's region and below;
 * other roles see everything (null). An officer whose department is gone sees nothing — fail closed.
 */
export function regionScope(viewer: Viewer): string | null {
  if (viewer.role !== "DEPARTMENT_OFFICER") return null;
  if (!viewer.regionCode || viewer.departmentId == null) throw fail("FORBIDDEN", "Your account belongs to no department: ask an administrator to assign one.");
  return viewer.regionCode;
}

/** The region to read: the requested one if the viewer may see it (FORBIDDEN otherwise), else the viewer's scope. */
export function readableRegion(viewer: Viewer, regions: RegionDirectory, requested?: string | null): string | undefined {
  const scope = regionScope(viewer);
  if (!scope) return requested ?? undefined;
  if (requested && !regions.contains(scope, requested)) throw fail("FORBIDDEN", `Region ${requested} is outside your department's scope (${scope}).`);
  return requested ?? scope;
}

export function canReadRegion(viewer: Viewer, regions: RegionDirectory, code: string): boolean {
  const scope = regionScope(viewer);
  return !scope || regions.contains(scope, code);
}

/** Raw log entries: officers see their own department's entries only (payloads carry other regions' data). */
export function entryDepartmentFilter(viewer: Viewer): number | null {
  regionScope(viewer);
  return viewer.role === "DEPARTMENT_OFFICER" ? viewer.departmentId : null;
}
