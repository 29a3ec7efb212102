"use client";

import { useEffect, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useSession } from "@/lib/session";
import { Nav } from "./Nav";

/** Every governance page needs a signed-in user; without one (or once the API rejects the token) go to /login. */
export function PortalShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const { session, ready } = useSession();

  useEffect(() => {
    if (ready && !session) router.replace("/login");
  }, [ready, session, router]);

  if (!session) return <p className="page-loading" role="status">{ready ? "Redirecting to sign-in…" : "Loading Vigil…"}</p>;
  return (
    <>
      <Nav user={session.user} />
      <main className="page">{children}</main>
    </>
  );
}
