import { GraphQLError } from "graphql";

/** The codes clients can branch on; Apollo adds INTERNAL_SERVER_ERROR and GRAPHQL_VALIDATION_FAILED itself. */
export type ErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "RATE_LIMITED";

export const fail = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...extra } });
