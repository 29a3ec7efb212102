-- DropIndex
DROP INDEX "CaseReport_regionCode_date_current_key";

-- AlterTable
ALTER TABLE "CaseReport" ADD COLUMN     "disease" TEXT NOT NULL DEFAULT 'COVID-19',
ADD COLUMN     "imported" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "CaseReport_disease_date_idx" ON "CaseReport"("disease", "date");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReport_regionCode_date_disease_current_key" ON "CaseReport"("regionCode", "date", "disease", "current");
