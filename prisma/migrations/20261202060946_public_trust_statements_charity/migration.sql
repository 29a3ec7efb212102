-- CreateEnum
CREATE TYPE "FactCheckVerdict" AS ENUM ('CONFIRMED', 'MISLEADING', 'FALSE', 'UNVERIFIED');

-- CreateEnum
CREATE TYPE "CharityStepKind" AS ENUM ('NEED', 'DONATION', 'ALLOCATION', 'SHIPMENT', 'DELIVERY');

-- CreateTable
CREATE TABLE "PublicStatement" (
    "id" SERIAL NOT NULL,
    "sha256" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "sourceUrl" TEXT,
    "text" TEXT,
    "publisherId" INTEGER NOT NULL,
    "corrects" BIGINT,
    "retractedAt" TIMESTAMP(3),
    "retractionReason" TEXT,
    "retractionEntryIndex" BIGINT,
    "verdict" "FactCheckVerdict",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "PublicStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FactCheck" (
    "id" SERIAL NOT NULL,
    "statementId" INTEGER NOT NULL,
    "verdict" "FactCheckVerdict" NOT NULL,
    "reasoning" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "checkerId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "FactCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CharityStep" (
    "id" SERIAL NOT NULL,
    "kind" "CharityStepKind" NOT NULL,
    "code" TEXT NOT NULL,
    "charityId" INTEGER,
    "actorId" INTEGER NOT NULL,
    "recipientId" INTEGER,
    "previousId" INTEGER,
    "donationId" INTEGER,
    "item" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "quantity" BIGINT NOT NULL,
    "standard" TEXT,
    "batch" TEXT,
    "donorName" TEXT,
    "donorCommitment" TEXT,
    "day" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "CharityStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PublicStatement_entryIndex_key" ON "PublicStatement"("entryIndex");

-- CreateIndex
CREATE INDEX "PublicStatement_sha256_idx" ON "PublicStatement"("sha256");

-- CreateIndex
CREATE INDEX "PublicStatement_category_id_idx" ON "PublicStatement"("category", "id");

-- CreateIndex
CREATE UNIQUE INDEX "FactCheck_entryIndex_key" ON "FactCheck"("entryIndex");

-- CreateIndex
CREATE INDEX "FactCheck_statementId_idx" ON "FactCheck"("statementId");

-- CreateIndex
CREATE UNIQUE INDEX "CharityStep_code_key" ON "CharityStep"("code");

-- CreateIndex
CREATE UNIQUE INDEX "CharityStep_entryIndex_key" ON "CharityStep"("entryIndex");

-- CreateIndex
CREATE INDEX "CharityStep_donationId_idx" ON "CharityStep"("donationId");

-- CreateIndex
CREATE INDEX "CharityStep_kind_charityId_idx" ON "CharityStep"("kind", "charityId");

-- AddForeignKey
ALTER TABLE "PublicStatement" ADD CONSTRAINT "PublicStatement_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicStatement" ADD CONSTRAINT "PublicStatement_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FactCheck" ADD CONSTRAINT "FactCheck_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "PublicStatement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FactCheck" ADD CONSTRAINT "FactCheck_checkerId_fkey" FOREIGN KEY ("checkerId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FactCheck" ADD CONSTRAINT "FactCheck_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharityStep" ADD CONSTRAINT "CharityStep_charityId_fkey" FOREIGN KEY ("charityId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharityStep" ADD CONSTRAINT "CharityStep_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharityStep" ADD CONSTRAINT "CharityStep_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharityStep" ADD CONSTRAINT "CharityStep_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "CharityStep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharityStep" ADD CONSTRAINT "CharityStep_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;
