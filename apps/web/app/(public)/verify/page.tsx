import type { Metadata } from "next";
import Link from "next/link";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Empty, Panel } from "@/components/Panel";
import { VerdictBadge } from "@/components/VerdictBadge";
import { VerifyTool } from "@/components/VerifyTool";
import { fmtDateTime } from "@/lib/format";
import { loadPublic } from "@/lib/public-api";
import { PUBLIC_BOARD } from "@/lib/public-operations";

export const metadata: Metadata = { title: "Verify a statement" };
export const dynamic = "force-dynamic";

/**
 * Public, no sign-in: check a statement's origin (text, file or certificate) in the browser, and the rumour
 * board — every deposited statement with its current fact-check status and history, per category.
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ category?: string }> }) {
  const { category: raw } = await searchParams;
  const category = raw && /^[a-z0-9-]{2,40}$/.test(raw) ? raw : undefined;
  const board = await loadPublic(PUBLIC_BOARD, { category, limit: 50 });
  const data = board.data;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Verify a statement</h1>
          <p className="lede">
            Did a department really say this, and when? Paste the text, or drop the file or its deposit certificate: your browser checks the publisher&apos;s
            signature, the log entry, its inclusion proof and the log&apos;s signed checkpoint itself. No account needed.
          </p>
        </div>
      </div>
      <ErrorMessage error={board.error} />
      {data && (
        <Panel title="Check" id="verify">
          <VerifyTool logVerifierKey={data.publicLogVerifierKey} />
        </Panel>
      )}
      {data && (
        <Panel
          title="Rumour board"
          id="board"
          actions={
            <nav className="chips" aria-label="Categories">
              <Link href="/verify#board" className={!category ? "chip active" : "chip"}>
                all
              </Link>
              {data.statementCategories.map((c) => (
                <Link key={c.category} href={`/verify?category=${c.category}#board`} className={category === c.category ? "chip active" : "chip"}>
                  {c.category} ({c.statements})
                </Link>
              ))}
            </nav>
          }
        >
          {data.publicStatements.length ? (
            <div className="table-wrap">
              <table className="table" data-testid="rumour-board">
                <thead>
                  <tr>
                    <th>Statement</th>
                    <th>Publisher</th>
                    <th>Deposited</th>
                    <th>Status</th>
                    <th>History</th>
                    <th>Certificate</th>
                  </tr>
                </thead>
                <tbody>
                  {data.publicStatements.map((s) => (
                    <tr key={s.id} data-verdict={s.verdict ?? "NONE"}>
                      <td>
                        <strong>{s.title}</strong>
                        {s.text && <div className="muted small">{s.text}</div>}
                      </td>
                      <td>{s.publisher.name}</td>
                      <td>{fmtDateTime(s.createdAt)}</td>
                      <td>
                        <VerdictBadge verdict={s.verdict} retracted={!!s.retractedAt} />
                      </td>
                      <td className="small">
                        {s.factChecks.length ? s.factChecks.map((f) => <div key={f.id}>{`${f.verdict.toLowerCase()} by ${f.checker.code}`}</div>) : "—"}
                      </td>
                      <td>
                        <a href={`/verify/certificate/${s.entryIndex}`} download>
                          #{s.entryIndex}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>No statements in this category yet.</Empty>
          )}
        </Panel>
      )}
    </>
  );
}
