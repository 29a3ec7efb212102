import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { IsOptional, MaxLength } from "class-validator";
import { GraphQLJSONObject } from "graphql-scalars";
import type * as Db from "@vigil/db";
import { canonicalJson } from "@vigil/log";
import { requireViewer, type Context } from "../../../graphql/context.ts";
import type { ReleasedRecord as Released } from "./service.ts";

@InputType({ description: "Who the patient is. Sealed to the re-identification authority at once; only the pseudonym is kept in the open." })
class RegisterPatientInput {
  @Field(() => String) @MaxLength(64) nationalId!: string;
  @Field(() => String) @MaxLength(200) name!: string;
  @Field(() => String, { description: "YYYY-MM-DD" }) @MaxLength(10) birthDate!: string;
  @Field(() => String) @MaxLength(40) phone!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) address?: string | null;
}

@ObjectType()
class RegisteredPatient {
  @Field(() => String, { description: "P- and 32 base32 letters: HMAC-SHA-256 of the national id under a key outside the database." }) pseudonym!: string;
  @Field(() => Boolean, { description: "False when the person was registered already (the same pseudonym)." }) created!: boolean;
}

@InputType()
class MedicalRecordInput {
  @Field(() => String) @MaxLength(40) pseudonym!: string;
  @Field(() => String, { description: "Condition, Observation or Encounter (the FHIR resourceType)." }) @MaxLength(40) kind!: string;
  @Field(() => GraphQLJSONObject, { description: "A FHIR R5 resource whose subject is Patient/<pseudonym>, with no identifying element." })
  record!: Record<string, unknown>;
}

@ObjectType({ description: "A sealed record's public facts (what the log holds); the content is released by `medicalRecords` only." })
class MedicalRecordMeta {
  @Field(() => Int) entryIndex!: number;
  @Field(() => String) kind!: string;
  @Field(() => String) issuer!: string;
  @Field(() => [String]) recipients!: string[];
  @Field(() => String, { description: "SHA-256 of the JWE (its canonical JSON)." }) sha256!: string;
  @Field(() => Boolean) erased!: boolean;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType()
class ReleasedRecord {
  @Field(() => Int) entryIndex!: number;
  @Field(() => String) kind!: string;
  @Field(() => String) issuer!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => GraphQLJSONObject) record!: Record<string, unknown>;
}

@InputType()
class GrantConsentInput {
  @Field(() => String, { nullable: true, description: "A department code; or give granteeRole." }) @IsOptional() @MaxLength(40) granteeDepartment?:
    | string
    | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) granteeRole?: string | null;
  @Field(() => [String], { description: "TREATMENT, RESEARCH, PUBLIC_HEALTH" }) purposes!: string[];
  @Field(() => [String], { description: "Condition, Observation, Encounter" }) kinds!: string[];
  @Field(() => String, { nullable: true, description: "First day (default today)." }) @IsOptional() @MaxLength(10) from?: string | null;
  @Field(() => String, { nullable: true, description: "Last day (default: until revoked)." }) @IsOptional() @MaxLength(10) to?: string | null;
}

@ObjectType({ description: "A consent grant signed by the patient (a consent-grant entry), and its revocation." })
class ConsentGrant {
  @Field(() => Int) entryIndex!: number;
  @Field(() => String, { nullable: true }) granteeDepartment!: string | null;
  @Field(() => String, { nullable: true }) granteeRole!: string | null;
  @Field(() => [String]) purposes!: string[];
  @Field(() => [String]) kinds!: string[];
  @Field(() => String) from!: string;
  @Field(() => String, { nullable: true }) to!: string | null;
  @Field(() => Int, { nullable: true }) revokedEntry!: number | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType({ description: "One release of a patient's records: who, when, why, under which consent (or break-glass)." })
class MedicalAccessRecord {
  @Field(() => Int) entryIndex!: number;
  @Field(() => String) readerEmail!: string;
  @Field(() => String) readerRole!: string;
  @Field(() => String, { nullable: true }) readerDepartment!: string | null;
  @Field(() => String) purpose!: string;
  @Field(() => [Int]) records!: number[];
  @Field(() => Int, { nullable: true }) consentEntry!: number | null;
  @Field(() => Boolean, { description: "Emergency access without consent: flagged to the patient and the auditor." }) breakGlass!: boolean;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Date) at!: Date;
}

@ObjectType()
class PatientOverview {
  @Field(() => String) pseudonym!: string;
  @Field(() => String) hospital!: string;
  @Field(() => Boolean) erased!: boolean;
  @Field(() => Int, { nullable: true }) erasureEntry!: number | null;
  @Field(() => [MedicalRecordMeta]) records!: MedicalRecordMeta[];
  @Field(() => [ConsentGrant]) grants!: ConsentGrant[];
  @Field(() => [MedicalAccessRecord], { description: "Newest first." }) accesses!: MedicalAccessRecord[];
}

const toMeta = (r: Db.MedicalRecord): MedicalRecordMeta => ({
  entryIndex: Number(r.entryIndex),
  kind: r.kind,
  issuer: r.issuer,
  recipients: JSON.parse(r.recipients) as string[],
  sha256: r.sha256,
  erased: r.jwe == null,
  createdAt: r.createdAt,
});
const toGrant = (c: Db.Consent): ConsentGrant => ({
  entryIndex: Number(c.entryIndex),
  granteeDepartment: c.granteeDept,
  granteeRole: c.granteeRole,
  purposes: JSON.parse(c.purposes) as string[],
  kinds: JSON.parse(c.kinds) as string[],
  from: c.from,
  to: c.to,
  revokedEntry: c.revokedEntry == null ? null : Number(c.revokedEntry),
  revokedAt: c.revokedAt,
  createdAt: c.createdAt,
});
const toAccess = (a: Db.MedicalAccess): MedicalAccessRecord => ({
  entryIndex: Number(a.entryIndex),
  readerEmail: a.readerEmail,
  readerRole: a.readerRole,
  readerDepartment: a.readerDept,
  purpose: a.purpose,
  records: JSON.parse(a.records) as number[],
  consentEntry: a.consentEntry == null ? null : Number(a.consentEntry),
  breakGlass: a.breakGlass,
  reason: a.reason,
  at: a.createdAt,
});
const toReleased = (r: Released): ReleasedRecord => ({ ...r, record: r.record as Record<string, unknown> });

