-- CreateTable
CREATE TABLE "ResourceRequest" (
    "id" SERIAL NOT NULL,
    "item" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "neededBy" DATE NOT NULL,
    "requesterDepartmentId" INTEGER NOT NULL,
    "regionCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "ResourceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceAllocation" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "fromDepartmentId" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "ResourceAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ResourceRequest_entryIndex_key" ON "ResourceRequest"("entryIndex");

-- CreateIndex
CREATE UNIQUE INDEX "ResourceAllocation_entryIndex_key" ON "ResourceAllocation"("entryIndex");

-- CreateIndex
CREATE INDEX "ResourceAllocation_requestId_idx" ON "ResourceAllocation"("requestId");

-- AddForeignKey
ALTER TABLE "ResourceRequest" ADD CONSTRAINT "ResourceRequest_requesterDepartmentId_fkey" FOREIGN KEY ("requesterDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceRequest" ADD CONSTRAINT "ResourceRequest_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceAllocation" ADD CONSTRAINT "ResourceAllocation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ResourceRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceAllocation" ADD CONSTRAINT "ResourceAllocation_fromDepartmentId_fkey" FOREIGN KEY ("fromDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceAllocation" ADD CONSTRAINT "ResourceAllocation_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;
