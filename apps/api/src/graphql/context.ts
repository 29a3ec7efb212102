import type { AuthChecker } from "type-graphql";
import type { Role } from "@vigil/db";
import type { Viewer } from "../access/viewer.ts";
import type { Services } from "../services.ts";
import { fail } from "../errors.ts";

/** What every resolver gets: who asks, and the services (resolvers never see the database). */
export interface Context {
  viewer: Viewer | null;
  /** The client's address (HTTP only), for the login throttle. */
  clientIp?: string;
  services: Services;
}

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer)
    throw fail("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token> from the login mutation, or use the portal's session cookie.");
  return ctx.viewer;
}

/** @Authorized(roles) on every resolver: no role list = any signed-in user. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const viewer = requireViewer(context);
  // A patient reaches only what names PATIENT (their own medical records and consents), never the governance layers.
  if (viewer.role === "PATIENT" && !roles.includes("PATIENT")) throw fail("FORBIDDEN", "Patients see only their own medical records and consents.");
  if (roles.length && !roles.includes(viewer.role)) {
    throw fail("FORBIDDEN", `This needs one of the roles ${roles.join(", ")}; you are ${viewer.role}.`);
  }
  return true;
};
