import { load } from "@/lib/server-api";
import { CONSENT_RECEIPT } from "@/lib/operations";

/** The signed-in patient's consent receipt (ISO/IEC TS 27560 shape, with the log evidence) as a file to keep. */
export async function GET(_request: Request, { params }: { params: Promise<{ entry: string }> }) {
  const { entry } = await params;
  const grantEntry = /^(0|[1-9][0-9]{0,14})$/.test(entry) ? Number(entry) : null;
  if (grantEntry === null) return Response.json({ error: "Not an entry index." }, { status: 400 });
  const r = await load(CONSENT_RECEIPT, { grantEntry });
  if (r.error) return Response.json({ error: r.error.message }, { status: r.error.code === "NOT_FOUND" ? 404 : 403 });
  return new Response(r.data.consentReceipt, {
    headers: {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="vigil-consent-${grantEntry}.json"`,
      "cache-control": "private, no-store",
    },
  });
}
