import http from "node:http";
import { MAX_ADD_CHECKPOINT_BYTES } from "@vigil/log";
import type { WitnessService } from "./service.ts";

/**
 * The tlog-witness HTTP surface: `POST /add-checkpoint` and `GET /<origin hash>/checkpoint` (the
 * draft's monitoring API). node:http rather than express: two routes, text bodies, and a hard byte
 * cap that must be enforced while reading, before anything is parsed.
 */
export function witnessServer(service: WitnessService, log: (line: string) => void): http.Server {
  return http.createServer((req, res) => {
    handle(service, req, res).catch((e) => {
      log(`witness: internal error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, "internal error\n");
      else res.destroy();
    });
  });
}

const CHECKPOINT_PATH = /^\/([0-9a-f]{64})\/checkpoint$/;

async function handle(service: WitnessService, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://witness");
  if (url.pathname === "/add-checkpoint") {
    if (req.method !== "POST") return send(res, 405, "add-checkpoint takes POST\n", { allow: "POST" });
    const body = await readBody(req, MAX_ADD_CHECKPOINT_BYTES);
    if (body === null) return send(res, 413, `the request body is larger than ${MAX_ADD_CHECKPOINT_BYTES} bytes\n`, { connection: "close" });
    const r = await service.add(body);
    if (r.ok) return send(res, 200, r.cosignatures);
    if (r.error.status === 409) return send(res, 409, `${r.error.size}\n`, { "content-type": "text/x.tlog.size" });
    return send(res, r.error.status, `${r.error.message}\n`);
  }
  const m = CHECKPOINT_PATH.exec(url.pathname);
  if (m) {
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "checkpoint takes GET\n", { allow: "GET, HEAD" });
    const note = await service.checkpoint(m[1]);
    if (note === null) return send(res, 404, "this witness has not cosigned a checkpoint for that origin\n");
    return send(res, 200, note, { "cache-control": "no-store" });
  }
  return send(res, 404, "not found\n");
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": String(bytes.length), ...headers });
  res.end(res.req.method === "HEAD" ? undefined : bytes);
}

/** The body, or null once it exceeds `limit` bytes (the rest is not read). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!over) resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    req.on("error", reject);
  });
}
