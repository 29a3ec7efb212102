"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { clearSession, ROLE_LABEL } from "@/lib/session";
import type { User } from "@/lib/types";

// One entry per governance layer, bottom (the log) to top (the rules); the chain explorer sits with the log.
const LINKS = [
  { href: "/infrastructure", label: "Infrastructure" },
  { href: "/chain", label: "Chain" },
  { href: "/data", label: "Data support" },
  { href: "/analysis", label: "Risk early warning" },
  { href: "/business", label: "Coordination" },
  { href: "/policy", label: "Policy" },
] as const;

export function Nav({ user }: { user: User }) {
  const pathname = usePathname();
  const router = useRouter();

  function signOut() {
    clearSession();
    router.replace("/login");
  }

  return (
    <header className="topbar">
      <Link href="/" className="brand" aria-label="Vigil home">
        <span className="brand-mark" aria-hidden="true">V</span> <span className="brand-name">Vigil</span>
      </Link>
      <nav aria-label="Governance layers">
        <ul className="nav-links">
          {LINKS.map((l) => {
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
          <span className="user-name" data-testid="user-name">{user.name}</span>
          <span className="user-meta">
            <span className="role-badge" data-testid="user-role" data-role={user.role}>{ROLE_LABEL[user.role]}</span>
            {user.department && <span className="user-dept" title={user.department.name}>{user.department.code}</span>}
          </span>
        </div>
        <button type="button" className="button ghost" onClick={signOut}>Sign out</button>
      </div>
    </header>
  );
}
