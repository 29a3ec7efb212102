import type { GraphQLRequestError } from "@/lib/graphql";

/** An API error shown where it happened; UNAUTHENTICATED never gets here for long (the shell redirects). */
export function ErrorMessage({ error, prefix }: { error: GraphQLRequestError | null | undefined; prefix?: string }) {
  if (!error) return null;
  return (
    <p className="message error" role="alert" data-code={error.code}>
      {prefix && <strong>{prefix} </strong>}
      {error.message}
    </p>
  );
}

export function SuccessMessage({ children }: { children: React.ReactNode }) {
  return <p className="message success" role="status">{children}</p>;
}
