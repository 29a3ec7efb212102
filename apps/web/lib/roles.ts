import type { Role } from "./gql/graphql";

export const ROLE_LABEL: Record<Role, string> = {
  ADMIN: "Administrator",
  AUDITOR: "Auditor",
  DECISION_MAKER: "Decision maker",
  DEPARTMENT_OFFICER: "Department officer",
  POLICY_OFFICER: "Policy officer",
  PATIENT: "Patient",
};

/** Where each role starts: the layer it works in. */
export function homeFor(role: Role): string {
  switch (role) {
    case "DECISION_MAKER":
      return "/analysis";
    case "DEPARTMENT_OFFICER":
      return "/data";
    case "POLICY_OFFICER":
      return "/policy";
    case "PATIENT":
      return "/patient";
    default:
      return "/infrastructure";
  }
}

/** A `?next=` target that stays on this site (no "//host" or "https://…"), else null. */
export function safeNext(next: string | null | undefined): string | null {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : null;
}
