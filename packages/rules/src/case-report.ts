/**
 * The `case-report` contract: today's case-report fields (apps/api data-support layer,
 * CaseReportFields) as its input schema and its plausibility rules (PLAUSIBILITY_RULES there) as
 * CEL, with the same rule names and messages. The facts those rules need from the server — the
 * district's name and population, and its cumulative confirmed cases before this report's day —
 * come in as `context`, so the decision can be replayed from the log alone.
 *
 * Not covered here, because they are not plausibility rules but authorisation and calendar checks
 * the service keeps: the district exists and is a district, it lies in the reporter's region, and
 * the date is not in the future.
 * @module
 */
import { DISEASE_CODES } from "./diseases.ts";
import type { ContractRuleSet } from "./model.ts";

const count = { type: "integer", minimum: 0, maximum: 1_000_000_000 } as const;

/** Rule texts as the data-support layer's PLAUSIBILITY_RULES states them. */
const TEXT = {
  "confirmed-within-population": "newConfirmed ≤ the district's population",
  "confirmed-within-tests": "newConfirmed ≤ tests, when tests are reported (tests > 0)",
  "deaths-within-cumulative-confirmed": "deaths ≤ the district's cumulative confirmed cases up to and including this report's day (current values)",
  "imported-within-confirmed": "imported ≤ newConfirmed: imported cases are the part of the confirmed cases acquired elsewhere",
} as const;

const prefix = (rule: keyof typeof TEXT) => `"Implausible report (rule ${rule}: ${TEXT[rule]}): "`;

export const CASE_REPORT_CONTRACT: ContractRuleSet = {
  key: "case-report",
  // 1.1.0: optional `imported` (default 0) and `disease` (a code of DISEASES, default COVID-19); 1.0.0 reports stay valid.
  version: "1.1.0",
  kind: "contract",
  title: "Daily case report of a district",
  effective: { from: "2020-01-01", until: null },
  jurisdiction: "RL",
  body: {
    input: {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        regionCode: { type: "string", minLength: 1, maxLength: 32, pattern: "^[0-9A-Za-z_-]+$" },
        date: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
        newConfirmed: count,
        suspected: count,
        deaths: count,
        tests: count,
        imported: count,
        disease: { type: "string", enum: [...DISEASE_CODES] },
      },
      required: ["regionCode", "date", "newConfirmed", "suspected", "deaths", "tests"],
      additionalProperties: false,
    },
    context: {
      type: "object",
      properties: {
        regionName: { type: "string", maxLength: 200 },
        population: { type: "integer", minimum: 0 },
        cumulativeConfirmedBefore: { type: "integer", minimum: 0 },
      },
      required: ["regionName", "population", "cumulativeConfirmedBefore"],
      additionalProperties: false,
    },
    validations: [
      {
        name: "confirmed-within-population",
        expression: "input.newConfirmed <= context.population",
        message: TEXT["confirmed-within-population"],
        messageExpression: `${prefix("confirmed-within-population")} + string(input.newConfirmed) + " confirmed cases in " + context.regionName + " exceed its population of " + string(context.population) + "."`,
      },
      {
        name: "confirmed-within-tests",
        expression: "input.tests == 0 || input.newConfirmed <= input.tests",
        message: TEXT["confirmed-within-tests"],
        messageExpression: `${prefix("confirmed-within-tests")} + string(input.newConfirmed) + " confirmed cases from " + string(input.tests) + " tests."`,
      },
      {
        name: "deaths-within-cumulative-confirmed",
        expression: "input.deaths <= context.cumulativeConfirmedBefore + input.newConfirmed",
        message: TEXT["deaths-within-cumulative-confirmed"],
        messageExpression: `${prefix("deaths-within-cumulative-confirmed")} + string(input.deaths) + " deaths exceed the " + string(context.cumulativeConfirmedBefore + input.newConfirmed) + " confirmed cases " + input.regionCode + " has reported up to " + input.date + "."`,
      },
      {
        name: "imported-within-confirmed",
        expression: "!has(input.imported) || input.imported <= input.newConfirmed",
        message: TEXT["imported-within-confirmed"],
        messageExpression: `${prefix("imported-within-confirmed")} + string(input.imported) + " imported of " + string(input.newConfirmed) + " confirmed cases."`,
      },
    ],
    routing: [{ name: "deaths-to-city-cdc", when: "input.deaths > 0", route: "city-cdc", message: "deaths are reviewed by the city CDC" }],
    fieldClasses: {
      regionCode: "public",
      date: "public",
      newConfirmed: "aggregate",
      suspected: "aggregate",
      deaths: "aggregate",
      tests: "aggregate",
      imported: "aggregate",
      disease: "public",
    },
    triggers: [],
  },
};
