import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  Kind,
  parse,
  validate,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { MAX_SPAN_DAYS, spanDays } from "./dates.ts";

// Their ESM builds import graphql/index.mjs: a second copy of graphql beside the CJS one that type-graphql and
// Apollo load, and "another module or realm" errors. Their CJS builds share that copy.
const require = createRequire(import.meta.url);
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = require("graphql-query-complexity") as typeof import("graphql-query-complexity");
const { maxAliasesRule } = require("@escape.tech/graphql-armor-max-aliases") as typeof import("@escape.tech/graphql-armor-max-aliases");
const { maxDirectivesRule } = require("@escape.tech/graphql-armor-max-directives") as typeof import("@escape.tech/graphql-armor-max-directives");

/** Nesting of selections. */
export const MAX_DEPTH = 8;
/** Estimated cost (see assertCost). */
export const MAX_COMPLEXITY = 2_000;
/** Aliased fields per operation (graphql-armor max-aliases; __typename is free). */
export const MAX_ALIASES = 15;
/** Directives per operation (graphql-armor max-directives). */
export const MAX_DIRECTIVES = 20;
/** Lexical tokens per document (graphql-js `maxTokens`, what graphql-armor max-tokens does). */
export const MAX_TOKENS = 5_000;

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

const tooLarge = (message: string, limit: string) =>
  new GraphQLError(message.replace(/^Syntax Error: /, ""), { extensions: { code: "QUERY_TOO_LARGE", limit, http: { status: 400 } } });

/** The size limits that run before graphql's own validation (each a single error, however often it is broken). */
const sizeRules: ValidationRule[] = [
  maxAliasesRule({ n: MAX_ALIASES, propagateOnRejection: true }),
  maxDirectivesRule({ n: MAX_DIRECTIVES, propagateOnRejection: true }),
  depthLimit(),
];

/** Accepted documents by source text, so a repeated query is parsed and sized once (as Apollo's document store does). */
const accepted = new Map<string, DocumentNode>();
const ACCEPTED_CACHE = 500;

/**
 * Parse `source` under the token limit and check aliases, directives and depth, before graphql's validation
 * runs: a document of 3,000 duplicate directives gets one error, not 3,000, and 1,500 aliases never execute.
 * Returns the document, or the one error to answer with (a syntax error keeps graphql's code).
 */
export function checkDocument(schema: GraphQLSchema, source: string): { document: DocumentNode; errors?: undefined } | { errors: GraphQLError[] } {
  const hit = accepted.get(source);
  if (hit) return { document: hit };
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens: MAX_TOKENS });
  } catch (e) {
    const error = e as GraphQLError;
    if (/more th\w+ \d+ tokens/.test(error.message)) return { errors: [tooLarge(`The document has more than ${MAX_TOKENS} tokens.`, "tokens")] };
    return { errors: [new GraphQLError(error.message, { extensions: { code: "GRAPHQL_PARSE_FAILED", http: { status: 400 } } })] };
  }
  let errors: readonly GraphQLError[];
  try {
    errors = validate(schema, document, sizeRules, { maxErrors: 1 });
  } catch (e) {
    const error = e as GraphQLError;
    return { errors: [tooLarge(error.message, /alias/i.test(error.message) ? "aliases" : "directives")] };
  }
  if (errors.length) return { errors: [errors[0] as GraphQLError] };
  if (accepted.size >= ACCEPTED_CACHE) accepted.delete(accepted.keys().next().value as string);
  accepted.set(source, document);
  return { document };
}

/**
 * The most items a list field without a `limit` argument can return, by "Type.field". A function of the
 * arguments where the size depends on them (reportsPerDay: one item per day of the span).
 */
export type ListBound = number | ((args: Record<string, unknown>) => number);
const DEFAULT_BOUNDS: Record<string, ListBound> = {
  "Query.reportsPerDay": (args) => {
    try {
      return Math.min(MAX_SPAN_DAYS, Math.max(1, spanDays(String(args.from), String(args.to))));
    } catch {
      return MAX_SPAN_DAYS;
    }
  },
};
let listBounds: Record<string, ListBound> = { ...DEFAULT_BOUNDS };

