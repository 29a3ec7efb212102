import { Args, ArgsType, Authorized, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { IsEmail, IsInt, IsOptional, MaxLength, Min, MinLength } from "class-validator";
import { requireViewer, type Context } from "../graphql/context.ts";
import { toDepartment, toUser, User } from "../graphql/types.ts";
import type { UserRow } from "./service.ts";

@ObjectType()
class AuthPayload {
  @Field(() => String, { description: "A JWT (EdDSA): send it as `Authorization: Bearer <token>`." }) token!: string;
  @Field(() => User) user!: User;
}

@ObjectType({ description: "An account as an administrator sees it." })
class Account {
  @Field(() => User) user!: User;
  @Field(() => Date, { nullable: true, description: "When an administrator disabled it; null while it is enabled." }) disabledAt!: Date | null;
}

@ArgsType()
class LoginArgs {
  @Field(() => String) @IsEmail() @MaxLength(200) email!: string;
  @Field(() => String) @MinLength(1) @MaxLength(200) password!: string;
}

@ArgsType()
class AccountArgs {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) id?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) email?: string | null;
}

const toAccount = (u: UserRow): Account => ({ user: toUser(u), disabledAt: u.disabledAt });

@Resolver()
export class AccessResolver {
  @Mutation(() => AuthPayload, { description: "Exchange credentials for a signed token. Open to everyone." })
  async login(@Args(() => LoginArgs) { email, password }: LoginArgs, @Ctx() ctx: Context): Promise<AuthPayload> {
    const { token, user } = await ctx.services.access.login(email, password, ctx.clientIp);
    return { token, user: toUser(user) };
  }

  // Every role, patients included (the auth checker keeps patients to operations that name PATIENT).
  @Authorized(["DECISION_MAKER", "DEPARTMENT_OFFICER", "POLICY_OFFICER", "AUDITOR", "ADMIN", "PATIENT"])
  @Query(() => User, { description: "The signed-in user." })
  async me(@Ctx() ctx: Context): Promise<User> {
    const viewer = requireViewer(ctx);
    // Read with the viewer for this request (in-process callers may bring a viewer without it).
    const p = viewer.profile ?? (await ctx.services.access.profile(viewer.id));
    return { ...p, department: p.department && toDepartment(p.department) };
  }

  @Authorized(["ADMIN"])
  @Mutation(() => Account, {
    description: "Disable an account (by `id` or `email`): it cannot sign in, its tokens are refused and its subscriptions end.",
  })
  async disableUser(@Args(() => AccountArgs) target: AccountArgs, @Ctx() ctx: Context): Promise<Account> {
    return toAccount(await ctx.services.access.disableUser(requireViewer(ctx), target));
  }

  @Authorized(["ADMIN"])
  @Mutation(() => Account, { description: "Enable a disabled account again; it signs in afresh (tokens from before stay refused)." })
  async enableUser(@Args(() => AccountArgs) target: AccountArgs, @Ctx() ctx: Context): Promise<Account> {
    return toAccount(await ctx.services.access.enableUser(target));
  }
}
