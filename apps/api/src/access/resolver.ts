import { Args, ArgsType, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { IsEmail, MaxLength, MinLength } from "class-validator";
import { requireViewer, type Context } from "../graphql/context.ts";
import { toUser, User } from "../graphql/types.ts";

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

@Resolver()
export class AccessResolver {
  @Mutation(() => AuthPayload, { description: "Exchange credentials for a signed token. Open to everyone." })
  async login(@Args(() => LoginArgs) { email, password }: LoginArgs, @Ctx() ctx: Context): Promise<AuthPayload> {
    const { token, user } = await ctx.services.access.login(email, password, ctx.clientIp);
    return { token, user: toUser(user) };
  }

  @Authorized()
  @Query(() => User, { description: "The signed-in user." })
  async me(@Ctx() ctx: Context): Promise<User> {
    return toUser(await ctx.services.access.user(requireViewer(ctx).id));
  }
}
