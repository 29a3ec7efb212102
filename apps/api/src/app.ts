import "reflect-metadata";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import express, { type Express } from "express";
import cors from "cors";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { execute, getOperationAST, GraphQLError, print, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { dataDir as resolveDataDir, openDatabase, type Database } from "@vigil/db";
import type { Config } from "./config.ts";
import type { Context } from "./graphql/context.ts";
import { credentialOf, CSRF_HEADERS, hasCsrfHeader, sameOrigin, sessionRoutes } from "./access/session.ts";
import { guardSubscription, isAsyncIterable } from "./access/subscriptions.ts";
import { loadKeyRing } from "./keys.ts";
import { assertCost, checkDocument, complexityLimit, depthLimit, MAX_TOKENS, setListBounds } from "./graphql/limits.ts";
import { anonymousResult, introspectionRefused, schemaPrivacy, subscriptionRefused, usesIntrospection } from "./graphql/privacy.ts";
import { KNOWN_CODES, maskError } from "./errors.ts";
import { alertTopic } from "./layers/analysis/resolver.ts";
import { reportsTopic } from "./layers/data-support/resolver.ts";
import { toAlert } from "./graphql/types.ts";
import { buildVigilSchema } from "./schema.ts";
import { createEventBus } from "./pubsub.ts";
import { createServices, type Services } from "./services.ts";
import { CheckpointRefused } from "./log/store.ts";
import { tileRoutes } from "./log/tiles.ts";
import { buildDemoScenario } from "@vigil/scenario";
import { readDemoLogins, seedDemo, type DemoLogins } from "./seed.ts";
import { caseReportImportRoute } from "./layers/data-support/import-route.ts";
import { RECEIPT_TRACE_DOCUMENT, receiptRoutes } from "./layers/data-support/public-trust/receipt-route.ts";

/** An operation run in-process (the portal's server components): same validation, limits, auth and scope as HTTP. */
export interface InProcessRequest<TVars = Record<string, unknown>> {
  document: DocumentNode | string;
  variables?: TVars;
  /** The caller's token (the session cookie's value); none = anonymous. */
  token?: string | null;
}

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
  /** Run one operation in-process, e.g. from a server component; errors are masked as on HTTP. */
  execute<TData = Record<string, unknown>, TVars = Record<string, unknown>>(request: InProcessRequest<TVars>): Promise<ExecutionResult<TData>>;
  close(): Promise<void>;
}

/** A GraphQL-shaped error body for failures before GraphQL runs (bad JSON, too large, limits): no HTML, no stack. */
const errorBody = (errors: readonly GraphQLError[]) => ({
  errors: errors.map((e) => {
    const { http: _http, ...extensions } = e.extensions ?? {};
    return { message: e.message, ...(e.locations && { locations: e.locations }), extensions };
  }),
});

