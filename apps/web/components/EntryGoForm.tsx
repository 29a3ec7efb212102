"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { askedEntry } from "@/lib/entry-param";

/** Type an entry index to verify it: the entry goes into the URL (?entry=), which the server renders. */
export function EntryGoForm({ selected }: { selected: number | null }) {
  const router = useRouter();
  const [draft, setDraft] = useState(selected == null ? "" : String(selected));
  useEffect(() => {
    if (selected != null) setDraft(String(selected));
  }, [selected]);
  function onGo(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const n = askedEntry(draft.trim());
    if (typeof n === "number") router.push(`/log?entry=${n}`, { scroll: false });
  }
  return (
    // A plain GET form too: before scripts run, it still opens /log?entry=N.
    <form className="field inline entry-go" onSubmit={onGo} action="/log">
      <label htmlFor="entry-index">Entry</label>
      <input
        // No max: the log grows while the page is open, and the server answers "No log entry n" past its end.
        id="entry-index"
        name="entry"
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        required
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        data-testid="entry-index-input"
        placeholder="index"
      />
      <button type="submit" className="button primary">
        Verify
      </button>
    </form>
  );
}
