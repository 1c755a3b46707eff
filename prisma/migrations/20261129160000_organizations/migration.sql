-- Organisations: what jobs, documents, webhook endpoints, API tokens, callback secrets,
-- storage and usage belong to; users are members with a role. Every user gets a personal
-- organisation (its owner, never shared); existing data moves into its owner's personal
-- organisation, so every number stays exact.

-- CreateEnum
CREATE TYPE "organization_role" AS ENUM ('owner', 'admin', 'member');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "personal_user_id" UUID,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organizations_personal_user_id_key" ON "organizations"("personal_user_id");
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_personal_user_id_fkey" FOREIGN KEY ("personal_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "memberships" (
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "organization_role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("organization_id","user_id")
);
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "invitations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "role" "organization_role" NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "accepted_by" UUID,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "invitations_code_hash_key" ON "invitations"("code_hash");
CREATE INDEX "invitations_organization_id_created_at_idx" ON "invitations"("organization_id", "created_at" DESC);
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_accepted_by_fkey" FOREIGN KEY ("accepted_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Every existing user's personal organisation, named after the account.
INSERT INTO "organizations" ("name", "personal_user_id", "created_by", "created_at")
SELECT "email", "id", "id", "created_at" FROM "users";
INSERT INTO "memberships" ("organization_id", "user_id", "role", "created_at")
SELECT "id", "personal_user_id", 'owner', "created_at" FROM "organizations";

-- Jobs belong to an organisation (user_id stays: who submitted it).
ALTER TABLE "jobs" ADD COLUMN "organization_id" UUID;
UPDATE "jobs" AS j SET "organization_id" = o."id" FROM "organizations" AS o WHERE o."personal_user_id" = j."user_id";
ALTER TABLE "jobs" ALTER COLUMN "organization_id" SET NOT NULL;
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- The job list is the selected organisation's: the per-user type index serves it no more
-- (jobs_user_created_idx and jobs_user_status_created_idx stay for the user's own recent
-- activity and recent failures).
DROP INDEX "jobs_user_type_created_idx";
CREATE INDEX "jobs_org_created_idx" ON "jobs"("organization_id", "created_at" DESC, "id" DESC);
CREATE INDEX "jobs_org_status_created_idx" ON "jobs"("organization_id", "status", "created_at" DESC, "id" DESC);
CREATE INDEX "jobs_org_type_created_idx" ON "jobs"("organization_id", "job_type", "created_at" DESC, "id" DESC);

-- Webhook endpoints and API tokens belong to an organisation (user_id: who created them).
ALTER TABLE "webhook_endpoints" ADD COLUMN "organization_id" UUID;
UPDATE "webhook_endpoints" AS e SET "organization_id" = o."id" FROM "organizations" AS o WHERE o."personal_user_id" = e."user_id";
ALTER TABLE "webhook_endpoints" ALTER COLUMN "organization_id" SET NOT NULL;
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
DROP INDEX "webhook_endpoints_user_id_created_at_idx";
CREATE INDEX "webhook_endpoints_organization_id_created_at_idx" ON "webhook_endpoints"("organization_id", "created_at" DESC);
CREATE INDEX "webhook_endpoints_user_id_idx" ON "webhook_endpoints"("user_id");

ALTER TABLE "api_tokens" ADD COLUMN "organization_id" UUID;
UPDATE "api_tokens" AS t SET "organization_id" = o."id" FROM "organizations" AS o WHERE o."personal_user_id" = t."user_id";
ALTER TABLE "api_tokens" ALTER COLUMN "organization_id" SET NOT NULL;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
DROP INDEX "api_tokens_user_id_created_at_idx";
CREATE INDEX "api_tokens_organization_id_created_at_idx" ON "api_tokens"("organization_id", "created_at" DESC);
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- One callback secret per organisation.
ALTER TABLE "callback_secrets" ADD COLUMN "organization_id" UUID;
UPDATE "callback_secrets" AS s SET "organization_id" = o."id" FROM "organizations" AS o WHERE o."personal_user_id" = s."user_id";
ALTER TABLE "callback_secrets" DROP CONSTRAINT "callback_secrets_pkey";
ALTER TABLE "callback_secrets" DROP CONSTRAINT "callback_secrets_user_id_fkey";
ALTER TABLE "callback_secrets" DROP COLUMN "user_id";
ALTER TABLE "callback_secrets" ALTER COLUMN "organization_id" SET NOT NULL;
ALTER TABLE "callback_secrets" ADD CONSTRAINT "callback_secrets_pkey" PRIMARY KEY ("organization_id");
ALTER TABLE "callback_secrets" ADD CONSTRAINT "callback_secrets_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Storage is held, and the quota applied, per organisation.
CREATE TABLE "organization_storage" (
    "organization_id" UUID NOT NULL,
    "used_bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "organization_storage_pkey" PRIMARY KEY ("organization_id")
);
INSERT INTO "organization_storage" ("organization_id", "used_bytes")
SELECT o."id", s."used_bytes" FROM "user_storage" AS s JOIN "organizations" AS o ON o."personal_user_id" = s."user_id";
DROP TABLE "user_storage";

