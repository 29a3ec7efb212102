-- DropIndex
DROP INDEX "CaseReport_regionCode_date_departmentId_key";

-- DropIndex
DROP INDEX "CaseReport_regionCode_date_idx";

-- AlterTable
ALTER TABLE "CaseReport" ADD COLUMN     "amendsId" INTEGER,
ADD COLUMN     "current" BOOLEAN DEFAULT true,
ADD COLUMN     "reason" TEXT;

-- Data: before this migration any department in scope could add a second report for a district and day.
-- Keep the first accepted one (lowest log index) as the current value; later ones stay as history, not counted.
-- The audit derives the same: the first report of a key heads its chain, other first reports are not current.
UPDATE "CaseReport" c SET "current" = NULL
WHERE EXISTS (
  SELECT 1 FROM "CaseReport" o
  WHERE o."regionCode" = c."regionCode" AND o."date" = c."date" AND o."entryIndex" < c."entryIndex"
);

-- CreateIndex
CREATE UNIQUE INDEX "CaseReport_amendsId_key" ON "CaseReport"("amendsId");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReport_regionCode_date_current_key" ON "CaseReport"("regionCode", "date", "current");

-- AddForeignKey
ALTER TABLE "CaseReport" ADD CONSTRAINT "CaseReport_amendsId_fkey" FOREIGN KEY ("amendsId") REFERENCES "CaseReport"("id") ON DELETE SET NULL ON UPDATE CASCADE;
