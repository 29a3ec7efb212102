"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { toApiError, type ApiError, type ResponseError } from "@/lib/errors";
import type { Role } from "@/lib/shapes";
import { homeFor, safeNext } from "@/lib/roles";
import { useHydrated } from "@/lib/hydrated";
import { ErrorMessage } from "./ErrorMessage";

/**
 * Signs in through POST /auth/login: the API answers with the user and sets the session as an httpOnly,
 * SameSite=Strict cookie, so no token ever reaches page scripts or browser storage.
 */
async function signIn(email: string, password: string): Promise<{ user: { role: Role } }> {
  let res: Response;
  try {
    res = await fetch("/auth/login", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw { message: "Cannot reach the Vigil server. Check your connection and try again.", code: "NETWORK_ERROR" } satisfies ApiError;
  }
  const body = (await res.json().catch(() => null)) as { user?: { role: Role }; errors?: ResponseError[] } | null;
  if (res.ok && body?.user) return { user: body.user };
  throw body?.errors?.[0]
    ? toApiError(body.errors[0])
    : ({ message: `Sign-in failed (${res.status} ${res.statusText}).`, code: "INTERNAL_SERVER_ERROR" } satisfies ApiError);
}

export function LoginForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setLoading(true);
    setError(null);
    try {
      const { user } = await signIn(email.trim(), password);
      router.replace(safeNext(next) ?? homeFor(user.role));
    } catch (err) {
      setError(err as ApiError);
      setLoading(false);
    }
  }

  return (
    <form className="form login-form" method="post" onSubmit={onSubmit}>
      {/* Disabled until hydrated: a submit before then would post the password natively, to this page. */}
      <fieldset className="form-body" disabled={!hydrated}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? "Signing in…" : "Sign in"}
        </button>
        <p className="hint">Demo accounts: decision@vigil.example, officer@vigil.example, policy@vigil.example, auditor@vigil.example, admin@vigil.example</p>
      </fieldset>
    </form>
  );
}
