import type { DepartmentKind, Role } from "@vigil/db";

/** The signed-in person, re-read from the database per request so a removed user loses access at once. */
export interface Viewer {
  id: number;
  email: string;
  role: Role;
  departmentId: number | null;
  departmentCode: string | null;
  /** Region of the viewer's department: the root of what a department officer may report on. */
  regionCode: string | null;
  /** PATIENT accounts: the pseudonym they are. */
  patientPseudonym?: string | null;
  /** When the token this viewer signed in with expires (ms since the epoch): a subscription ends then. */
  sessionExpiresAt?: number;
  /** The account as read for this request (name, department): `me` answers from it without reading again. */
  profile?: Profile;
}

/** An account as its holder sees it: who, which role, which department. */
export interface Profile {
  id: number;
  email: string;
  name: string;
  role: Role;
  department: { code: string; name: string; kind: DepartmentKind; regionCode: string; publicKeyJwk: string } | null;
}
