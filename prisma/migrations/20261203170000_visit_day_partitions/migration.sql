-- Visits are partitioned by the UTC day they start (issue 15, bulk import). Uploads arrive day by day (ticket
-- scans, check-ins), so each day's two B-trees stay small and hot instead of growing with the whole table; the
-- contact queries bound "startAt", so they read only the days in their window; retention drops whole days.
-- Prisma does not model partitions: the parent is the `Visit` model, and the services create each day's
-- partition ("Visit_YYYYMMDD") before rows for that day are inserted (TrajectoryService.ensureDays).
-- "person" and "place" are byte-order identifiers (pseudonyms, `h3:`/`venue:` keys), so they use the "C"
-- collation: no locale-aware comparisons in the index, and the same equality.
-- The "startAt" index is gone: every query on it also names a person or a place, and retention prunes by day.

ALTER SEQUENCE "Visit_id_seq" OWNED BY NONE;
ALTER TABLE "Visit" RENAME TO "Visit_unpartitioned";
ALTER TABLE "Visit_unpartitioned" RENAME CONSTRAINT "Visit_pkey" TO "Visit_unpartitioned_pkey";
DROP INDEX "Visit_place_startAt_idx";
DROP INDEX "Visit_person_startAt_idx";
DROP INDEX "Visit_startAt_idx";

CREATE TABLE "Visit" (
    "id" BIGINT NOT NULL DEFAULT nextval('"Visit_id_seq"'),
    "person" TEXT COLLATE "C" NOT NULL,
    "place" TEXT COLLATE "C" NOT NULL,
    "cell" TEXT,
    "startAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "batchId" INTEGER NOT NULL,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id", "startAt")
) PARTITION BY RANGE ("startAt");
ALTER SEQUENCE "Visit_id_seq" OWNED BY "Visit"."id";

CREATE INDEX "Visit_place_startAt_idx" ON "Visit"("place", "startAt");
CREATE INDEX "Visit_person_startAt_idx" ON "Visit"("person", "startAt");

DO $$
DECLARE d date;
BEGIN
  FOR d IN SELECT DISTINCT ("startAt")::date FROM "Visit_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "Visit" FOR VALUES FROM (%L) TO (%L)',
      'Visit_' || to_char(d, 'YYYYMMDD'), d::timestamp, (d + 1)::timestamp);
  END LOOP;
END $$;

INSERT INTO "Visit" SELECT * FROM "Visit_unpartitioned";
DROP TABLE "Visit_unpartitioned";
