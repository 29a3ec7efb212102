import { GraphQLError } from "graphql";

/** The codes clients can branch on; Apollo adds INTERNAL_SERVER_ERROR and GRAPHQL_VALIDATION_FAILED itself. */
export type ErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "RATE_LIMITED";

export const fail = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...extra } });

/** Codes raised on purpose: these reach clients as they are. Anything else is masked. */
export const KNOWN_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  "QUERY_TOO_DEEP",
  "QUERY_TOO_COMPLEX",
  "QUERY_TOO_LARGE",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Prisma error codes that only bad input reaches (a value too long, out of range, of the wrong shape). */
const PRISMA_INPUT_CODES = new Set(["P2000", "P2005", "P2006", "P2007", "P2009", "P2011", "P2012", "P2019", "P2020", "P2033"]);

/**
 * What an error that was not raised on purpose means for the client, from its class: a unique-index race (Prisma's
 * P2002, or SQLSTATE 23505 from a plain-SQL session) is
 * CONFLICT; a database refusing a value (PostgreSQL SQLSTATE class 22 "data exception": out of range,
 * invalid encoding, NUL in text…) or Prisma refusing one is BAD_USER_INPUT; anything else stays internal.
 */
export function classify(error: unknown): GraphQLError | undefined {
  const e = error as { code?: unknown; cause?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  if (!e || typeof e !== "object") return undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code === "P2002" || code === "23505") return fail("CONFLICT", "That record already exists: another request stored it first.");
  if (code && PRISMA_INPUT_CODES.has(code)) return fail("BAD_USER_INPUT", "A value is out of range or of the wrong form for its field.");
  const sqlState = [
    e.meta?.code,
    e.meta?.driverAdapterError?.cause?.originalCode,
    (e.cause as { originalCode?: unknown } | undefined)?.originalCode,
    code,
  ].find((c): c is string => typeof c === "string" && /^22[0-9A-Z]{3}$/.test(c));
  if (sqlState) return fail("BAD_USER_INPUT", "A value is out of range or of the wrong form for its field.");
  return undefined;
}

/** The original error under GraphQL's wrapping (a resolver's throw becomes a located GraphQLError). */
export const originalOf = (e: GraphQLError): unknown => {
  let err: unknown = e;
  while (err instanceof GraphQLError && err.originalError) err = err.originalError;
  return err;
};

/**
 * One error as clients may see it: raised on purpose → as it is; an input-class error → BAD_USER_INPUT or
 * CONFLICT; anything else → "Internal server error." with the details in the server log only.
 * Used on HTTP (formatError), the WebSocket and in-process execution alike.
 */
export function maskError(e: GraphQLError, log: (line: string) => void): GraphQLError {
  const code = e.extensions?.code;
  if (typeof code === "string" && KNOWN_CODES.has(code)) return e;
  // Apollo's own refusals of a malformed request carry a 4xx status and no code.
  const status = (e.extensions?.http as { status?: unknown } | undefined)?.status;
  if (code === undefined && typeof status === "number" && status >= 400 && status < 500)
    return new GraphQLError(e.message, { extensions: { code: "BAD_REQUEST", http: { status } } });
  const original = originalOf(e);
  const classified = classify(original);
  if (classified) return new GraphQLError(classified.message, { path: e.path, extensions: classified.extensions });
  log(`internal error: ${(original as Error | undefined)?.stack ?? e.message}`);
  return new GraphQLError("Internal server error.", { path: e.path, extensions: { code: "INTERNAL_SERVER_ERROR" } });
}

/** graphql-js's "Did you mean …?" hints name fields, types and enum values: only signed-in users get them. */
export const withoutSuggestions = (message: string): string => message.replace(/ ?Did you mean .*\?$/s, "");
