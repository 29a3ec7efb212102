// Server components call the API in-process: the same schema, scope rule and generated types as the browser's
// /graphql requests, with no HTTP hop. The session is the httpOnly cookie the API set at sign-in.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { toApiError, type ApiError, type ResponseError } from "./errors";
import { ME } from "./operations";
import { inProcessApi } from "./in-process";
import { SESSION_COOKIE } from "./session-cookie";

export type Loaded<TData> = { data: TData; error: null } | { data: null; error: ApiError };

/**
 * Run one operation as the signed-in user. A missing or rejected session goes to /login (Next's redirect
 * throws, so callers never see it); any other error comes back as data for the page to show where it applies.
 */
export async function load<TData, TVars extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVars>,
  ...[variables]: TVars extends Record<string, never> ? [TVars?] : [TVars]
): Promise<Loaded<TData>> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) redirect("/login");
  const result = await inProcessApi().execute({ document, variables, token });
  const first = result.errors?.[0] as ResponseError | undefined;
  if (first) {
    const error = toApiError(first);
    if (error.code === "UNAUTHENTICATED") redirect("/login");
    return { data: null, error };
  }
  if (result.data == null) return { data: null, error: { message: "The server returned no data.", code: "INTERNAL_SERVER_ERROR" } };
  // graphql-js builds results on null-prototype objects, which React refuses to pass to client components;
  // the data is JSON by definition, so a JSON round trip makes it plain.
  return { data: JSON.parse(JSON.stringify(result.data)) as TData, error: null };
}

/** Like `load`, for data a page cannot render without: other errors go to the nearest error boundary. */
export async function loadOrThrow<TData, TVars extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVars>,
  ...args: TVars extends Record<string, never> ? [TVars?] : [TVars]
): Promise<TData> {
  const { data, error } = await load(document, ...args);
  if (error) throw new Error(error.message);
  return data!;
}

/** The signed-in user, read once per request however many layouts and pages ask. */
export const currentUser = cache(async () => (await loadOrThrow(ME)).me);
