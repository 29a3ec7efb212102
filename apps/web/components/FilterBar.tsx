"use client";

// The filters every panel of a dashboard shares. They only change the URL (router.push, so Back and Forward
// step through views); the server renders whatever the URL says, so a copied link reproduces the view.
import { useState, useTransition } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { filterQuery, type Filters, RELATIVE_PERIODS } from "@/lib/filters";
import { useHydrated } from "@/lib/hydrated";
import { regionLabel } from "@/lib/regions";
import type { Region } from "@/lib/shapes";
import { RegionSelect } from "./RegionSelect";

export function FilterBar({ filters, regions, region }: { filters: Filters; regions: Region[]; region: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const current: Filters = { ...filters, region };
  const [from, setFrom] = useState(filters.period.kind === "absolute" ? filters.period.from : "");
  const [to, setTo] = useState(filters.period.kind === "absolute" ? filters.period.to : "");
  const href = (f: Partial<Filters>) => `${pathname}?${filterQuery({ ...current, ...f })}`;
  const go = (f: Partial<Filters>) => startTransition(() => router.push(href(f), { scroll: false }));

  const here = regions.find((r) => r.code === region);
  const parent = here?.parentCode ? regions.find((r) => r.code === here.parentCode) : undefined;
  const children = here ? regions.filter((r) => r.parentCode === here.code) : [];
  const periodValue = filters.period.kind === "relative" ? String(filters.period.days) : "custom";

  return (
    <form
      className="filter-bar"
      aria-label="Filters for every panel"
      data-testid="filter-bar"
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        if (from && to) go({ period: { kind: "absolute", from, to } });
      }}
    >
      <div className="field inline">
        <label htmlFor="filter-region">Region</label>
        <RegionSelect id="filter-region" regions={regions} value={region ?? ""} onChange={(code) => go({ region: code })} disabled={!hydrated} />
      </div>
      <nav aria-label="Region hierarchy" className="drill" data-testid="drill">
        {parent && (
          <Link href={href({ region: parent.code })} data-testid="drill-up" rel="up">
            ↑ {regionLabel(parent)}
          </Link>
        )}
        {children.map((c) => (
          <Link key={c.code} href={href({ region: c.code })} data-testid="drill-down">
            ↓ {c.name}
          </Link>
        ))}
      </nav>
      <div className="field inline">
        <label htmlFor="filter-period">Period</label>
        <select
          id="filter-period"
          value={periodValue}
          disabled={!hydrated}
          onChange={(e) => {
            if (e.target.value !== "custom") go({ period: { kind: "relative", days: Number(e.target.value) } });
          }}
        >
          {RELATIVE_PERIODS.map((d) => (
            <option key={d} value={d}>
              Last {d} days
            </option>
          ))}
          {filters.period.kind === "relative" && !RELATIVE_PERIODS.includes(filters.period.days as (typeof RELATIVE_PERIODS)[number]) && (
            <option value={filters.period.days}>Last {filters.period.days} days</option>
          )}
          <option value="custom">From–to dates</option>
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="filter-from">From</label>
        <input id="filter-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} disabled={!hydrated} />
        <label htmlFor="filter-to">to</label>
        <input id="filter-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} disabled={!hydrated} />
        <button type="submit" className="button" disabled={!hydrated || !from || !to}>
          Apply dates
        </button>
      </div>
      {pending && (
        <span className="loading subtle" role="status">
          Updating…
        </span>
      )}
    </form>
  );
}
