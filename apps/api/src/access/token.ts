import { SignJWT, jwtVerify } from "jose";
import type { KeyObject } from "node:crypto";
import type { Role } from "@vigil/db";

export interface Claims {
  userId: number;
  role: Role;
  departmentId: number | null;
  /** The user's `tokenVersion` when issued: bumped on disable, so every earlier token is refused. */
  version: number;
}

const ISSUER = "vigil";
const AUDIENCE = "vigil-api";

export async function issueToken(claims: Claims, key: KeyObject, ttl: string): Promise<string> {
  return new SignJWT({ role: claims.role, dep: claims.departmentId, ver: claims.version })
    .setProtectedHeader({ alg: "EdDSA" })
    .setSubject(String(claims.userId))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(key);
}

/** null for anything not issued by us, expired, or malformed: callers treat it as anonymous. */
export async function readToken(token: string, key: KeyObject): Promise<(Claims & { expiresAt: number }) | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["EdDSA"] });
    const userId = Number(payload.sub);
    if (!Number.isInteger(userId) || typeof payload.exp !== "number") return null;
    return {
      userId,
      role: payload.role as Role,
      departmentId: (payload.dep as number | null) ?? null,
      // Tokens from before versions existed are version 0, which is what every user starts at.
      version: typeof payload.ver === "number" ? payload.ver : 0,
      expiresAt: payload.exp * 1000,
    };
  } catch {
    return null;
  }
}
