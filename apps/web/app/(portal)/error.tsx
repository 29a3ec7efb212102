"use client";

/** A page whose essential data could not be read: say so, and offer to try again. */
export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel">
      <p className="message error" role="alert">
        {error.message || "Something went wrong loading this page."}
      </p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
