-- CreateEnum
CREATE TYPE "RuleSetKind" AS ENUM ('CONTRACT', 'POLICY');

-- CreateEnum
CREATE TYPE "RuleSetState" AS ENUM ('DRAFT', 'APPROVED', 'REVOKED');

-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "policyHash" TEXT,
ADD COLUMN     "policyKey" TEXT,
ADD COLUMN     "policyVersion" TEXT;

-- CreateTable
CREATE TABLE "RuleSet" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "RuleSetKind" NOT NULL,
    "phase" "PolicyPhase",
    "version" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "jurisdiction" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "state" "RuleSetState" NOT NULL DEFAULT 'DRAFT',
    "effectiveFrom" DATE NOT NULL,
    "effectiveUntil" DATE,
    "authorId" INTEGER NOT NULL,
    "approverId" INTEGER,
    "approvedEntry" BIGINT,
    "revokerId" INTEGER,
    "revokedOn" DATE,
    "revokedEntry" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "RuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractRecord" (
    "id" SERIAL NOT NULL,
    "contractKey" TEXT NOT NULL,
    "contractVersion" TEXT NOT NULL,
    "contractHash" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "departmentId" INTEGER,
    "submittedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "ContractRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RuleSet_entryIndex_key" ON "RuleSet"("entryIndex");

-- CreateIndex
CREATE INDEX "RuleSet_kind_state_idx" ON "RuleSet"("kind", "state");

-- CreateIndex
CREATE UNIQUE INDEX "RuleSet_key_version_key" ON "RuleSet"("key", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ContractRecord_entryIndex_key" ON "ContractRecord"("entryIndex");

-- CreateIndex
CREATE INDEX "ContractRecord_contractKey_entryIndex_idx" ON "ContractRecord"("contractKey", "entryIndex");

-- AddForeignKey
ALTER TABLE "RuleSet" ADD CONSTRAINT "RuleSet_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSet" ADD CONSTRAINT "RuleSet_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSet" ADD CONSTRAINT "RuleSet_revokerId_fkey" FOREIGN KEY ("revokerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSet" ADD CONSTRAINT "RuleSet_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractRecord" ADD CONSTRAINT "ContractRecord_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractRecord" ADD CONSTRAINT "ContractRecord_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractRecord" ADD CONSTRAINT "ContractRecord_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;
