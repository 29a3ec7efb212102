-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'PATIENT';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "patientPseudonym" TEXT;

-- CreateTable
CREATE TABLE "Patient" (
    "pseudonym" TEXT NOT NULL,
    "hospital" TEXT NOT NULL,
    "signingPublicKey" TEXT NOT NULL,
    "sealingPublicJwk" TEXT NOT NULL,
    "wrappedKeys" TEXT,
    "registeredEntry" BIGINT NOT NULL,
    "erasedAt" TIMESTAMP(3),
    "erasureEntry" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("pseudonym")
);

-- CreateTable
CREATE TABLE "MedicalRecord" (
    "id" SERIAL NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "jwe" TEXT,
    "entryIndex" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erasedAt" TIMESTAMP(3),

    CONSTRAINT "MedicalRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" SERIAL NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "granteeDept" TEXT,
    "granteeRole" TEXT,
    "purposes" TEXT NOT NULL,
    "kinds" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT,
    "entryIndex" BIGINT NOT NULL,
    "revokedEntry" BIGINT,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MedicalAccess" (
    "id" SERIAL NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "readerEmail" TEXT NOT NULL,
    "readerRole" TEXT NOT NULL,
    "readerDept" TEXT,
    "purpose" TEXT NOT NULL,
    "records" TEXT NOT NULL,
    "consentEntry" BIGINT,
    "breakGlass" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "entryIndex" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MedicalAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Patient_registeredEntry_key" ON "Patient"("registeredEntry");

-- CreateIndex
CREATE UNIQUE INDEX "MedicalRecord_entryIndex_key" ON "MedicalRecord"("entryIndex");

-- CreateIndex
CREATE INDEX "MedicalRecord_pseudonym_idx" ON "MedicalRecord"("pseudonym");

-- CreateIndex
CREATE UNIQUE INDEX "Consent_entryIndex_key" ON "Consent"("entryIndex");

-- CreateIndex
CREATE INDEX "Consent_pseudonym_idx" ON "Consent"("pseudonym");

-- CreateIndex
CREATE UNIQUE INDEX "MedicalAccess_entryIndex_key" ON "MedicalAccess"("entryIndex");

-- CreateIndex
CREATE INDEX "MedicalAccess_pseudonym_idx" ON "MedicalAccess"("pseudonym");

-- CreateIndex
CREATE UNIQUE INDEX "User_patientPseudonym_key" ON "User"("patientPseudonym");
