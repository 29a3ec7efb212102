"use client";

import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { useHydrated } from "@/lib/hydrated";

/** Re-render the page on the server with fresh data; the current view stays until the new one is ready. */
export function RefreshButton({ label = "Refresh" }: { label?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  return (
    <button type="button" className="button" onClick={() => startTransition(() => router.refresh())} disabled={pending || !hydrated} aria-busy={pending}>
      {pending ? "Refreshing…" : label}
    </button>
  );
}
