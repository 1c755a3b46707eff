-- The storage quota without one row every upload of an organisation waits for: the stored
-- bytes are spread over slot rows, and each slot holds an allowance, a share of the room left
-- under the quota granted while every slot of the organisation was locked. A submission adds
-- its bytes to one random slot while they fit in that slot's allowance (one row lock among
-- several); when they do not, it locks all the organisation's slots, checks the sum against
-- the quota and shares out the room left again. The allowances never add up to more than the
-- quota they were granted under (quota_bytes; a changed quota makes the next submission
-- share out again), so concurrent uploads can never pass the quota together.
-- Existing rows become slot 0 with no allowance: their next submission shares out.

-- AlterTable
ALTER TABLE "organization_storage" ADD COLUMN "slot" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "organization_storage" ADD COLUMN "allowance_bytes" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "organization_storage" ADD COLUMN "quota_bytes" BIGINT NOT NULL DEFAULT -1;
ALTER TABLE "organization_storage" DROP CONSTRAINT "organization_storage_pkey";
ALTER TABLE "organization_storage" ADD CONSTRAINT "organization_storage_pkey" PRIMARY KEY ("organization_id", "slot");
