-- AlterTable
ALTER TABLE "Checkpoint" ADD COLUMN     "finalAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CheckpointCosignature" (
    "checkpointSize" BIGINT NOT NULL,
    "witness" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckpointCosignature_pkey" PRIMARY KEY ("checkpointSize","witness")
);

-- CreateTable
CREATE TABLE "DelegateState" (
    "witness" TEXT NOT NULL,
    "vkey" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "lastSize" BIGINT,
    "lastCosignedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DelegateState_pkey" PRIMARY KEY ("witness")
);

-- AddForeignKey
ALTER TABLE "CheckpointCosignature" ADD CONSTRAINT "CheckpointCosignature_checkpointSize_fkey" FOREIGN KEY ("checkpointSize") REFERENCES "Checkpoint"("size") ON DELETE RESTRICT ON UPDATE CASCADE;
