"use client";

import { useEffect, useState } from "react";
import { request, useQuery, type GraphQLRequestError } from "./graphql";
import { CHAIN_ENTRIES } from "./queries";
import type { ChainEntry } from "./types";

/**
 * The newest page of log entries, with older pages appended below as the user asks for them.
 * A refetch of the newest page starts the list over, so it never shows a gap.
 */
export function useEntryPages(pageSize = 20) {
  const latest = useQuery(CHAIN_ENTRIES, { limit: pageSize });
  const [older, setOlder] = useState<ChainEntry[]>([]);
  const [olderError, setOlderError] = useState<GraphQLRequestError | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  useEffect(() => { setOlder([]); }, [latest.data]);

  const entries = [...(latest.data?.chainEntries ?? []), ...older];
  const oldest = entries.at(-1)?.index ?? 0;

  async function loadOlder() {
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await request(CHAIN_ENTRIES, { before: oldest, limit: pageSize });
      setOlder((o) => [...o, ...page.chainEntries]);
    } catch (e) {
      setOlderError(e as GraphQLRequestError);
    } finally {
      setLoadingOlder(false);
    }
  }

  return { latest, entries, oldest, loadOlder, loadingOlder, olderError };
}
