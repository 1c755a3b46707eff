-- An Idempotency-Key belongs to the organisation a submission acts in as well as to its user:
-- the same key sent by the same user in another organisation is a new submission there, never
-- a replay of the first organisation's job (which the caller may not even be allowed to see).
-- Existing keys take the organisation of the job they name.

-- AlterTable
ALTER TABLE "idempotency_keys" ADD COLUMN "organization_id" UUID;
UPDATE "idempotency_keys" AS k SET "organization_id" = j."organization_id" FROM "jobs" AS j WHERE j."id" = k."job_id";
DELETE FROM "idempotency_keys" WHERE "organization_id" IS NULL;
ALTER TABLE "idempotency_keys" ALTER COLUMN "organization_id" SET NOT NULL;
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_pkey";
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("organization_id", "user_id", "key");
