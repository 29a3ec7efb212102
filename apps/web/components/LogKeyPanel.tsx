import { keyIdOf, logKeyInUse } from "@/lib/pinned-key";

/**
 * The log's verifier key as this portal knows it: the key pinned at build time, with its key id, next to the key
 * the server serves. A mismatch is an alarm: the server is not the log this portal was built to check.
 */
export function LogKeyPanel({ served }: { served: string }) {
  const key = logKeyInUse(served);
  return (
    <div className="log-key" data-testid="log-key" data-pinned={key.pinned} data-mismatch={key.mismatch}>
      <dl className="facts">
        <dt>{key.pinned ? "Pinned key" : "Served key"}</dt>
        <dd className="mono break" data-testid="log-key-vkey">
          {key.vkey}
        </dd>
        <dt>Key id</dt>
        <dd className="mono" data-testid="log-key-id">
          {keyIdOf(key.vkey) ?? "malformed"}
        </dd>
        {key.mismatch && (
          <>
            <dt>Server serves</dt>
            <dd className="mono break">{served}</dd>
          </>
        )}
      </dl>
      {key.mismatch ? (
        <p className="message error" role="alert" data-testid="log-key-mismatch">
          The server serves another log key than the one this portal was built for (key {keyIdOf(served) ?? "malformed"}, pinned {keyIdOf(key.vkey)}). Proofs
          are checked with the pinned key, so checkpoints signed by the served key fail.
        </p>
      ) : key.pinned ? (
        <p className="note">
          Pinned when this portal was built (VIGIL_LOG_VKEY, or the data directory&apos;s key file); your browser checks every proof with it.
        </p>
      ) : (
        <p className="message warning" role="note" data-testid="log-key-unpinned">
          This portal was built without a pinned log key: proofs are checked with the key the server serves. Build with VIGIL_LOG_VKEY (or via npm start) to pin
          it.
        </p>
      )}
    </div>
  );
}
