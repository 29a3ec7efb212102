-- AlterTable
ALTER TABLE "LogEntry" ADD COLUMN     "signedCount" INTEGER;
