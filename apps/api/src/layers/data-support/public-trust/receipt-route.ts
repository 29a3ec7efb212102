import { Router } from "express";
import { GraphQLError, type ExecutionResult } from "graphql";
import { checkPublicCode, type PublicTrustService } from "./service.ts";

/**
 * What `GET /public/receipts/<code>` answers: `donationTrace` with every field a verifier needs (the steps, their
 * entries, proofs and cosigned checkpoints, the log's verifier key). One document, so the route and GraphQL
 * cannot drift apart: the route runs it in-process and serves the bytes.
 */
export const RECEIPT_TRACE_DOCUMENT = `query ReceiptTrace($receiptCode: String!) {
  donationTrace(receiptCode: $receiptCode) {
    receiptCode logVerifierKey
    anomalies { kind step donation charity message }
    steps {
      step {
        code kind item unit quantity standard batch donorName donorCommitment day entryIndex previousCode
        actor { code name kind } recipient { code name kind } charity { code name kind }
      }
      entry {
        index kind payload leafHash departmentCode signature signedCount receivedAt
        proof { index treeSize leafHash hashes checkpoint { size rootHash note final cosignatures { name timestamp } } }
      }
    }
  }
}`;

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, RATE_LIMITED: 429 };

/** The GraphQL error shape, so a client reads the same `extensions.code` here as from /graphql. */
const errorJson = (e: GraphQLError) => ({ errors: [{ message: e.message, extensions: e.extensions }] });

/**
 * The public receipt lookup over plain HTTP, for donors' links, other sites and shared caches:
 *
 *     GET /public/receipts/<code>   200 the trace (JSON) · 304 unchanged (If-None-Match) · 400 not a code ·
 *                                   404 no such donation · 429 over the per-address limit (Retry-After)
 *
 * The same answer as the `donationTrace` query, under the same per-address limit, cached per state of the log.
 */
export function receiptRoutes(publicTrust: PublicTrustService, run: (receiptCode: string) => Promise<ExecutionResult>, log: (line: string) => void): Router {
  const router = Router();
  router.get("/public/receipts/:code", async (req, res) => {
    // Public, read-only and credential-free: any site may show or check a receipt.
    res.set("access-control-allow-origin", "*");
    try {
      const code = checkPublicCode(String(req.params.code));
      const doc = await publicTrust.served(req.ip, `receipt:${code}`, async () => {
        const r = await run(code);
        const error = r.errors?.[0];
        if (error) return { status: STATUS[String(error.extensions?.code)] ?? 500, json: { errors: r.errors } };
        return { status: 200, json: (r.data as { donationTrace: unknown }).donationTrace };
      });
      // Shared caches may keep it as long as the API does; after that they revalidate with the ETag.
      res.set({ etag: doc.etag, "cache-control": "public, max-age=2", "content-type": "application/json; charset=utf-8" });
      if (doc.status === 200 && req.headers["if-none-match"] === doc.etag) return void res.status(304).end();
      res.status(doc.status).end(doc.body);
    } catch (e) {
      const code = e instanceof GraphQLError ? String(e.extensions.code) : "";
      if (code === "RATE_LIMITED") res.set("retry-after", String((e as GraphQLError).extensions.retryAfterSeconds ?? 1));
      if (STATUS[code]) return void res.status(STATUS[code]).json(errorJson(e as GraphQLError));
      log(`internal error in /public/receipts: ${(e as Error)?.stack ?? String(e)}`);
      res.status(500).json({ errors: [{ message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    }
  });
  return router;
}
