// API errors as plain data: server components hand them to client components as props, so no class instances.

/** Codes the API documents plus the ones Apollo and the network add. */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "GRAPHQL_VALIDATION_FAILED"
  | "INTERNAL_SERVER_ERROR"
  | "NETWORK_ERROR"
  | (string & {});

export interface ApiError {
  message: string;
  code: ErrorCode;
  field?: string;
}

/** One entry of a GraphQL (or /auth) response's `errors`. */
export interface ResponseError {
  message: string;
  extensions?: {
    code?: string;
    field?: string;
    // type-graphql's argument validation puts the useful text here, not in `message`.
    validationErrors?: { property: string; constraints?: Record<string, string> }[];
  };
}

export function toApiError(e: ResponseError): ApiError {
  const ext = e.extensions ?? {};
  const details = ext.validationErrors?.flatMap((v) => Object.values(v.constraints ?? {})) ?? [];
  const field = ext.field ?? ext.validationErrors?.[0]?.property;
  return { message: details.length ? details.join("; ") : e.message, code: ext.code ?? "INTERNAL_SERVER_ERROR", ...(field && { field }) };
}
