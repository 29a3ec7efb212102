"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** How often to ask again for the proof of an entry that awaits its first checkpoint. */
const PENDING_POLL_MS = 3000;

/** An entry appended after the latest checkpoint gets its proof within seconds: re-render until it has one. */
export function PendingProofPoll() {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), PENDING_POLL_MS);
    return () => clearInterval(t);
  }, [router]);
  return null;
}
