import type { Database, Department, User } from "@vigil/db";
import type { KeyRing } from "../keys.ts";
import { fail } from "../errors.ts";
import { AccountCache } from "./account-cache.ts";
import { hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { LoginThrottle, type ThrottleOptions } from "./throttle.ts";
import { issueToken, readToken } from "./token.ts";
import type { Profile, Viewer } from "./viewer.ts";

// Compared against when the email is unknown, so both failures cost one scrypt at today's parameters:
// timing reveals no accounts.
const DUMMY_HASH = hashPassword("not a password");

export type UserRow = User & { department: Department | null };

/** Counters a test or an operator can read: how many sign-ins reached the (expensive) password check. */
export interface AccessMetrics {
  passwordChecks: number;
  rehashes: number;
}

type SessionListener = () => void;

/** At most this many verified tokens are remembered (then the memory starts afresh): a few MB. */
const VERIFIED_TOKENS = 10_000;

/** A user with their department, as the raw read returns them (numbers may come back as strings). */
interface AccountRow {
  id: number | string;
  email: string;
  name: string;
  role: User["role"];
  departmentId: number | string | null;
  disabledAt: Date | string | null;
  tokenVersion: number | string;
  patientPseudonym: string | null;
  code: string | null;
  departmentName: string | null;
  kind: Department["kind"] | null;
  regionCode: string | null;
  publicKeyJwk: Department["publicKeyJwk"];
}

function profileOf(row: AccountRow): Profile {
  const department =
    row.code === null ? null : { code: row.code, name: row.departmentName!, kind: row.kind!, regionCode: row.regionCode!, publicKeyJwk: row.publicKeyJwk };
  return { id: Number(row.id), email: row.email, name: row.name, role: row.role, department };
}

/** Sign-in and sessions: who the caller is. Tokens are the same EdDSA JWT for Bearer headers and the portal's cookie. */
export class AccessService {
  readonly throttle: LoginThrottle;
  readonly metrics: AccessMetrics = { passwordChecks: 0, rehashes: 0 };
  /** Tokens whose signature was checked, with their claims (see claimsOf). */
  private readonly verified = new Map<string, NonNullable<Awaited<ReturnType<typeof readToken>>>>();
  /** Accounts read for sign-in checks, kept while the database tells of every change (see AccountCache). */
  private readonly accounts = new AccountCache<AccountRow>();
  private changes: { close(): Promise<void> } | undefined;
  /** Live subscriptions per user, told when that user's sessions end here (disable). */
  private readonly sessionListeners = new Map<number, Set<SessionListener>>();

  constructor(
    private readonly db: Database,
    private readonly keys: KeyRing,
    readonly tokenTtl: string,
    throttle: ThrottleOptions = {},
  ) {
    this.throttle = new LoginThrottle(throttle);
  }

  async login(email: string, password: string, clientIp?: string): Promise<{ token: string; user: UserRow }> {
    const account = email.trim().toLowerCase();
    // Counted before the password check: thirty parallel guesses cannot all get past the limit.
    const attempt = await this.throttle.attempt(account, clientIp);
    const user = await this.db.prisma.user.findUnique({ where: { email: account }, include: { department: true } });
    // One message and one scrypt for unknown user and wrong password: do not tell which emails exist.
    this.metrics.passwordChecks++;
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok) throw fail("UNAUTHENTICATED", "Wrong email or password.");
    // Only someone who knows the password learns that the account is disabled; the attempt stays counted.
    if (user.disabledAt) throw fail("FORBIDDEN", "This account is disabled: ask an administrator to enable it.");
    await attempt.succeeded();
    if (needsRehash(user.passwordHash)) {
      // Transparent upgrade to today's parameters, only if nobody changed the hash meanwhile.
      const passwordHash = await hashPassword(password);
      const { count } = await this.db.prisma.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
      if (count) this.metrics.rehashes++;
    }
    const token = await issueToken(
      { userId: user.id, role: user.role, departmentId: user.departmentId, version: user.tokenVersion },
      this.keys.jwt,
      this.tokenTtl,
    );
    return { token, user };
  }

  async user(id: number): Promise<UserRow> {
    const user = await this.db.prisma.user.findUnique({ where: { id }, include: { department: true } });
    if (!user) throw fail("UNAUTHENTICATED", "Your account no longer exists.");
    return user;
  }

  /**
   * The viewer a token names, re-read from the database (a deleted, disabled or demoted user loses access at
   * once); null if the token is invalid, expired, or was issued before the user's sessions were ended.
   */
  async viewerFromToken(token: string | undefined | null, opts: { fresh?: boolean } = {}): Promise<Viewer | null> {
    if (!token) return null;
    const claims = await this.claimsOf(token.replace(/^Bearer\s+/i, ""));
    if (!claims) return null;
    const read = () => this.accountRow(claims.userId);
    const row = opts.fresh ? await read() : await this.accounts.get(claims.userId, read);
    if (!row || row.disabledAt || Number(row.tokenVersion) !== claims.version) return null;
    const profile = profileOf(row);
    return {
      id: profile.id,
      email: profile.email,
      role: profile.role,
      departmentId: row.departmentId === null ? null : Number(row.departmentId),
      departmentCode: profile.department?.code ?? null,
      regionCode: profile.department?.regionCode ?? null,
      patientPseudonym: row.patientPseudonym,
      sessionExpiresAt: claims.expiresAt,
      profile,
    };
  }

  /**
   * A user and their department in one plain SQL read on the primary (a replica may lag a disable). Every request
   * pays for it: Prisma's findUnique with its include cost 0.9 ms of CPU here, this 0.15 ms.
   */
  private async accountRow(id: number): Promise<AccountRow | undefined> {
    const [row] = await this.db.primary.raw.query<AccountRow>(
      `SELECT u."id", u."email", u."name", u."role", u."departmentId", u."disabledAt", u."tokenVersion", u."patientPseudonym",
              d."code", d."name" AS "departmentName", d."kind", d."regionCode", d."publicKeyJwk"
       FROM "User" u LEFT JOIN "Department" d ON d."id" = u."departmentId" WHERE u."id" = $1`,
      [id],
    );
    return row;
  }

  /** What `me` shows, for a caller without a viewer read in this request. */
  async profile(id: number): Promise<Profile> {
    const row = await this.accounts.get(id, () => this.accountRow(id));
    if (!row) throw fail("UNAUTHENTICATED", "Your account no longer exists.");
    return profileOf(row);
  }

  /**
   * A token's verified claims, remembered per token until it expires: the signature of the same bytes under the
   * same key cannot change, so it is checked once (0.27 ms of CPU a request otherwise). Whether the user may
   * still use it (disabled, version, role) is read afresh every time above.
   */
  private async claimsOf(token: string) {
    const known = this.verified.get(token);
    if (known) return known.expiresAt > Date.now() ? known : null;
    const claims = await readToken(token, this.keys.jwtPublic);
    if (!claims) return null;
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  /**
   * Disable an account (ADMIN): it can no longer sign in, every token issued before is refused, and its
   * subscriptions end (at once on this instance; on others before their next event).
   */
  async disableUser(admin: Viewer, target: { id?: number | null; email?: string | null }): Promise<UserRow> {
    const user = await this.find(target);
    if (user.id === admin.id) throw fail("BAD_USER_INPUT", "You cannot disable your own account.", { field: "id" });
    const updated = await this.db.prisma.user.update({
      where: { id: user.id },
      data: { disabledAt: user.disabledAt ?? new Date(), tokenVersion: { increment: 1 } },
      include: { department: true },
    });
    this.accounts.forget(user.id);
    this.endSessions(user.id);
    return updated;
  }

  /** Enable a disabled account again; its old tokens stay refused (it signs in afresh). */
  async enableUser(target: { id?: number | null; email?: string | null }): Promise<UserRow> {
    const user = await this.find(target);
    const updated = await this.db.prisma.user.update({ where: { id: user.id }, data: { disabledAt: null }, include: { department: true } });
    this.accounts.forget(user.id);
    return updated;
  }

  /** Be told when `userId`'s sessions end on this instance; returns the unsubscribe function. */
  onSessionsEnded(userId: number, listener: SessionListener): () => void {
    let set = this.sessionListeners.get(userId);
    if (!set) this.sessionListeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.sessionListeners.delete(userId);
    };
  }

  /** Keep signed-in accounts from now on, dropping each as the database tells of its change. */
  async followAccountChanges(): Promise<void> {
    this.changes ??= await this.db.listen("vigil_accounts", { message: (p) => this.accounts.changed(p), state: (on) => this.accounts.state(on) });
  }

  close(): void {
    this.throttle.close();
    this.accounts.state(false);
    void this.changes?.close();
  }

  private endSessions(userId: number): void {
    for (const listener of [...(this.sessionListeners.get(userId) ?? [])]) listener();
  }

  private async find(target: { id?: number | null; email?: string | null }): Promise<UserRow> {
    if ((target.id == null) === (target.email == null)) throw fail("BAD_USER_INPUT", "Name the account by exactly one of `id` or `email`.", { field: "id" });
    const user = await this.db.prisma.user.findUnique({
      where: target.id != null ? { id: target.id } : { email: target.email!.trim().toLowerCase() },
      include: { department: true },
    });
    if (!user) throw fail("NOT_FOUND", `No account ${target.id ?? target.email}.`);
    return user;
  }
}
