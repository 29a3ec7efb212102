-- CreateEnum
CREATE TYPE "WorkOrderStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'DONE', 'CANCELLED');

-- CreateTable
CREATE TABLE "WorkOrder" (
    "id" SERIAL NOT NULL,
    "alertId" INTEGER NOT NULL,
    "playbook" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "ownerDepartmentId" INTEGER NOT NULL,
    "slaSeconds" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "WorkOrderStatus" NOT NULL DEFAULT 'OPEN',
    "acknowledgedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "depth" INTEGER NOT NULL DEFAULT 0,
    "escalatedFromId" INTEGER,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "WorkOrder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkOrder_escalatedFromId_key" ON "WorkOrder"("escalatedFromId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkOrder_entryIndex_key" ON "WorkOrder"("entryIndex");

-- CreateIndex
CREATE INDEX "WorkOrder_status_dueAt_idx" ON "WorkOrder"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "WorkOrder_alertId_step_depth_key" ON "WorkOrder"("alertId", "step", "depth");

-- AddForeignKey
ALTER TABLE "WorkOrder" ADD CONSTRAINT "WorkOrder_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkOrder" ADD CONSTRAINT "WorkOrder_ownerDepartmentId_fkey" FOREIGN KEY ("ownerDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkOrder" ADD CONSTRAINT "WorkOrder_escalatedFromId_fkey" FOREIGN KEY ("escalatedFromId") REFERENCES "WorkOrder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkOrder" ADD CONSTRAINT "WorkOrder_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;
