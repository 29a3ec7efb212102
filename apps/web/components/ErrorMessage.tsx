import type { ApiError } from "@/lib/errors";

/** An API error shown where it happened; UNAUTHENTICATED never gets here (it redirects to /login). */
export function ErrorMessage({ error, prefix }: { error: ApiError | null | undefined; prefix?: string }) {
  if (!error) return null;
  return (
    <p className="message error" role="alert" data-code={error.code}>
      {prefix && <strong>{prefix} </strong>}
      {error.message}
    </p>
  );
}

export function SuccessMessage({ children }: { children: React.ReactNode }) {
  return (
    <p className="message success" role="status">
      {children}
    </p>
  );
}
