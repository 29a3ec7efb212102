import type { Metadata } from "next";
import { LoginForm } from "@/components/LoginForm";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <main className="login-page">
      <div className="login-card">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">V</span> Vigil
        </div>
        <h1>Sign in</h1>
        <p className="muted">Data governance for public-health emergencies.</p>
        <LoginForm next={next ?? null} />
      </div>
    </main>
  );
}
