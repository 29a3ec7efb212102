"use client";

// The browser's side of the API: mutations, the proof checker's lookups and paging. First page data comes from
// server components (lib/server-api.ts); this only runs what happens after the page is on screen.
import { useCallback, useEffect, useRef, useState } from "react";
import { print } from "graphql/language/printer";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { toApiError, type ApiError, type ResponseError } from "./errors";

export type Variables = Record<string, unknown>;
export type { ApiError } from "./errors";

export class GraphQLRequestError extends Error implements ApiError {
  constructor(
    message: string,
    readonly code: ApiError["code"],
    readonly field?: string,
  ) {
    super(message);
    this.name = "GraphQLRequestError";
  }
  static from(e: ApiError): GraphQLRequestError {
    return new GraphQLRequestError(e.message, e.code, e.field);
  }
}

export const GRAPHQL_PATH = "/graphql";

// Documents are ASTs; print each once.
const printed = new WeakMap<object, string>();
export function source(document: TypedDocumentNode<unknown, never>): string {
  let s = printed.get(document);
  if (!s) printed.set(document, (s = print(document)));
  return s;
}

/** Send the user to sign in again, back to this page afterwards: the session expired or was revoked. */
function toLogin() {
  window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}

/**
 * POST one operation with the session cookie. The API refuses a cookie-authenticated request without
 * `apollo-require-preflight` (a cross-site form cannot set it): that header is our CSRF proof.
 * Throws GraphQLRequestError; never returns partial data.
 */
export async function request<TData, TVars extends Variables>(
  document: TypedDocumentNode<TData, TVars>,
  variables?: TVars,
  init?: { signal?: AbortSignal },
): Promise<TData> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "apollo-require-preflight": "true" },
      body: JSON.stringify({ query: source(document as TypedDocumentNode<unknown, never>), variables: variables ?? {} }),
      signal: init?.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new GraphQLRequestError("Cannot reach the Vigil server. Check your connection and try again.", "NETWORK_ERROR");
  }
  let body: { data?: TData | null; errors?: ResponseError[] };
  try {
    body = await res.json();
  } catch {
    throw new GraphQLRequestError(`The server answered ${res.status} ${res.statusText} without a GraphQL response.`, "NETWORK_ERROR");
  }
  if (body.errors?.length) {
    const error = GraphQLRequestError.from(toApiError(body.errors[0]!));
    if (error.code === "UNAUTHENTICATED") toLogin();
    throw error;
  }
  if (body.data == null) throw new GraphQLRequestError("The server returned no data.", "INTERNAL_SERVER_ERROR");
  return body.data;
}

const asError = (e: unknown) => (e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));

export interface QueryState<TData> {
  data: TData | null;
  error: GraphQLRequestError | null;
  loading: boolean;
}

/**
 * A query the user drives from the page (e.g. two checkpoints to compare). Runs whenever its variables change;
 * answers to superseded variables are dropped, and the previous data stays visible while the next one loads.
 */
export function useQuery<TData, TVars extends Variables>(
  document: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  options: { skip?: boolean } = {},
): QueryState<TData> {
  const [data, setData] = useState<TData | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const key = JSON.stringify(variables);

  useEffect(() => {
    if (options.skip) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    request(document, JSON.parse(key) as TVars, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(asError(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [document, key, options.skip]);

  return { data, error, loading };
}

export interface MutationState<TData, TVars extends Variables> {
  run: (variables: TVars) => Promise<TData | null>;
  data: TData | null;
  error: GraphQLRequestError | null;
  loading: boolean;
}

/** A mutation with its outcome kept for inline display; `run` resolves to null on failure. */
export function useMutation<TData, TVars extends Variables>(document: TypedDocumentNode<TData, TVars>): MutationState<TData, TVars> {
  const [data, setData] = useState<TData | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [loading, setLoading] = useState(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const run = useCallback(
    async (variables: TVars) => {
      setLoading(true);
      setError(null);
      setData(null);
      try {
        const d = await request(document, variables);
        if (mounted.current) setData(d);
        return d;
      } catch (e) {
        if (mounted.current) setError(asError(e));
        return null;
      } finally {
        if (mounted.current) setLoading(false);
      }
    },
    [document],
  );
  return { run, data, error, loading };
}
