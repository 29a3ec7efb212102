"use client";

import { useState } from "react";
import { request, GraphQLRequestError } from "./graphql";
import { LOG_ENTRIES } from "./operations";
import type { LogEntry } from "./shapes";

/**
 * The newest page of log entries (rendered by the server), with older pages appended below as the user asks
 * for them. A newer newest page (the log grew) starts the list over, so it never shows a gap.
 */
export function useEntryPages(first: LogEntry[], pageSize: number) {
  // Older pages belong to one newest page: when the log grew, they start over. Keyed by the newest index, not
  // the array, so re-renders for another reason (picking an entry) keep the pages loaded.
  const newest = first[0]?.index ?? -1;
  const [loaded, setLoaded] = useState<{ newest: number; pages: LogEntry[] }>({ newest, pages: [] });
  const older = loaded.newest === newest ? loaded.pages : [];
  const [olderError, setOlderError] = useState<GraphQLRequestError | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const entries = [...first, ...older];
  const oldest = entries.at(-1)?.index ?? 0;

  async function loadOlder() {
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await request(LOG_ENTRIES, { before: oldest, limit: pageSize });
      setLoaded((l) => ({ newest, pages: [...(l.newest === newest ? l.pages : []), ...page.logEntries] }));
    } catch (e) {
      setOlderError(e instanceof GraphQLRequestError ? e : new GraphQLRequestError(String(e), "INTERNAL_SERVER_ERROR"));
    } finally {
      setLoadingOlder(false);
    }
  }

  return { entries, oldest, loadOlder, loadingOlder, olderError };
}
