"use client";

import { useState } from "react";
import { checkCertificate, statementHash, type CertificateCheck } from "@vigil/trust";
import { fmtDateTime } from "@/lib/format";
import { request } from "@/lib/graphql";
import { useHydrated } from "@/lib/hydrated";
import type { StatementFieldsFragment } from "@/lib/gql/graphql";
import { CERTIFICATE, STATEMENT_BY_HASH } from "@/lib/public-operations";
import { CheckList, ProofStatus } from "./ProofChecks";
import { VerdictBadge } from "./VerdictBadge";

type Outcome =
  | { kind: "checked"; result: CertificateCheck; certificate: string; statement: StatementFieldsFragment | null; from: "text" | "file" | "certificate" }
  | { kind: "unknown"; sha256: string }
  | { kind: "error"; message: string };

/** What the public checks: a text, a file (hashed here, never uploaded) or a certificate file, all in this browser with @vigil/trust. */
export function VerifyTool({ logVerifierKey }: { logVerifierKey: string }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const hydrated = useHydrated();

  /** The deposit of these bytes, if any: its certificate from the log, then every check run here, pinned to this log's key. */
  async function byContent(content: string | Uint8Array, from: "text" | "file") {
    const sha256 = statementHash(content);
    const found = await request(STATEMENT_BY_HASH, { sha256 });
    if (!found.statementByHash) return setOutcome({ kind: "unknown", sha256 });
    const cert = await request(CERTIFICATE, { entryIndex: found.statementByHash.entryIndex });
    if (!cert.certificate) return setOutcome({ kind: "error", message: "The statement awaits its checkpoint: try again in a second." });
    setOutcome({
      kind: "checked",
      result: checkCertificate(JSON.parse(cert.certificate), { content, logVerifierKey }),
      certificate: cert.certificate,
      statement: found.statementByHash,
      from,
    });
  }

  /** A certificate file: checked offline first; the live fact-check status is looked up by its hash afterwards. */
  async function byCertificate(json: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      return setOutcome({ kind: "error", message: "That file is not JSON: drop the certificate (.json) or the statement's own file." });
    }
    const result = checkCertificate(raw, { logVerifierKey });
    const sha = result.statement?.sha256;
    const live = sha && /^[0-9a-f]{64}$/.test(sha) ? await request(STATEMENT_BY_HASH, { sha256: sha }).catch(() => null) : null;
    setOutcome({ kind: "checked", result, certificate: json, statement: live?.statementByHash ?? null, from: "certificate" });
  }

  async function run(job: () => Promise<void>) {
    setBusy(true);
    try {
      await job();
    } catch (e) {
      setOutcome({ kind: "error", message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function onFile(file: File) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const asText = new TextDecoder().decode(bytes);
    const isCertificate = file.name.endsWith(".json") && asText.includes('"vigil-deposit-certificate/1"');
    await run(() => (isCertificate ? byCertificate(asText) : byContent(bytes, "file")));
  }

  return (
    <div className="verify-tool">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text) void run(() => byContent(text, "text"));
        }}
      >
        <label htmlFor="verify-text">Paste the statement&apos;s text</label>
        <textarea id="verify-text" name="text" rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="The exact text as published" />
        <div className="form-actions">
          <button type="submit" disabled={!hydrated || busy || !text}>
            Verify text
          </button>
          <label className="file-drop">
            <span>…or drop a file or a certificate</span>
            <input
              type="file"
              name="file"
              data-testid="verify-file"
              disabled={!hydrated || busy}
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void onFile(f);
              }}
            />
          </label>
        </div>
        <p className="muted small">Files are hashed (SHA-256) in your browser and never uploaded; only the hash is looked up.</p>
      </form>
      {busy && (
        <p className="loading" role="status">
          Checking…
        </p>
      )}
      {outcome && <OutcomeView outcome={outcome} />}
    </div>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === "error")
    return (
      <p className="message error" role="alert">
        {outcome.message}
      </p>
    );
  if (outcome.kind === "unknown")
    return (
      <div className="verify-result" data-testid="verify-result">
        <ProofStatus ok={false} okText="Verified" failText="Not deposited" okState="verified" failState="unknown" testId="verify-status" />
        <p>
          No statement with SHA-256 <span className="mono break">{outcome.sha256}</span> is on the log. If it claims to come from a department, it was not
          deposited by one — or the text differs from what was published.
        </p>
      </div>
    );
  const { result, statement } = outcome;
  const s = result.statement;
  return (
    <div className="verify-result" data-testid="verify-result">
      <ProofStatus ok={result.ok} okText="Verified" failText="Failed" okState="verified" failState="failed" testId="verify-status" />
      {s && (
        <dl className="facts">
          <dt>Statement</dt>
          <dd>{s.title}</dd>
          <dt>Publisher</dt>
          <dd data-testid="verify-publisher">{s.publisher?.name}</dd>
          <dt>Deposited</dt>
          <dd>{fmtDateTime(result.receivedAt)}</dd>
          <dt>Fact-check status</dt>
          <dd data-testid="verify-verdict">
            <VerdictBadge verdict={statement?.verdict} retracted={!!statement?.retractedAt} />
          </dd>
        </dl>
      )}
      <CheckList checks={result.checks} testId="verify-checks" />
      {statement?.factChecks.length ? (
        <ul className="fact-checks">
          {statement.factChecks.map((f) => (
            <li key={f.id}>
              <VerdictBadge verdict={f.verdict} /> by {f.checker.name}, {fmtDateTime(f.createdAt)}: {f.reasoning}{" "}
              {f.evidence.map((url) => (
                <a key={url} href={url} rel="noreferrer nofollow">
                  evidence
                </a>
              ))}
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.from !== "certificate" && statement && (
        <p>
          <a href={`/verify/certificate/${statement.entryIndex}`} download data-testid="certificate-download">
            Download the deposit certificate
          </a>{" "}
          <span className="muted">
            — keep it: it verifies offline with <code>npm run ledger -- check</code>.
          </span>
        </p>
      )}
    </div>
  );
}
