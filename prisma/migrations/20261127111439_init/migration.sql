-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'CITY', 'DISTRICT');

-- CreateEnum
CREATE TYPE "DepartmentKind" AS ENUM ('HEALTH_COMMISSION', 'CDC', 'HOSPITAL', 'TRANSPORT', 'PUBLIC_SECURITY', 'CHARITY', 'MEDIA');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('DECISION_MAKER', 'DEPARTMENT_OFFICER', 'POLICY_OFFICER', 'AUDITOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "PolicyPhase" AS ENUM ('PREVENTION', 'EMERGENCY', 'RECOVERY');

-- CreateEnum
CREATE TYPE "PolicyStatus" AS ENUM ('PUBLISHED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('IV', 'III', 'II', 'I');

-- CreateTable
CREATE TABLE "Region" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "parentCode" TEXT,
    "population" INTEGER NOT NULL,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Department" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DepartmentKind" NOT NULL,
    "regionCode" TEXT NOT NULL,
    "publicKeyJwk" TEXT NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "departmentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LogEntry" (
    "index" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" BYTEA NOT NULL,
    "leafHash" BYTEA NOT NULL,
    "departmentId" INTEGER,
    "signature" BYTEA,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LogEntry_pkey" PRIMARY KEY ("index")
);

-- CreateTable
CREATE TABLE "LogNode" (
    "level" INTEGER NOT NULL,
    "index" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "LogNode_pkey" PRIMARY KEY ("level","index")
);

-- CreateTable
CREATE TABLE "Checkpoint" (
    "size" BIGINT NOT NULL,
    "rootHash" BYTEA NOT NULL,
    "note" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Checkpoint_pkey" PRIMARY KEY ("size")
);

-- CreateTable
CREATE TABLE "CaseReport" (
    "id" SERIAL NOT NULL,
    "regionCode" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "newConfirmed" INTEGER NOT NULL,
    "suspected" INTEGER NOT NULL,
    "deaths" INTEGER NOT NULL,
    "tests" INTEGER NOT NULL,
    "departmentId" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "CaseReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "phase" "PolicyPhase" NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "PolicyStatus" NOT NULL,
    "rule" TEXT NOT NULL,
    "regionCode" TEXT,
    "authorId" INTEGER NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "regionCode" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "method" TEXT NOT NULL,
    "statistic" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "observed" INTEGER NOT NULL,
    "level" "RiskLevel" NOT NULL,
    "policyId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "ownerDepartmentId" INTEGER NOT NULL,
    "due" DATE,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "alertId" INTEGER,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "entryIndex" BIGINT NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Department_code_key" ON "Department"("code");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "LogEntry_kind_index_idx" ON "LogEntry"("kind", "index");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReport_entryIndex_key" ON "CaseReport"("entryIndex");

-- CreateIndex
CREATE INDEX "CaseReport_regionCode_date_idx" ON "CaseReport"("regionCode", "date");

-- CreateIndex
CREATE INDEX "CaseReport_date_idx" ON "CaseReport"("date");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReport_regionCode_date_departmentId_key" ON "CaseReport"("regionCode", "date", "departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_entryIndex_key" ON "Policy"("entryIndex");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_key_version_key" ON "Policy"("key", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_entryIndex_key" ON "Alert"("entryIndex");

-- CreateIndex
CREATE INDEX "Alert_date_idx" ON "Alert"("date");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_regionCode_date_method_key" ON "Alert"("regionCode", "date", "method");

-- CreateIndex
CREATE UNIQUE INDEX "Task_entryIndex_key" ON "Task"("entryIndex");

-- AddForeignKey
ALTER TABLE "Region" ADD CONSTRAINT "Region_parentCode_fkey" FOREIGN KEY ("parentCode") REFERENCES "Region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogEntry" ADD CONSTRAINT "LogEntry_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseReport" ADD CONSTRAINT "CaseReport_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseReport" ADD CONSTRAINT "CaseReport_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_ownerDepartmentId_fkey" FOREIGN KEY ("ownerDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
