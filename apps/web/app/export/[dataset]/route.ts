// Stable download URLs for the dashboards' data: /export/<dataset>.<csv|json>?<the page's filters>.
// Same auth as the pages: the session cookie, run in-process as the signed-in user with the API's scope rule,
// so an officer downloads only what their dashboard shows. No session → 401 (a download is not a page).
import { cookies } from "next/headers";
import { DATASETS, type Dataset, type DatasetName, riskMapDataset, riskSeriesDataset, toCsv, toRecords } from "@/lib/export";
import { parseFilters, periodRange, pickRegion } from "@/lib/filters";
import { asAlertMethod } from "@/lib/analysis-params";
import { toApiError, type ResponseError } from "@/lib/errors";
import { inProcessApi } from "@/lib/in-process";
import { LATEST_DAY, RISK_MAP, RISK_OVERVIEW } from "@/lib/operations";
import { SESSION_COOKIE } from "@/lib/session-cookie";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

class ExportError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400 };

async function run<TData, TVars>(token: string, document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData> {
  const r = await inProcessApi().execute({ document, variables: variables as Record<string, unknown> | undefined, token });
  const first = r.errors?.[0] as ResponseError | undefined;
  if (first) {
    const e = toApiError(first);
    throw new ExportError(e.message, STATUS[e.code ?? ""] ?? 500);
  }
  return r.data as TData;
}

export async function GET(request: Request, { params }: { params: Promise<{ dataset: string }> }) {
  const { dataset: file } = await params;
  const dot = file.lastIndexOf(".");
  const name = file.slice(0, dot) as DatasetName;
  const format = file.slice(dot + 1);
  if (dot < 0 || !DATASETS.includes(name) || (format !== "csv" && format !== "json"))
    return Response.json({ error: `Unknown export: ask for one of ${DATASETS.map((d) => `${d}.csv|json`).join(", ")}.` }, { status: 404 });
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return Response.json({ error: "Sign in first." }, { status: 401 });
  const filters = parseFilters(new URL(request.url).searchParams);
  try {
    const latest = (await run(token, LATEST_DAY)).latestReportDay;
    if (!latest) return Response.json({ error: "No reports yet." }, { status: 404 });
    const range = periodRange(filters.period, latest);
    const risks = (await run(token, RISK_MAP, { date: range.to })).riskMap;
    let data: Dataset;
    const region = pickRegion(risks, filters.region);
    if (name === "risk-map") data = riskMapDataset(risks);
    else {
      if (!region) return Response.json({ error: "No region in your scope." }, { status: 404 });
      const o = (await run(token, RISK_OVERVIEW, { regionCode: region, method: asAlertMethod(filters.method), ...range })).riskOverview;
      data = riskSeriesDataset(o);
    }
    const base = `vigil-${name}-${name === "risk-series" ? `${region}-` : ""}${range.from}_${range.to}`;
    const headers = { "content-disposition": `attachment; filename="${base}.${format}"`, "cache-control": "private, no-store" };
    if (format === "csv") return new Response(toCsv(data), { headers: { ...headers, "content-type": "text/csv; charset=utf-8" } });
    return Response.json({ dataset: name, region, ...range, method: filters.method, rows: toRecords(data) }, { headers });
  } catch (e) {
    if (e instanceof ExportError) return Response.json({ error: e.message }, { status: e.status });
    throw e;
  }
}
