import "reflect-metadata";
import { buildSchema } from "type-graphql";
import type { PubSub } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { authChecker } from "./graphql/context.ts";
import { guardInputs } from "./graphql/text.ts";
import { validateArgs } from "./graphql/validate-args.ts";
import { AccessResolver } from "./access/resolver.ts";
import { InfrastructureResolver } from "./layers/infrastructure/resolver.ts";
import { ElectionResolver } from "./layers/infrastructure/elections-resolver.ts";
import { DataSupportResolver, RecordResolver } from "./layers/data-support/resolver.ts";
import { AnalysisResolver } from "./layers/analysis/resolver.ts";
import { BusinessResolver, InterventionResolver, ResourceResolver, TimelineStepResolver, WorkOrderResolver } from "./layers/business/resolver.ts";
import { PolicyResolver, RuleSetResolver } from "./layers/policy/resolver.ts";
import { PublicTrustResolver } from "./layers/data-support/public-trust/resolver.ts";
import { TrajectoryResolver } from "./layers/data-support/trajectories/resolver.ts";
import { MedicalResolver } from "./layers/data-support/medical/resolver.ts";

/** The resolver classes of each governance layer (layers/<layer>/resolver.ts), plus sign-in. */
export const resolvers = [
  AccessResolver,
  InfrastructureResolver,
  ElectionResolver,
  DataSupportResolver,
  RecordResolver,
  AnalysisResolver,
  BusinessResolver,
  WorkOrderResolver,
  TimelineStepResolver,
  InterventionResolver,
  ResourceResolver,
  PolicyResolver,
  RuleSetResolver,
  PublicTrustResolver,
  TrajectoryResolver,
  MedicalResolver,
] as const;

/** The GraphQL schema. `validateArgs` runs class-validator on every input. */
export async function buildVigilSchema(pubSub: PubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    pubSub,
    validateFn: validateArgs,
  });
  // Text rules (NFC, no controls, bidi overrides, zero-width, lone surrogates) and query horizons, once for every field.
  return guardInputs(schema);
}
