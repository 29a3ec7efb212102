"use client";

import { useSyncExternalStore } from "react";
import type { Role, User } from "./types";

export interface Session {
  token: string;
  user: User;
}

// sessionStorage: a shared workstation forgets the sign-in when the tab closes; the JWT expires anyway (8 h).
export const SESSION_KEY = "vigil.session";
const CHANGED = "vigil:session";

let cachedRaw: string | null = null;
let cached: Session | null = null;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled by browser policy
  }
}

export function readSession(): Session | null {
  const raw = storage()?.getItem(SESSION_KEY) ?? null;
  // useSyncExternalStore needs a stable snapshot: re-parse only when the stored text changes.
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    try {
      const parsed = raw ? (JSON.parse(raw) as Session) : null;
      cached = parsed?.token && parsed.user?.role ? parsed : null;
    } catch {
      cached = null;
    }
  }
  return cached;
}

export function saveSession(session: Session): void {
  storage()?.setItem(SESSION_KEY, JSON.stringify(session));
  window.dispatchEvent(new Event(CHANGED));
}

export function clearSession(): void {
  storage()?.removeItem(SESSION_KEY);
  if (typeof window !== "undefined") window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/**
 * The signed-in session, or null. `ready` is false during server rendering and hydration, when storage
 * cannot be read yet: callers must not treat that as "signed out" and redirect.
 */
export function useSession(): { session: Session | null; ready: boolean } {
  const session = useSyncExternalStore(subscribe, readSession, () => null);
  const ready = useSyncExternalStore(subscribe, () => true, () => false);
  return { session, ready };
}

export const ROLE_LABEL: Record<Role, string> = {
  ADMIN: "Administrator",
  AUDITOR: "Auditor",
  DECISION_MAKER: "Decision maker",
  DEPARTMENT_OFFICER: "Department officer",
  POLICY_OFFICER: "Policy officer",
};

/** Where each role starts: the layer it works in. */
export function homeFor(role: Role): string {
  switch (role) {
    case "DECISION_MAKER": return "/analysis";
    case "DEPARTMENT_OFFICER": return "/data";
    case "POLICY_OFFICER": return "/policy";
    default: return "/infrastructure";
  }
}
