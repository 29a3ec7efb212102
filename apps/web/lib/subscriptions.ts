"use client";

import { useEffect, useRef } from "react";
import { createClient } from "graphql-ws";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { GRAPHQL_PATH, source, type Variables } from "./graphql";

/**
 * Subscribe for as long as the component is mounted. The socket is same-origin, so the browser sends the
 * session cookie on the upgrade request and the API authenticates from it: no token in page scripts.
 * graphql-ws reconnects on its own after network drops.
 */
export function useSubscription<TData, TVars extends Variables>(
  document: TypedDocumentNode<TData, TVars>,
  onData: (data: TData) => void,
  options: { variables?: TVars; skip?: boolean } = {},
): void {
  const handler = useRef(onData);
  useEffect(() => {
    handler.current = onData;
  });
  const key = JSON.stringify(options.variables ?? {});

  useEffect(() => {
    if (options.skip) return;
    const url = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}${GRAPHQL_PATH}`;
    const client = createClient({ url, retryAttempts: Infinity, shouldRetry: () => true });
    const unsubscribe = client.subscribe<TData>(
      { query: source(document as TypedDocumentNode<unknown, never>), variables: JSON.parse(key) as TVars },
      {
        next: (result) => {
          if (result.data) handler.current(result.data);
        },
        // Live alerts are an extra on top of the page's data, so a failed subscription only goes to the console.
        error: (e) => console.warn("subscription failed", e),
        complete: () => {},
      },
    );
    return () => {
      unsubscribe();
      void client.dispose();
    };
  }, [document, key, options.skip]);
}
