"use client";

import { useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { Region } from "@/lib/shapes";
import { CaseReportForm } from "./CaseReportForm";

/** The officer's report form; an accepted report re-renders the page (chart, table) with the new row marked (?filed=). */
export function ReportFiling({ districts }: { districts: Region[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [, startTransition] = useTransition();
  return (
    <CaseReportForm
      districts={districts}
      onSubmitted={(r) => {
        const next = new URLSearchParams(params);
        next.set("filed", String(r.id));
        startTransition(() => router.replace(`${pathname}?${next}`, { scroll: false }));
      }}
    />
  );
}
