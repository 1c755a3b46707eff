-- Callback attempts were numbered by counting, then inserting: two deliveries of one event at
-- once could both write the same number. Renumber any such pair in the order they were
-- written, then let a unique key make the next attempt number a single INSERT.
UPDATE "callback_deliveries" AS d
SET "attempt" = r.n
FROM (
    SELECT "id", row_number() OVER (PARTITION BY "job_id", "message_id" ORDER BY "created_at", "id") AS n
    FROM "callback_deliveries"
) AS r
WHERE d."id" = r."id" AND d."attempt" <> r.n;

CREATE UNIQUE INDEX "callback_deliveries_job_id_message_id_attempt_key" ON "callback_deliveries"("job_id", "message_id", "attempt");
