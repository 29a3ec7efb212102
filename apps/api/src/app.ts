import "reflect-metadata";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import express, { type Express } from "express";
import cors from "cors";
import { ApolloServer } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type GraphQLSchema } from "graphql";
import { dataDir as resolveDataDir, openDatabase, type Database } from "@vigil/db";
import type { Config } from "./config.ts";
import type { Context, Viewer } from "./auth/context.ts";
import { readToken } from "./auth/token.ts";
import { loadKeyRing } from "./keys.ts";
import { assertCost, complexityLimit, depthLimit } from "./limits.ts";
import { alertTopic } from "./layers/analysis.ts";
import { toAlert } from "./layers/types.ts";
import { buildVigilSchema } from "./schema.ts";
import { createEventBus } from "./pubsub.ts";
import { createServices, type Services } from "./services/index.ts";
import { readDemoLogins, seedDemo, type DemoLogins } from "./services/seed.ts";

export interface Vigil {
  db: Database;
  services: Services;
  schema: GraphQLSchema;
  /** Express app serving POST /graphql and GET /healthz; mount more (e.g. the portal) after it. */
  app: Express;
  /**
   * Attach the graphql-ws subscription server and drain hooks to the HTTP server that serves `app`.
   * WebSocket upgrades for other paths go to `onUpgrade` (e.g. Next's dev-reload socket), else are refused.
   */
  attach(server: HttpServer, opts?: { onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }): Promise<void>;
  demoLogins: DemoLogins | null;
  close(): Promise<void>;
}

async function viewerFromToken(token: string | undefined, ctx: { db: Database; services: Services }): Promise<Viewer | null> {
  if (!token) return null;
  const claims = await readToken(token.replace(/^Bearer\s+/i, ""), ctx.services.keys.jwtPublic);
  if (!claims) return null;
  const user = await ctx.db.prisma.user.findUnique({ where: { id: claims.userId }, include: { department: true } });
  if (!user) return null;
  return { id: user.id, email: user.email, role: user.role, departmentId: user.departmentId, departmentCode: user.department?.code ?? null, regionCode: user.department?.regionCode ?? null };
}

/** Open storage, seed on first start, and build the API. The caller owns the HTTP server. */
export async function createVigil(config: Config, log: (line: string) => void = console.log): Promise<Vigil> {
  const dir = resolveDataDir(config.dataDir);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: dir, log });
  try {
    const keys = loadKeyRing(dir);
    const services = await createServices(db, keys, config);
    if (config.seedDemo) await seedDemo({ db, keys, ledger: services.ledger, regions: services.regions, analysis: services.analysis, dataDir: dir, progress: log });
    await services.regions.reload();
    // An entry acknowledged just before a crash is committed but maybe not checkpointed: do it now.
    await services.ledger.publishCheckpoint(db.prisma);

    const events = await createEventBus(config.redisUrl);
    const pubSub = events.pubSub;
    services.analysis.onAlert((a) => pubSub.publish(alertTopic(config.logOrigin), toAlert(a)));
    const schema = await buildVigilSchema(pubSub);
    const validationRules = [depthLimit()];
    let wsCleanup: { dispose(): Promise<void> | void } | undefined;
    let apollo: ApolloServer<Context> | undefined;

    const app = express();
    app.disable("x-powered-by");
    app.get("/healthz", async (_req, res) => {
      const size = await services.ledger.size(db.prisma);
      res.json({ ok: true, backend: db.backend, logSize: size });
    });

    return {
      db, services, schema, app, demoLogins: readDemoLogins(dir),
      async attach(server, opts = {}) {
        // The same 1 MB bound as HTTP bodies (ws would accept 100 MiB messages).
        const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
        server.on("upgrade", (req, socket, head) => {
          if (new URL(req.url ?? "/", "http://x").pathname === "/graphql") wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
          else if (opts.onUpgrade) opts.onUpgrade(req, socket, head);
          else socket.destroy();
        });
        wsCleanup = useServer({
          schema,
          // graphql-ws would run queries and mutations too, past Apollo's plugins: the socket carries
          // subscriptions only, under the same depth and cost limits as HTTP.
          onSubscribe: (_ctx, _id, payload) => {
            let document;
            try { document = parse(payload.query); } catch (e) { return [e as GraphQLError]; }
            const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
            if (errors.length) return errors;
            const op = getOperationAST(document, payload.operationName ?? undefined);
            if (op?.operation !== "subscription") return [new GraphQLError("Only subscriptions run over the WebSocket; send queries and mutations over HTTP POST.", { extensions: { code: "BAD_USER_INPUT" } })];
            try { assertCost(schema, document, payload.variables ?? {}, payload.operationName ?? undefined); } catch (e) { return [e as GraphQLError]; }
            return undefined;
          },
          // A signed-in viewer from the start, or the socket is refused (4403)…
          onConnect: async (c) => (await viewerFromToken(String(c.connectionParams?.authorization ?? ""), { db, services })) !== null,
          // …and re-read for every operation, so a demoted, deleted or expired user loses access without reconnecting.
          context: async (c) => ({ db, services, viewer: await viewerFromToken(String(c.connectionParams?.authorization ?? ""), { db, services }) }),
        }, wss);
        apollo = new ApolloServer<Context>({
          schema, validationRules,
          introspection: true,
          // The process owner (server.ts, main.ts) handles SIGTERM: it must close the database after Apollo.
          // Apollo's own handler would race it and re-raise the signal into our handler, and never exit.
          stopOnTerminationSignals: false,
          formatError: (formatted, error) => {
            const original = unwrapResolverError(error) as { code?: string } | undefined;
            // Two identical writes racing past the duplicate check: the database's unique index decides.
            if (original?.code === "P2002") return { message: "That record already exists: another request stored it first.", extensions: { code: "CONFLICT" } };
            // Anything we did not raise on purpose stays in the server log; clients get no paths or SQL.
            if (formatted.extensions?.code === "INTERNAL_SERVER_ERROR") {
              log(`internal error: ${(original as Error | undefined)?.stack ?? formatted.message}`);
              return { message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR" } };
            }
            return formatted;
          },
          // Stack traces stay in the server log; clients get the message and code.
          includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
          plugins: [
            ApolloServerPluginDrainHttpServer({ httpServer: server }),
            ApolloServerPluginLandingPageDisabled(),
            complexityLimit(schema),
            { async serverWillStart() { return { async drainServer() { await wsCleanup?.dispose(); } }; } },
          ],
        });
        await apollo.start();
        // The portal is same-origin: no CORS unless VIGIL_CORS_ORIGINS names other front ends.
        const origins = (process.env.VIGIL_CORS_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean);
        app.use("/graphql", cors<cors.CorsRequest>({ origin: origins.length ? origins : false }), express.json({ limit: "1mb" }), expressMiddleware(apollo, {
          context: async ({ req }) => ({ db, services, clientIp: req.ip, viewer: await viewerFromToken(req.headers.authorization, { db, services }) }),
        }));
      },
      async close() {
        services.close();
        await apollo?.stop();
        await services.ledger.publishCheckpoint(db.prisma).catch(() => {});
        await events.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
