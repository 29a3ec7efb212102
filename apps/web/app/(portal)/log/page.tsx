import type { Metadata } from "next";
import { Suspense } from "react";
import { ChainView } from "@/components/ChainView";

export const metadata: Metadata = { title: "Chain explorer" };

// The view reads ?entry= (useSearchParams), which needs a Suspense boundary for static prerendering.
export default function ChainPage() {
  return (
    <Suspense fallback={<p className="page-loading" role="status">Loading…</p>}>
      <ChainView />
    </Suspense>
  );
}
