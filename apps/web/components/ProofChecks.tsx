import type { Check } from "@/lib/verify";

/** One line per check, ✓ or ✗, with what was compared. */
export function CheckList({ checks, testId }: { checks: Check[]; testId?: string }) {
  return (
    <ul className="checks" data-testid={testId}>
      {checks.map((c) => (
        <li key={c.id} className={`check ${c.ok ? "ok" : "fail"}`} data-check={c.id} data-ok={c.ok}>
          <span className="check-icon" aria-hidden="true">
            {c.ok ? "✓" : "✗"}
          </span>
          <div className="check-text">
            <div className="check-label">
              {c.label}
              <span className="sr-only">{c.ok ? ": passed" : ": failed"}</span>
            </div>
            <div className="check-detail">{c.detail}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}

/**
 * The overall outcome. The element's text is exactly the word (the ✓/✗ is drawn by CSS), so tests and
 * screen readers read "Verified" or "Failed" and nothing else.
 */
export function ProofStatus({
  ok,
  okText,
  failText,
  okState,
  failState,
  testId,
}: {
  ok: boolean;
  okText: string;
  failText: string;
  okState: string;
  failState: string;
  testId: string;
}) {
  return (
    <span className={`proof-status ${ok ? "ok" : "fail"}`} data-testid={testId} data-state={ok ? okState : failState} role="status">
      {ok ? okText : failText}
    </span>
  );
}
