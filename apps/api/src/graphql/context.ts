import type { AuthChecker } from "type-graphql";
import type { Database, Role } from "@vigil/db";
import type { Services } from "../services/index.ts";
import { fail } from "../errors.ts";

/** The signed-in person, re-read from the database per request so a removed user loses access at once. */
export interface Viewer {
  id: number;
  email: string;
  role: Role;
  departmentId: number | null;
  departmentCode: string | null;
  /** Region of the viewer's department: the root of what a department officer may report on. */
  regionCode: string | null;
}

export interface Context {
  viewer: Viewer | null;
  /** The client's address (HTTP only), for the login throttle. */
  clientIp?: string;
  db: Database;
  services: Services;
}

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw fail("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token> from the login mutation.");
  return ctx.viewer;
}

/** @Authorized(roles) on every resolver: no role list = any signed-in user. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const viewer = requireViewer(context);
  if (roles.length && !roles.includes(viewer.role)) {
    throw fail("FORBIDDEN", `This needs one of the roles ${roles.join(", ")}; you are ${viewer.role}.`);
  }
  return true;
};
