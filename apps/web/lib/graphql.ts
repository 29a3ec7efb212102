"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { clearSession, readSession } from "./session";

export type Variables = Record<string, unknown>;

/** A GraphQL document tagged with the shapes of its result and variables, so call sites stay typed. */
export interface Operation<TData, TVars extends Variables = Variables> {
  readonly query: string;
  /** Phantom: carries the types only, never set at runtime. */
  readonly __types?: (vars: TVars) => TData;
}

export function gql<TData, TVars extends Variables = Record<string, never>>(query: string): Operation<TData, TVars> {
  return { query };
}

/** Codes the API documents (apps/api/src/errors.ts) plus the ones Apollo and the network add. */
export type ErrorCode =
  | "UNAUTHENTICATED" | "FORBIDDEN" | "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT"
  | "GRAPHQL_VALIDATION_FAILED" | "INTERNAL_SERVER_ERROR" | "NETWORK_ERROR" | (string & {});

export class GraphQLRequestError extends Error {
  constructor(message: string, readonly code: ErrorCode, readonly field?: string) {
    super(message);
    this.name = "GraphQLRequestError";
  }
}

interface ResponseError {
  message: string;
  extensions?: {
    code?: string;
    field?: string;
    // type-graphql's argument validation puts the useful text here, not in `message`.
    validationErrors?: { property: string; constraints?: Record<string, string> }[];
  };
}

function toError(e: ResponseError): GraphQLRequestError {
  const ext = e.extensions ?? {};
  const details = ext.validationErrors?.flatMap((v) => Object.values(v.constraints ?? {})) ?? [];
  const message = details.length ? details.join("; ") : e.message;
  return new GraphQLRequestError(message, ext.code ?? "INTERNAL_SERVER_ERROR", ext.field ?? ext.validationErrors?.[0]?.property);
}

export const GRAPHQL_PATH = "/graphql";

/** POST one operation with the session's bearer token. Throws GraphQLRequestError; never returns partial data. */
export async function request<TData, TVars extends Variables>(
  op: Operation<TData, TVars>,
  variables?: TVars,
  init?: { signal?: AbortSignal },
): Promise<TData> {
  const token = readSession()?.token;
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query: op.query, variables: variables ?? {} }),
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
    const error = toError(body.errors[0]!);
    // A rejected token (expired, or the user was removed) ends the session; the portal shell sends the user to /login.
    if (error.code === "UNAUTHENTICATED" && token) clearSession();
    throw error;
  }
  if (body.data == null) throw new GraphQLRequestError("The server returned no data.", "INTERNAL_SERVER_ERROR");
  return body.data;
}

export interface QueryState<TData> {
  data: TData | null;
  error: GraphQLRequestError | null;
  loading: boolean;
  refetch: () => void;
}

/**
 * Run a query on mount and whenever its variables change. The previous data stays visible while the next
 * answer loads, so charts do not flash empty on every change; answers to superseded variables are dropped.
 */
export function useQuery<TData, TVars extends Variables>(
  op: Operation<TData, TVars>,
  variables?: TVars,
  options: { skip?: boolean } = {},
): QueryState<TData> {
  const [data, setData] = useState<TData | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables ?? {});

  useEffect(() => {
    if (options.skip) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    request(op, JSON.parse(key) as TVars, { signal: controller.signal })
      .then((d) => { setData(d); setError(null); })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
      })
      .finally(() => { if (!controller.signal.aborted) setLoading(false); });
    return () => controller.abort();
  }, [op, key, options.skip, generation]);

  const refetch = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, refetch };
}

export interface MutationState<TData, TVars extends Variables> {
  run: (variables: TVars) => Promise<TData | null>;
  data: TData | null;
  error: GraphQLRequestError | null;
  loading: boolean;
  reset: () => void;
}

/** A mutation with its outcome kept for inline display; `run` resolves to null on failure. */
export function useMutation<TData, TVars extends Variables>(op: Operation<TData, TVars>): MutationState<TData, TVars> {
  const [data, setData] = useState<TData | null>(null);
  const [error, setError] = useState<GraphQLRequestError | null>(null);
  const [loading, setLoading] = useState(false);
  const mounted = useRef(true);
  useEffect(() => () => { mounted.current = false; }, []);

  const run = useCallback(async (variables: TVars) => {
    setLoading(true);
    setError(null);
    setData(null);
    try {
      const d = await request(op, variables);
      if (mounted.current) setData(d);
      return d;
    } catch (e) {
      if (mounted.current) setError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
      return null;
    } finally {
      if (mounted.current) setLoading(false);
    }
  }, [op]);
  const reset = useCallback(() => { setData(null); setError(null); }, []);
  return { run, data, error, loading, reset };
}
