import { loadPublic } from "@/lib/public-api";
import { CERTIFICATE } from "@/lib/public-operations";

/** The deposit certificate as a file to keep: `npm run ledger -- check` verifies it offline, /verify in a browser. */
export async function GET(_request: Request, { params }: { params: Promise<{ index: string }> }) {
  const { index } = await params;
  const entryIndex = /^(0|[1-9][0-9]{0,14})$/.test(index) ? Number(index) : null;
  if (entryIndex === null) return Response.json({ error: "Not an entry index." }, { status: 400 });
  const r = await loadPublic(CERTIFICATE, { entryIndex });
  if (r.error) return Response.json({ error: r.error.message }, { status: r.error.code === "NOT_FOUND" ? 404 : 400 });
  if (!r.data.certificate)
    return Response.json({ error: "The entry awaits its checkpoint: try again in a second." }, { status: 503, headers: { "retry-after": "1" } });
  return new Response(r.data.certificate, {
    headers: {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="vigil-certificate-${entryIndex}.json"`,
      "cache-control": "public, max-age=60",
    },
  });
}
