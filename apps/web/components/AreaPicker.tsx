"use client";

import { useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import type { Region } from "@/lib/shapes";
import { useHydrated } from "@/lib/hydrated";
import { RegionSelect } from "./RegionSelect";

/** The data page's area lives in the URL (?area=), so the server renders its chart and reports. */
export function AreaPicker({ regions, area }: { regions: Region[]; area: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  return (
    <div className="field inline" aria-busy={pending}>
      <label htmlFor="data-area">Area</label>
      <RegionSelect
        id="data-area"
        regions={regions}
        value={area}
        disabled={!hydrated}
        onChange={(code) => startTransition(() => router.push(`${pathname}?area=${encodeURIComponent(code)}`, { scroll: false }))}
      />
    </div>
  );
}
