import type { IncomingMessage } from "node:http";
import { Router, type Request, type Response } from "express";
import { parseTilePath } from "@vigil/log";
import { entryDepartmentFilter } from "../access/scope.ts";
import type { Viewer } from "../access/viewer.ts";
import type { LogStore } from "./store.ts";

/** A tile's bytes never change once the tree has it (a wider one is another path): cache it for good. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * C2SP tlog-tiles read endpoints, for mirrors and anyone who checks the log without GraphQL:
 *
 *     GET /checkpoint                 the latest signed checkpoint (text)
 *     GET /tile/<L>/<N>[.p/<W>]       hash tiles: public, immutable (hashes reveal no entry)
 *     GET /tile/entries/<N>[.p/<W>]   entry bundles: only for a signed-in role that may read every entry
 *                                     (not a department officer: entries name departments and carry their data)
 *
 * Tiles follow the latest checkpoint, so every tile served is consistent with a signed tree head.
 */
export function tileRoutes(log: LogStore, viewerOf: (req: IncomingMessage) => Promise<Viewer | null>): Router {
  const router = Router();
  router.get("/checkpoint", async (_req, res) => {
    const cp = await log.checkpoint();
    res.set("cache-control", "no-cache");
    if (!cp) return void res.status(404).type("text/plain").send("no checkpoint yet\n");
    res.type("text/plain; charset=utf-8").send(cp.note);
  });
  router.get(/^\/tile\//, async (req: Request, res: Response) => {
    const tile = parseTilePath(req.path);
    if (!tile) return void res.status(404).type("text/plain").send("not a tile path\n");
    try {
      if (tile.level === "entries") {
        let viewer: Viewer | null;
        try {
          viewer = await viewerOf(req);
        } catch {
          viewer = null;
        }
        if (!viewer) return void res.status(401).type("text/plain").send("entry bundles need a signed-in user (Authorization: Bearer)\n");
        if (entryDepartmentFilter(viewer) !== null)
          return void res.status(403).type("text/plain").send("entry bundles hold every department's entries; your role reads only its own\n");
        const bundle = await log.entryBundle(tile.index, tile.width);
        if (!bundle) return void res.status(404).type("text/plain").send("no such entry bundle under the latest checkpoint\n");
        // Private: a shared cache must not hand them to someone who may not read them.
        return void res.set("cache-control", "private, max-age=31536000, immutable").type("application/octet-stream").send(Buffer.from(bundle));
      }
      const bytes = await log.hashTile(tile.level, tile.index, tile.width);
      if (!bytes) return void res.status(404).type("text/plain").send("no such tile under the latest checkpoint\n");
      res.set("cache-control", IMMUTABLE).type("application/octet-stream").send(Buffer.from(bytes));
    } catch (e) {
      console.error("tile failed", e);
      res.status(500).type("text/plain").send("internal error\n");
    }
  });
  return router;
}
