import type { Metadata } from "next";
import Link from "next/link";
import { CharitySankey } from "@/components/CharitySankey";
import { ErrorMessage } from "@/components/ErrorMessage";
import { Empty, Panel } from "@/components/Panel";
import { TraceVerification } from "@/components/TraceVerification";
import { loadPublic } from "@/lib/public-api";
import { CHARITY_BOOKS, DONATION_TRACE } from "@/lib/public-operations";

export const metadata: Metadata = { title: "Trace a donation" };
export const dynamic = "force-dynamic";

const amount = (s: string) => Number(s).toLocaleString("en", { maximumFractionDigits: 2 });

/**
 * Public, no sign-in: a donor's receipt code → the donation's whole path with its proofs checked in the browser;
 * every charity's books (computed from the log), need against delivered per hospital, flows and anomalies.
 */
export default async function CharityPage({ searchParams }: { searchParams: Promise<{ receipt?: string; item?: string }> }) {
  const { receipt: rawReceipt, item: rawItem } = await searchParams;
  const receipt = rawReceipt?.trim().toUpperCase() || undefined;
  const [books, trace] = await Promise.all([loadPublic(CHARITY_BOOKS, {}), receipt ? loadPublic(DONATION_TRACE, { receiptCode: receipt }) : null]);
  const b = books.data?.charityBalances;
  const items = b ? [...new Set(b.balances.map((l) => l.item))].sort() : [];
  const item = rawItem && items.includes(rawItem) ? rawItem : (items.find((i) => i.startsWith("N95")) ?? items[0] ?? "");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Trace a donation</h1>
          <p className="lede">
            Every donation, allocation, shipment and the receiving hospital&apos;s countersignature is a signed entry on the log. Enter your receipt code to see
            where your donation went; your browser verifies each step&apos;s proof itself. Donors stay anonymous.
          </p>
        </div>
      </div>
      <Panel title="Your receipt" id="receipt">
        <form method="get" action="/charity" className="inline-form">
          <label htmlFor="receipt-code">Receipt code</label>
          <input id="receipt-code" name="receipt" defaultValue={receipt ?? ""} placeholder="R-XXXXX-XXXXX" autoComplete="off" />
          <button type="submit">Trace</button>
        </form>
        {trace && <ErrorMessage error={trace.error} />}
        {trace?.data && <TraceVerification trace={trace.data.donationTrace} />}
      </Panel>
      <ErrorMessage error={books.error} />
      {b && (
        <>
          <Panel
            title={`Where the ${item} went`}
            id="flows"
            actions={
              <nav className="chips" aria-label="Items">
                {items.map((i) => (
                  <Link
                    key={i}
                    className={i === item ? "chip active" : "chip"}
                    href={`/charity?item=${encodeURIComponent(i)}${receipt ? `&receipt=${receipt}` : ""}#flows`}
                  >
                    {i}
                  </Link>
                ))}
              </nav>
            }
          >
            <CharitySankey books={b} item={item} />
          </Panel>
          <Panel
            title="Anomalies"
            id="anomalies"
            actions={
              <span className="muted">
                Computed from the log on {b.asOf}; deliveries must be countersigned within {b.confirmWithinDays} days
              </span>
            }
          >
            {b.anomalies.length ? (
              <div className="table-wrap">
                <table className="table" data-testid="anomalies">
                  <thead>
                    <tr>
                      <th>Kind</th>
                      <th>Charity</th>
                      <th>Step</th>
                      <th>What</th>
                    </tr>
                  </thead>
                  <tbody>
                    {b.anomalies.map((a) => (
                      <tr key={`${a.kind}-${a.step}`} data-kind={a.kind}>
                        <td>{a.kind}</td>
                        <td>{a.charity}</td>
                        <td className="mono">{a.step}</td>
                        <td>{a.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>The books add up: nothing flagged.</Empty>
            )}
          </Panel>
          <Panel
            title="Charities' books"
            id="balances"
            actions={<span className="muted">received = allocated + in stock; allocated = delivered + in transit</span>}
          >
            <div className="table-wrap">
              <table className="table" data-testid="balances">
                <thead>
                  <tr>
                    <th>Charity</th>
                    <th>Item</th>
                    <th className="num">Received</th>
                    <th className="num">Allocated</th>
                    <th className="num">In stock</th>
                    <th className="num">Shipped</th>
                    <th className="num">Delivered</th>
                    <th className="num">In transit</th>
                  </tr>
                </thead>
                <tbody>
                  {b.balances.map((l) => (
                    <tr key={`${l.charity}-${l.item}`}>
                      <td>{l.charityName ?? l.charity}</td>
                      <td>{l.item}</td>
                      <td className="num">{amount(l.received)}</td>
                      <td className="num">{amount(l.allocated)}</td>
                      <td className="num">{amount(l.inStock)}</td>
                      <td className="num">{amount(l.shipped)}</td>
                      <td className="num">{amount(l.delivered)}</td>
                      <td className="num">{amount(l.inTransit)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
          <Panel title="Need against received" id="needs">
            <div className="table-wrap">
              <table className="table" data-testid="needs">
                <thead>
                  <tr>
                    <th>Recipient</th>
                    <th>Item</th>
                    <th className="num">Needed</th>
                    <th className="num">Delivered (countersigned)</th>
                    <th className="num">Covered</th>
                  </tr>
                </thead>
                <tbody>
                  {b.recipients.map((r) => (
                    <tr key={`${r.recipient}-${r.item}`}>
                      <td>{r.recipientName ?? r.recipient}</td>
                      <td>{r.item}</td>
                      <td className="num">{Number(r.needed) ? amount(r.needed) : "—"}</td>
                      <td className="num">{amount(r.delivered)}</td>
                      <td className="num">{Number(r.needed) ? `${Math.round((100 * Number(r.delivered)) / Number(r.needed))} %` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
        </>
      )}
    </>
  );
}
