"use client";

import { useEffect, useState } from "react";
import { request, GraphQLRequestError } from "./graphql";
import { LOG_ENTRIES } from "./operations";
import type { LogEntry } from "./shapes";

/**
 * The newest page of log entries (rendered by the server), with older pages appended below as the user asks
 * for them. A newer newest page (the log grew) starts the list over, so it never shows a gap.
 */
export function useEntryPages(first: LogEntry[], pageSize: number) {
  const [older, setOlder] = useState<LogEntry[]>([]);
  const [olderError, setOlderError] = useState<GraphQLRequestError | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  // Keyed by the newest index, not the array: re-renders for another reason (picking an entry) keep the pages loaded.
  const newest = first[0]?.index ?? -1;
  useEffect(() => { setOlder([]); }, [newest]);

  const entries = [...first, ...older];
  const oldest = entries.at(-1)?.index ?? 0;

  async function loadOlder() {
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await request(LOG_ENTRIES, { before: oldest, limit: pageSize });
      setOlder((o) => [...o, ...page.logEntries]);
    } catch (e) {
      setOlderError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
    } finally {
      setLoadingOlder(false);
    }
  }

  return { entries, oldest, loadOlder, loadingOlder, olderError };
}
