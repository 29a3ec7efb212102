import type { IncomingMessage } from "node:http";
import express, { type Router } from "express";
import { parseCookie, stringifySetCookie } from "cookie";
import { GraphQLError } from "graphql";
import type { AccessService } from "./service.ts";

/** The portal's session cookie: the same EdDSA token as a Bearer header, out of reach of page scripts. */
export const SESSION_COOKIE = "vigil_session";

/**
 * Headers that a cross-site form or <img> cannot send, so a cookie-authenticated request carrying one was made
 * by our own scripts (Apollo's csrfPrevention uses the same ones for non-JSON requests; we require them always).
 */
export const CSRF_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name"] as const;

export type Credential = { kind: "bearer" | "cookie"; token: string } | null;

/** The token a request carries: an Authorization header wins (departments' programs), else the session cookie. */
export function credentialOf(req: IncomingMessage): Credential {
  const auth = req.headers.authorization;
  if (auth) return { kind: "bearer", token: auth.replace(/^Bearer\s+/i, "") };
  const token = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
  return token ? { kind: "cookie", token } : null;
}

export const hasCsrfHeader = (req: IncomingMessage): boolean => CSRF_HEADERS.some((h) => req.headers[h] !== undefined && req.headers[h] !== "");

/** Browsers send cookies on WebSocket upgrades from any site: accept a cookie-authenticated socket only from our own origin. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const isTls = (req: express.Request) => req.secure || process.env.VIGIL_SECURE_COOKIES === "1";

function errorBody(e: unknown): { status: number; body: unknown } {
  if (e instanceof GraphQLError) {
    const code = String(e.extensions.code ?? "BAD_USER_INPUT");
    const status = code === "UNAUTHENTICATED" ? 401 : code === "RATE_LIMITED" ? 429 : code === "FORBIDDEN" ? 403 : 400;
    return { status, body: { errors: [{ message: e.message, extensions: e.extensions }] } };
  }
  throw e;
}

function ttlSeconds(ttl: string): number | undefined {
  const m = /^(\d+)\s*([smhd])$/.exec(ttl.trim());
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"] : undefined;
}

/** POST /auth/login and /auth/logout: the portal's sign-in, setting and clearing the httpOnly session cookie. */
export function sessionRoutes(access: AccessService): Router {
  const router = express.Router();
  router.post("/auth/login", express.json({ limit: "8kb" }), async (req, res) => {
    const { email, password } = (req.body ?? {}) as { email?: unknown; password?: unknown };
    if (typeof email !== "string" || typeof password !== "string" || !email || !password || email.length > 200 || password.length > 200) {
      res.status(400).json({ errors: [{ message: 'Send JSON {"email": "…", "password": "…"}.', extensions: { code: "BAD_USER_INPUT" } }] });
      return;
    }
    try {
      const { token, user } = await access.login(email, password, req.ip);
      res.setHeader(
        "Set-Cookie",
        stringifySetCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", secure: isTls(req), path: "/", maxAge: ttlSeconds(access.tokenTtl) }),
      );
      res.setHeader("Cache-Control", "no-store");
      res.json({
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          department: user.department && { code: user.department.code, name: user.department.name, regionCode: user.department.regionCode },
        },
      });
    } catch (e) {
      const { status, body } = errorBody(e);
      res.status(status).json(body);
    }
  });
  router.post("/auth/logout", (req, res) => {
    res.setHeader("Set-Cookie", stringifySetCookie(SESSION_COOKIE, "", { httpOnly: true, sameSite: "strict", secure: isTls(req), path: "/", maxAge: 0 }));
    res.status(204).end();
  });
  return router;
}
