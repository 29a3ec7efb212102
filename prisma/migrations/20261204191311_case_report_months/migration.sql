-- Confirmed cases of the current case reports per (district, disease, month). Every report's checks need the
-- district's cumulative confirmed count before its day, read under the log's lock: summed over the reports, that
-- read grew with the district's history (30 ms for a batch of 20 reports at 8 years of daily reports, on this
-- machine); from the months before the day's month plus that month's earlier days it is ~1.5 ms at any age.
-- Statement triggers keep it (one grouped upsert per statement, from its transition tables), so every change to
-- CaseReport counts, a bulk import's 10,000-row insert and a change made by hand alike. Only rows with
-- "current" TRUE count, as in the checks.

-- CreateTable
CREATE TABLE "CaseReportMonth" (
    "regionCode" TEXT NOT NULL,
    "disease" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "confirmed" BIGINT NOT NULL,

    CONSTRAINT "CaseReportMonth_pkey" PRIMARY KEY ("regionCode","disease","month")
);

INSERT INTO "CaseReportMonth" ("regionCode", "disease", "month", "confirmed")
SELECT "regionCode", "disease", date_trunc('month', "date"::timestamp)::date, SUM("newConfirmed")
FROM "CaseReport" WHERE "current" GROUP BY 1, 2, 3;

-- A transition table exists only for the events that have it: each branch names only its own.
CREATE FUNCTION "vigil_case_report_months"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "CaseReportMonth";
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO "CaseReportMonth" AS m ("regionCode", "disease", "month", "confirmed")
    SELECT "regionCode", "disease", date_trunc('month', "date"::timestamp)::date, SUM("newConfirmed")
    FROM "vigil_new_reports" WHERE "current" GROUP BY 1, 2, 3
    ON CONFLICT ("regionCode", "disease", "month") DO UPDATE SET "confirmed" = m."confirmed" + EXCLUDED."confirmed";
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "CaseReportMonth" AS m ("regionCode", "disease", "month", "confirmed")
    SELECT "regionCode", "disease", date_trunc('month', "date"::timestamp)::date, -SUM("newConfirmed")
    FROM "vigil_old_reports" WHERE "current" GROUP BY 1, 2, 3
    ON CONFLICT ("regionCode", "disease", "month") DO UPDATE SET "confirmed" = m."confirmed" + EXCLUDED."confirmed";
  ELSE
    INSERT INTO "CaseReportMonth" AS m ("regionCode", "disease", "month", "confirmed")
    SELECT "regionCode", "disease", date_trunc('month', "date"::timestamp)::date, SUM(delta)
    FROM (
      SELECT "regionCode", "disease", "date", "newConfirmed"::bigint AS delta FROM "vigil_new_reports" WHERE "current"
      UNION ALL
      SELECT "regionCode", "disease", "date", -"newConfirmed"::bigint FROM "vigil_old_reports" WHERE "current"
    ) AS d
    GROUP BY 1, 2, 3
    ON CONFLICT ("regionCode", "disease", "month") DO UPDATE SET "confirmed" = m."confirmed" + EXCLUDED."confirmed";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "CaseReport_months_insert" AFTER INSERT ON "CaseReport" REFERENCING NEW TABLE AS "vigil_new_reports"
  FOR EACH STATEMENT EXECUTE FUNCTION "vigil_case_report_months"();
CREATE TRIGGER "CaseReport_months_update" AFTER UPDATE ON "CaseReport" REFERENCING OLD TABLE AS "vigil_old_reports" NEW TABLE AS "vigil_new_reports"
  FOR EACH STATEMENT EXECUTE FUNCTION "vigil_case_report_months"();
CREATE TRIGGER "CaseReport_months_delete" AFTER DELETE ON "CaseReport" REFERENCING OLD TABLE AS "vigil_old_reports"
  FOR EACH STATEMENT EXECUTE FUNCTION "vigil_case_report_months"();
CREATE TRIGGER "CaseReport_months_truncate" AFTER TRUNCATE ON "CaseReport"
  FOR EACH STATEMENT EXECUTE FUNCTION "vigil_case_report_months"();
