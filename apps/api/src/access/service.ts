import type { Database, Department, User } from "@vigil/db";
import type { KeyRing } from "../keys.ts";
import { fail } from "../errors.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { LoginThrottle } from "./throttle.ts";
import { issueToken, readToken } from "./token.ts";
import type { Viewer } from "./viewer.ts";

// Compared against when the email is unknown, so both failures cost one scrypt: timing reveals no accounts.
const DUMMY_HASH = hashPassword("not a password");

export type UserRow = User & { department: Department | null };

/** Sign-in and sessions: who the caller is. Tokens are the same EdDSA JWT for Bearer headers and the portal's cookie. */
export class AccessService {
  readonly throttle = new LoginThrottle();

  constructor(
    private readonly db: Database,
    private readonly keys: KeyRing,
    readonly tokenTtl: string,
  ) {}

  async login(email: string, password: string, clientIp?: string): Promise<{ token: string; user: UserRow }> {
    const keys = [`email:${email.toLowerCase()}`, ...(clientIp ? [`ip:${clientIp}`] : [])];
    const wait = this.throttle.retryAfter(keys);
    if (wait > 0) throw fail("RATE_LIMITED", `Too many failed sign-ins: try again in ${Math.ceil(wait / 60)} min.`, { retryAfterSeconds: wait });
    const user = await this.db.prisma.user.findUnique({ where: { email: email.toLowerCase() }, include: { department: true } });
    // One message and one scrypt for unknown user and wrong password: do not tell which emails exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok) {
      this.throttle.fail(keys);
      throw fail("UNAUTHENTICATED", "Wrong email or password.");
    }
    this.throttle.succeed(keys[0]!);
    const token = await issueToken({ userId: user.id, role: user.role, departmentId: user.departmentId }, this.keys.jwt, this.tokenTtl);
    return { token, user };
  }

  async user(id: number): Promise<UserRow> {
    const user = await this.db.prisma.user.findUnique({ where: { id }, include: { department: true } });
    if (!user) throw fail("UNAUTHENTICATED", "Your account no longer exists.");
    return user;
  }

  /** The viewer a token names, re-read from the database (a deleted or demoted user loses access at once); null if invalid. */
  async viewerFromToken(token: string | undefined | null): Promise<Viewer | null> {
    if (!token) return null;
    const claims = await readToken(token.replace(/^Bearer\s+/i, ""), this.keys.jwtPublic);
    if (!claims) return null;
    const user = await this.db.prisma.user.findUnique({ where: { id: claims.userId }, include: { department: true } });
    if (!user) return null;
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      departmentId: user.departmentId,
      departmentCode: user.department?.code ?? null,
      regionCode: user.department?.regionCode ?? null,
    };
  }
}
