"use client";

import type { KeyboardEvent } from "react";
import { fmtDateTime } from "@/lib/format";
import type { LogEntry } from "@/lib/shapes";
import { EntryLink } from "./EntryLink";

export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

const short = (hex: string | null) => (hex ? `${hex.slice(0, 12)}…` : "—");

function signatureTitle(e: LogEntry): string {
  if (!e.signature) return "No signature stored on this entry itself (the API signs runs of entries as a batch)";
  const n = e.signedCount ?? 1;
  return n > 1 ? `Ed25519 signature over entries #${e.index}–#${e.index + n - 1}: ${e.signature}` : `Ed25519 signature: ${e.signature}`;
}

/**
 * Log entries, newest first. With `onSelect` (the log explorer) a row click or Enter picks the entry;
 * without it (the infrastructure page) the index links to the explorer.
 */
export function LogEntriesTable({ entries, selected, onSelect }: { entries: LogEntry[]; selected?: number | null; onSelect?: (index: number) => void }) {
  const onKey = (e: KeyboardEvent, index: number) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect?.(index);
    }
  };
  return (
    <div className="table-wrap">
      <table className={`table entries-table${onSelect ? " selectable" : ""}`} data-testid="log-entries-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              Index
            </th>
            <th scope="col">Kind</th>
            <th scope="col">Department</th>
            <th scope="col">Received</th>
            <th scope="col">Leaf hash</th>
            <th scope="col">Signature</th>
            <th scope="col">Payload</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const isSelected = e.index === selected;
            return (
              <tr
                key={e.index}
                data-entry={e.index}
                className={onSelect ? `clickable${isSelected ? " selected" : ""}` : undefined}
                onClick={onSelect ? () => onSelect(e.index) : undefined}
                onKeyDown={onSelect ? (ev) => onKey(ev, e.index) : undefined}
                tabIndex={onSelect ? 0 : undefined}
                aria-current={isSelected ? "true" : undefined}
              >
                <td className="num mono">{onSelect ? e.index : <EntryLink index={e.index} />}</td>
                <td>
                  <span className={`tag kind-${e.kind}`}>{e.kind}</span>
                </td>
                <td className="mono">{e.departmentCode ?? <span className="muted">system</span>}</td>
                <td className="nowrap">{fmtDateTime(e.receivedAt)}</td>
                <td className="mono" title={e.leafHash}>
                  {short(e.leafHash)}
                </td>
                <td className="mono nowrap" title={signatureTitle(e)}>
                  {short(e.signature)}
                  {e.signature && (e.signedCount ?? 1) > 1 && <span className="muted"> ×{e.signedCount}</span>}
                </td>
                {/* Picking a row shows its whole payload in the explorer, so there a one-line preview is enough (and a click anywhere picks). */}
                <td className="payload-cell">
                  {onSelect ? (
                    <span className="mono payload-preview">{e.payload}</span>
                  ) : (
                    <details>
                      <summary className="mono">{e.payload.length > 64 ? `${e.payload.slice(0, 64)}…` : e.payload}</summary>
                      <pre className="code">{prettyPayload(e.payload)}</pre>
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
