import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../auth/context.ts";
import { entryOf } from "./proofs.ts";
import { Alert, ChainEntry } from "./types.ts";
import { CaseReport } from "./data-support.ts";
import { Task } from "./business.ts";
import { Policy } from "./policy.ts";

// Every governed row links to its log entry, so a client can go from a report, alert, task or policy
// straight to the entry and its inclusion proof. Access to the row already implies access to the entry.
const description = "This row's entry on the verifiable log (ask for `proof` on it).";

@Resolver(() => CaseReport)
export class CaseReportEntryResolver {
  @FieldResolver(() => ChainEntry, { description })
  entry(@Root() r: CaseReport, @Ctx() ctx: Context): Promise<ChainEntry> { return entryOf(ctx, r.entryIndex); }
}

@Resolver(() => Alert)
export class AlertEntryResolver {
  @FieldResolver(() => ChainEntry, { description })
  entry(@Root() r: Alert, @Ctx() ctx: Context): Promise<ChainEntry> { return entryOf(ctx, r.entryIndex); }
}

@Resolver(() => Task)
export class TaskEntryResolver {
  @FieldResolver(() => ChainEntry, { description })
  entry(@Root() r: Task, @Ctx() ctx: Context): Promise<ChainEntry> { return entryOf(ctx, r.entryIndex); }
}

@Resolver(() => Policy)
export class PolicyEntryResolver {
  @FieldResolver(() => ChainEntry, { description })
  entry(@Root() r: Policy, @Ctx() ctx: Context): Promise<ChainEntry> { return entryOf(ctx, r.entryIndex); }
}