/** Medical records under patient control (issue 14): every read checked against consent and logged first. */
@Resolver()
export class MedicalResolver {
  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => RegisteredPatient, { description: "A hospital officer registers a patient: identity sealed, pseudonym returned." })
  registerPatient(@Ctx() ctx: Context, @Arg("input", () => RegisterPatientInput) input: RegisterPatientInput): Promise<RegisteredPatient> {
    return ctx.services.medical.registerPatient(requireViewer(ctx), input);
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => MedicalRecordMeta, { description: "Seal a FHIR record to its issuer, the patient and the departments a grant names; the log gets its hash." })
  async addMedicalRecord(@Ctx() ctx: Context, @Arg("input", () => MedicalRecordInput) input: MedicalRecordInput): Promise<MedicalRecordMeta> {
    return toMeta(await ctx.services.medical.addRecord(requireViewer(ctx), input));
  }

  @Authorized("DEPARTMENT_OFFICER")
  @Mutation(() => String, {
    description: "The controlling hospital transfers a patient to another hospital (a patient-transfer entry). Returns the new hospital.",
  })
  async transferPatient(@Ctx() ctx: Context, @Arg("pseudonym", () => String) pseudonym: string, @Arg("to", () => String) to: string): Promise<string> {
    return (await ctx.services.medical.transfer(requireViewer(ctx), pseudonym, to)).hospital;
  }

  @Authorized("PATIENT")
  @Query(() => String, { description: "The signed-in patient's pseudonym." })
  myPseudonym(@Ctx() ctx: Context): string {
    return requireViewer(ctx).patientPseudonym ?? "";
  }

  @Authorized("PATIENT")
  @Mutation(() => ConsentGrant, {
    description: "The patient grants a department or role access for purposes and kinds over a period (signed by the patient's key).",
  })
  async grantConsent(@Ctx() ctx: Context, @Arg("input", () => GrantConsentInput) input: GrantConsentInput): Promise<ConsentGrant> {
    return toGrant(await ctx.services.medical.grant(requireViewer(ctx), input));
  }

  @Authorized("PATIENT")
  @Mutation(() => ConsentGrant, { description: "The patient revokes a grant (a consent-revocation entry signed by the patient)." })
  async revokeConsent(@Ctx() ctx: Context, @Arg("grantEntry", () => Int) grantEntry: number): Promise<ConsentGrant> {
    return toGrant(await ctx.services.medical.revoke(requireViewer(ctx), grantEntry));
  }

  @Authorized("PATIENT")
  @Query(() => String, { description: "The ISO/IEC TS 27560-shaped consent receipt (JSON) of one of your grants, with its log evidence." })
  async consentReceipt(@Ctx() ctx: Context, @Arg("grantEntry", () => Int) grantEntry: number): Promise<string> {
    return canonicalJson(await ctx.services.medical.receipt(requireViewer(ctx), grantEntry));
  }

  @Authorized("PATIENT", "DEPARTMENT_OFFICER", "DECISION_MAKER", "POLICY_OFFICER", "AUDITOR")
  @Query(() => [ReleasedRecord], {
    description:
      "Release a patient's records: only under a consent in force for you, the purpose and the kind (else FORBIDDEN, reason CONSENT_REQUIRED); purpose EMERGENCY with a reason is break-glass (hospital officers). Logged before release.",
  })
  async medicalRecords(
    @Ctx() ctx: Context,
    @Arg("pseudonym", () => String) pseudonym: string,
    @Arg("purpose", () => String) purpose: string,
    @Arg("kind", () => String, { nullable: true }) kind?: string | null,
    @Arg("reason", () => String, { nullable: true }) reason?: string | null,
  ): Promise<ReleasedRecord[]> {
    return (await ctx.services.medical.read(requireViewer(ctx), pseudonym, purpose, { kind, reason })).map(toReleased);
  }

  @Authorized("PATIENT", "AUDITOR")
  @Query(() => PatientOverview, { description: "Records (metadata), grants and every access: the patient's own, or an auditor's view." })
  async patientOverview(@Ctx() ctx: Context, @Arg("pseudonym", () => String) pseudonym: string): Promise<PatientOverview> {
    const o = await ctx.services.medical.overview(requireViewer(ctx), pseudonym);
    return {
      pseudonym: o.patient.pseudonym,
      hospital: o.patient.hospital,
      erased: o.patient.erasedAt != null,
      erasureEntry: o.patient.erasureEntry == null ? null : Number(o.patient.erasureEntry),
      records: o.records.map(toMeta),
      grants: o.consents.map(toGrant),
      accesses: o.accesses.map(toAccess),
    };
  }

  @Authorized("PATIENT", "DEPARTMENT_OFFICER")
  @Mutation(() => Int, {
    description: "Crypto-shred a patient's records (the patient, or the controlling hospital at their request). Returns the erasure entry.",
  })
  async eraseMedicalRecords(
    @Ctx() ctx: Context,
    @Arg("pseudonym", () => String) pseudonym: string,
    @Arg("reason", () => String) reason: string,
  ): Promise<number> {
    return Number((await ctx.services.medical.erase(requireViewer(ctx), pseudonym, reason)).erasureEntry);
  }
}
