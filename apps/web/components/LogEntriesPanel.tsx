"use client";

import { useRouter } from "next/navigation";
import { useEntryPages } from "@/lib/entry-pages";
import { useHydrated } from "@/lib/hydrated";
import { fmtInt } from "@/lib/format";
import type { LogEntry } from "@/lib/shapes";
import { ErrorMessage } from "./ErrorMessage";
import { LogEntriesTable } from "./LogEntriesTable";
import { Panel } from "./Panel";

/**
 * The latest log entries with "Older" paging. In the explorer (`explorer`) a row opens the entry's proof
 * (?entry=); elsewhere each index links to the explorer.
 */
export function LogEntriesPanel({
  first,
  total,
  pageSize,
  selected,
  explorer = false,
}: {
  first: LogEntry[];
  total: number;
  pageSize: number;
  selected?: number | null;
  explorer?: boolean;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const { entries, oldest, loadOlder, loadingOlder, olderError } = useEntryPages(first, pageSize);
  const onSelect = explorer
    ? (index: number) => {
        router.push(`/log?entry=${index}`, { scroll: false });
        document.getElementById("entry-proof-anchor")?.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    : undefined;
  return (
    <Panel title="Latest entries" id="entries" actions={explorer && <span className="muted">Click an entry to verify it</span>}>
      <LogEntriesTable entries={entries} selected={selected} onSelect={onSelect} />
      <div className="table-foot">
        <span className="muted">
          Showing {fmtInt(entries.length)} of {fmtInt(Math.max(total, entries.length))} entries, newest first.
        </span>
        {oldest > 0 && (
          <button type="button" className="button" onClick={loadOlder} disabled={loadingOlder || !hydrated} data-testid="older-entries">
            {loadingOlder ? "Loading…" : "Older entries"}
          </button>
        )}
      </div>
      <ErrorMessage error={olderError} />
    </Panel>
  );
}
