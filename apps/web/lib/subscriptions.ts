"use client";

import { useEffect, useRef } from "react";
import { createClient } from "graphql-ws";
import { GRAPHQL_PATH, type Operation, type Variables } from "./graphql";
import { readSession } from "./session";

/**
 * Subscribe for as long as the component is mounted. graphql-ws reconnects on its own after network
 * drops; the token is read per connection so a fresh sign-in is picked up.
 */
export function useSubscription<TData, TVars extends Variables>(
  op: Operation<TData, TVars>,
  onData: (data: TData) => void,
  options: { variables?: TVars; skip?: boolean } = {},
): void {
  const handler = useRef(onData);
  useEffect(() => { handler.current = onData; });
  const key = JSON.stringify(options.variables ?? {});

  useEffect(() => {
    if (options.skip) return;
    const url = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}${GRAPHQL_PATH}`;
    const client = createClient({
      url,
      connectionParams: () => {
        const token = readSession()?.token;
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      retryAttempts: Infinity,
      shouldRetry: () => true,
    });
    const unsubscribe = client.subscribe<TData>(
      { query: op.query, variables: JSON.parse(key) as TVars },
      {
        next: (result) => { if (result.data) handler.current(result.data); },
        // Live alerts are an extra on top of the page's data, so a failed subscription only goes to the console.
        error: (e) => console.warn("subscription failed", e),
        complete: () => {},
      },
    );
    return () => {
      unsubscribe();
      void client.dispose();
    };
  }, [op, key, options.skip]);
}
