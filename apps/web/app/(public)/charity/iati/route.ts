import { loadPublic } from "@/lib/public-api";
import { CHARITY_IATI } from "@/lib/public-operations";

/** The charity flows as an IATI 2.03 activities file (JSON), for other transparency platforms. */
export async function GET() {
  const r = await loadPublic(CHARITY_IATI, {});
  if (r.error) return Response.json({ error: r.error.message }, { status: 400 });
  return new Response(r.data.charityIati, {
    headers: {
      "content-type": "application/json",
      "content-disposition": 'attachment; filename="vigil-charity-iati.json"',
      "cache-control": "public, max-age=60",
    },
  });
}
