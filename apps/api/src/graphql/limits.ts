import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import { createRequire } from "node:module";

// Its ESM build imports graphql/index.mjs: a second copy of graphql beside the CJS one that type-graphql and
// Apollo load, and "another module or realm" errors. Its CJS build shares their copy.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");
import type { ApolloServerPlugin } from "@apollo/server";

export const MAX_DEPTH = 8;
export const MAX_COMPLEXITY = 2_000;

/** Reject deeply nested queries before execution: nesting is how a small query asks for a huge answer. */
export function depthLimit(max = MAX_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) deepest = Math.max(deepest, s.selectionSet ? 1 + depth(s.selectionSet, seen) : 1);
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depth(s.selectionSet, seen));
        else if (!seen.has(s.name.value)) deepest = Math.max(deepest, depth(fragments.get(s.name.value)?.selectionSet, new Set([...seen, s.name.value])));
      }
      return deepest;
    };
    return {
      OperationDefinition(op) {
        const d = depth(op.selectionSet, new Set());
        if (d > max)
          context.reportError(new GraphQLError(`Query depth ${d} exceeds the limit of ${max}.`, { nodes: [op], extensions: { code: "QUERY_TOO_DEEP" } }));
      },
    };
  };
}

/**
 * Refuse a query whose estimated cost exceeds `max`. Cost = the `complexity` a field declares (expensive
 * resolvers: riskOverview, riskMap, chainGrowth…), else 1 per field; times `limit` for list arguments.
 */
export function assertCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string, max = MAX_COMPLEXITY): void {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query,
      variables,
      operationName,
      estimators: [
        fieldExtensionsEstimator(),
        ({ args, childComplexity }) => (typeof args.limit === "number" ? Math.max(1, args.limit) * (childComplexity || 1) : undefined),
        simpleEstimator({ defaultComplexity: 1 }),
      ],
    });
  } catch (e) {
    // getComplexity coerces variables before execution does: a bad variable is the client's error.
    throw new GraphQLError((e as Error).message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
  }
  if (cost > max)
    throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${max}.`, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
}

export function complexityLimit(schema: GraphQLSchema, max = MAX_COMPLEXITY): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          assertCost(schema, document, request.variables ?? {}, request.operationName ?? undefined, max);
        },
      };
    },
  };
}
