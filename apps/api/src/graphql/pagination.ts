import { ArgsType, Field, Int } from "type-graphql";
import { fail } from "../errors.ts";

/** One convention for every list that grows without bound: `limit` (1..MAX_LIMIT) and `offset` (0..MAX_OFFSET). */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Deep offsets make the database skip that many rows per request; page by a filter (dates, `before`) beyond. */
export const MAX_OFFSET = 100_000;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_LIMIT, description: `At most ${MAX_LIMIT}.` }) limit: number = DEFAULT_LIMIT;
  @Field(() => Int, { defaultValue: 0, description: `Items to skip, at most ${MAX_OFFSET}.` }) offset: number = 0;
}

export interface Page {
  limit: number;
  offset: number;
}

/** The page asked for, or BAD_USER_INPUT: out-of-range values are refused, never silently clamped. */
export function page(args: Partial<Page>): Page {
  const limit = args.limit ?? DEFAULT_LIMIT;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw fail("BAD_USER_INPUT", `limit must be within 1..${MAX_LIMIT}.`, { field: "limit" });
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET)
    throw fail("BAD_USER_INPUT", `offset must be within 0..${MAX_OFFSET}.`, { field: "offset" });
  return { limit, offset };
}
