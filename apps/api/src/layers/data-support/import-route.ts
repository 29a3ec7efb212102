import type { IncomingMessage } from "node:http";
import express, { type Router } from "express";
import { GraphQLError } from "graphql";
import type { Viewer } from "../../access/viewer.ts";
import { KNOWN_CODES } from "../../errors.ts";
import { CsvError, parseCaseReportCsv } from "./csv.ts";
import { BULK_MAX_ROWS, type ReportService } from "./service.ts";

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, BAD_REQUEST: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, CONFLICT: 409 };
const error = (code: string, message: string, extensions: Record<string, unknown> = {}) => ({ errors: [{ message, extensions: { code, ...extensions } }] });

/**
 * POST /import/case-reports: a CSV line list (header `regionCode,date,newConfirmed,suspected,deaths,tests`),
 * the same as the `submitCaseReports` mutation — same credential (Bearer token, or the portal's cookie with
 * its CSRF header), same role, same all-or-nothing rules — for programs that export spreadsheets.
 */
export function caseReportImportRoute(
  reports: ReportService,
  viewerOf: (req: IncomingMessage) => Promise<Viewer | null>,
  log: (line: string) => void,
  /** Before the answer leaves: the uploader's later reads must include what was stored (read-your-writes). */
  afterWrite: (viewer: Viewer) => Promise<void> = async () => {},
): Router {
  const router = express.Router();
  router.post("/import/case-reports", express.text({ type: ["text/csv", "application/csv"], limit: "1mb" }), async (req, res) => {
    res.setHeader("Cache-Control", "no-store");
    try {
      const viewer = await viewerOf(req);
      if (!viewer) return void res.status(401).json(error("UNAUTHENTICATED", "Sign in: send Authorization: Bearer <token>."));
      if (viewer.role !== "DEPARTMENT_OFFICER") return void res.status(403).json(error("FORBIDDEN", "Only department officers file case reports."));
      if (typeof req.body !== "string") return void res.status(415).json(error("UNSUPPORTED_MEDIA_TYPE", "Send the file as Content-Type: text/csv (UTF-8)."));
      const { rows, problems } = parseCaseReportCsv(req.body);
      if (rows.length > BULK_MAX_ROWS)
        return void res
          .status(400)
          .json(error("BAD_USER_INPUT", `At most ${BULK_MAX_ROWS} rows per upload; this file has ${rows.length}: split it, or use npm run import.`));
      if (problems.length)
        return void res.status(400).json(
          error("BAD_USER_INPUT", `${problems.length} of ${rows.length} rows refused, nothing was stored.`, {
            refused: problems.length,
            rows: problems.slice(0, 100),
          }),
        );
      const stored = await reports.submitMany(viewer, rows);
      await afterWrite(viewer);
      res.json(stored);
    } catch (e) {
      if (e instanceof CsvError) return void res.status(400).json(error("BAD_USER_INPUT", e.message));
      const code = e instanceof GraphQLError ? String(e.extensions.code ?? "") : "";
      if (KNOWN_CODES.has(code))
        return void res.status(STATUS[code] ?? 400).json({ errors: [{ message: (e as Error).message, extensions: (e as GraphQLError).extensions }] });
      log(`internal error in /import/case-reports: ${(e as Error)?.stack ?? String(e)}`);
      res.status(500).json(error("INTERNAL_SERVER_ERROR", "Internal server error."));
    }
  });
  router.all("/import/case-reports", (_req, res) => void res.status(405).setHeader("Allow", "POST").json(error("METHOD_NOT_ALLOWED", "POST a CSV file.")));
  // Too large, or a charset express cannot decode: a JSON error like every other, never Express's HTML page.
  router.use("/import/case-reports", (err: { status?: number }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    if (err?.status === 413) return void res.status(413).json(error("PAYLOAD_TOO_LARGE", "The file is larger than 1 MB: split it, or use npm run import."));
    if (err?.status === 415) return void res.status(415).json(error("UNSUPPORTED_MEDIA_TYPE", "Send the file as UTF-8 text/csv."));
    res.status(400).json(error("BAD_REQUEST", "The request body could not be read."));
  });
  return router;
}