-- Usage is metered per organisation (the billing unit), with a new meter: authenticated API
-- calls. Per-token API calls are kept beside it.
ALTER TABLE "usage_hourly" ADD COLUMN "organization_id" UUID;
ALTER TABLE "usage_hourly" ADD COLUMN "api_calls" BIGINT NOT NULL DEFAULT 0;
UPDATE "usage_hourly" AS u SET "organization_id" = o."id" FROM "organizations" AS o WHERE o."personal_user_id" = u."user_id";
ALTER TABLE "usage_hourly" DROP CONSTRAINT "usage_hourly_pkey";
ALTER TABLE "usage_hourly" DROP COLUMN "user_id";
ALTER TABLE "usage_hourly" ALTER COLUMN "organization_id" SET NOT NULL;
ALTER TABLE "usage_hourly" ADD CONSTRAINT "usage_hourly_pkey" PRIMARY KEY ("organization_id", "hour_start", "slot");

CREATE TABLE "api_token_usage_hourly" (
    "token_id" UUID NOT NULL,
    "hour_start" TIMESTAMPTZ(3) NOT NULL,
    "api_calls" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "api_token_usage_hourly_pkey" PRIMARY KEY ("token_id","hour_start")
);
ALTER TABLE "api_token_usage_hourly" ADD CONSTRAINT "api_token_usage_hourly_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Statistics per organisation, kept like the per-user ones (slots, same transaction), and
-- backfilled from them: before this migration every job was in its owner's personal one.
CREATE TABLE "organization_counters" (
    "organization_id" UUID NOT NULL,
    "slot" SMALLINT NOT NULL,
    "jobs_queued" BIGINT NOT NULL DEFAULT 0,
    "jobs_processing" BIGINT NOT NULL DEFAULT 0,
    "jobs_completed" BIGINT NOT NULL DEFAULT 0,
    "jobs_failed" BIGINT NOT NULL DEFAULT 0,
    "jobs_cancelled" BIGINT NOT NULL DEFAULT 0,
    "documents_queued" BIGINT NOT NULL DEFAULT 0,
    "documents_processing" BIGINT NOT NULL DEFAULT 0,
    "documents_succeeded" BIGINT NOT NULL DEFAULT 0,
    "documents_failed" BIGINT NOT NULL DEFAULT 0,
    "documents_cancelled" BIGINT NOT NULL DEFAULT 0,
    "changes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "organization_counters_pkey" PRIMARY KEY ("organization_id","slot")
);
INSERT INTO "organization_counters"
SELECT o."id", c."slot", c."jobs_queued", c."jobs_processing", c."jobs_completed", c."jobs_failed", c."jobs_cancelled",
       c."documents_queued", c."documents_processing", c."documents_succeeded", c."documents_failed", c."documents_cancelled", c."changes"
FROM "user_counters" AS c JOIN "organizations" AS o ON o."personal_user_id" = c."user_id";

CREATE TABLE "organization_hourly_rollups" (
    "organization_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "job_type" "job_type" NOT NULL,
    "slot" SMALLINT NOT NULL,
    "queued" BIGINT NOT NULL DEFAULT 0,
    "processing" BIGINT NOT NULL DEFAULT 0,
    "completed" BIGINT NOT NULL DEFAULT 0,
    "failed" BIGINT NOT NULL DEFAULT 0,
    "cancelled" BIGINT NOT NULL DEFAULT 0,
    "duration_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "documents_succeeded" BIGINT NOT NULL DEFAULT 0,
    "documents_failed" BIGINT NOT NULL DEFAULT 0,
    "pages_processed" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "organization_hourly_rollups_pkey" PRIMARY KEY ("organization_id","bucket_start","job_type","slot")
);
INSERT INTO "organization_hourly_rollups"
SELECT o."id", r."bucket_start", r."job_type", r."slot", r."queued", r."processing", r."completed", r."failed", r."cancelled",
       r."duration_ms_sum", r."documents_succeeded", r."documents_failed", r."pages_processed"
FROM "job_hourly_rollups" AS r JOIN "organizations" AS o ON o."personal_user_id" = r."user_id";
