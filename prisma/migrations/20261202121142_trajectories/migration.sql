-- CreateTable
CREATE TABLE "Visit" (
    "id" BIGSERIAL NOT NULL,
    "person" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "cell" TEXT,
    "startAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "batchId" INTEGER NOT NULL,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitBatch" (
    "id" SERIAL NOT NULL,
    "departmentId" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "firstStart" TIMESTAMP(3) NOT NULL,
    "lastEnd" TIMESTAMP(3) NOT NULL,
    "entryIndex" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TraceCase" (
    "pseudonym" TEXT NOT NULL,
    "onsetAt" TIMESTAMP(3) NOT NULL,
    "isolatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TraceCase_pkey" PRIMARY KEY ("pseudonym")
);

-- CreateTable
CREATE TABLE "TransmissionLink" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contactDate" TIMESTAMP(3) NOT NULL,
    "exposureType" TEXT NOT NULL,
    "certainty" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "followUp" TEXT NOT NULL,
    "retracted" BOOLEAN NOT NULL DEFAULT false,
    "current" BOOLEAN,
    "reason" TEXT,
    "authorId" INTEGER NOT NULL,
    "entryIndex" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransmissionLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitDeletion" (
    "id" SERIAL NOT NULL,
    "cutoff" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "entryIndex" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitDeletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Visit_place_startAt_idx" ON "Visit"("place", "startAt");

-- CreateIndex
CREATE INDEX "Visit_person_startAt_idx" ON "Visit"("person", "startAt");

-- CreateIndex
CREATE INDEX "Visit_startAt_idx" ON "Visit"("startAt");

-- CreateIndex
CREATE UNIQUE INDEX "VisitBatch_entryIndex_key" ON "VisitBatch"("entryIndex");

-- CreateIndex
CREATE UNIQUE INDEX "TransmissionLink_entryIndex_key" ON "TransmissionLink"("entryIndex");

-- CreateIndex
CREATE INDEX "TransmissionLink_target_idx" ON "TransmissionLink"("target");

-- CreateIndex
CREATE UNIQUE INDEX "TransmissionLink_source_target_version_key" ON "TransmissionLink"("source", "target", "version");

-- CreateIndex
CREATE UNIQUE INDEX "TransmissionLink_source_target_current_key" ON "TransmissionLink"("source", "target", "current");

-- CreateIndex
CREATE UNIQUE INDEX "VisitDeletion_entryIndex_key" ON "VisitDeletion"("entryIndex");
