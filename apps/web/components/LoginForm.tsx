"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@/lib/graphql";
import { LOGIN } from "@/lib/queries";
import { homeFor, saveSession } from "@/lib/session";
import { ErrorMessage } from "./ErrorMessage";

export function LoginForm() {
  const router = useRouter();
  const login = useMutation(LOGIN);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  // Until React has hydrated, a click would submit the form natively and put the password in the URL.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await login.run({ email: email.trim(), password });
    if (!result) return;
    saveSession({ token: result.login.token, user: result.login.user });
    router.replace(homeFor(result.login.user.role));
  }

  return (
    <form className="form login-form" method="post" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <ErrorMessage error={login.error} />
      <button type="submit" className="button primary" disabled={!hydrated || login.loading}>
        {login.loading ? "Signing in…" : "Sign in"}
      </button>
      <p className="hint">
        Demo accounts: decision@vigil.example, officer@vigil.example, policy@vigil.example, auditor@vigil.example, admin@vigil.example
      </p>
    </form>
  );
}
