-- AddForeignKey
ALTER TABLE "CaseReport" ADD CONSTRAINT "CaseReport_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_entryIndex_fkey" FOREIGN KEY ("entryIndex") REFERENCES "LogEntry"("index") ON DELETE RESTRICT ON UPDATE CASCADE;
