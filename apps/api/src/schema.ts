import "reflect-metadata";
import { buildSchema } from "type-graphql";
import type { PubSub } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { authChecker } from "./auth/context.ts";
import { AuthResolver } from "./layers/auth.ts";
import { InfrastructureResolver } from "./layers/infrastructure.ts";
import { DataSupportResolver } from "./layers/data-support.ts";
import { AnalysisResolver } from "./layers/analysis.ts";
import { BusinessResolver } from "./layers/business.ts";
import { PolicyResolver } from "./layers/policy.ts";
import { ProofResolver } from "./layers/proofs.ts";
import { AlertEntryResolver, CaseReportEntryResolver, PolicyEntryResolver, TaskEntryResolver } from "./layers/entries.ts";

export const resolvers = [
  AuthResolver, InfrastructureResolver, ProofResolver, DataSupportResolver, AnalysisResolver, BusinessResolver, PolicyResolver,
  CaseReportEntryResolver, AlertEntryResolver, TaskEntryResolver, PolicyEntryResolver,
] as const;

/** The GraphQL schema, one resolver class per governance layer. `validate` runs class-validator on every input. */
export function buildVigilSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    pubSub,
    validate: { forbidUnknownValues: false },
  });
}