/** Set the sizes of the bounded lists known at run time (regions, departments…), e.g. after seeding. */
export function setListBounds(bounds: Record<string, ListBound>): void {
  listBounds = { ...DEFAULT_BOUNDS, ...bounds };
  costs = new WeakMap();
}

/**
 * Costs already estimated, per document (Apollo and checkDocument hand out one DocumentNode per query text) and
 * schema, operation and variables: a dashboard sends the same few queries all day, and estimating walks the whole
 * document. Large variables (bulk submissions) are not kept.
 */
let costs = new WeakMap<DocumentNode, Map<string, number>>();
const COSTED_VARIABLES_MAX = 4_096;

/**
 * Extra cost of fields that do work per item (by "Type.field"): each entry is a database read, each proof
 * O(log n) reads. Declared here rather than on the resolvers so one table prices the whole schema.
 */
export const FIELD_COSTS: Record<string, number> = {
  "LogEntry.proof": 10,
  "Alert.entry": 2,
  "CaseReport.entry": 2,
  "Policy.entry": 2,
  "Task.entry": 2,
  "Task.alert": 2,
};

/**
 * Refuse a query whose estimated cost exceeds `max`. Cost = the `complexity` a field declares (expensive
 * resolvers: riskOverview, riskMap, logGrowth…) or FIELD_COSTS, else 1 per field; a list field costs its
 * items times the cost of one item: `limit` items, or the real maximum of a list without `limit` (regions,
 * departments, nodes, riskMap, reportsPerDay).
 */
export function assertCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string, max = MAX_COMPLEXITY): void {
  const op = `${operationName ?? ""}\n`;
  let known = costs.get(query);
  // A cost that no variable can change (most mutations: their inputs are variables, their cost is the selection's)
  // is kept for the operation whatever its variables; else per variables.
  const key = `${op}${JSON.stringify(variables)}`;
  let cost = known?.get(op) ?? known?.get(key);
  if (cost === undefined) {
    const estimate = estimateCost(schema, query, variables, operationName);
    cost = estimate.cost;
    const keep = estimate.varies ? key : op;
    if (keep.length <= COSTED_VARIABLES_MAX) {
      if (!known) costs.set(query, (known = new Map()));
      if (known.size >= 100) known.clear();
      known.set(keep, cost);
    }
  }
  if (cost > max)
    throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${max}.`, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
}

/**
 * The cost, and whether variables could change it: a field priced from its arguments (`limit`, a list bound that
 * reads them, a complexity function) or a @skip/@include on a variable. Otherwise the arguments only feed resolvers.
 */
function estimateCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): { cost: number; varies: boolean } {
  let cost: number;
  let varies = conditionalOnVariables(query);
  try {
    cost = getComplexity({
      schema,
      query,
      variables,
      operationName,
      estimators: [
        ({ type, field, args, childComplexity }) => {
          const bound = listBounds[`${type.name}.${field.name}`];
          if (field.args.some((a) => a.name === "limit") || typeof bound === "function" || typeof field.extensions?.complexity === "function") varies = true;
          const own = (field.extensions?.complexity as number | undefined) ?? FIELD_COSTS[`${type.name}.${field.name}`] ?? 1;
          if (typeof args.limit === "number") return own + Math.max(1, args.limit) * (childComplexity || 1);
          const isObjectList = isListType(getNullableType(field.type)) && isObjectType(getNamedType(field.type));
          if (bound !== undefined && isObjectList) return own + (typeof bound === "number" ? bound : bound(args)) * (childComplexity || 1);
          return FIELD_COSTS[`${type.name}.${field.name}`] !== undefined ? own + childComplexity : undefined;
        },
        fieldExtensionsEstimator(),
        simpleEstimator({ defaultComplexity: 1 }),
      ],
    });
  } catch (e) {
    // getComplexity coerces variables before execution does: a bad variable is the client's error.
    throw new GraphQLError((e as Error).message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
  }
  return { cost, varies };
}

/** Whether a @skip or @include in the document takes its condition from a variable. */
function conditionalOnVariables(query: DocumentNode): boolean {
  let found = false;
  visit(query, {
    Directive(node) {
      if ((node.name.value === "skip" || node.name.value === "include") && node.arguments?.some((a) => a.value.kind === Kind.VARIABLE)) found = true;
    },
  });
  return found;
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
