import { Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { IsEmail, MaxLength, MinLength } from "class-validator";
import { ArgsType, Args } from "type-graphql";
import type { Context } from "../auth/context.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { issueToken } from "../auth/token.ts";
import { fail } from "../errors.ts";
import { toUser, User } from "./types.ts";

@ObjectType()
class AuthPayload {
  @Field(() => String, { description: "A JWT (EdDSA): send it as `Authorization: Bearer <token>`." }) token!: string;
  @Field(() => User) user!: User;
}

@ArgsType()
class LoginArgs {
  @Field(() => String) @IsEmail() @MaxLength(200) email!: string;
  @Field(() => String) @MinLength(1) @MaxLength(200) password!: string;
}

// Compared against when the email is unknown, so both failures cost one scrypt: timing reveals no accounts.
const DUMMY_HASH = hashPassword("not a password");

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Exchange credentials for a signed token. Open to everyone." })
  async login(@Args(() => LoginArgs) { email, password }: LoginArgs, @Ctx() ctx: Context): Promise<AuthPayload> {
    const keys = [`email:${email.toLowerCase()}`, ...(ctx.clientIp ? [`ip:${ctx.clientIp}`] : [])];
    const wait = ctx.services.loginThrottle.retryAfter(keys);
    if (wait > 0) throw fail("RATE_LIMITED", `Too many failed sign-ins: try again in ${Math.ceil(wait / 60)} min.`, { retryAfterSeconds: wait });
    const user = await ctx.db.prisma.user.findUnique({ where: { email: email.toLowerCase() }, include: { department: true } });
    // One message and one scrypt for unknown user and wrong password: do not tell which emails exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok) {
      ctx.services.loginThrottle.fail(keys);
      throw fail("UNAUTHENTICATED", "Wrong email or password.");
    }
    ctx.services.loginThrottle.succeed(keys[0]!);
    const token = await issueToken({ userId: user.id, role: user.role, departmentId: user.departmentId }, ctx.services.keys.jwt, ctx.services.tokenTtl);
    return { token, user: toUser(user) };
  }

  @Authorized()
  @Query(() => User, { description: "The signed-in user." })
  async me(@Ctx() ctx: Context): Promise<User> {
    const user = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: ctx.viewer!.id }, include: { department: true } });
    return toUser(user);
  }
}


