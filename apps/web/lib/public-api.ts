// The public pages' data: operations run in-process as an anonymous caller (no session is read or needed),
// under the same schema, limits and masking as /graphql.
import "server-only";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { toApiError, type ResponseError } from "./errors";
import { inProcessApi } from "./in-process";
import type { Loaded } from "./server-api";

export async function loadPublic<TData, TVars extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVars>,
  variables: TVars,
): Promise<Loaded<TData>> {
  const result = await inProcessApi().execute({ document, variables, token: null });
  const first = result.errors?.[0] as ResponseError | undefined;
  if (first) return { data: null, error: toApiError(first) };
  if (result.data == null) return { data: null, error: { message: "The server returned no data.", code: "INTERNAL_SERVER_ERROR" } };
  return { data: JSON.parse(JSON.stringify(result.data)) as TData, error: null };
}
