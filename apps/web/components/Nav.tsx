"use client";

import { useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useHydrated } from "@/lib/hydrated";
import { ROLE_LABEL } from "@/lib/roles";
import type { User } from "@/lib/shapes";

// One entry per governance layer, bottom (the log) to top (the rules), named as in the README; the log
// explorer sits with the log.
const LINKS = [
  { href: "/infrastructure", label: "Infrastructure" },
  { href: "/log", label: "Log" },
  { href: "/data", label: "Data support" },
  { href: "/analysis", label: "Analysis" },
  { href: "/business", label: "Business" },
  { href: "/policy", label: "Policy" },
] as const;
/** A patient sees only their own records (the API refuses them everything else). */
const PATIENT_LINKS = [{ href: "/patient", label: "My records" }] as const;

export function Nav({ user }: { user: User }) {
  const pathname = usePathname();
  const [signingOut, setSigningOut] = useState(false);
  const hydrated = useHydrated();

  async function signOut() {
    setSigningOut(true);
    // The API clears the httpOnly cookie; page scripts cannot. Then a full load, so no rendered page stays cached.
    await fetch("/auth/logout", { method: "POST", credentials: "same-origin", headers: { "apollo-require-preflight": "true" } }).catch(() => {});
    window.location.assign("/login");
  }

  return (
    <header className="topbar">
      <Link href="/" className="brand" aria-label="Vigil home">
        <span className="brand-mark" aria-hidden="true">
          V
        </span>{" "}
        <span className="brand-name">Vigil</span>
      </Link>
      <nav aria-label="Governance layers">
        <ul className="nav-links">
          {(user.role === "PATIENT" ? PATIENT_LINKS : LINKS).map((l) => {
            const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
            return (
              <li key={l.href}>
                <Link href={l.href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined}>
                  {l.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="user-box">
        <div className="user-text">
          <span className="user-name" data-testid="user-name">
            {user.name}
          </span>
          <span className="user-meta">
            <span className="role-badge" data-testid="user-role" data-role={user.role}>
              {ROLE_LABEL[user.role]}
            </span>
            {user.department && (
              <span className="user-dept" title={user.department.name}>
                {user.department.code}
              </span>
            )}
          </span>
        </div>
        <button type="button" className="button ghost" onClick={signOut} disabled={signingOut || !hydrated}>
          {signingOut ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </header>
  );
}
