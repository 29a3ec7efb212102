import type { Metadata } from "next";
import { ErrorMessage } from "@/components/ErrorMessage";
import { ErasureRequest } from "@/components/ErasureRequest";
import { Empty, Panel } from "@/components/Panel";
import { MY_PSEUDONYM, PATIENT_OVERVIEW } from "@/lib/operations";
import { currentUser, load } from "@/lib/server-api";

export const metadata: Metadata = { title: "My records" };

const when = (iso: string) => iso.replace("T", " ").slice(0, 19);

/** The patient's own view: records (never their content here), who may read them, who did, and erasure. */
export default async function PatientPage() {
  const user = await currentUser();
  if (user.role !== "PATIENT") return <Empty>This page is for patients: sign in with a patient account.</Empty>;
  const me = await load(MY_PSEUDONYM);
  if (me.error) return <ErrorMessage error={me.error} />;
  const o = await load(PATIENT_OVERVIEW, { pseudonym: me.data.myPseudonym });
  if (o.error) return <ErrorMessage error={o.error} />;
  const p = o.data.patientOverview;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>My medical records</h1>
          <p className="lede">
            You are <code data-testid="pseudonym">{p.pseudonym}</code> at {p.hospital}. Your name and ids are sealed apart; hospitals read your records only
            under a consent you signed, or in an emergency (flagged below), and every read is on the log before the data leaves.
          </p>
        </div>
      </div>
      <Panel title="Records" id="records">
        {p.erased ? (
          <Empty>Erased (entry {p.erasureEntry}): the ciphertexts and keys are destroyed.</Empty>
        ) : p.records.length ? (
          <table>
            <thead>
              <tr>
                <th>entry</th>
                <th>kind</th>
                <th>issuer</th>
                <th>sealed to</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {p.records.map((r) => (
                <tr key={r.entryIndex}>
                  <td>{r.entryIndex}</td>
                  <td>{r.kind}</td>
                  <td>{r.issuer}</td>
                  <td>{r.recipients.join(", ")}</td>
                  <td>
                    <code>{r.sha256.slice(0, 16)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No records yet.</Empty>
        )}
      </Panel>
      <Panel title="Consents" id="grants">
        {p.grants.length ? (
          <table>
            <thead>
              <tr>
                <th>entry</th>
                <th>to</th>
                <th>purposes</th>
                <th>kinds</th>
                <th>period</th>
                <th>state</th>
                <th>proof</th>
              </tr>
            </thead>
            <tbody>
              {p.grants.map((g) => (
                <tr key={g.entryIndex}>
                  <td>{g.entryIndex}</td>
                  <td>{g.granteeDepartment ?? `role ${g.granteeRole}`}</td>
                  <td>{g.purposes.join(", ")}</td>
                  <td>{g.kinds.join(", ")}</td>
                  <td>
                    {g.from} – {g.to ?? "until revoked"}
                  </td>
                  <td>{g.revokedEntry != null ? `revoked (entry ${g.revokedEntry})` : "in force"}</td>
                  <td>
                    <a href={`/patient/receipt/${g.entryIndex}`} download>
                      consent receipt
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>You have granted nobody access.</Empty>
        )}
      </Panel>
      <Panel title="Who read my records" id="accesses">
        {p.accesses.length ? (
          <table data-testid="access-history">
            <thead>
              <tr>
                <th>when</th>
                <th>who</th>
                <th>why</th>
                <th>under</th>
                <th>records</th>
              </tr>
            </thead>
            <tbody>
              {p.accesses.map((a) => (
                <tr key={a.entryIndex} className={a.breakGlass ? "flagged" : undefined}>
                  <td>{when(a.at)}</td>
                  <td>
                    {a.readerEmail} ({a.readerDepartment ?? a.readerRole})
                  </td>
                  <td>
                    {a.purpose}
                    {a.reason ? `: ${a.reason}` : ""}
                  </td>
                  <td>{a.breakGlass ? "BREAK-GLASS" : a.consentEntry != null ? `consent ${a.consentEntry}` : "yourself"}</td>
                  <td>{a.records.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>Nobody has read your records.</Empty>
        )}
      </Panel>
      {!p.erased && (
        <Panel title="Erase my records" id="erasure" className="narrow">
          <ErasureRequest pseudonym={p.pseudonym} />
        </Panel>
      )}
    </>
  );
}
