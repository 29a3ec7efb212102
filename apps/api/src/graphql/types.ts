import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { DepartmentKind, PolicyPhase, PolicyStatus, RegionLevel, RiskLevel, Role, TaskStatus } from "@vigil/db";
import type * as Db from "@vigil/db";
import { formatDay, isDay } from "@vigil/calendar";
import { toHex } from "@vigil/log";
import { inputDay } from "./dates.ts";

/**
 * Day strings already checked: a dashboard answer serialises hundreds of days per request, and checking one
 * builds a Date. Only valid days enter, and there are about 73,000 of them between 1900 and 2100.
 */
const checkedDays = new Set<string>();

const dayValue = (value: unknown): string => {
  if (typeof value === "string" && checkedDays.has(value)) return value;
  if (isDay(value)) {
    if (checkedDays.size < 200_000) checkedDays.add(value);
    return value;
  }
  throw new GraphQLError(`${JSON.stringify(value)} is not a calendar date (YYYY-MM-DD).`, { extensions: { code: "BAD_USER_INPUT" } });
};

/**
 * Calendar days travel as ISO "YYYY-MM-DD" and are checked at the edge (2026-02-30 never reaches a resolver).
 * Our own scalar rather than graphql-scalars' LocalDate: that one throws errors from a second copy of
 * graphql, which Apollo then reports as INTERNAL_SERVER_ERROR instead of a user error.
 */
export const Day = new GraphQLScalarType({
  name: "LocalDate",
  description: "A calendar day, YYYY-MM-DD (ISO 8601).",
  serialize: (value) => dayValue(value),
  // Inputs also within HISTORY_START..9999-12-31 (graphql/dates.ts): year 0000 never reaches a service.
  parseValue: (value) => inputDay(value),
  parseLiteral: (ast) => inputDay(ast.kind === Kind.STRING ? ast.value : undefined),
});

registerEnumType(Role, { name: "Role" });
registerEnumType(RegionLevel, { name: "RegionLevel" });
registerEnumType(DepartmentKind, { name: "DepartmentKind" });
registerEnumType(PolicyPhase, { name: "PolicyPhase" });
registerEnumType(PolicyStatus, { name: "PolicyStatus" });
registerEnumType(TaskStatus, { name: "TaskStatus" });
registerEnumType(RiskLevel, { name: "RiskLevel", description: "Public-health emergency response level: IV blue (lowest) … I red (highest)." });

@ObjectType({ description: "An administrative area: province, city or district." })
export class Region {
  @Field(() => ID) code!: string;
  @Field(() => String) name!: string;
  @Field(() => RegionLevel) level!: RegionLevel;
  @Field(() => String, { nullable: true }) parentCode!: string | null;
  @Field(() => Int) population!: number;
}

@ObjectType({ description: "A department node: a party that submits to and witnesses the log." })
export class Department {
  @Field(() => ID) code!: string;
  @Field(() => String) name!: string;
  @Field(() => DepartmentKind) kind!: DepartmentKind;
  @Field(() => String) regionCode!: string;
  @Field(() => String, { description: "Ed25519 public key (JWK) that verifies this department's entry signatures." }) publicKeyJwk!: string;
}

@ObjectType()
export class User {
  @Field(() => Int) id!: number;
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => Department, { nullable: true }) department!: Department | null;
}

@ObjectType({ description: "The policy a decision was taken under: what an enforcement record names." })
export class PolicyRef {
  @Field(() => String, { description: "A rule set's key (or an alert policy's key)." }) key!: string;
  @Field(() => String) version!: string;
  @Field(() => String, {
    description: "Hex SHA-256: a rule set's content hash, or for an alert policy published with publishPolicy the leaf hash of its entry.",
  })
  hash!: string;
}

@ObjectType({ description: "An alarm of an outbreak-detection method, recorded on the log with its inputs." })
export class Alert {
  @Field(() => Int) id!: number;
  @Field(() => Region) region!: Region;
  @Field(() => Day) date!: string;
  @Field(() => String) method!: string;
  @Field(() => Float) statistic!: number;
  @Field(() => Float, { description: "The upper bound (or decision value) the observation exceeded." }) threshold!: number;
  @Field(() => Int) observed!: number;
  @Field(() => RiskLevel) level!: RiskLevel;
  @Field(() => Int) entryIndex!: number;
  @Field(() => PolicyRef, { nullable: true, description: "The policy in force when the alert was raised (null: raised before alerts named one)." })
  policy!: PolicyRef | null;
}

@ObjectType({ description: "One log entry: canonical payload, leaf hash and the submitter's signature." })
export class LogEntry {
  @Field(() => Int) index!: number;
  @Field(() => String) kind!: string;
  @Field(() => String, { description: "RFC 8785 canonical JSON; leafHash = SHA-256(0x00 ‖ UTF-8 payload)." }) payload!: string;
  @Field(() => String) leafHash!: string;
  @Field(() => String, { nullable: true }) departmentCode!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "On the first entry of a signed batch: the submitter's Ed25519 signature (hex) over SHA-256(0x02 ‖ the batch's leaf hashes). Null inside a batch.",
  })
  signature!: string | null;
  @Field(() => Int, { nullable: true, description: "On the first entry of a signed batch: how many consecutive entries the signature covers." }) signedCount!:
    | number
    | null;
  @Field(() => Date) receivedAt!: Date;
}

export const toLogEntry = (e: Db.LogEntry & { department: Db.Department | null }): LogEntry => ({
  index: Number(e.index),
  kind: e.kind,
  payload: new TextDecoder().decode(e.payload),
  leafHash: toHex(e.leafHash),
  departmentCode: e.department?.code ?? null,
  signature: e.signature ? toHex(e.signature) : null,
  signedCount: e.signedCount,
  receivedAt: e.receivedAt,
});

export const toRegion = (r: Db.Region): Region => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, population: r.population });
export const toDepartment = (d: Pick<Db.Department, "code" | "name" | "kind" | "regionCode" | "publicKeyJwk">): Department => ({
  code: d.code,
  name: d.name,
  kind: d.kind,
  regionCode: d.regionCode,
  publicKeyJwk: d.publicKeyJwk,
});
export const toUser = (u: Db.User & { department?: Db.Department | null }): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  department: u.department ? toDepartment(u.department) : null,
});
export const toAlert = (a: Db.Alert & { region: Db.Region }): Alert => ({
  id: a.id,
  region: toRegion(a.region),
  date: formatDay(a.date),
  method: a.method,
  statistic: a.statistic,
  threshold: a.threshold,
  observed: a.observed,
  level: a.level,
  entryIndex: Number(a.entryIndex),
  policy: a.policyKey === null ? null : { key: a.policyKey, version: a.policyVersion ?? "", hash: a.policyHash ?? "" },
});
