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

/** What the entry rule needs to know of a log entry. */
export interface EntryFacts {
  kind: string;
  departmentId: number | null;
  payload: Uint8Array;
}

/**
 * The one rule for opening a log entry, at the root (`entry(index)`: FORBIDDEN) and nested under a row
 * (`caseReports { entry }`, `tasks { alert { entry } }`, …: null). Other roles open every entry. A department
 * officer opens its own department's entries and the (system-logged) alert entries of a region in its scope:
 * `recheckAlert` shows it those inputs anyway. Everything else — other departments' reports, task decisions and
 * policies — stays closed, even for a row the officer can list (the row itself says what the rule is).
 */
export function canReadEntry(viewer: Viewer, regions: RegionDirectory, entry: EntryFacts): boolean {
  const own = entryDepartmentFilter(viewer);
  if (own == null || entry.departmentId === own) return true;
  if (entry.kind !== "alert") return false;
  const region = alertRegionOf(entry.payload);
  return region != null && canReadRegion(viewer, regions, region);
}

function alertRegionOf(payload: Uint8Array): string | null {
  try {
    const code = (JSON.parse(new TextDecoder().decode(payload)) as { body?: { regionCode?: unknown } }).body?.regionCode;
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}

/** An alert nested under another row (a task's `alert`): shown only if the viewer may read its region, as `alerts`/`recheckAlert`. */
export function alertInScope<A extends { regionCode: string }>(viewer: Viewer, regions: RegionDirectory, alert: A | null): A | null {
  return alert && canReadRegion(viewer, regions, alert.regionCode) ? alert : null;
}
