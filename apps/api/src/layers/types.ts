import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { LocalDateResolver } from "graphql-scalars";
import { DepartmentKind, PolicyPhase, PolicyStatus, RegionLevel, RiskLevel, Role, TaskStatus } from "@vigil/db";
import type * as Db from "@vigil/db";
import { toDay } from "../dates.ts";

// Calendar days travel as ISO "YYYY-MM-DD" (graphql-scalars LocalDate rejects anything else at the edge).
export const Day = LocalDateResolver;

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
}

export const toRegion = (r: Db.Region): Region => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, population: r.population });
export const toDepartment = (d: Db.Department): Department => ({ code: d.code, name: d.name, kind: d.kind, regionCode: d.regionCode, publicKeyJwk: d.publicKeyJwk });
export const toUser = (u: Db.User & { department?: Db.Department | null }): User => ({ id: u.id, email: u.email, name: u.name, role: u.role, department: u.department ? toDepartment(u.department) : null });
export const toAlert = (a: Db.Alert & { region: Db.Region }): Alert => ({
  id: a.id, region: toRegion(a.region), date: toDay(a.date), method: a.method, statistic: a.statistic, threshold: a.threshold, observed: a.observed, level: a.level, entryIndex: Number(a.entryIndex),
});
