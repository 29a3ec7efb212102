"use client";

import { useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import type { Policy, Region } from "@/lib/shapes";
import { PublishPolicyForm } from "./PublishPolicyForm";

/** The publishing form; a new version re-renders the list on the server with that version marked (?published=). */
export function PolicyPublishing({ regions, current }: { regions: Region[]; current: Policy | undefined }) {
  const router = useRouter();
  const pathname = usePathname();
  const [, startTransition] = useTransition();
  return (
    <PublishPolicyForm
      regions={regions}
      current={current}
      onPublished={(p) => startTransition(() => router.replace(`${pathname}?published=${p.id}`, { scroll: false }))}
    />
  );
}