/** Open storage, seed on first start, and build the API. The caller owns the HTTP server. */
export async function createVigil(config: Config, log: (line: string) => void = console.log): Promise<Vigil> {
  const dir = resolveDataDir(config.dataDir);
  const db = await openDatabase({ url: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: dir, log });
  try {
    const keys = loadKeyRing(dir);
    const services = await createServices(db, keys, config);
    if (config.seedDemo)
      await seedDemo(
        {
          db,
          keys,
          log: services.log,
          regions: services.regions,
          analysis: services.analysis,
          infrastructure: services.infrastructure,
          ruleSets: services.ruleSets,
          reports: services.reports,
          workOrders: services.workOrders,
          resources: services.resources,
          publicTrust: services.publicTrust,
          trajectories: services.trajectories,
          pseudonyms: services.pseudonyms,
          mobility: { people: config.mobilityPeople ?? 20_000, days: config.mobilityDays ?? 30 },
          medical: { service: services.medical, patients: config.demoPatients ?? 200 },
          dataDir: dir,
          progress: log,
          weeklySeries: config.demoWeeklySeries,
        },
        buildDemoScenario({ today: config.demoToday }),
      );
    await services.regions.reload();
    // Chain queries read the relationships in force from memory, kept as they are recorded from now on.
    await services.trajectories.keepLinksInForce();
    await services.infrastructure.resumeKeyRotations(log);
    // An entry acknowledged just before a crash is committed but maybe not checkpointed: do it now. A log
    // whose stored history no longer extends its last signed checkpoint is served, but never signed again.
    try {
      await services.log.publishCheckpoint();
    } catch (e) {
      if (!(e instanceof CheckpointRefused)) throw e;
      log(`WARNING: ${e.message}`);
    }
    // Due times are in the database: the first round escalates whatever fell due while no instance ran.
    services.workOrders.startScheduler(config.schedulerIntervalMs);
    // Delegates that missed checkpoints while this process was down are offered the latest one.
    // Election results on the log first, so the delegates start under the set in force.
    await services.elections.resume();
    await services.delegates.start();

    const events = await createEventBus(config.redisUrl);
    const pubSub = events.pubSub;
    services.analysis.onAlert((a) => pubSub.publish(alertTopic(config.logOrigin), toAlert(a)));
    // Registered after detection (services.ts), so a dashboard that re-reads on this event sees the new alerts too.
    services.reports.onAccepted(async (changes) => {
      for (const { regionCode, date, to } of changes) await pubSub.publish(reportsTopic(config.logOrigin), { regionCode, date, to: to ?? date });
    });
    const schema = await buildVigilSchema(pubSub);
    const validationRules = [depthLimit()];
    /** In-process documents (vigil.execute) after parsing and validation: the checked document, or its errors. */
    const checkedDocuments = new Map<string, { document?: DocumentNode; errors: readonly GraphQLError[] }>();
    // Lists without a `limit` argument are priced by their real size (one item per region, per department).
    const departments = await db.prisma.department.count();
    const regionCount = () => Math.max(1, services.regions.all().length);
    // Delegate lists hold at most one item per policy witness (a checkpoint's cosignatures too), shortfalls one per group.
    // Functions: an election may bring a larger set while the process runs.
    const witnesses = () => Math.max(1, ...services.delegates.policies.map((p) => p.witnesses.length));
    const groups = () => Math.max(1, ...services.delegates.policies.map((p) => p.groups.length));
    setListBounds({
      "Query.regions": regionCount,
      "Query.riskMap": regionCount,
      "Query.departments": departments,
      "Query.nodes": departments,
      "Query.delegates": witnesses,
      "NetworkStatus.delegates": witnesses,
      "Checkpoint.cosignatures": witnesses,
      "Finality.short": groups,
      // One nomination per department, one ballot per department per epoch.
      "Query.delegateCandidates": () => departments + witnesses(),
      "ElectionEpoch.ballots": departments,
      "ElectionResult.approvals": () => departments + witnesses(),
    });
    let wsCleanup: { dispose(): Promise<void> | void } | undefined;
    let apollo: ApolloServer<Context> | undefined;

    const app = express();
    app.disable("x-powered-by");
    // Production behaviour unless NODE_ENV=development says otherwise: Express's own error pages never show a stack.
    app.set("env", process.env.NODE_ENV === "development" ? "development" : "production");
    // Behind a reverse proxy (VIGIL_TRUST_PROXY), req.ip is the client's address from X-Forwarded-For: the sign-in throttle counts per address.
    if (config.trustProxy !== undefined) app.set("trust proxy", config.trustProxy);
    app.get("/healthz", async (_req, res) => {
      const size = await services.log.size();
      res.json({ ok: true, backend: db.backend, logSize: size });
    });

    // The portal's sign-in: sets and clears the httpOnly session cookie (GraphQL's login returns a Bearer token instead).
    app.use(sessionRoutes(services.access));

    /** The viewer of an HTTP request. A cookie alone is not enough: the request must prove it came from our own scripts. */
    const viewerOfRequest = async (req: IncomingMessage) => {
      const credential = credentialOf(req);
      if (credential?.kind === "cookie" && !hasCsrfHeader(req)) {
        throw new GraphQLError(`A request authenticated by the session cookie must carry one of the headers ${CSRF_HEADERS.join(", ")} (CSRF protection).`, {
          extensions: { code: "BAD_REQUEST", http: { status: 400 } },
        });
      }
      return services.access.viewerFromToken(credential?.token);
    };
    app.use(caseReportImportRoute(services.reports, viewerOfRequest, log, (viewer) => services.reads.noteWrite(viewer.id)));

    // C2SP tlog-tiles: the checkpoint and hash tiles for anyone, entry bundles for roles that read every entry.
    app.use(tileRoutes(services.log, viewerOfRequest));
    /** Sockets: connectionParams.authorization (programs), else the cookie of a same-origin upgrade (the portal). */
    const viewerOfSocket = (params: Record<string, unknown> | undefined, req: IncomingMessage, opts: { fresh?: boolean } = {}) => {
      const auth = params?.authorization;
      if (typeof auth === "string" && auth) return services.access.viewerFromToken(auth, opts);
      const credential = credentialOf(req);
      return credential?.kind === "cookie" && sameOrigin(req) ? services.access.viewerFromToken(credential.token, opts) : Promise.resolve(null);
    };

    const vigil: Vigil = {
      db,
      services,
      schema,
      app,
      demoLogins: readDemoLogins(dir),
      async execute<TData, TVars>({ document, variables, token }: InProcessRequest<TVars>): Promise<ExecutionResult<TData>> {
        const viewer = await services.access.viewerFromToken(token);
        // The same limits, privacy and masking as HTTP: anonymous callers get no introspection and no suggestions.
        const answer = (result: ExecutionResult<TData>): ExecutionResult<TData> => {
          const masked = result.errors ? { ...result, errors: result.errors.map((e) => maskError(e, log)) } : result;
          return viewer ? masked : anonymousResult(masked);
        };
        const text = typeof document === "string" ? document : print(document);
        // Parsed and validated once per document text, as Apollo caches documents for HTTP: the portal and the
        // receipt route send the same few documents over and over.
        let known = checkedDocuments.get(text);
        if (!known) {
          const checked = checkDocument(schema, text);
          known = checked.errors
            ? { errors: checked.errors }
            : {
                document: checked.document,
                errors: validate(schema, checked.document, [...specifiedRules, ...validationRules]).map((e) =>
                  e.extensions.code
                    ? e
                    : new GraphQLError(e.message, { nodes: e.nodes, originalError: e.originalError, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }),
                ),
              };
          if (checkedDocuments.size >= 1000) checkedDocuments.delete(checkedDocuments.keys().next().value!);
          checkedDocuments.set(text, known);
        }
        if (known.errors.length || !known.document) return answer({ errors: known.errors });
        const doc = known.document;
        const refused = subscriptionRefused(doc) ?? (!viewer && usesIntrospection(doc) ? introspectionRefused() : undefined);
        if (refused) return answer({ errors: [refused] });
        try {
          assertCost(schema, doc, (variables ?? {}) as Record<string, unknown>);
        } catch (e) {
          return answer({ errors: [e as GraphQLError] });
        }
        const contextValue: Context = { services, viewer };
        const result = (await execute({
          schema,
          document: doc,
          variableValues: variables as Record<string, unknown> | undefined,
          contextValue,
        })) as ExecutionResult<TData>;
        if (viewer && getOperationAST(doc)?.operation === "mutation") await services.reads.noteWrite(viewer.id);
        return answer(result);
      },
      async attach(server, opts = {}) {
        // The same 1 MB bound as HTTP bodies (ws would accept 100 MiB messages).
        const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
        server.on("upgrade", (req, socket, head) => {
          if (new URL(req.url ?? "/", "http://x").pathname === "/graphql") wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
          else if (opts.onUpgrade) opts.onUpgrade(req, socket, head);
          else socket.destroy();
        });
        wsCleanup = useServer(
          {
            schema,
            // graphql-ws would run queries and mutations too, past Apollo's plugins: the socket carries
            // subscriptions only, under the same depth and cost limits as HTTP.
            onSubscribe: (_ctx, _id, payload) => {
              // Tokens, aliases, directives and depth first (one error), then graphql's validation.
              const checked = checkDocument(schema, payload.query);
              if (checked.errors) return checked.errors;
              const document: DocumentNode = checked.document;
              const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
              if (errors.length) return errors;
              const op = getOperationAST(document, payload.operationName ?? undefined);
              if (op?.operation !== "subscription")
                return [
                  new GraphQLError("Only subscriptions run over the WebSocket; send queries and mutations over HTTP POST.", {
                    extensions: { code: "BAD_USER_INPUT" },
                  }),
                ];
              try {
                assertCost(schema, document, payload.variables ?? {}, payload.operationName ?? undefined);
              } catch (e) {
                return [e as GraphQLError];
              }
              return undefined;
            },
            // Errors are masked as on HTTP: unknown ones become "Internal server error." (details in the server log).
            onNext: (_ctx, _id, _payload, _args, result) =>
              "errors" in result && result.errors?.length ? { ...result, errors: result.errors.map((e) => maskError(e, log)) } : undefined,
            // A signed-in viewer from the start, or the socket is refused (4403)…
            onConnect: async (c) => (await viewerOfSocket(c.connectionParams, c.extra.request)) !== null,
            // …and re-read for every operation, so a demoted, deleted or expired user loses access without reconnecting.
            context: async (c): Promise<Context> => ({ services, viewer: await viewerOfSocket(c.connectionParams, c.extra.request) }),
            // …and a subscription lives only as long as that session: it ends at token expiry, on disable and on a role change.
            onOperation: (c, _id, _payload, args, result) => {
              const viewer = (args.contextValue as Context | undefined)?.viewer;
              if (!viewer || !isAsyncIterable(result)) return undefined;
              return guardSubscription(result, {
                viewer,
                access: services.access,
                recheck: () => viewerOfSocket(c.connectionParams, c.extra.request, { fresh: true }),
              });
            },
          },
          wss,
        );
        apollo = new ApolloServer<Context>({
          schema,
          validationRules,
          introspection: true,
          // No automatic persisted queries: the portal does not use them, and they are one more way in.
          persistedQueries: false,
          // The process owner (server.ts, main.ts) handles SIGTERM: it must close the database after Apollo.
          // Apollo's own handler would race it and re-raise the signal into our handler, and never exit.
          stopOnTerminationSignals: false,
          // Tokens are counted while parsing (checkDocument has already refused larger documents on /graphql).
          parseOptions: { maxTokens: MAX_TOKENS },
          formatError: (formatted, error) => {
            // A value a scalar refused is the same input error whether it came in a variable or in the document.
            if (formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED" && formatted.extensions.scalar)
              return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
            if (KNOWN_CODES.has(String(formatted.extensions?.code))) return formatted;
            // Anything we did not raise on purpose stays in the server log; clients get no paths or SQL. Errors of
            // input classes (a unique-index race, a value the database refuses) become CONFLICT / BAD_USER_INPUT.
            const masked = maskError(error instanceof GraphQLError ? error : new GraphQLError(formatted.message, { originalError: error as Error }), log);
            const { http: _http, ...extensions } = masked.extensions;
            return { message: masked.message, ...(formatted.path && { path: formatted.path }), extensions };
          },
          // Stack traces stay in the server log; clients get the message and code.
          includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
          plugins: [
            ApolloServerPluginDrainHttpServer({ httpServer: server }),
            ApolloServerPluginLandingPageDisabled(),
            complexityLimit(schema),
            schemaPrivacy(),
            {
              // Read-your-writes: awaited before the response is sent, so the writer's next dashboard read, on
              // any instance, finds the requirement (DashboardReads). A failed mutation only raises it needlessly.
              async requestDidStart() {
                return {
                  async willSendResponse({ operation, contextValue }) {
                    if (operation?.operation === "mutation" && contextValue.viewer) await services.reads.noteWrite(contextValue.viewer.id);
                  },
                };
              },
            },
            {
              async serverWillStart() {
                return {
                  async drainServer() {
                    await wsCleanup?.dispose();
                  },
                };
              },
            },
          ],
        });
        await apollo.start();
        // The portal is same-origin: no CORS unless VIGIL_CORS_ORIGINS names other front ends.
        const origins = (process.env.VIGIL_CORS_ORIGINS ?? "")
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean);
        app.use(
          "/graphql",
          cors<cors.CorsRequest>({ origin: origins.length ? origins : false }),
          express.json({ limit: "1mb" }),
          // Size limits before anything else looks at the document: one error, never an execution.
          (req: express.Request, res: express.Response, next: express.NextFunction) => {
            const query = req.method === "GET" ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
            if (typeof query !== "string") return next();
            const checked = checkDocument(schema, query);
            if (!checked.errors) return next();
            res.status(400).json(errorBody(checked.errors));
          },
          expressMiddleware(apollo, {
            context: async ({ req }): Promise<Context> => ({ services, clientIp: req.ip, viewer: await viewerOfRequest(req) }),
          }),
          // A body that is not JSON, too large, or in an unknown encoding: a GraphQL-shaped error, not Express's HTML page.
          (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
            if (res.headersSent) return next(err);
            const e = err as { status?: unknown; type?: unknown; stack?: string };
            const status = typeof e?.status === "number" && e.status >= 400 && e.status < 500 ? e.status : 500;
            const [code, message] =
              status === 413
                ? ["PAYLOAD_TOO_LARGE", "The request body is larger than 1 MB."]
                : status === 415
                  ? ["UNSUPPORTED_MEDIA_TYPE", "The request body's charset or content encoding is not supported: send UTF-8 JSON."]
                  : e?.type === "entity.parse.failed"
                    ? ["BAD_REQUEST", "The request body is not valid JSON."]
                    : status < 500
                      ? ["BAD_REQUEST", "The request body could not be read."]
                      : ["INTERNAL_SERVER_ERROR", "Internal server error."];
            if (status >= 500) log(`internal error: ${e?.stack ?? String(err)}`);
            res.status(status).json({ errors: [{ message, extensions: { code } }] });
          },
        );
      },
      async close() {
        await services.workOrders.stopScheduler();
        services.close();
        await apollo?.stop();
        await services.log.publishCheckpoint().catch(() => {});
        await events.close();
        await db.close();
      },
    };
    // Public receipt lookups over plain GET: the donationTrace query run in-process, its bytes cached per log state.
    app.use(receiptRoutes(services.publicTrust, (receiptCode) => vigil.execute({ document: RECEIPT_TRACE_DOCUMENT, variables: { receiptCode } }), log));
    return vigil;
  } catch (e) {
    await db.close();
    throw e;
  }
}
