import { BREAK, getOperationAST, GraphQLError, visit, type DocumentNode, type ExecutionResult } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context.ts";
import { fail, withoutSuggestions } from "../errors.ts";

/**
 * The schema is for signed-in users: anonymous callers get no introspection (`__schema`, `__type`) and no
 * "Did you mean …?" hints in error messages (they would spell out field and enum names one guess at a time).
 * `__typename` stays free. The checked-in schema.graphql is the public contract for developers.
 */
export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

export const introspectionRefused = (): GraphQLError =>
  fail("UNAUTHENTICATED", "Introspection needs a signed-in user: sign in first, or read schema.graphql.", { http: { status: 401 } });

/** Subscriptions need a socket: over HTTP (or in-process) they would run once as a query with no event and fail. */
export function subscriptionRefused(document: DocumentNode, operationName?: string | null): GraphQLError | undefined {
  if (getOperationAST(document, operationName ?? undefined)?.operation !== "subscription") return undefined;
  return new GraphQLError("Subscriptions run over the WebSocket (graphql-ws on /graphql), not over HTTP.", {
    extensions: { code: "BAD_REQUEST", http: { status: 400 } },
  });
}

/** Remove suggestions from every error message of an anonymous caller's result. */
export function anonymousResult<T extends ExecutionResult | { errors?: readonly { message: string }[] }>(result: T): T {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((e) => {
      const message = withoutSuggestions(e.message);
      if (message === e.message) return e;
      return e instanceof GraphQLError
        ? new GraphQLError(message, {
            nodes: e.nodes,
            source: e.source,
            positions: e.positions,
            path: e.path,
            originalError: e.originalError,
            extensions: e.extensions,
          })
        : { ...e, message };
    }),
  };
}

/** Apollo: introspection and suggestions only for a signed-in viewer. */
export function schemaPrivacy(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const subscriptions = {
        async didResolveOperation({ document, request }: { document: DocumentNode; request: { operationName?: string | null } }) {
          const refused = subscriptionRefused(document, request.operationName);
          if (refused) throw refused;
        },
      };
      if (contextValue.viewer) return subscriptions;
      return {
        async didResolveOperation(ctx) {
          await subscriptions.didResolveOperation(ctx);
          if (usesIntrospection(ctx.document)) throw introspectionRefused();
        },
        async willSendResponse({ response }) {
          if (response.body.kind === "single") response.body.singleResult = anonymousResult(response.body.singleResult);
        },
      };
    },
  };
}
