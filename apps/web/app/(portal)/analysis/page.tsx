import type { Metadata } from "next";
import { Suspense } from "react";
import { AnalysisView } from "@/components/AnalysisView";

export const metadata: Metadata = { title: "Risk early warning" };

// The view reads ?region= (useSearchParams), which needs a Suspense boundary for static prerendering.
export default function AnalysisPage() {
  return (
    <Suspense fallback={<p className="page-loading" role="status">Loading…</p>}>
      <AnalysisView />
    </Suspense>
  );
}
