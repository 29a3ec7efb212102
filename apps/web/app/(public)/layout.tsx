import Link from "next/link";
import type { ReactNode } from "react";

/** The public pages: no sign-in, no session read; everything on them is checked in the visitor's browser. */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="public-nav">
        <Link href="/verify" className="brand">
          Vigil · public
        </Link>
        <nav aria-label="Public pages">
          <Link href="/verify">Verify a statement</Link>
          <Link href="/charity">Trace a donation</Link>
          <Link href="/login" className="muted">
            Staff sign-in
          </Link>
        </nav>
      </header>
      <main className="page">{children}</main>
    </>
  );
}
