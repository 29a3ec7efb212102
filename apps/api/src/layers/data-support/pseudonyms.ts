import type { Database, Prisma } from "@vigil/db";
import { checkIdentity, type GeneralJWE, type PatientIdentity, pseudonymOf, seal, unseal } from "@vigil/privacy";
import type { KeyRing } from "../../keys.ts";

/** The JWE content type of a sealed identity (its protected `cty`): nothing else opens as one. */
export const IDENTITY_KIND = "vigil-identity/1";
/** The recipient id of the re-identification authority in sealed objects. */
export const REID_KID = "reid";

/**
 * Pseudonyms and sealed identities (issue 14). A pseudonym is the HMAC of the normalised national id under the
 * key directory's pseudonym key, so the same person gets the same pseudonym at every hospital and nobody with
 * only the database can test a guessed id. The identity itself is sealed to the re-identification authority's
 * key (server-held in the key directory until the authority holds its own; see README "Medical records").
 * Reused by trajectories (issue 15): keep this surface stable.
 */
export class PseudonymService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeyRing,
  ) {}

  /** The pseudonym of a national id (throws RangeError, not naming the id, when the id is malformed). */
  pseudonymFor(nationalId: string): string {
    return pseudonymOf(this.keys.pseudonymKey, nationalId);
  }

  /**
   * Seal an identity to the re-identification authority under its pseudonym (the first seal of a pseudonym is
   * kept: registering the same person twice changes nothing). Pass a write's `tx` to commit with its rows.
   */
  async sealIdentity(pseudonym: string, identity: PatientIdentity, tx?: Prisma.TransactionClient): Promise<void> {
    const jwe = await this.sealed(identity);
    await (tx ?? this.db.prisma).sealedIdentity.upsert({ where: { pseudonym }, create: { pseudonym, jwe: JSON.stringify(jwe) }, update: {} });
  }

  /** The JWE of an identity (checked and normalised first), without storing it. */
  async sealed(identity: PatientIdentity): Promise<GeneralJWE> {
    const clean = checkIdentity(identity);
    return seal(new TextEncoder().encode(JSON.stringify(clean)), [{ kid: REID_KID, publicKey: this.keys.reidentificationPublic }], IDENTITY_KIND);
  }

  /** The identity behind a pseudonym, or null. The caller authorises and logs the re-identification. */
  async openIdentity(pseudonym: string): Promise<PatientIdentity | null> {
    const row = await this.db.prisma.sealedIdentity.findUnique({ where: { pseudonym } });
    if (!row) return null;
    const bytes = await unseal(JSON.parse(row.jwe) as GeneralJWE, this.keys.reidentification, IDENTITY_KIND);
    return JSON.parse(new TextDecoder().decode(bytes)) as PatientIdentity;
  }

  /** Crypto-shred: the sealed identity is gone (erasure at the patient's request). */
  async forget(pseudonym: string, tx?: Prisma.TransactionClient): Promise<void> {
    await (tx ?? this.db.prisma).sealedIdentity.deleteMany({ where: { pseudonym } });
  }
}
