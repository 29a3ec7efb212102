"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { homeFor, useSession } from "@/lib/session";

export function RoleRedirect() {
  const router = useRouter();
  const { session, ready } = useSession();
  useEffect(() => {
    if (ready) router.replace(session ? homeFor(session.user.role) : "/login");
  }, [ready, session, router]);
  return <p className="page-loading" role="status">Loading Vigil…</p>;
}
